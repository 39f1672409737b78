"""Helpers shared by the site, feed and browser tests (not a test module).

The demo crawl takes about ten seconds, so :func:`demo_database` runs it once per
test session, whichever test module asks first.
"""

from __future__ import annotations

import mimetypes
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest
from sqlite_utils import Database

from tracker.analysis import default_analyser
from tracker.catalog import DocumentSpec, PageSpec
from tracker.items import PageFetch
from tracker.loopback import LoopbackServer, Reply
from tracker.store.db import open_db
from tracker.store.documents import ensure_document
from tracker.store.recorder import record_pages

_DEMO: dict[str, Path] = {}


def demo_database(base: Path) -> Path:
    """The database of a real demo crawl (three releases), made once per session."""
    if "db" not in _DEMO:
        from tracker.demo import run_demo

        report = run_demo(base / "demo")
        _DEMO["db"] = report.db_path
    return _DEMO["db"]


def copy_database(src: Path, dst: Path) -> Database:
    """A consistent copy of a (WAL-mode) database, opened."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(str(src)) as a, sqlite3.connect(str(dst)) as b:
        a.backup(b)
    a.close()
    b.close()
    return open_db(dst)


def add_version(
    db: Database,
    service: str,
    terms_type: str,
    markdown: str,
    when: str,
    language: str | None = None,
    url: str | None = None,
) -> None:
    """Record one version of a document through the real store functions."""
    url = url or f"https://{re.sub(r'[^a-z0-9]+', '-', service.lower())}.example/{terms_type}"
    spec = DocumentSpec(service, terms_type, (PageSpec(url),), f"{service}.json", language=language)
    doc_id = ensure_document(db, spec)
    page = PageFetch(url, url, 200, markdown.encode(), {"content-type": "text/html"}, when)
    record_pages(
        db, None, doc_id, [page], markdown, spec.declaration(), analyser=default_analyser()
    )


def make_database(
    path: Path,
    documents: dict[tuple[str, str], list[str]],
    start: datetime = datetime(2026, 1, 1, tzinfo=UTC),
    language: str | None = None,
) -> Database:
    """A database whose documents have the given versions, one day apart."""
    db = open_db(path)
    for i, ((service, terms_type), versions) in enumerate(documents.items()):
        for n, markdown in enumerate(versions):
            when = start + timedelta(days=n, minutes=i)
            add_version(
                db,
                service,
                terms_type,
                markdown,
                when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                language,
            )
    return db


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, dict[str, str | None]]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        for name in ("href", "src", "action"):
            if a.get(name) is not None:
                self.links.append((tag, a[name] or "", a))


def parse_links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def resolve_local(page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment a relative link of ``page`` points to (None if external)."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith("//"):
        return None
    url, fragment = urldefrag(href)
    url = url.split("?")[0]
    target = page if not url else (page.parent / unquote(url)).resolve()
    return target, fragment


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


# --- a realistic database: real policy histories through a real crawl -------------------

#: the documents of ../shared/data/histories crawled for the real-data site tests
HISTORY_DOCUMENTS = (
    ("TikTok", "Terms of Service"),
    ("TikTok", "Privacy Policy"),
    ("Threads", "Privacy Policy"),
    ("LINE", "Privacy Policy"),
    ("Pinterest", "Privacy Policy"),
    ("Telegram", "Privacy Policy"),
    ("Twitch", "Terms of Service"),
    ("Twitch", "Privacy Policy"),
    ("YouTube", "Privacy Policy"),
    ("Tumblr", "Terms of Service"),
)
#: releases crawled: each document's latest edits by the platform (index.tsv kind "change";
#: an archive's re-extraction is not an edit).  Some edits change only link targets, which
#: clausewatch rightly ignores, and a shrink is held back: 14 releases give every
#: document at least :data:`HISTORY_MIN_VERSIONS` versions
HISTORY_RELEASES = 14
HISTORY_MIN_VERSIONS = 10

_HISTORY: dict[str, Path] = {}


def _history_files(histories: Path) -> dict[tuple[str, str], list[tuple[Path, str]]]:
    """``{(service, terms type): [(file, recorded_at), ...]}`` oldest first, from index.tsv."""
    import csv

    out: dict[tuple[str, str], list[tuple[Path, str]]] = {}
    with (histories / "index.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            key = (row["service"], row["terms_type"])
            out.setdefault(key, []).append((histories / row["file"], row["recorded_at"]))
    return {k: sorted(v, key=lambda fr: fr[0].name) for k, v in out.items()}


def _as_html(markdown: str, title: str) -> bytes:
    """A policy page as a platform would serve it: the text in <main>, around it a site."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark").enable("table").render(markdown)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        "<script>window.analytics = 1;</script></head><body><nav><a href='/'>Home</a></nav>"
        f"<main>{body}</main><footer>© platform</footer></body></html>"
    ).encode()


