"""Helpers shared by the site, feed and browser tests (not a test module).

The demo crawl takes about ten seconds, so :func:`demo_database` runs it once per
test session, whichever test module asks first.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

from sqlite_utils import Database

from tracker.analysis import default_analyser
from tracker.catalog import DocumentSpec, PageSpec
from tracker.items import PageFetch
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
