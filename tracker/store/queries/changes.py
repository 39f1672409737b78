"""Recorded changes, and the services and documents the site lists."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from tracker.normalize import slugify
from tracker.store.queries.rows import _rows

CHANGE_QUERY = """
select changes.*, services.name as service, services.slug as service_slug,
       documents.terms_type as document, documents.slug as document_slug, documents.url as url,
       fv.number as from_number, tv.number as to_number
from changes
join documents on documents.id = changes.document_id
join services on services.id = documents.service_id
join versions fv on fv.id = changes.from_version_id
join versions tv on tv.id = changes.to_version_id
"""


def list_changes(
    db: Database,
    service: str | None = None,
    significance: str | None = None,
    limit: int | None = None,
    include_diff: bool = False,
    *,
    ids: Iterable[int] | None = None,
) -> list[dict[str, Any]]:
    """Recorded changes, newest first, as JSON-ready dicts.

    Each has ``service``, ``document`` (the terms type), ``detected_at`` (ISO 8601),
    ``significance``, ``headline``, ``flags`` (list of flag-change objects), ``events``
    (the structured events the headline is rendered from), ``revert_of`` (the date of
    the earlier version the text went back to, or null), ``alert`` (a substantive
    change that is not a revert: what feeds and alerts announce), ``stats``, ``url``,
    and ``confirmed_by`` / ``confirmed_at`` when a person accepted the change as a
    real cut (``clausewatch confirm``; else None).
    ``ids`` keeps only the changes with these row ids (the alerts read them so).
    """
    where: list[str] = []
    params: list[Any] = []
    if ids is not None:
        wanted = sorted({int(i) for i in ids})
        if not wanted:
            return []
        where.append(f"changes.id in ({','.join('?' * len(wanted))})")
        params += wanted
    if service:
        where.append("(services.slug = ? or lower(services.name) = lower(?))")
        params += [slugify(service), service]
    if significance:
        where.append("changes.significance = ?")
        params.append(significance)
    sql = CHANGE_QUERY + (" where " + " and ".join(where) if where else "")
    sql += " order by changes.detected_at desc, changes.id desc"
    if limit:
        sql += f" limit {int(limit)}"
    out = []
    for row in _rows(db, sql, params):
        item = {
            "id": row["id"],
            "service": row["service"],
            "document": row["document"],
            "detected_at": row["detected_at"],
            "significance": row["significance"],
            "headline": row["headline"] or "",
            "flags": json.loads(row["flags"] or "[]"),
            "events": json.loads(row.get("events") or "[]"),
            "revert_of": row.get("revert_of"),
            "alert": bool(row["alert"])
            if row.get("alert") is not None
            else row["significance"] == "substantive",
            "stats": json.loads(row["stats"] or "{}"),
            "effective_date": row["effective_date"],
            "url": row["url"],
            "from_version": row["from_number"],
            "to_version": row["to_number"],
            "service_slug": row["service_slug"],
            "document_slug": row["document_slug"],
            # a cut that a person accepted (clausewatch confirm): who, and when
            "confirmed_by": row["confirmed_by"],
            "confirmed_at": row["confirmed_at"],
        }
        if include_diff:
            item["diff"] = json.loads(row["diff"] or "{}")
            item["rows"] = json.loads(row["rows"]) if row.get("rows") else None
        out.append(item)
    return out


def service_rows(db: Database) -> list[dict[str, Any]]:
    """``{id, name, slug}`` of every service, by name."""
    return _rows(db, "select id, name, slug from services order by name collate nocase")


def site_documents(db: Database) -> list[dict[str, Any]]:
    """Every document with its service's name and slug, by service then terms type."""
    return _rows(
        db,
        "select documents.id, documents.service_id, documents.terms_type, documents.slug, "
        "documents.url, documents.status, documents.language, documents.jurisdiction, "
        "documents.last_success_at, services.slug as service_slug, services.name as service "
        "from documents join services on services.id = documents.service_id "
        "order by services.name collate nocase, documents.terms_type",
    )
