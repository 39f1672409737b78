"""Benchmark workload: realistic policy pages, and a loopback server for them.

Two page shapes (:data:`SHAPES`):

``policy`` (:func:`render_page`)
    one page of 50 to 150 KB: a ``<head>`` with CSS, an inline config ``<script>``, a
    JavaScript bundle and JSON-LD; a navigation bar of links with inline SVG icons; a
    cookie banner; the terms text in ``<main>`` (headings, paragraphs, lists, links,
    emphasis, and a "share" box that declarations remove); an aside, a footer with an
    SVG logo, and an analytics ``<script>``.  About half of the bytes are the terms.
``long`` (:func:`render_long_page`)
    long terms: about 10,800 words of ``<main>`` make up most of a ~91 KB page, with a
    navigation bar of 80 links with tracking parameters, inline SVG, and a JSON
    ``<script>`` (the framework's page data) carrying the nonce.

Pages are deterministic: page ``i`` at revision ``r`` is always the same bytes, and a
new revision changes exactly one sentence of the terms text.

:func:`write_pages` writes them as plain files; :class:`Server` serves a folder of
them from a separate process, so the server's CPU is not counted in the measured
process (it still shares this machine's cores; :meth:`Server.cpu_seconds` says how
much it used).  The pages are spread over ``hosts`` loopback addresses (127.0.0.2,
127.0.0.3, …), page ``i`` on host ``i % hosts``, as a real catalog spreads over many
sites, so per-site politeness (AutoThrottle, requests per domain) applies as it would.
Two modes:

``static``
    the file as it is, with ``ETag`` and ``Last-Modified``; ``If-None-Match`` /
    ``If-Modified-Since`` get a ``304 Not Modified``.
``dynamic``
    like real platforms: every response carries a fresh nonce in ``<script>``
    elements outside ``<main>``, and no validators.  The raw bytes differ on every
    fetch, so a tracker must extract and compare every page.

Run ``python bench/workload.py serve --root DIR --mode dynamic`` to serve a folder
by hand (``python bench/workload.py write --root DIR -n 20`` makes one).
"""

from __future__ import annotations

import argparse
import email.utils
import json
import os
import random
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from tracker.loopback import LoopbackServer, Reply

NONCE = b"__CW_NONCE__"
STATIC_NONCE = b"0" * 32
MIN_SIZE = 50_000
MAX_SIZE = 150_000

# --- text ---------------------------------------------------------------------

_SUBJECTS = [
    "You",
    "We",
    "The Company",
    "Each party",
    "The Service",
    "Your account",
    "Any licence granted under these Terms",
    "Our affiliates",
    "Third-party providers",
    "The subscription fee",
    "Content that you upload",
    "This agreement",
]
_VERBS = [
    "may terminate",
    "must not reproduce",
    "shall indemnify",
    "will retain",
    "agrees to comply with",
    "may suspend",
    "is responsible for",
    "shall not be liable for",
    "may disclose",
    "must promptly notify us of",
    "grants us a licence to use",
    "may modify",
]
_OBJECTS = [
    "any content posted on the Service",
    "personal data collected through the Service",
    "all applicable laws and regulations",
    "the security of your password",
    "any loss of profits, revenue or data",
    "these Terms at any time without notice",
    "the fees described in the order form",
    "any unauthorised use of your account",
    "information requested by a competent authority",
    "the features and functionality of the Service",
    "any claim arising out of your use of the Service",
    "the intellectual property rights in the Service",
]
_TAILS = [
    "",
    ", to the extent permitted by law",
    ", subject to Section {s}",
    " for a period of {n} days",
    ", except as described in our Privacy Policy",
    " in accordance with the laws of {place}",
    ", whether in contract, tort or otherwise",
    " as soon as reasonably practicable",
    " without prior written consent",
    ", including after the termination of your account",
]
_PLACES = ["Ireland", "the State of California", "England and Wales", "Delaware", "Singapore"]
_HEADINGS = [
    "Acceptance of these Terms",
    "Changes to these Terms",
    "Your Account",
    "Privacy",
    "Content and Licences",
    "Acceptable Use",
    "Fees and Payment",
    "Subscriptions and Renewals",
    "Intellectual Property",
    "Third-Party Services",
    "Disclaimers",
    "Limitation of Liability",
    "Indemnification",
    "Termination",
    "Governing Law",
    "Dispute Resolution and Arbitration",
    "Class Action Waiver",
    "Export Controls",
    "Notices",
    "Miscellaneous",
]


