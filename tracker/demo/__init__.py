"""The offline demo: a fictional platform's policies, served on loopback in releases.

``clausewatch demo`` starts a real HTTP server on 127.0.0.1, crawls each release
with the real spider into a fresh database, then builds the site.  The pages are
written by us (this folder); the releases are:

1. the first policies of Parrot (a social network), in English and in Arabic (its
   Arabic terms are a document of their own, "Parrot (Arabic)", as the shipped
   catalog declares X's), and of Quillbox (a notebook app);
2. a markup-only redesign: new classes, attribute order, whitespace, no-break
   spaces, a rotating nonce, a cookie banner, re-keyed Cloudflare e-mail
   obfuscation and new tracking parameters, with no change of text — no change
   must be recorded;
3. Parrot rewrites its terms in both languages (AI-training licence, $15,000 per
   1,000,000 posts liquidated damages — «١٥٬٠٠٠ دولار أمريكي لكل ١٬٠٠٠٬٠٠٠ منشور» —,
   venue moved from Oregon to Texas); Quillbox raises its free-plan limit, a
   harmless edit.

The site is built in English and in Arabic (``site/index.html``, ``site/ar/index.html``).
An alert subscription (Parrot's high-severity changes, full messages) points at a
webhook on the same loopback server, so the demo also shows the alert Parrot's rewrite
sends, through Apprise, as ``clausewatch run`` sends it.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.loopback import LoopbackServer, Reply

HERE = Path(__file__).resolve().parent

#: the demo's pages are served on loopback: allow it for the demo's own crawls only
DEMO_SETTINGS = {"CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES": True}

RELEASES = [
    ("1", "first policies"),
    ("2", "markup-only redesign (no text change)"),
    ("3", "Parrot rewrites its terms (English, Arabic); Quillbox raises a plan limit"),
]


def _cf_encode(email: str, key: int) -> str:
    return f"{key:02x}" + "".join(f"{ord(c) ^ key:02x}" for c in email)


def _parrot_shell(title: str, body: str, release: str, lang: str = "en") -> str:
    nonce = secrets.token_hex(8)
    html = f'<html lang="{lang}" dir="rtl">' if lang == "ar" else f'<html lang="{lang}">'
    if release == "1":
        return (
            f'<!doctype html>{html}<head><meta charset="utf-8">'
            f"<title>Parrot — {title}</title>"
            f'<script nonce="{nonce}">window.__PARROT={{"build":"{nonce}"}}</script></head><body>'
            '<header class="site-nav"><a href="/">Parrot</a> <a href="/blog">Blog</a></header>'
            f'<main id="content" class="legal">{body}</main>'
            "<footer>© 2026 Parrot Social, Inc.</footer></body></html>"
        )
    # release 2+: a redesign — the same words in different markup
    body = re.sub(r">\s*<", ">\n    <", body)  # re-indented
    body = body.replace(". ", ".&nbsp; ", 3)  # no-break spaces after a few sentences
    body = re.sub(r'<a href="([^"]+)">', r'<a class="lnk" rel="noopener" href="\1">', body)
    body = body.replace("utm_source=terms", "utm_source=footer&amp;utm_medium=web&amp;fbclid=Ab3")
    body = body.replace("<h2>", '<h2 class="t-heading" data-v="2">')
    body = body.replace("Parrot", "Par\u200brot", 1)  # a zero-width space in the first heading
    return (
        f'<!DOCTYPE html>\n{html}\n<head>\n  <meta charset="utf-8">\n'
        f"  <title>{title} | Parrot</title>\n"
        f'  <script>window.__PARROT = {{"build": "{nonce}", '
        f'"ab": "{secrets.token_hex(4)}"}};</script>\n'
        '  <link rel="stylesheet" href="/static/v2.css">\n</head>\n<body class="v2">\n'
        '  <nav class="top"><a href="/">Home</a><a href="/about">About</a>'
        '<a href="/jobs">Jobs</a></nav>\n'
        f'  <main class="legal legal--v2" id="content">\n'
        '    <div class="cookie-banner">We use cookies. <button>Accept</button></div>\n'
        f"    {body}\n  </main>\n"
        "  <footer><p>© 2026 Parrot Social, Inc. · <a href='/status'>Status</a></p></footer>\n"
        "</body>\n</html>\n"
    )


def _quillbox_shell(body: str, release: str) -> str:
    extra = '<aside class="promo">Try Quillbox Pro!</aside>' if release != "1" else ""
    return (
        "<html><head><title>Quillbox terms</title></head><body>"
        f'<div class="wrap">{extra}<article class="terms">{body}</article></div></body></html>'
    )


def release_pages(release: str) -> dict[str, bytes]:
    """The pages the demo server serves in a given release, by path."""

    def read(name: str) -> str:
        return (HERE / name).read_text(encoding="utf-8")

    key = 0x5A if release == "1" else 0x3C  # Cloudflare re-keys its obfuscation
    email = _cf_encode("rules@parrot.example", key)
    tos = read("parrot_tos_v2.html" if release >= "3" else "parrot_tos_v1.html")
    tos = tos.replace("CFEMAIL1", email)
    quill = read("quillbox_tos_v2.html" if release >= "3" else "quillbox_tos_v1.html")
    tos_ar = read("parrot_tos_ar_v2.html" if release >= "3" else "parrot_tos_ar_v1.html")
    tos_ar = tos_ar.replace("CFEMAIL1", email)
    return {
        "/parrot/terms": _parrot_shell("Terms of Service", tos, release).encode(),
        "/parrot/ar/terms": _parrot_shell("شروط الخدمة", tos_ar, release, "ar").encode(),
        "/parrot/privacy": _parrot_shell(
            "Privacy Policy", read("parrot_privacy.html"), release
        ).encode(),
        "/quillbox/terms": _quillbox_shell(quill, release).encode(),
    }


class DemoServer(LoopbackServer):
    """The loopback server, with pages switched from one release to the next.

    It is also the demo's alert webhook: a ``POST`` to ``/alerts`` is kept in ``posts``.
    """

    def __init__(self) -> None:
        super().__init__(fallback=lambda path, headers: Reply(b"ok") if path == "/alerts" else None)

    def serve_release(self, release: str) -> None:
        self.pages = release_pages(release)

    def alerts(self) -> list[dict[str, Any]]:
        """The alerts the webhook received: Apprise's JSON (title, message...)."""
        return [json.loads(body) for path, _, body in self.posts if path == "/alerts"]


