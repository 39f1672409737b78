"""What a crawl reads: conditional headers and known sources, before it starts and as it
writes its unchanged fetches."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from tracker.items import CrawlPlan
from tracker.store.queries.versions import known_bodies, known_sources, latest_version

_GOOD_OUTCOMES = ("new_version", "unchanged", "not_modified")


def conditional_validators(
    db: Database, document_id: int, declaration: dict[str, Any] | None = None
) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` headers for the next fetch of a document.

    They come from the last fetch whose text is the latest version's, and only when
    that version was extracted with the same declaration (a new selector must see the
    page again).  Empty when there is nothing safe to send.
    """
    latest = latest_version(db, document_id)
    if latest is None:
        return {}
    if declaration is not None and json.loads(latest["declaration"] or "{}") != json.loads(
        json.dumps(declaration, sort_keys=True)
    ):
        return {}
    row = db.execute(
        "select outcome, etag, last_modified from fetches where document_id = ? "
        "and outcome in ('new_version', 'unchanged', 'not_modified', 'held_back', 'suspect') "
        "order by id desc limit 1",
        [document_id],
    ).fetchone()
    if row is None or row[0] not in _GOOD_OUTCOMES:
        return {}
    headers = {}
    if row[1]:
        headers["If-None-Match"] = row[1]
    if row[2]:
        headers["If-Modified-Since"] = row[2]
    return headers


def crawl_plan(
    db: Database,
    document_ids: dict[str, int],
    conditional: dict[str, dict[str, Any]],
) -> CrawlPlan:
    """What a crawl needs from the database, read once before it starts.

    ``document_ids`` maps each document key to its id (from the catalog sync);
    ``conditional`` maps the keys of documents that may be fetched conditionally to
    their declaration (single-page documents that need no browser).
    """
    known = known_sources(db)
    bodies = known_bodies(db)
    return CrawlPlan(
        document_ids=dict(document_ids),
        validators={
            key: headers
            for key, declaration in conditional.items()
            if (headers := conditional_validators(db, document_ids[key], declaration))
        },
        known_sources={
            key: known[doc_id] for key, doc_id in document_ids.items() if doc_id in known
        },
        known_bodies={
            key: bodies[doc_id] for key, doc_id in document_ids.items() if doc_id in bodies
        },
    )


def current_sources(db: Database, document_ids: list[int]) -> dict[int, tuple[int, str]]:
    """``{document_id: (latest version id, source hash)}`` of those documents whose known
    source is current: the text its last good fetch matched is still the latest version's.

    One query per 500 documents: a crawl checks a batch of unchanged fetches at once.
    """
    found: dict[int, tuple[int, str]] = {}
    for start in range(0, len(document_ids), 500):
        chunk = document_ids[start : start + 500]
        rows = db.execute(
            "select documents.id, versions.id, documents.source_hash from documents "
            "join versions on versions.document_id = documents.id "
            f"where documents.id in ({', '.join('?' * len(chunk))}) "
            "and documents.source_hash is not null "
            "and versions.text_hash = documents.source_text_hash and versions.number = "
            "(select max(number) from versions latest where latest.document_id = documents.id)",
            chunk,
        ).fetchall()
        found.update({int(r[0]): (int(r[1]), r[2]) for r in rows})
    return found


def last_success(db: Database, document_id: int) -> str | None:
    """When a document was last fetched successfully (None: never)."""
    row = db.execute("select last_success_at from documents where id = ?", [document_id]).fetchone()
    return row[0] if row else None
