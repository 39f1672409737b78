"""The selector doctor's writes: the page a broken selector failed on, and the diagnosis.

- :func:`keep_failed_page`: the recorder keeps the raw pages of a document's latest
  fetch whose selector matched nothing, so ``clausewatch catalog doctor`` works on what
  the crawl saw (one set per document: the next such failure replaces it, and the
  replaced snapshots are dropped unless a version or another failure uses them).
- :func:`save_diagnosis` / :func:`mark_fixed`: the doctor's latest result per document,
  which ``clausewatch status`` (and the site's health page) show beside a broken
  document.

Nothing here touches versions: a diagnosis is never a version.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from tracker.items import PageFetch
from tracker.store.db import utcnow
from tracker.store.queries import failed_page, snapshot_in_use
from tracker.store.snapshots import store_snapshot


def keep_failed_page(
    db: Database,
    document_id: int,
    pages: Sequence[PageFetch],
    reason: str,
    detail: str,
    when: str | None = None,
) -> None:
    """Keep ``pages`` as ``document_id``'s latest failed page (call inside a transaction)."""
    if not pages:
        return
    previous = failed_page(db, document_id)
    ids = [store_snapshot(db, page) for page in pages]
    db["failed_pages"].upsert(
        {
            "document_id": document_id,
            "fetched_at": when or pages[0].fetched_at or utcnow(),
            "reason": reason,
            "detail": detail,
            "snapshot_ids": json.dumps(ids),
            "urls": json.dumps([p.final_url or p.url for p in pages]),
        },
        pk="document_id",
    )
    for old in previous["snapshot_ids"] if previous else []:
        if old not in ids and not snapshot_in_use(db, old):
            db.execute("delete from snapshots where id = ?", [old])


def save_diagnosis(
    db: Database,
    document_id: int,
    status: str,
    summary: str,
    similarity: float | None,
    result: dict[str, Any],
    declaration: str | None,
) -> None:
    """Store the doctor's latest result for a document (replacing the previous one)."""
    with db.atomic():
        db["diagnoses"].upsert(
            {
                "document_id": document_id,
                "checked_at": utcnow(),
                "status": status,
                "summary": summary,
                "similarity": similarity,
                "result": json.dumps(result, ensure_ascii=False, sort_keys=True),
                "declaration": declaration,
                "fixed_at": None,
            },
            pk="document_id",
        )


def mark_fixed(db: Database, document_id: int) -> None:
    """Note that ``catalog doctor --fix`` wrote the proposal into the declaration file."""
    with db.atomic():
        db.execute(
            "update diagnoses set fixed_at = ? where document_id = ?", [utcnow(), document_id]
        )
