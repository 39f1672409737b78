"""Each document's health, the runs, and the documents that need attention."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracker.errors import StoreError
from tracker.items import describe
from tracker.normalize import slugify
from tracker.store.queries.doctor import current_diagnoses
from tracker.store.queries.rows import _rows


def recent_runs(db: Database, limit: int = 5) -> list[dict[str, Any]]:
    """The latest runs, newest first, each with its stored ``report`` parsed."""
    runs = _rows(db, "select * from runs order by id desc limit ?", [int(limit)])
    for run in runs:
        run["report"] = json.loads(run["report"] or "{}")
    return runs


#: statuses that need a person: ``status --problems``, the problems feed, exit status 1
PROBLEM_STATUSES = ("failing", "held_back", "suspect")


def _day(value: str | None) -> str:
    return value[:10] if value else "never"


def problem_sentence(row: dict[str, Any]) -> str | None:
    """One line saying what is wrong with a document's tracking (None when nothing is)."""
    status = row["status"]
    if status == "suspect":
        return (
            f"suspect collapse since {_day(row['suspect_since'])}: "
            f"{row['words_before'] or 0:,} → {row['words_after'] or 0:,} words; "
            "selector probably broken"
        )
    if status == "failing":
        fails = row["consecutive_failures"] or 0
        return (
            f"not tracked since {_day(row['last_success_at'])}: {fails} failed fetch"
            f"{'es' if fails != 1 else ''} in a row; {row['last_failure_description']}"
        )
    if status == "held_back":
        return f"held back since {_day(row['held_at'])}: {row['last_failure_detail']}"
    return None


def document_health(db: Database) -> list[dict[str, Any]]:
    """Each document's health, for ``clausewatch status`` and the site's health page.

    Keys: ``document_id``, ``service``, ``document``, ``url``, ``status`` ("pending",
    "ok", "failing", "held_back", "suspect", "skipped"), ``last_success_at`` (the last
    good fetch: the "not tracked since" date), ``last_attempt_at``, ``consecutive_failures``,
    ``last_failure_reason`` (kept after a recovery: the *last* failure) with its
    ``last_failure_description`` and ``last_failure_detail``, ``held_at``, ``versions``,
    ``latest_version_at``, ``needs_attention`` (failing, held back or suspect),
    ``problem`` (one line saying what is wrong, or None), ``service_slug``,
    ``document_slug``.  A suspect collapse adds ``suspect_since``, ``words_before``
    and ``words_after``; ``proposal`` is the selector doctor's proposed fix, in one
    line, for a document that needs attention (None until ``clausewatch catalog
    doctor`` has proposed one for its current declaration).
    """
    rows = _rows(
        db,
        """
        select documents.id as document_id, services.name as service,
               services.slug as service_slug,
               documents.terms_type as document, documents.slug as document_slug,
               documents.url, documents.status, documents.last_success_at,
               documents.last_attempt_at, documents.consecutive_failures,
               documents.last_failure_reason, documents.last_failure_detail,
               documents.held_at,
               suspects.since as suspect_since, suspects.words_before, suspects.words_after,
               (select count(*) from versions where document_id = documents.id) as versions,
               (select max(fetched_at) from versions where document_id = documents.id)
                   as latest_version_at
        from documents join services on services.id = documents.service_id
        left join suspects on suspects.document_id = documents.id
        order by services.name, documents.terms_type
        """,
    )
    diagnoses = current_diagnoses(db)
    for row in rows:
        row["consecutive_failures"] = row["consecutive_failures"] or 0
        row["needs_attention"] = row["status"] in PROBLEM_STATUSES
        row["last_failure_description"] = (
            describe(row["last_failure_reason"]) if row["last_failure_reason"] else None
        )
        row["problem"] = problem_sentence(row)
        found = diagnoses.get((row["service"], row["document"])) if row["needs_attention"] else None
        row["proposal"] = (
            found["summary"] if found and found["status"] in ("proposed", "moved") else None
        )
    return rows


def problem_started(db: Database, row: dict[str, Any]) -> str | None:
    """When a document's current problem began: its first failed, held or suspect fetch."""
    if row["status"] == "suspect":
        return row["suspect_since"]
    if row["status"] == "held_back":
        return row["held_at"]
    if row["status"] != "failing":
        return None
    found = db.execute(
        "select min(fetched_at) from fetches where document_id = ? and outcome = 'failed' "
        "and fetched_at > ?",
        [row["document_id"], row["last_success_at"] or ""],
    ).fetchone()
    return found[0] if found else None


def run_suspects(db: Database, run_id: int) -> list[dict[str, Any]]:
    """The documents a run found collapsed, with their health (``problem`` included)."""
    ids = {
        r[0]
        for r in db.execute(
            "select document_id from fetches where run_id = ? and outcome = 'suspect'", [run_id]
        ).fetchall()
    }
    return [r for r in document_health(db) if r["document_id"] in ids and r["status"] == "suspect"]


def find_document(db: Database, service: str, terms_type: str) -> dict[str, Any]:
    """The document ``terms_type`` of ``service`` (names or slugs, any case).

    Raises :class:`~tracker.errors.StoreError` naming what is tracked when there is
    no such document.
    """
    rows = _rows(
        db,
        "select documents.id, documents.terms_type, documents.status, services.name as service "
        "from documents join services on services.id = documents.service_id "
        "where (services.slug = ? or lower(services.name) = lower(?)) "
        "and (documents.slug = ? or lower(documents.terms_type) = lower(?))",
        [slugify(service), service, slugify(terms_type), terms_type],
    )
    if rows:
        return rows[0]
    known = _rows(
        db,
        "select services.name as service, documents.terms_type as document from documents "
        "join services on services.id = documents.service_id "
        "where services.slug = ? or lower(services.name) = lower(?) order by 2",
        [slugify(service), service],
    )
    if known:
        names = ", ".join(f'"{k["document"]}"' for k in known)
        raise StoreError(
            f'{known[0]["service"]} has no document "{terms_type}" in the database; '
            f"its documents are {names}"
        )
    raise StoreError(
        f"no service \"{service}\" in the database; 'clausewatch status' lists the tracked ones"
    )


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
