"""``clausewatch import wayback``: a document's past, from the Wayback Machine's captures.

For each catalog document, the CDX API lists the captures of its URL (successful HTML
captures, identical ones collapsed, at most one per day by default); each archived page
is fetched as it was captured (``/web/TIMESTAMPid_/URL``, without the archive's
toolbar), checked like a crawled page (error pages and bot walls are not versions),
extracted with the document's declaration and recorded with the capture's date, through
the same snapshot → extract → record path as a crawl.  History is only added at a
document's end (see :mod:`tracker.importers.record`), so an import is idempotent.

Polite: one request at a time, ``wayback.delay`` seconds apart, clausewatch's
User-Agent, and a wait that doubles (from ``wayback.delay``, at least a second) after a
``429``, a ``5xx`` or a network error, up to four retries.
The base URL (``wayback.url``) is a setting, so tests point it at 127.0.0.1.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tracker.analysis import default_analyser
from tracker.catalog import DocumentSpec, load_catalog
from tracker.errors import ExtractionError, FetchError, ImportSourceError
from tracker.extract import extract_pages
from tracker.fetch.failures import classify_page
from tracker.fetch.http import Fetched, fetch_page
from tracker.importers.record import Imported, history_end, parse_stamp, record_imported, stamp
from tracker.items import PageFetch
from tracker.store.analyser import Analyser
from tracker.store.db import open_db
from tracker.store.documents import ensure_document
from tracker.store.lock import RunLock
from tracker.store.queries import latest_version

#: how many captures a document keeps: CDX ``collapse=timestamp:N`` prefix lengths
PER = {"capture": 0, "hour": 10, "day": 8, "month": 6, "year": 4}
RETRIES = 4


@dataclass
class Capture:
    timestamp: str  # 14 digits, UTC, as the archive writes it
    original: str

    @property
    def when(self) -> str:
        return stamp(datetime.strptime(self.timestamp[:14].ljust(14, "0"), "%Y%m%d%H%M%S"))


class PoliteClient:
    """GETs to the archive, one at a time, ``delay`` seconds apart, retried with backoff."""

    def __init__(
        self,
        user_agent: str,
        delay: float,
        timeout: float = 60,
        sleep: Callable[[float], None] = time.sleep,
        fetch: Callable[[str, str, float], Fetched] | None = None,
    ) -> None:
        self.user_agent, self.delay, self.timeout, self.sleep = user_agent, delay, timeout, sleep
        self.fetch = fetch or (lambda url, agent, timeout: fetch_page(url, agent, timeout))
        self.last = 0.0
        self.requests = 0

    def get(self, url: str) -> Fetched:
        """The answer to a GET (an HTTP error status is returned after the retries)."""
        wait = max(self.delay, 1.0)
        for attempt in range(RETRIES + 1):
            pause = self.last + self.delay - time.monotonic()
            if pause > 0:
                self.sleep(pause)
            self.last = time.monotonic()
            self.requests += 1
            try:
                answer = self.fetch(url, self.user_agent, self.timeout)
            except FetchError:
                if attempt == RETRIES:
                    raise
                self.sleep(wait)
                wait *= 2
                continue
            if answer.status != 429 and answer.status < 500 or attempt == RETRIES:
                return answer
            self.sleep(min(wait, 300.0))
            wait *= 2
        raise AssertionError("unreachable")  # pragma: no cover


def captures(
    client: PoliteClient,
    base: str,
    url: str,
    per: str = "day",
    since: str | None = None,
    until: str | None = None,
) -> list[Capture]:
    """The archive's successful HTML captures of ``url``, oldest first."""
    params: list[tuple[str, str]] = [
        ("url", url),
        ("output", "json"),
        ("fl", "timestamp,original,statuscode,mimetype"),
        ("filter", "statuscode:200"),
        ("filter", "mimetype:text/html"),
        ("collapse", "digest"),
    ]
    if PER[per]:
        params.append(("collapse", f"timestamp:{PER[per]}"))
    if since:
        params.append(("from", since))
    if until:
        params.append(("to", until))
    query = f"{base.rstrip('/')}/cdx/search/cdx?{urlencode(params)}"
    try:
        answer = client.get(query)
    except FetchError as exc:
        raise ImportSourceError(f"{query}: the Wayback Machine cannot be reached: {exc}") from exc
    if answer.status != 200:
        raise ImportSourceError(
            f"{query}: the CDX API answered HTTP {answer.status}; try again later, or check "
            "the wayback.url setting"
        )
    try:
        rows = json.loads(answer.body or b"[]")
    except ValueError:
        raise ImportSourceError(f"{query}: the CDX API did not answer JSON") from None
    if not rows:
        return []
    header, *data = rows
    at = {name: header.index(name) for name in ("timestamp", "original")}
    found = [Capture(row[at["timestamp"]], row[at["original"]]) for row in data]
    return sorted(found, key=lambda c: c.timestamp)