def write_catalog(directory: Path, base_url: str, *, arabic: bool = False) -> None:
    """Write the demo's declarations, pointing at the loopback server.

    ``arabic`` adds Parrot's terms in Arabic ("Parrot (Arabic)"), as the demo has them.
    """
    directory.mkdir(parents=True, exist_ok=True)
    parrot = {
        "name": "Parrot",
        "terms": {
            "Terms of Service": {
                "fetch": f"{base_url}/parrot/terms",
                "select": "main#content",
                "remove": [".cookie-banner"],
                "language": "en",
            },
            "Privacy Policy": {
                "fetch": f"{base_url}/parrot/privacy",
                "select": "main#content",
                "remove": ".cookie-banner",
                "language": "en",
            },
        },
    }
    parrot_arabic = {
        "name": "Parrot (Arabic)",
        "terms": {
            "Terms of Service": {
                "fetch": f"{base_url}/parrot/ar/terms",
                "select": "main#content",
                "remove": [".cookie-banner"],
                "language": "ar",
            },
        },
    }
    quillbox = {
        "name": "Quillbox",
        "terms": {
            "Terms of Service": {
                "fetch": f"{base_url}/quillbox/terms",
                "select": "article.terms",
                "language": "en",
            }
        },
    }
    declarations = [("Parrot", parrot), ("Quillbox", quillbox)]
    if arabic:
        declarations.append(("Parrot (Arabic)", parrot_arabic))
    for name, decl in declarations:
        (directory / f"{name}.json").write_text(json.dumps(decl, indent=2) + "\n")


@dataclass
class DemoReport:
    workdir: Path
    db_path: Path
    site: Path
    releases: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    pages_written: int = 0
    alerts: list[dict[str, Any]] = field(default_factory=list)  # what the webhook received
    alert_subscription: str = ""
    # each language's home page: {"en": site/index.html, "ar": site/ar/index.html}
    homes: dict[str, Path] = field(default_factory=dict)


def run_demo(workdir: str | Path, log_level: str = "ERROR") -> DemoReport:
    """Run the whole pipeline offline into ``workdir`` (its database is started afresh)."""
    from tracker.alerts.dispatch import register_alerts, send_alerts
    from tracker.alerts.subscriptions import Subscription
    from tracker.crawl import crawl
    from tracker.site.build import build_site
    from tracker.store.db import open_db
    from tracker.store.queries import list_changes

    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / "clausewatch.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    site = workdir / "site"
    shutil.rmtree(site, ignore_errors=True)
    report = DemoReport(workdir, db_path, site)
    with DemoServer() as server:
        catalog = workdir / "catalog"
        write_catalog(catalog, server.base_url, arabic=True)
        hook = server.url("/alerts").replace("http://", "json://", 1)
        alert = Subscription("demo-webhook", hook, hook, services=("Parrot",), min_severity="high")
        report.alert_subscription = f"{alert.name} ({hook}; {alert.describe_filters()})"
        db = open_db(db_path)
        register_alerts(db, [alert])
        db.close()
        for release, description in RELEASES:
            server.serve_release(release)
            # the demo server is on 127.0.0.1, which the URL policy refuses by default
            result = crawl(catalog, db_path, settings=DEMO_SETTINGS, log_level=log_level)
            report.releases.append(
                {"release": release, "description": description, **result.summary}
            )
        send_alerts(db_path, [alert])
        report.alerts = server.alerts()
    db = open_db(db_path)
    report.changes = list_changes(db)
    built = build_site(db, site)
    report.pages_written = len(built.written)
    report.homes = {language: site / home for language, home in built.homes.items()}
    return report
