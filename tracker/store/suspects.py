"""The suspect state: a collapsed text, held and never recorded on its own.

A document enters it when a fetch gives a *collapse* (:mod:`tracker.store.collapse`):
a heading only, a fragment, a single block where there were sections.  A broken
selector is stable, so a collapse is held however many runs repeat it; it never
becomes a version, a change, a feed entry or an alert.  The state ends when

- a fetch gives the full text again (or any text that is not a collapse): nothing of
  the collapse is recorded;
- a person accepts the cut with ``clausewatch confirm`` (:mod:`tracker.store.confirm`):
  the held text becomes one change, marked as confirmed by that person.

One row per document in ``suspects`` (migration m007).  These functions write only
that table and run inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from tracker.items import PageFetch
from tracker.store.collapse import Verdict
from tracker.store.snapshots import store_snapshot


def suspect_of(db: Database, document_id: int) -> dict[str, Any] | None:
    """The document's suspect row, or None when it is not suspect."""
    cursor = db.execute("select * from suspects where document_id = ?", [document_id])
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([c[0] for c in cursor.description], row, strict=True))


def clear_suspect(db: Database, document_id: int) -> None:
    """End the suspect state (nothing of the collapse is recorded)."""
    db.execute("delete from suspects where document_id = ?", [document_id])


def end_suspect(db: Database, document_id: int) -> None:
    """End the suspect state of a document whose held text is no longer a collapse.

    Its status returns to ``ok`` (the next crawl records the page as it is then).
    """
    with db.atomic():
        clear_suspect(db, document_id)
        db.execute(
            "update documents set status = 'ok' where id = ? and status = 'suspect'",
            [document_id],
        )


def seen_again(db: Database, document_id: int, when: str) -> dict[str, Any]:
    """The same collapse, fetched again at ``when``: only ``last_seen_at`` moves."""
    db.execute("update suspects set last_seen_at = ? where document_id = ?", [when, document_id])
    held = suspect_of(db, document_id)
    assert held is not None, "seen_again() is for a document that is suspect"
    return held


def hold_suspect(
    db: Database,
    run_id: int | None,
    document_id: int,
    latest_version_id: int,
    pages: Sequence[PageFetch],
    markdown: str,
    text_hash: str,
    declaration: dict[str, Any] | None,
    when: str,
    verdict: Verdict,
) -> dict[str, Any]:
    """Keep (or refresh) the document's suspect row for a collapsed text; return it.

    ``since`` stays the first collapse however the collapsed text varies.  The pages
    are stored as snapshots only when the text differs from the one already held, so
    a collapse repeated every run adds no snapshot.
    """
    held = suspect_of(db, document_id)
    row: dict[str, Any] = {
        "document_id": document_id,
        "since": held["since"] if held else when,
        "last_seen_at": when,
        "run_id": held["run_id"] if held else run_id,
        "version_id": latest_version_id,
        "words_before": verdict.words_before,
        "words_after": verdict.words_after,
        "detail": verdict.detail(),
    }
    if held is None or held["text_hash"] != text_hash:
        snapshot_ids = [store_snapshot(db, page) for page in pages]
        row.update(
            text_hash=text_hash,
            markdown=markdown,
            fetched_at=when,
            snapshot_ids=json.dumps(snapshot_ids),
            source_urls=json.dumps([p.final_url or p.url for p in pages]),
            declaration=json.dumps(declaration or {}, sort_keys=True),
        )
    db["suspects"].upsert(row, pk="document_id")
    return {**(held or {}), **row}