def _sentence_pool(size: int = 4000) -> list[str]:
    rng = random.Random(8)
    pool = []
    for _ in range(size):
        tail = rng.choice(_TAILS).format(
            s=rng.randint(1, 20), n=rng.choice([7, 14, 30, 60, 90]), place=rng.choice(_PLACES)
        )
        pool.append(f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}{tail}.")
    return pool


_POOL: list[str] = []


def _pool() -> list[str]:
    if not _POOL:
        _POOL.extend(_sentence_pool())
    return _POOL


# --- chrome -------------------------------------------------------------------


def _ident(rng: random.Random, n: int = 6) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))


def _svg(rng: random.Random, points: int) -> str:
    coords = " ".join(f"L{rng.randint(0, 240)} {rng.randint(0, 240)}" for _ in range(points))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240" width="24" '
        f'height="24" aria-hidden="true"><title>icon</title><path d="M0 0 {coords}Z" '
        f'fill="currentColor"/></svg>'
    )


def _css(rng: random.Random, rules: int) -> str:
    out = []
    for _ in range(rules):
        out.append(
            f".{_ident(rng)}-{_ident(rng, 4)}{{margin:{rng.randint(0, 32)}px;"
            f"padding:{rng.randint(0, 16)}px {rng.randint(0, 16)}px;"
            f"color:#{rng.randrange(16**6):06x};"
            f"font-size:{rng.randint(10, 24)}px;display:{rng.choice(['flex', 'block', 'grid'])}}}"
        )
    return "<style>" + "".join(out) + "</style>"


def _js(rng: random.Random, functions: int) -> str:
    out = []
    for _ in range(functions):
        a, b, c = _ident(rng, 2), _ident(rng, 2), _ident(rng, 3)
        out.append(
            f"function {_ident(rng, 8)}({a},{b}){{var {c}={a}.{_ident(rng)}({b},"
            f'"{_ident(rng, 12)}");if({c}&&{c}.length>{rng.randint(1, 99)})'
            f"{{return {c}.map(function(x){{return x*{rng.randint(2, 9)}}})}}"
            f"return window.{_ident(rng)}||null}}"
        )
    return "<script>" + ";".join(out) + "</script>"


def _links(rng: random.Random, count: int, with_icons: bool) -> str:
    items = []
    for _ in range(count):
        label = " ".join(_ident(rng, rng.randint(3, 9)).capitalize() for _ in range(2))
        icon = _svg(rng, rng.randint(8, 30)) if with_icons else ""
        items.append(
            f'<li class="nav-item"><a class="nav-link" href="/{_ident(rng)}/{_ident(rng)}'
            f'?utm_source=nav">{icon}<span>{label}</span></a></li>'
        )
    return "<ul>" + "".join(items) + "</ul>"


# --- pages --------------------------------------------------------------------


def service_name(i: int) -> str:
    return f"Bench Service {i:05d}"


