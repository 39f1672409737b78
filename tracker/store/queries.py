"""Every SELECT the crawl, the site, ``status`` and the command line need.

Writes live in :mod:`tracker.store.recorder` and :mod:`tracker.store.runs`; this
module only reads, and returns plain dicts ready for JSON or a template.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracker.errors import StoreError
from tracker.items import CrawlPlan, describe
from tracker.normalize import slugify


def _rows(db: Database, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    cols = [c[0] for c in cursor.description]
    return [dict(zip(cols, row, strict=True)) for row in cursor.fetchall()]


def latest_version(db: Database, document_id: int) -> dict[str, Any] | None:
    rows = db.execute(
        "select * from versions where document_id = ? order by number desc limit 1", [document_id]
    )
    cols = [c[0] for c in rows.description]
    row = rows.fetchone()
    return dict(zip(cols, row, strict=True)) if row else None


def known_sources(db: Database) -> dict[int, str]:
    """``{document_id: source_hash}`` of documents whose last good fetch's text is current.

    The hash is only given while the latest version still has the text hash that
    fetch matched; anything else (no version, a held-back text, a ``reextract`` that
    changed the text) gives no hash, and the next fetch is extracted in full.
    """
    rows = db.execute(
        "select documents.id, documents.source_hash from documents "
        "where documents.source_hash is not null and documents.source_text_hash = "
        "(select text_hash from versions where versions.document_id = documents.id "
        "order by number desc limit 1)"
    ).fetchall()
    return {int(r[0]): r[1] for r in rows}


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
        "and outcome in ('new_version', 'unchanged', 'not_modified', 'held_back') "
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
    )


def recent_runs(db: Database, limit: int = 5) -> list[dict[str, Any]]:
    """The latest runs, newest first, each with its stored ``report`` parsed."""
    runs = _rows(db, "select * from runs order by id desc limit ?", [int(limit)])
    for run in runs:
        run["report"] = json.loads(run["report"] or "{}")
    return runs


def document_health(db: Database) -> list[dict[str, Any]]:
    """Each document's health, for ``clausewatch status`` and the site.

    Keys: ``service``, ``document``, ``url``, ``status`` ("pending", "ok", "failing",
    "held_back", "skipped"), ``last_success_at`` (the "not tracked since" date),
    ``last_attempt_at``, ``consecutive_failures``, ``last_failure_reason`` (kept after
    a recovery: the *last* failure) with its ``last_failure_description`` and
    ``last_failure_detail``, ``held_at``, ``versions``, ``latest_version_at``,
    ``needs_attention`` (failing or held back), ``service_slug``, ``document_slug``.
    """
    rows = _rows(
        db,
        """
        select services.name as service, services.slug as service_slug,
               documents.terms_type as document, documents.slug as document_slug,
               documents.url, documents.status, documents.last_success_at,
               documents.last_attempt_at, documents.consecutive_failures,
               documents.last_failure_reason, documents.last_failure_detail,
               documents.held_at,
               (select count(*) from versions where document_id = documents.id) as versions,
               (select max(fetched_at) from versions where document_id = documents.id)
                   as latest_version_at
        from documents join services on services.id = documents.service_id
        order by services.name, documents.terms_type
        """,
    )
    for row in rows:
        row["consecutive_failures"] = row["consecutive_failures"] or 0
        row["needs_attention"] = row["status"] in ("failing", "held_back")
        row["last_failure_description"] = (
            describe(row["last_failure_reason"]) if row["last_failure_reason"] else None
        )
    return rows


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
) -> list[dict[str, Any]]:
    """Recorded changes, newest first, as JSON-ready dicts.

    Each has ``service``, ``document`` (the terms type), ``detected_at`` (ISO 8601),
    ``significance``, ``headline``, ``flags`` (list of flag objects), ``stats``, ``url``.
    """
    where, params = [], []
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
            "stats": json.loads(row["stats"] or "{}"),
            "effective_date": row["effective_date"],
            "url": row["url"],
            "from_version": row["from_number"],
            "to_version": row["to_number"],
            "service_slug": row["service_slug"],
            "document_slug": row["document_slug"],
        }
        if include_diff:
            item["diff"] = json.loads(row["diff"] or "{}")
            item["rows"] = json.loads(row["rows"]) if row.get("rows") else None
        out.append(item)
    return out


def catalog_health(db_path: str | Path) -> dict[tuple[str, str], dict[str, Any]]:
    """``{(service, terms type): health}`` read without migrations or locks.

    Read-only: ``catalog list`` must never lock out a crawl in progress.  Raises
    :class:`~tracker.errors.StoreError` when the file is not a readable database.
    """
    uri = Path(db_path).resolve().as_uri() + "?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        cursor = db.execute(
            """
            select s.name, d.terms_type, d.status, d.last_success_at, d.last_attempt_at,
                   d.last_failure_reason, d.consecutive_failures,
                   (select count(*) from versions v where v.document_id = d.id)
            from documents d join services s on s.id = d.service_id
            """
        )
        return {
            (r[0], r[1]): {
                "status": r[2],
                "last_success_at": r[3],
                "last_attempt_at": r[4],
                "last_failure_reason": r[5],
                "consecutive_failures": r[6],
                "versions": r[7],
            }
            for r in cursor.fetchall()
        }
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{db_path}: cannot read document health: {exc}") from exc
    finally:
        db.close()


def document_ids(db: Database) -> list[dict[str, Any]]:
    """``{id, slug}`` of every document, in id order."""
    return _rows(db, "select id, slug from documents order by id")


def versions_of(db: Database, document_id: int) -> list[dict[str, Any]]:
    """Every version of a document (all columns), oldest first."""
    return _rows(db, "select * from versions where document_id = ? order by number", [document_id])


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


def version_rows(db: Database) -> list[dict[str, Any]]:
    """Every version without its text, by document, newest first.

    ``snapshot_hash`` is the SHA-256 of the raw page the version was extracted from (its
    first page's), ``snapshot_ids`` the JSON list of every page's snapshot.
    """
    return _rows(
        db,
        "select id, document_id, number, fetched_at, text_hash, source_urls, snapshot_ids, "
        "(select hash from snapshots where snapshots.id = versions.snapshot_id) "
        "as snapshot_hash from versions order by document_id, number desc",
    )


def snapshot_hashes(db: Database, snapshot_ids: Iterable[int]) -> dict[int, str]:
    """``{snapshot id: SHA-256 of its raw body}`` for the given snapshots."""
    ids = sorted({int(i) for i in snapshot_ids})
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(f"select id, hash from snapshots where id in ({marks})", chunk):
            out[int(row[0])] = row[1]
    return out


def current_flags(db: Database) -> dict[int, str | None]:
    """``{document_id: flags JSON}`` of each document's latest version (None: not computed)."""
    rows = db.execute(
        "select v.document_id, v.flags from versions v where v.number = "
        "(select max(number) from versions w where w.document_id = v.document_id)"
    ).fetchall()
    return {int(r[0]): r[1] for r in rows}


def version_markdown(db: Database, version_id: int) -> str:
    """The Markdown of one version ("" when there is no such version)."""
    row = db.execute("select markdown from versions where id = ?", [version_id]).fetchone()
    return row[0] if row else ""