def archived_url(base: str, capture: Capture) -> str:
    """The page as captured, without the archive's toolbar or rewritten links."""
    return f"{base.rstrip('/')}/web/{capture.timestamp}id_/{capture.original}"


@dataclass
class WaybackDocument:
    service: str
    terms_type: str
    url: str
    document_id: int = 0
    captures: int = 0
    versions: int = 0
    same_text: int = 0
    older: int = 0
    errors: list[str] = field(default_factory=list)
    skipped: str = ""  # why the whole document was not imported


@dataclass
class WaybackReport:
    documents: list[WaybackDocument] = field(default_factory=list)
    requests: int = 0

    @property
    def versions(self) -> int:
        return sum(d.versions for d in self.documents)


def _wanted(spec: DocumentSpec, only: Iterable[str] | None) -> bool:
    if not only:
        return True
    for item in only:
        name, _, kind = item.partition("/")
        if name.strip().casefold() == spec.service.casefold() and (
            not kind.strip() or kind.strip().casefold() == spec.terms_type.casefold()
        ):
            return True
    return False


def import_wayback(
    catalog_dir: str | Path,
    db_path: str | Path,
    *,
    base_url: str,
    user_agent: str,
    delay: float,
    only: Iterable[str] | None = None,
    per: str = "day",
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    analyser: Analyser | None = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[WaybackDocument], None] | None = None,
) -> WaybackReport:
    """Backfill the catalog's documents (or ``only`` these) from the Wayback Machine.

    ``limit`` keeps the newest N new captures of each document.  Holds the database's run
    lock.  Raises :class:`ImportSourceError` when the CDX API fails.
    """
    catalog = load_catalog(catalog_dir, only)
    analyser = analyser or default_analyser()
    client = PoliteClient(user_agent, delay, sleep=sleep)
    report = WaybackReport()
    with RunLock(db_path):
        db = open_db(db_path)
        try:
            for spec in catalog.documents:
                if not _wanted(spec, only):
                    continue
                doc = WaybackDocument(spec.service, spec.terms_type, spec.url)
                report.documents.append(doc)
                if len(spec.pages) > 1:
                    doc.skipped = (
                        f"it combines {len(spec.pages)} pages, which the archive captured "
                        "at different times"
                    )
                else:
                    _import_document(db, doc, spec, client, base_url, per, since, until,
                                     limit, analyser)  # fmt: skip
                if progress is not None:
                    progress(doc)
        finally:
            db.close()
    report.requests = client.requests
    return report


def _import_document(
    db: Any, doc: WaybackDocument, spec: DocumentSpec, client: PoliteClient, base: str,
    per: str, since: str | None, until: str | None, limit: int | None, analyser: Analyser,
) -> None:  # fmt: skip
    with db.atomic():
        doc.document_id = ensure_document(db, spec)
    found = captures(client, base, spec.url, per, since, until)
    end = history_end(db, doc.document_id)
    last = (latest_version(db, doc.document_id) or {}).get("origin_ref")
    new = [
        c for c in found
        if (end is None or parse_stamp(c.when) >= parse_stamp(end)) and c.timestamp != last
    ]  # fmt: skip
    doc.captures, doc.older = len(found), len(found) - len(new)
    if limit is not None and len(new) > limit:
        doc.older += len(new) - limit
        new = new[-limit:]
    for capture in new:
        outcome = _record_capture(db, doc, spec, client, base, capture, analyser)
        if outcome == "new_version":
            doc.versions += 1
        elif outcome == "same_text":
            doc.same_text += 1
        elif outcome == "older":
            doc.older += 1


def _record_capture(
    db: Any, doc: WaybackDocument, spec: DocumentSpec, client: PoliteClient, base: str,
    capture: Capture, analyser: Analyser,
) -> str:  # fmt: skip
    source = archived_url(base, capture)
    try:
        answer = client.get(source)
    except FetchError as exc:
        doc.errors.append(f"{capture.timestamp}: {exc}")
        return "error"
    page = PageFetch(
        url=spec.url,
        final_url=source,
        status=answer.status,
        body=answer.body,
        headers={"content-type": answer.content_type or "text/html"},
        fetched_at=capture.when,
    )
    verdict = classify_page(page)
    if verdict is not None:
        doc.errors.append(f"{capture.timestamp}: {source}: {verdict[1]}; skipped")
        return "error"
    declaration = spec.declaration()
    try:
        markdown = extract_pages(
            [(answer.html, page_spec, capture.original) for page_spec in declaration["pages"]]
        )
    except ExtractionError as exc:
        doc.errors.append(f"{capture.timestamp}: {source}: {exc}; skipped")
        return "error"
    item = Imported(markdown, capture.when, "wayback", capture.timestamp, [page], declaration)
    return record_imported(db, doc.document_id, item, analyser)
