"""``clausewatch status``: each document's health, the latest runs, a run in progress.

A document that fails (or whose text was held back, or collapsed: a suspect) says since
when it has not been tracked, how many fetches in a row failed, and why the last one
did; ``problem`` says it in one line.
"""

from __future__ import annotations

from typing import Any

from tracker.store.lock import holder_pid
from tracker.store.queries import document_health, recent_runs


def status_report(db: Any, db_path: str | None = None) -> dict[str, Any]:
    """Health of every document, the latest runs, and whether a run is going now."""
    documents = document_health(db)
    return {
        "documents": documents,
        "runs": recent_runs(db, 5),
        "running_pid": holder_pid(db_path) if db_path else None,
        "needs_attention": sum(1 for d in documents if d["needs_attention"]),
    }
