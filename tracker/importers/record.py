"""Recording imported versions through the crawl's own recorder and analyser.

An imported version goes through :func:`tracker.store.recorder.record_pages`, like a
fetch, stamped with its archive date (``PageFetch.fetched_at``): the same snapshot,
the same comparison key, the same diff, flags and headline.  On top, in the same
transaction, the version is marked with where it came from (``versions.origin``,
``origin_ref``): imported history never alerts.

History is only ever added at its end: a version dated before the document's latest
version (or latest successful fetch), or the very version recorded last, is skipped,
which makes every import idempotent.  A version whose visible text equals the latest
one writes nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from tracker.analysis import archive_upgrade
from tracker.items import PageFetch
from tracker.normalize import comparison_key
from tracker.store.analyser import Analyser
from tracker.store.collapse import ShrinkRule
from tracker.store.db import sha256
from tracker.store.queries import last_success, latest_version
from tracker.store.recorder import record_pages, set_origin

#: ``versions.origin`` values
ORIGINS = ("ota", "ota_upgrade", "wayback")


def stamp(when: datetime) -> str:
    """A date as the store keeps it: UTC, ``2024-11-15T08:30:00.000000Z``."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass
class Imported:
    """One archived version of a document, ready to record."""

    markdown: str
    when: str  # stamp()
    origin: str  # one of ORIGINS
    ref: str  # the commit or the capture's timestamp
    pages: list[PageFetch]
    declaration: dict[str, Any] = field(default_factory=dict)


class UpgradeAnalyser:
    """An analyser for an archive's re-extraction: the change is minor and says what it is.

    Everything else is the wrapped analyser's (flags, revert keys…).
    """

    def __init__(self, analyser: Analyser) -> None:
        self.analyser = analyser

    def change(self, old_markdown: str, new_markdown: str, **kwargs: Any) -> dict[str, Any]:
        return archive_upgrade(self.analyser.change(old_markdown, new_markdown, **kwargs))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.analyser, name)


def history_end(db: Database, document_id: int) -> str | None:
    """The date after which history may be added: the latest version or successful fetch."""
    latest = latest_version(db, document_id)
    dates = [d for d in ((latest or {}).get("fetched_at"), last_success(db, document_id)) if d]
    return max(dates, key=parse_stamp) if dates else None


def record_imported(db: Database, document_id: int, item: Imported, analyser: Analyser) -> str:
    """Record one archived version; return ``new_version``, ``same_text`` or ``older``."""
    end = history_end(db, document_id)
    if end is not None and parse_stamp(item.when) < parse_stamp(end):
        return "older"
    latest = latest_version(db, document_id)
    if latest is not None and latest.get("origin_ref") == item.ref:
        return "older"  # the version recorded last: imported already
    key = sha256(comparison_key(item.markdown))
    if latest is not None and key in (
        latest["text_hash"],
        sha256(comparison_key(latest["markdown"])),
    ):
        return "same_text"
    used = UpgradeAnalyser(analyser) if item.origin == "ota_upgrade" else analyser
    with db.atomic():  # the version and its origin commit together
        result = record_pages(
            db, None, document_id, item.pages, item.markdown, item.declaration,
            analyser=used, rule=ShrinkRule.off(),
        )  # fmt: skip
        if result.outcome == "new_version" and result.version_id is not None:
            set_origin(db, result.version_id, item.origin, item.ref)
    return result.outcome
