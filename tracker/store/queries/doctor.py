"""What the selector doctor reads: failed pages, diagnoses, the last versions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracker.errors import StoreError
from tracker.normalize import slugify
from tracker.store.compression import unpack_text
from tracker.store.queries.rows import _rows


def failed_page(db: Database, document_id: int) -> dict[str, Any] | None:
    """The pages of a document's latest fetch whose selector matched nothing, or None.

    Keys: ``fetched_at``, ``reason``, ``detail``, ``snapshot_ids`` and ``urls`` (lists,
    one per page of the document).
    """
    rows = _rows(db, "select * from failed_pages where document_id = ?", [document_id])
    if not rows:
        return None
    row = rows[0]
    row["snapshot_ids"] = json.loads(row["snapshot_ids"] or "[]")
    row["urls"] = json.loads(row["urls"] or "[]")
    return row


def suspect_page(db: Database, document_id: int) -> dict[str, Any] | None:
    """The pages a suspect document's collapsed text came from, as :func:`failed_page`."""
    rows = _rows(
        db,
        "select last_seen_at as fetched_at, 'suspect_collapse' as reason, detail, "
        "snapshot_ids, source_urls as urls from suspects where document_id = ?",
        [document_id],
    )
    if not rows:
        return None
    row = rows[0]
    row["snapshot_ids"] = json.loads(row["snapshot_ids"] or "[]")
    row["urls"] = json.loads(row["urls"] or "[]")
    return row


def snapshot_in_use(db: Database, snapshot_id: int) -> bool:
    """Whether a version or a kept failed page refers to the snapshot."""
    row = db.execute(
        "select exists(select 1 from versions where snapshot_id = :id) "
        "or exists(select 1 from versions, json_each(versions.snapshot_ids) "
        "where json_each.value = :id) "
        "or exists(select 1 from failed_pages, json_each(failed_pages.snapshot_ids) "
        "where json_each.value = :id)",
        {"id": snapshot_id},
    ).fetchone()
    return bool(row[0])


def current_diagnoses(db: Database) -> dict[tuple[str, str], dict[str, Any]]:
    """``{(service, terms type): diagnosis}`` of the doctor's results that still apply.

    A diagnosis applies while the document's declaration in the database is the one it
    was made for (a crawl with a new declaration makes it stale).  Each has
    ``checked_at``, ``status``, ``summary``, ``similarity``, ``fixed_at`` and ``result``
    (:meth:`tracker.catalog.doctor.Diagnosis.to_dict`, parsed).
    """
    rows = _rows(
        db,
        "select services.name as service, documents.terms_type as document, "
        "diagnoses.checked_at, diagnoses.status, diagnoses.summary, diagnoses.similarity, "
        "diagnoses.fixed_at, diagnoses.result from diagnoses "
        "join documents on documents.id = diagnoses.document_id "
        "join services on services.id = documents.service_id "
        "where diagnoses.declaration is documents.declaration",
    )
    out = {}
    for row in rows:
        row["result"] = json.loads(row["result"] or "{}")
        out[(row.pop("service"), row.pop("document"))] = row
    return out


def last_versions(db_path: str | Path) -> dict[tuple[str, str], dict[str, Any]]:
    """``{(service, terms type): {markdown, number, fetched_at}}`` of each latest version.

    Read-only, without migrations or locks (``catalog try`` scores against these).
    Raises :class:`~tracker.errors.StoreError` when the file is not a readable database.
    """
    uri = Path(db_path).resolve().as_uri() + "?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        cursor = db.execute(
            "select s.name, d.terms_type, v.markdown, v.number, v.fetched_at "
            "from versions v join documents d on d.id = v.document_id "
            "join services s on s.id = d.service_id "
            "where v.number = (select max(number) from versions w where w.document_id = d.id)"
        )
        return {
            (r[0], r[1]): {"markdown": unpack_text(r[2]), "number": r[3], "fetched_at": r[4]}
            for r in cursor.fetchall()
        }
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{db_path}: cannot read the last versions: {exc}") from exc
    finally:
        db.close()


def document_row(db: Database, service: str, terms_type: str) -> dict[str, Any] | None:
    """A document's row (health, declaration in force) by service name and terms type."""
    rows = _rows(
        db,
        "select documents.* from documents join services on services.id = "
        "documents.service_id where services.slug = ? and documents.terms_type = ?",
        [slugify(service), terms_type],
    )
    return rows[0] if rows else None