def _terms(rng: random.Random, i: int, budget: int, revision: int) -> str:
    """The terms text: sections of paragraphs and lists until ``budget`` characters."""
    pool = _pool()
    blocks: list[list[str]] = []  # one list of sentences per paragraph / list item group
    kinds: list[str] = []
    size = 0
    while size < budget:
        kind = "ul" if rng.random() < 0.2 else "p"
        sentences = [pool[rng.randrange(len(pool))] for _ in range(rng.randint(2, 7))]
        blocks.append(sentences)
        kinds.append(kind)
        size += sum(len(s) + 1 for s in sentences) + 30
    if revision:
        # one sentence changes per revision; the choice depends only on (page, revision)
        pick = random.Random(i * 7919 + revision)
        block = pick.randrange(len(blocks))
        sentence = pick.randrange(len(blocks[block]))
        blocks[block][sentence] = (
            f"We may update the {pick.choice(_OBJECTS)[4:]} described here "
            f"(amendment {revision} to these Terms)."
        )
    parts = [
        f"<h1>{service_name(i)} Terms of Service</h1>",
        '<p class="meta">Effective date: <time datetime="2024-03-01">March 1, 2024</time></p>',
        '<div class="share">Share this page: <a href="https://social.example/share?u=1">'
        'Social</a> <a href="mailto:?subject=Terms">E-mail</a></div>',
    ]
    section = 0
    per_section = max(1, len(blocks) // len(_HEADINGS) + 1)
    for index, (kind, sentences) in enumerate(zip(kinds, blocks, strict=True)):
        if index % per_section == 0:
            heading = _HEADINGS[section % len(_HEADINGS)]
            section += 1
            parts.append(f'<h2 id="section-{section}">{section}. {heading}</h2>')
        if kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{s}</li>" for s in sentences) + "</ul>")
        else:
            text = " ".join(sentences)
            if index % 5 == 0:
                text += (
                    ' See our <a href="/privacy?utm_source=terms&amp;lang=en">Privacy Policy</a>.'
                )
            if index % 7 == 0:
                text = "<strong>Important:</strong> " + text
            parts.append(f"<p>{text}</p>")
    return "\n".join(parts)


def render_page(i: int, revision: int = 0) -> bytes:
    """Page ``i`` at ``revision`` as UTF-8 bytes, with the nonce placeholder in scripts.

    The size is between :data:`MIN_SIZE` and :data:`MAX_SIZE`; about half of it is
    the terms text in ``<main>``, the rest is markup no tracker should look at.
    """
    rng = random.Random(i)
    target = rng.randint(MIN_SIZE + 1_000, MAX_SIZE - 1_000)
    nonce = NONCE.decode()
    head = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{service_name(i)} - Terms of Service</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        + _css(rng, rng.randint(20, 50))
        + f'<script nonce="{nonce}">window.__APP__={{"nonce":"{nonce}","build":"'
        f'{_ident(rng, 10)}","locale":"en-US"}};</script>'
        + '<script type="application/ld+json">{"@context":"https://schema.org",'
        f'"@type":"WebPage","name":"{service_name(i)} Terms"}}</script></head>'
    )
    nav = (
        '<body class="legal"><header class="site-header"><a class="logo" href="/">'
        + _svg(rng, 60)
        + '</a><nav aria-label="Main">'
        + _links(rng, rng.randint(15, 40), with_icons=True)
        + "</nav></header>"
        '<div class="cookie-banner" role="dialog"><p>We use cookies to improve your '
        "experience.</p><button>Accept</button><button>Reject</button></div>"
    )
    tail = (
        '<aside class="related"><h2>Related</h2>'
        + _links(rng, rng.randint(5, 15), with_icons=False)
        + '</aside><footer class="site-footer">'
        + _svg(rng, 80)
        + _links(rng, rng.randint(15, 35), with_icons=False)
        + f"<p>&copy; 2024 {service_name(i)} Inc. All rights reserved.</p></footer>"
        + f'<script nonce="{nonce}">(function(){{var s="{nonce}";window.dataLayer='
        'window.dataLayer||[];window.dataLayer.push({"event":"pageview","s":s});})();</script>'
        + _js(rng, rng.randint(5, 20))
        + "</body></html>\n"
    )
    budget = int(target * rng.uniform(0.35, 0.55))  # the terms text's share of the page
    main = (
        '<main id="content" class="terms"><article class="legal-document">'
        + _terms(rng, i, budget, revision)
        + "</article></main>"
    )
    # the JavaScript bundle fills the rest, as it does on real pages
    missing = target - len(head) - len(nav) - budget - len(tail)  # the same at every revision
    bundle = _js(rng, max(1, missing // 190))
    head = head.replace("</head>", bundle + "</head>")
    return (head + nav + main + tail).encode("utf-8")


LONG_WORDS = 10_800  # words of <main> in the long shape
LONG_NAV_LINKS = 80


def _tracked_links(rng: random.Random, count: int) -> str:
    """A navigation list whose links carry tracking parameters and an SVG icon each."""
    items = []
    for k in range(count):
        label = " ".join(_ident(rng, rng.randint(3, 9)).capitalize() for _ in range(2))
        icon = _svg(rng, 6) if k % 4 == 0 else ""
        items.append(
            f'<li><a href="/{_ident(rng)}/{_ident(rng, 5)}?utm_source=site&amp;utm_medium=nav'
            f'&amp;utm_campaign={_ident(rng, 8)}">{icon}{label}</a></li>'
        )
    return '<ul class="menu">' + "".join(items) + "</ul>"


def render_long_page(i: int, revision: int = 0) -> bytes:
    """Page ``i`` of the ``long`` shape at ``revision``: ~10,800 words of terms in ~91 KB.

    The terms are most of the page; around them a navigation bar of
    :data:`LONG_NAV_LINKS` tracked links, inline SVG and a JSON ``<script>`` with the
    nonce placeholder (outside ``<main>``, as on real platforms).
    """
    rng = random.Random(1_000_003 + i)
    words = LONG_WORDS + rng.randint(-400, 400)
    nonce = NONCE.decode()
    head = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{service_name(i)} - Terms of Service</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        + _css(rng, 40)
        + "</head>"
    )
    nav = (
        '<body><div id="__next"><header><a class="brand" href="/">'
        + _svg(rng, 40)
        + '</a><nav aria-label="Main">'
        + _tracked_links(rng, LONG_NAV_LINKS)
        + "</nav></header>"
    )
    # ~6.4 characters of terms per word, with their markup
    main = (
        '<main id="content"><article>'
        + _terms(rng, i, int(words * 6.4), revision)
        + "</article></main>"
    )
    data = {
        "props": {"pageProps": {"nonce": nonce, "slug": "terms", "locale": "en"}},
        "page": "/legal/[slug]",
        "buildId": _ident(rng, 21),
        "runtimeConfig": {
            "cdn": "https://static.example",
            "flags": [_ident(rng) for _ in range(12)],
        },
    }
    tail = (
        "<footer><p>&copy; 2024 "
        + service_name(i)
        + "</p>"
        + _svg(rng, 30)
        + "</footer></div>"
        + '<script id="__NEXT_DATA__" type="application/json">'
        + json.dumps(data, separators=(",", ":"))
        + "</script>"
        + f'<script nonce="{nonce}" src="/_next/static/chunks/main.js" defer></script>'
        + "</body></html>\n"
    )
    return (head + nav + main + tail).encode("utf-8")


SHAPES = {"policy": render_page, "long": render_long_page}


def page_path(root: Path, i: int) -> Path:
    return root / "p" / f"{i}.html"


def page_url(base: str | Sequence[str], i: int) -> str:
    """Page ``i``'s URL: on ``base``, or on the ``i % len(base)``-th of several bases."""
    if not isinstance(base, str):
        base = base[i % len(base)]
    return f"{base}/p/{i}.html"


def write_pages(
    root: str | Path, n: int, revisions: dict[int, int] | None = None, shape: str = "policy"
) -> Path:
    """Write pages ``0..n-1`` (at their revision, default 0) as files under ``root/p``."""
    root = Path(root)
    (root / "p").mkdir(parents=True, exist_ok=True)
    revisions = revisions or {}
    render = SHAPES[shape]
    for i in range(n):
        page_path(root, i).write_bytes(render(i, revisions.get(i, 0)))
    return root


def change_pages(root: str | Path, revisions: dict[int, int], shape: str = "policy") -> None:
    """Rewrite the pages of ``revisions`` (``{page: revision}``), each with a later mtime.

    The mtime moves at least one second forward, so ``Last-Modified`` always changes
    and a conditional request made before the change gets the new page.
    """
    root = Path(root)
    for i, revision in revisions.items():
        path = page_path(root, i)
        old = path.stat().st_mtime if path.exists() else 0.0
        path.write_bytes(SHAPES[shape](i, revision))
        stamp = max(time.time(), old + 1.0)
        os.utime(path, (stamp, stamp))


def write_catalog(
    directory: str | Path,
    base_url: str | Sequence[str],
    n: int,
    select: str = "main",
    remove: str = ".share",
) -> Path:
    """One Open Terms Archive declaration file per page, fetching ``base_url/p/i.html``.

    With several base URLs (one per host), page ``i`` is on the ``i % len``-th.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        declaration = {
            "name": service_name(i),
            "terms": {
                "Terms of Service": {
                    "fetch": page_url(base_url, i),
                    "select": select,
                    "remove": remove,
                }
            },
        }
        (directory / f"bench-{i:05d}.json").write_text(json.dumps(declaration), encoding="utf-8")
    return directory


# --- server -------------------------------------------------------------------

ROBOTS = b"User-agent: *\nAllow: /\n"


class PageFiles:
    """The pages under ``root/p``, answered as a real site would (the loopback fallback).

    ``dynamic``: a fresh nonce in every response and no validators (``no-store``);
    ``static``: ``ETag`` and ``Last-Modified`` from the file, and ``304`` to a
    conditional request that still matches.  ``/__stats`` counts the answers.
    """

    def __init__(self, root: Path, mode: str) -> None:
        self.root = root
        self.mode = mode
        self.stats = {"200": 0, "304": 0, "404": 0}
        self._lock = threading.Lock()

    def _count(self, status: str) -> None:
        with self._lock:
            self.stats[status] += 1

    def __call__(self, path: str, headers: Mapping[str, str]) -> Reply:
        if path == "/robots.txt":
            return Reply(ROBOTS, content_type="text/plain")
        if path == "/__stats":
            return Reply(json.dumps(self.stats).encode(), headers={"Cache-Control": "no-store"})
        name = path.rsplit("/", 1)[-1]
        if not path.startswith("/p/") or "/" in name or not name.endswith(".html"):
            self._count("404")
            return Reply(b"<h1>Not found</h1>", status=404)
        try:
            with open(self.root / "p" / name, "rb") as fh:
                st = os.fstat(fh.fileno())
                body = fh.read()
        except OSError:
            self._count("404")
            return Reply(b"<h1>Not found</h1>", status=404)
        if self.mode == "dynamic":
            self._count("200")
            nonce = secrets.token_hex(16).encode()
            return Reply(
                body.replace(NONCE, nonce),
                headers={"Cache-Control": "no-store, private", "Vary": "Cookie"},
            )
        validators = {
            "ETag": f'"{st.st_mtime_ns:x}-{st.st_size:x}"',
            "Last-Modified": email.utils.formatdate(int(st.st_mtime), usegmt=True),
        }
        if _fresh(validators, st.st_mtime, headers):
            self._count("304")
            return Reply(b"", status=304, headers=validators)
        self._count("200")
        return Reply(body.replace(NONCE, STATIC_NONCE), headers=validators)


def _fresh(validators: dict[str, str], mtime: float, headers: Mapping[str, str]) -> bool:
    """Whether a conditional request still matches (RFC 9110: If-None-Match wins)."""
    inm = headers.get("if-none-match")
    if inm:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return validators["ETag"] in tags or inm == "*"
    ims = headers.get("if-modified-since")
    if not ims:
        return False
    try:
        return int(mtime) <= email.utils.parsedate_to_datetime(ims).timestamp()
    except (TypeError, ValueError, IndexError):
        return False


def host_addresses(hosts: int) -> list[str]:
    """The loopback addresses of ``hosts`` sites: 127.0.0.1 alone, or 127.0.0.2 onwards."""
    if hosts <= 1:
        return ["127.0.0.1"]
    if hosts > 250:
        raise ValueError("at most 250 hosts (127.0.0.2 to 127.0.0.251)")
    return [f"127.0.0.{2 + k}" for k in range(hosts)]


def serve(
    root: str | Path, mode: str, port: int = 0, max_seconds: float = 3600.0, hosts: int = 1
) -> None:
    """Serve ``root`` on ``hosts`` loopback addresses until killed, the parent process
    exits, or ``max_seconds`` pass."""
    if mode not in ("static", "dynamic"):
        raise ValueError(f"mode must be 'static' or 'dynamic', not {mode!r}")
    files = PageFiles(Path(root), mode)
    servers = []
    for address in host_addresses(hosts):
        server = LoopbackServer(fallback=files, port=port, host=address)
        server.requests = _Discard()  # thousands of requests: keep no log
        server.times = _Discard()
        servers.append(server)
    parent = os.getppid()
    deadline = time.monotonic() + max_seconds
    for server in servers:
        server.thread.start()
    print("BASES " + " ".join(s.base_url for s in servers), flush=True)
    try:
        while time.monotonic() < deadline and os.getppid() == parent:
            time.sleep(0.5)
    finally:
        for server in servers:
            if server.thread.is_alive():
                server.httpd.shutdown()
            server.httpd.server_close()


class _Discard(list):
    """A request log that keeps nothing."""

    def append(self, item: object) -> None:
        pass


class Server:
    """A page server in a child process: ``with Server(root, "dynamic") as s: s.base_url``."""

    def __init__(
        self, root: str | Path, mode: str, max_seconds: float = 3600.0, hosts: int = 1
    ) -> None:
        self.root = Path(root)
        self.mode = mode
        self.max_seconds = max_seconds
        self.hosts = hosts
        self.proc: subprocess.Popen[str] | None = None
        self.base_urls: list[str] = []

    @property
    def base_url(self) -> str:
        """The first host's base URL (the only one with ``hosts=1``)."""
        return self.base_urls[0]

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])

    def page_url(self, i: int) -> str:
        return page_url(self.base_urls, i)

    def start(self) -> Server:
        cmd = [sys.executable, str(Path(__file__).resolve()), "serve", "--root", str(self.root)]
        cmd += ["--mode", self.mode, "--max-seconds", str(self.max_seconds)]
        cmd += ["--hosts", str(self.hosts)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("BASES "):
            self.stop()
            raise RuntimeError(f"the page server did not start (said {line!r})")
        self.base_urls = line.split()[1:]
        return self

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far."""
        assert self.proc is not None
        with open(f"/proc/{self.proc.pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stats(self) -> dict[str, int]:
        import urllib.request

        with urllib.request.urlopen(self.base_url + "/__stats", timeout=10) as resp:
            return json.loads(resp.read())

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/workload.py")
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write", help="write N pages under ROOT/p")
    w.add_argument("--root", required=True)
    w.add_argument("-n", type=int, default=1000)
    w.add_argument("--shape", choices=sorted(SHAPES), default="policy")
    s = sub.add_parser("serve", help="serve ROOT on 127.0.0.1 (or on --hosts addresses)")
    s.add_argument("--root", required=True)
    s.add_argument("--mode", choices=["static", "dynamic"], default="dynamic")
    s.add_argument("--port", type=int, default=0)
    s.add_argument("--max-seconds", type=float, default=3600.0)
    s.add_argument("--hosts", type=int, default=1, help="127.0.0.2, 127.0.0.3... (default 1)")
    args = parser.parse_args(argv)
    if args.command == "write":
        write_pages(args.root, args.n, shape=args.shape)
        print(f"wrote {args.n} {args.shape} pages under {args.root}/p")
        return 0
    serve(args.root, args.mode, args.port, args.max_seconds, args.hosts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
