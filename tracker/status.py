"""``clausewatch status``: each document's health, the latest runs, a run in progress.

A document that fails (or whose text was held back, or collapsed: a suspect) says since
when it has not been tracked, how many fetches in a row failed, and why the last one
did; ``problem`` says it in one line.
"""

from __future__ import annotations

from typing import Any

from tracker.store.lock import holder_pid
from tracker.store.queries import current_diagnoses, document_health, recent_runs


def status_report(db: Any, db_path: str | None = None) -> dict[str, Any]:
    """Health of every document, the latest runs, and whether a run is going now.

    A document that needs attention carries ``doctor``: the selector doctor's latest
    result for it (``clausewatch catalog doctor``), or None when the doctor has not
    looked at it since its declaration last changed.
    """
    documents = document_health(db)
    with_doctor(db, documents)
    return {
        "documents": documents,
        "runs": recent_runs(db, 5),
        "running_pid": holder_pid(db_path) if db_path else None,
        "needs_attention": sum(1 for d in documents if d["needs_attention"]),
    }


def with_doctor(db: Any, documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``doctor`` to each document that needs attention (see :func:`status_report`).

    Its keys: ``status`` (``proposed``, ``moved``, ``no_proposal``…), ``summary`` (one
    line), ``similarity``, ``checked_at``, ``fixed_at`` and ``result`` (the whole
    diagnosis, :meth:`tracker.catalog.doctor.Diagnosis.to_dict`).
    """
    found = current_diagnoses(db)
    for doc in documents:
        if doc.get("needs_attention"):
            doc["doctor"] = found.get((doc["service"], doc["document"]))
    return documents
