"""The fetch log's rows, and the batched log of unchanged fetches.

Every fetch adds one row to ``fetches`` (:func:`fetch_row`) and updates its document's
health (:func:`healthy`).  An unchanged fetch is the bulk of every crawl and changes
nothing but that row and the health columns, so a crawl buffers them
(:class:`UnchangedLog`) and writes each batch in one transaction, instead of a
transaction, a read and three statements per page.

A batch is written when it holds :data:`BATCH` fetches, when :data:`BATCH_SECONDS`
have passed since its first, before the caller records anything else, and when the
crawl closes.  A crawl killed with ``kill -9`` loses the unchanged fetches of the
batch it had not written, as it loses the pages it had fetched and not yet recorded:
their documents are as after the previous crawl (whose text is still their latest
version), and the next crawl fetches them again.  Nothing of a change is ever batched.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from tracker.items import PageFetch, utcnow
from tracker.store.queries import current_sources

#: unchanged fetches per transaction, and the longest a fetch waits to be written
BATCH = 200
BATCH_SECONDS = 2.0

CLEAR_HELD = {"held_text_hash": None, "held_run_id": None, "held_at": None, "held_detail": None}
_FETCH_COLUMNS = (
    "run_id", "document_id", "fetched_at", "url", "final_url", "http_status", "etag",
    "last_modified", "outcome", "version_id",
)  # fmt: skip


def fetch_row(
    run_id: int | None, document_id: int, pages: Sequence[PageFetch], **extra: Any
) -> dict[str, Any]:
    """The ``fetches`` row of a fetch of ``pages``, with ``extra`` columns (``outcome``…)."""
    first = pages[0] if pages else None
    redirected = first is not None and bool(first.final_url) and first.final_url != first.url
    # Unchanged fetches are the bulk of the log: their URL is the document's own, so it
    # is kept only when the fetch was redirected (storage grows with changes, not runs).
    routine = extra.get("outcome") in ("unchanged", "not_modified") and not redirected
    return {
        "run_id": run_id,
        "document_id": document_id,
        "fetched_at": (first.fetched_at if first else None) or utcnow(),
        "url": first.url if first and not routine else None,
        "final_url": first.final_url if redirected else None,
        "http_status": first.status if first else None,
        "etag": first.headers.get("etag") if first else None,
        "last_modified": first.headers.get("last-modified") if first else None,
        **extra,
    }


def healthy(when: str, **extra: Any) -> dict[str, Any]:
    """The document columns of a successful fetch at ``when`` (any hold is cleared)."""
    return {
        "status": "ok",
        "last_attempt_at": when,
        "last_success_at": when,
        "consecutive_failures": 0,
        **CLEAR_HELD,
        **extra,
    }


@dataclass
class Unchanged:
    """One fetch whose selected source is the document's known one."""

    document_id: int
    row: dict[str, Any]  # its fetches row, without version_id
    source_hash: str
    body_hash: str | None = None


@dataclass
class UnchangedLog:
    """Unchanged fetches of one run, written to the database a batch at a time.

    ``add`` returns the fetches that a write found stale (their document's known
    source changed since the crawl's plan was read: nothing was written for them, and
    the caller records them another way), as does ``flush``.
    """

    db: Database
    run_id: int | None
    batch: int = BATCH
    seconds: float = BATCH_SECONDS
    pending: list[Unchanged] = field(default_factory=list)
    started: float = 0.0
    written: int = 0
    #: the latest version of each document of the last batch written
    versions: dict[int, int] = field(default_factory=dict)

    def add(
        self,
        document_id: int,
        pages: Sequence[PageFetch],
        source_hash: str,
        body_hash: str | None = None,
    ) -> list[Unchanged]:
        if not self.pending:
            self.started = time.monotonic()
        row = fetch_row(self.run_id, document_id, pages, outcome="unchanged")
        fetch = Unchanged(document_id, row, source_hash, body_hash)
        self.pending.append(fetch)
        if len(self.pending) >= self.batch or time.monotonic() - self.started >= self.seconds:
            try:
                return self.flush()
            except Exception:
                # nothing was written: this fetch is the caller's to record as failed,
                # the others wait for the next write
                self.pending.remove(fetch)
                raise
        return []

    def flush(self) -> list[Unchanged]:
        """Write every pending fetch in one transaction; return the stale ones.

        When the write fails (a full disk…), nothing is written and the fetches stay
        pending.
        """
        pending = self.pending
        if not pending:
            return []
        with self.db.atomic():
            sources = current_sources(self.db, [u.document_id for u in pending])
            good, stale = [], []
            for u in pending:
                known = sources.get(u.document_id)
                if known is not None and known[1] == u.source_hash:
                    good.append((u, known[0]))
                else:
                    stale.append(u)
            self.db.conn.executemany(
                f"insert into fetches ({', '.join(_FETCH_COLUMNS)}) "
                f"values ({', '.join('?' * len(_FETCH_COLUMNS))})",
                [[u.row[c] for c in _FETCH_COLUMNS[:-1]] + [version] for u, version in good],
            )
            self.db.conn.executemany(
                "update documents set status = 'ok', last_attempt_at = ?, "
                "last_success_at = ?, consecutive_failures = 0, held_text_hash = null, "
                "held_run_id = null, held_at = null, held_detail = null, "
                "body_hash = coalesce(?, body_hash) where id = ?",
                [
                    [u.row["fetched_at"], u.row["fetched_at"], u.body_hash, u.document_id]
                    for u, _ in good
                ],
            )
            self.db.conn.executemany(
                "delete from suspects where document_id = ?", [[u.document_id] for u, _ in good]
            )
        self.pending = []
        self.written += len(good)
        self.versions = {u.document_id: version for u, version in good}
        return stale