def history_database(shared_data: Path, base: Path) -> Path:
    """A database of real policy histories, recorded by real crawls (made once per session).

    Each of :data:`HISTORY_DOCUMENTS` goes through its last :data:`HISTORY_RELEASES`
    versions: the Markdown of ``../shared/data/histories`` rendered to an HTML page,
    served on 127.0.0.1 and crawled by ``tracker.crawl.crawl``, one crawl per release.
    A crawl stamps each version with the time it ran; the archive recorded these over
    years, so afterwards each version's ``fetched_at`` and each change's ``detected_at``
    are set to the date the archive recorded (index.tsv): the one step that is not the
    real pipeline, since a test cannot wait six years.
    """
    if "db" in _HISTORY:
        return _HISTORY["db"]
    from loopback import FAST, LoopbackServer, page, write_declaration

    from tracker.crawl import crawl

    files = _history_files(shared_data / "histories")
    chosen = {
        key: [(f, rec) for f, rec in files[key] if not f.name.endswith("__reextracted.md")][
            -HISTORY_RELEASES:
        ]
        for key in HISTORY_DOCUMENTS
    }
    work = base / "history"
    work.mkdir(parents=True, exist_ok=True)
    db_path = work / "history.db"
    catalog = work / "catalog"
    with LoopbackServer() as server:
        by_service: dict[str, dict[str, dict]] = {}
        for service, terms_type in HISTORY_DOCUMENTS:
            path = f"/{service.lower()}/{terms_type.lower().replace(' ', '-')}"
            by_service.setdefault(service, {})[terms_type] = {
                "fetch": server.url(path),
                "select": "main",
            }
        for service, terms in by_service.items():
            write_declaration(catalog, service, terms)
        seen: dict[tuple[str, str], int] = {}  # the latest version id of each document
        for release in range(HISTORY_RELEASES):
            for (service, terms_type), versions in chosen.items():
                path = f"/{service.lower()}/{terms_type.lower().replace(' ', '-')}"
                source = versions[_release_index(versions, release)][0]
                markdown = source.read_text(encoding="utf-8")
                server.routes[path] = page(_as_html(markdown, f"{service} {terms_type}"))
            report = crawl(catalog, db_path, settings=FAST)
            assert report.summary.get("failed", 0) == 0, report.summary
            _stamp_release(db_path, chosen, release, seen)
    db = open_db(db_path)
    try:
        counts = dict(
            db.execute(
                "select s.slug || '/' || d.slug, count(v.id) from documents d "
                "join services s on s.id = d.service_id join versions v on v.document_id = d.id "
                "group by d.id"
            ).fetchall()
        )
    finally:
        db.conn.close()
    short = {k: n for k, n in counts.items() if n < HISTORY_MIN_VERSIONS}
    assert len(counts) == len(HISTORY_DOCUMENTS) and not short, counts
    _HISTORY["db"] = db_path
    return db_path


def _release_index(versions: list[tuple[Path, str]], release: int) -> int:
    """Which of a document's versions a release serves (a short history ends with the rest)."""
    return max(0, release - (HISTORY_RELEASES - len(versions)))


def _stamp_release(
    db_path: Path,
    chosen: dict[tuple[str, str], list[tuple[Path, str]]],
    release: int,
    seen: dict[tuple[str, str], int],
) -> None:
    """Date the versions this release's crawl recorded as the archive recorded them."""
    db = open_db(db_path)
    try:
        with db.conn:
            for (service, terms_type), versions in chosen.items():
                stamp = versions[_release_index(versions, release)][1].replace("+00:00", "Z")
                row = db.execute(
                    "select v.id from versions v "
                    "join documents d on d.id = v.document_id "
                    "join services s on s.id = d.service_id "
                    "where s.name = ? and d.terms_type = ? order by v.number desc limit 1",
                    [service, terms_type],
                ).fetchone()
                if row is None or seen.get((service, terms_type)) == row[0]:
                    continue  # the text did not change in this release
                seen[(service, terms_type)] = row[0]
                db.execute("update versions set fetched_at = ? where id = ?", [stamp, row[0]])
                db.execute(
                    "update changes set detected_at = ? where to_version_id = ?", [stamp, row[0]]
                )
    finally:
        db.conn.close()


@contextmanager
def serve_site(site: Path) -> Iterator[str]:
    """A built site over HTTP on 127.0.0.1 (a missing page answers 404); yields its base URL."""

    def files(path: str, headers: object) -> Reply | None:
        rel = path.split("?")[0].split("#")[0].lstrip("/") or "index.html"
        target = (site / rel).resolve()
        if not target.is_file() or site.resolve() not in target.parents:
            return None
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return Reply(target.read_bytes(), content_type=kind)

    with LoopbackServer(fallback=files) as server:
        yield server.base_url


#: the headless Chromium the browser tests drive (Debian's ``chromium``)
CHROMIUM = Path(os.environ.get("CLAUSEWATCH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}


@contextmanager
def chromium() -> Iterator[object]:
    """Headless Chromium through Playwright; the test skips when Playwright is missing."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(
    browser: object,
    viewport: dict[str, int] = DESKTOP,
    scheme: str = "light",
    csp: bool = True,
) -> object:
    """A Chromium page that collects script errors and console errors in ``page.errors``."""
    page = browser.new_page(  # type: ignore[attr-defined]
        viewport=viewport, color_scheme=scheme, bypass_csp=not csp
    )
    page.set_default_timeout(20_000)
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    return page


def wait_js(page: object, expression: str, timeout: float = 20.0) -> None:
    """Poll ``expression`` until true (wait_for_function's polling needs eval, which CSP bars)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            pytest.fail(f"still false after {timeout} s: {expression}")
        time.sleep(0.1)


def settle(page: object, kind: str) -> None:
    """Wait for what the page's scripts render (compare, search)."""
    if kind == "compare":
        wait_js(page, "window.CLAUSEWATCH_COMPARE !== undefined")
    elif kind == "search":
        page.locator("#search-results li").first.wait_for()  # type: ignore[attr-defined]
