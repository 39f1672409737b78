"""SQLite storage through sqlite-utils: services, documents, snapshots, versions, changes, runs.

Snapshots first, versions derived (as in Open Terms Archive): the raw body of every
fetch that produced a version is kept, zlib-compressed and deduplicated by content
hash, so :func:`reextract` can rebuild every version when extraction improves.

A new version is written only when the *visible text* differs from the latest one
(:func:`tracker.normalize.comparison_key`); an unchanged fetch adds one small row to
``fetches``.  Every write that belongs together happens in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracker.catalog import Catalog, DocumentSpec, slugify
from tracker.migrations import migrations
from tracker.normalize import comparison_key

EXTRACTOR_VERSION = "1"
logger = logging.getLogger(__name__)


class StoreError(Exception):
    """The database cannot be used; the message says which file and what to do."""


def utcnow() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def open_db(path: str | Path, create: bool = True) -> Database:
    """Open (and create or upgrade) a clausewatch database.

    Raises :class:`StoreError` for a missing database when ``create`` is false, for a
    file that is not a SQLite database, or for a damaged one.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise StoreError(
                f"{path}: database not found; run 'clausewatch crawl --db {path}' first"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        db = Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=30000")
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path}: not a usable clausewatch database ({exc}). If a crash damaged it, "
            f"run 'sqlite3 {path} .recover' into a new file, or move it aside to start afresh"
        ) from exc
    return db


def check_integrity(db: Database) -> list[str]:
    """``PRAGMA integrity_check`` problems (empty when the database is sound)."""
    rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


# --- catalog ------------------------------------------------------------------


def ensure_document(db: Database, spec: DocumentSpec) -> int:
    """Insert or update the service and document rows of a declaration; return the doc id."""
    service_slug = slugify(spec.service)
    service = db["services"].rows_where("slug = ?", [service_slug])
    row = next(iter(service), None)
    if row is None:
        service_id = (
            db["services"]
            .insert(
                {"name": spec.service, "slug": service_slug, "declaration_file": spec.source_file}
            )
            .last_pk
        )
    else:
        service_id = row["id"]
        if row["name"] != spec.service or row["declaration_file"] != spec.source_file:
            db["services"].update(
                service_id, {"name": spec.service, "declaration_file": spec.source_file}
            )
    values = {
        "url": spec.url,
        "declaration": json.dumps(spec.declaration(), sort_keys=True),
        "language": spec.language,
        "jurisdiction": spec.jurisdiction,
    }
    doc = next(
        iter(
            db["documents"].rows_where(
                "service_id = ? and terms_type = ?", [service_id, spec.terms_type]
            )
        ),
        None,
    )
    if doc is None:
        return int(
            db["documents"]
            .insert(
                {
                    "service_id": service_id,
                    "terms_type": spec.terms_type,
                    "slug": slugify(spec.terms_type),
                    "created_at": utcnow(),
                    "status": "pending",
                    "consecutive_failures": 0,
                    **values,
                }
            )
            .last_pk
        )
    if any(doc[k] != v for k, v in values.items()):
        db["documents"].update(doc["id"], values)
    return int(doc["id"])


def sync_catalog(db: Database, catalog: Catalog) -> dict[str, int]:
    """Make sure every catalog document has its rows; return ``{doc.key: document_id}``."""
    with db.atomic():
        return {doc.key: ensure_document(db, doc) for doc in catalog.documents}


# --- runs ---------------------------------------------------------------------


def start_run(db: Database, catalog: str, pid: int | None = None) -> int:
    return int(
        db["runs"]
        .insert({"started_at": utcnow(), "catalog": catalog, "status": "running", "pid": pid})
        .last_pk
    )


def run_summary(db: Database, run_id: int) -> dict[str, Any]:
    """Counts of a run's fetches by outcome, and failures by reason."""
    outcomes: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for row in db.execute(
        "select outcome, reason, count(*) from fetches where run_id = ? group by outcome, reason",
        [run_id],
    ).fetchall():
        outcomes[row[0]] = outcomes.get(row[0], 0) + row[2]
        if row[0] == "failed":
            reasons[row[1]] = reasons.get(row[1], 0) + row[2]
    changed = outcomes.get("new_version", 0)
    failed = outcomes.get("failed", 0)
    return {
        "checked": sum(outcomes.values()) - outcomes.get("skipped", 0),
        "unchanged": outcomes.get("unchanged", 0) + outcomes.get("not_modified", 0),
        "not_modified": outcomes.get("not_modified", 0),
        "changed": changed,
        "failed": failed,
        "skipped": outcomes.get("skipped", 0),
        "held_back": outcomes.get("held_back", 0),
        "failed_by_reason": reasons,
    }


def finish_run(
    db: Database, run_id: int, status: str | None = None, finished_at: str | None = None
) -> dict[str, Any]:
    """Close a run: store its summary and status ("ok", "attention" or given).

    The status is "attention" when a fetch failed or a shrink was held back.
    """
    summary = run_summary(db, run_id)
    run = db["runs"].get(run_id)
    started = datetime.fromisoformat(run["started_at"].replace("Z", "+00:00"))
    finished = finished_at or utcnow()
    summary["seconds"] = round(
        (datetime.fromisoformat(finished.replace("Z", "+00:00")) - started).total_seconds(), 2
    )
    if status is None:
        status = "attention" if summary["failed"] or summary["held_back"] else "ok"
    summary["status"] = status
    db["runs"].update(
        run_id,
        {
            "finished_at": finished,
            "status": status,
            "checked": summary["checked"],
            "unchanged": summary["unchanged"],
            "changed": summary["changed"],
            "failed": summary["failed"],
            "report": json.dumps(summary),
        },
    )
    return summary


def pid_alive(pid: int | None) -> bool:
    """Whether a process with this id exists (on this machine)."""
    if not pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_crashed_runs(db: Database, keep: Iterable[int] = ()) -> list[int]:
    """Close runs left "running" by a process that no longer exists, as "crashed".

    What such a run committed stays; its summary counts it.  Returns the run ids.
    """
    keep = set(keep)
    crashed = [
        int(row[0])
        for row in db.execute("select id, pid from runs where status = 'running'").fetchall()
        if row[0] not in keep and not pid_alive(row[1])
    ]
    for run_id in crashed:
        last = db.execute(
            "select max(fetched_at) from fetches where run_id = ?", [run_id]
        ).fetchone()[0]
        with db.atomic():
            finish_run(db, run_id, "crashed", finished_at=last)
    return crashed


# --- fetch results ------------------------------------------------------------


@dataclass
class PageFetch:
    """One fetched page: what the spider saw."""

    url: str
    final_url: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: str = ""
    # Scrapy response flags, e.g. "dataloss" for a body cut short
    flags: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def _fetch_row(
    run_id: int | None, document_id: int, pages: Sequence[PageFetch], **extra: Any
) -> dict:
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


def record_failure(
    db: Database,
    run_id: int | None,
    document_id: int,
    reason: str,
    detail: str,
    pages: Sequence[PageFetch] = (),
    url: str | None = None,
) -> None:
    """Log a failed attempt. Never touches versions: a failure is never a change."""
    row = _fetch_row(run_id, document_id, pages, outcome="failed", reason=reason, detail=detail)
    if url and not row["url"]:
        row["url"] = url
    with db.atomic():
        db["fetches"].insert(row)
        db.execute(
            "update documents set status = 'failing', last_attempt_at = ?, "
            "last_failure_reason = ?, last_failure_detail = ?, "
            "consecutive_failures = coalesce(consecutive_failures, 0) + 1 where id = ?",
            [row["fetched_at"], reason, detail, document_id],
        )


def record_skip(
    db: Database, run_id: int | None, document_id: int, reason: str, detail: str
) -> None:
    with db.atomic():
        db["fetches"].insert(
            _fetch_row(run_id, document_id, (), outcome="skipped", reason=reason, detail=detail)
        )
        db.execute(
            "update documents set status = 'skipped', last_failure_reason = ?, "
            "last_failure_detail = ? where id = ?",
            [reason, detail, document_id],
        )


def latest_version(db: Database, document_id: int) -> dict[str, Any] | None:
    rows = db.execute(
        "select * from versions where document_id = ? order by number desc limit 1", [document_id]
    )
    cols = [c[0] for c in rows.description]
    row = rows.fetchone()
    return dict(zip(cols, row, strict=True)) if row else None


def store_snapshot(db: Database, page: PageFetch) -> int:
    """Insert the raw body once per content hash; return the snapshot id."""
    digest = sha256(page.body)
    existing = db.execute("select id from snapshots where hash = ?", [digest]).fetchone()
    if existing:
        return int(existing[0])
    return int(
        db["snapshots"]
        .insert(
            {
                "hash": digest,
                "body": zlib.compress(page.body, 6),
                "size": len(page.body),
                "content_type": page.content_type,
                "url": page.final_url or page.url,
                "first_fetched_at": page.fetched_at or utcnow(),
            }
        )
        .last_pk
    )


def snapshot_body(db: Database, snapshot_id: int) -> bytes:
    row = db.execute("select body from snapshots where id = ?", [snapshot_id]).fetchone()
    if row is None:
        raise StoreError(f"snapshot {snapshot_id} is missing from the database")
    return zlib.decompress(row[0])


def snapshot_text(db: Database, snapshot_id: int) -> str:
    """A snapshot's page decoded as the crawl decoded it (HTTP charset, meta, UTF-8)."""
    from tracker.extract import decode_html

    row = db.execute("select content_type from snapshots where id = ?", [snapshot_id]).fetchone()
    return decode_html(snapshot_body(db, snapshot_id), row[0] if row else None)


@dataclass
class RecordResult:
    outcome: str  # "new_version" | "unchanged" | "not_modified" | "held_back"
    version_id: int | None = None
    change_id: int | None = None
    significance: str | None = None
    headline: str | None = None
    detail: str | None = None


# A document that loses more than this fraction of its text is held back (see record_pages)


def default_max_shrink() -> float:
    """``crawl.max_shrink`` from the settings file or ``$CLAUSEWATCH_MAX_SHRINK``."""
    from tracker.config import load_config

    return float(load_config().get("crawl.max_shrink"))


_CLEAR_HELD = {"held_text_hash": None, "held_run_id": None, "held_at": None, "held_detail": None}


def _healthy(when: str, **extra: Any) -> dict[str, Any]:
    """The document columns of a successful fetch at ``when`` (any hold is cleared)."""
    return {
        "status": "ok",
        "last_attempt_at": when,
        "last_success_at": when,
        "consecutive_failures": 0,
        **_CLEAR_HELD,
        **extra,
    }


def _insert_change(
    db: Database, document_id: int, old: dict[str, Any], new_id: int, new_markdown: str, when: str
) -> tuple[int, str, str]:
    from tracker.analysis import analyse, effective_date

    row: dict[str, Any] = {
        "document_id": document_id,
        "from_version_id": old["id"],
        "to_version_id": new_id,
        "detected_at": when,
    }
    try:
        analysis = analyse(old["markdown"], new_markdown)
    except Exception as exc:  # never lose a version because the analysis failed
        logger.exception("clause analysis failed for document %s", document_id)
        row.update(
            significance="substantive",
            headline=f"Text changed (clause analysis failed: {type(exc).__name__}; "
            "run 'clausewatch reextract' after upgrading)",
            stats="{}",
            diff="{}",
            flags="[]",
            effective_date=effective_date(new_markdown),
        )
    else:
        diff = analysis.diff.to_dict()
        row.update(
            significance=analysis.significance if analysis.significance != "none" else "minor",
            headline=analysis.headline,
            stats=json.dumps(diff["stats"]),
            diff=json.dumps(diff),
            flags=json.dumps([f.to_dict() for f in analysis.report.flags]),
            effective_date=analysis.effective_date,
        )
    change_id = int(db["changes"].insert(row).last_pk)
    return change_id, row["significance"], row["headline"]


def record_pages(
    db: Database,
    run_id: int | None,
    document_id: int,
    pages: Sequence[PageFetch],
    markdown: str,
    declaration: dict[str, Any] | None = None,
    max_shrink: float | None = None,
    source_hash: str | None = None,
) -> RecordResult:
    """Record a successful fetch: a new version if the visible text changed, else a log row.

    A text that lost more than ``max_shrink`` (a fraction; default
    ``$CLAUSEWATCH_MAX_SHRINK`` or 0.5; 1 or more disables the check) of the latest
    version's text is *held back* (outcome ``held_back``, no version) until a fetch in
    a later run gives the same text again; then it is recorded.

    ``source_hash`` (from :func:`tracker.extract.extract_pages_unless`) is kept on the
    document with the text hash this fetch matched, for :func:`record_unchanged_source`.

    Everything (snapshots, version, change, log row, health) commits together.
    """
    key = comparison_key(markdown)
    text_hash = sha256(key)
    when = pages[0].fetched_at or utcnow()
    limit = default_max_shrink() if max_shrink is None else max_shrink
    with db.atomic():
        latest = latest_version(db, document_id)
        doc = db["documents"].get(document_id)
        health = _healthy(when)
        if latest is not None and (
            latest["text_hash"] == text_hash
            # a hash from an older comparison_key: compare with today's normalisation
            or sha256(comparison_key(latest["markdown"])) == text_hash
        ):
            db["fetches"].insert(
                _fetch_row(run_id, document_id, pages, outcome="unchanged", version_id=latest["id"])
            )
            health.update(source_hash=source_hash, source_text_hash=latest["text_hash"])
            db["documents"].update(document_id, health)
            return RecordResult("unchanged", latest["id"])
        if latest is not None and limit < 1:
            old_size = len(comparison_key(latest["markdown"]))
            lost = 1 - len(key) / old_size if old_size else 0.0
            confirmed = doc.get("held_text_hash") == text_hash and (
                run_id is None or doc.get("held_run_id") != run_id
            )
            if lost > limit and not confirmed:
                detail = (
                    f"the text shrank from {old_size} to {len(key)} characters "
                    f"(-{lost:.0%}, more than CLAUSEWATCH_MAX_SHRINK={limit:g}); held back "
                    "until a later run gives the same text"
                )
                same = doc.get("held_text_hash") == text_hash
                db["fetches"].insert(
                    _fetch_row(
                        run_id,
                        document_id,
                        pages,
                        outcome="held_back",
                        reason="suspicious_shrink",
                        detail=detail,
                        version_id=latest["id"],
                    )
                )
                db["documents"].update(
                    document_id,
                    {
                        "status": "held_back",
                        "last_attempt_at": when,
                        "last_failure_reason": "suspicious_shrink",
                        "last_failure_detail": detail,
                        "held_text_hash": text_hash,
                        "held_run_id": doc.get("held_run_id") if same else run_id,
                        "held_at": doc.get("held_at") if same else when,
                        "held_detail": detail,
                        "source_hash": None,
                    },
                )
                return RecordResult("held_back", latest["id"], detail=detail)
        snapshot_ids = [store_snapshot(db, page) for page in pages]
        version_id = int(
            db["versions"]
            .insert(
                {
                    "document_id": document_id,
                    "number": (latest["number"] + 1) if latest else 1,
                    "markdown": markdown,
                    "text_hash": text_hash,
                    "fetched_at": when,
                    "snapshot_id": snapshot_ids[0],
                    "snapshot_ids": json.dumps(snapshot_ids),
                    "source_urls": json.dumps([p.final_url or p.url for p in pages]),
                    "declaration": json.dumps(declaration or {}, sort_keys=True),
                    "extractor": EXTRACTOR_VERSION,
                }
            )
            .last_pk
        )
        result = RecordResult("new_version", version_id)
        if latest is not None:
            result.change_id, result.significance, result.headline = _insert_change(
                db, document_id, latest, version_id, markdown, when
            )
        db["fetches"].insert(
            _fetch_row(run_id, document_id, pages, outcome="new_version", version_id=version_id)
        )
        health.update(source_hash=source_hash, source_text_hash=text_hash)
        db["documents"].update(document_id, health)
        return result


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


def record_unchanged_source(
    db: Database,
    run_id: int | None,
    document_id: int,
    pages: Sequence[PageFetch],
    source_hash: str,
) -> RecordResult | None:
    """Record a fetch whose source is the document's known one as ``unchanged``.

    The same selected fragments, through the same extractor, give the same Markdown as
    the fetch that stored ``source_hash``, whose text matched the latest version.
    Returns ``None``, writing nothing, when that no longer holds (the caller then
    extracts the Markdown and calls :func:`record_pages`).
    """
    when = pages[0].fetched_at or utcnow()
    with db.atomic():
        row = db.execute(
            "select versions.id, versions.text_hash = documents.source_text_hash "
            "and documents.source_hash = ? from documents join versions on "
            "versions.document_id = documents.id where documents.id = ? "
            "order by versions.number desc limit 1",
            [source_hash, document_id],
        ).fetchone()
        if row is None or not row[1]:
            return None
        db["fetches"].insert(
            _fetch_row(run_id, document_id, pages, outcome="unchanged", version_id=row[0])
        )
        db["documents"].update(document_id, _healthy(when))
        return RecordResult("unchanged", row[0])


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


def record_not_modified(
    db: Database,
    run_id: int | None,
    document_id: int,
    pages: Sequence[PageFetch],
    validators: dict[str, str] | None = None,
) -> RecordResult:
    """Record a ``304 Not Modified``: the latest version still holds (outcome ``not_modified``).

    ``validators`` are the conditional headers that were sent; they are kept on the
    log row when the 304 does not repeat them, so the next fetch can send them again.
    """
    when = (pages[0].fetched_at if pages else None) or utcnow()
    with db.atomic():
        latest = latest_version(db, document_id)
        if latest is None:
            detail = "HTTP 304 Not Modified, but no version was ever recorded"
            db["fetches"].insert(
                _fetch_row(
                    run_id, document_id, pages, outcome="failed", reason="http_error", detail=detail
                )
            )
            db.execute(
                "update documents set status = 'failing', last_attempt_at = ?, "
                "last_failure_reason = 'http_error', last_failure_detail = ?, "
                "consecutive_failures = coalesce(consecutive_failures, 0) + 1 where id = ?",
                [when, detail, document_id],
            )
            return RecordResult("failed", detail=detail)
        row = _fetch_row(
            run_id, document_id, pages, outcome="not_modified", version_id=latest["id"]
        )
        validators = validators or {}
        row["etag"] = row["etag"] or validators.get("If-None-Match")
        row["last_modified"] = row["last_modified"] or validators.get("If-Modified-Since")
        db["fetches"].insert(row)
        db["documents"].update(document_id, _healthy(when))
        return RecordResult("not_modified", latest["id"])


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
    from tracker.failures import describe

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


# --- reading ------------------------------------------------------------------

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


def _rows(db: Database, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    cols = [c[0] for c in cursor.description]
    return [dict(zip(cols, row, strict=True)) for row in cursor.fetchall()]


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
        out.append(item)
    return out


# --- reextract ----------------------------------------------------------------


@dataclass
class ReextractReport:
    documents: int = 0
    versions_before: int = 0
    versions_after: int = 0
    changed_texts: int = 0
    errors: list[str] = field(default_factory=list)


def reextract(db: Database, dry_run: bool = False) -> ReextractReport:
    """Rebuild every version from its stored snapshots with the current extractor.

    Consecutive snapshots that now extract to the same visible text are merged into
    one version, and the changes between versions are recomputed.  A document whose
    snapshots no longer extract is left exactly as it was, and reported.
    """
    from tracker.extract import ExtractionError, extract_pages

    report = ReextractReport()
    for doc in _rows(db, "select id, slug from documents order by id"):
        versions = _rows(
            db, "select * from versions where document_id = ? order by number", [doc["id"]]
        )
        if not versions:
            continue
        report.documents += 1
        report.versions_before += len(versions)
        texts: list[str] = []
        try:
            for v in versions:
                decl = json.loads(v["declaration"] or "{}").get("pages") or []
                ids = json.loads(v["snapshot_ids"] or "[]") or [v["snapshot_id"]]
                urls = json.loads(v["source_urls"] or "[]")
                if len(decl) != len(ids):
                    raise ExtractionError("the stored declaration does not match the snapshots")
                pages = [
                    (snapshot_text(db, sid), spec, urls[i] if i < len(urls) else spec["fetch"])
                    for i, (sid, spec) in enumerate(zip(ids, decl, strict=True))
                ]
                texts.append(extract_pages(pages))
        except (ExtractionError, StoreError) as exc:
            report.errors.append(f"document {doc['id']} ({doc['slug']}): {exc}; left unchanged")
            report.versions_after += len(versions)
            continue
        keep: list[tuple[dict[str, Any], str]] = []
        for v, text in zip(versions, texts, strict=True):
            if keep and sha256(comparison_key(keep[-1][1])) == sha256(comparison_key(text)):
                continue
            keep.append((v, text))
        report.versions_after += len(keep)
        report.changed_texts += sum(1 for v, t in keep if t != v["markdown"])
        if dry_run:
            continue
        with db.atomic():
            kept_ids = [v["id"] for v, _ in keep]
            db.execute("delete from changes where document_id = ?", [doc["id"]])
            for v in versions:
                if v["id"] not in kept_ids:
                    # point log rows at the version that now carries this text
                    target = (
                        max(k for k in kept_ids if k <= v["id"])
                        if any(k <= v["id"] for k in kept_ids)
                        else kept_ids[0]
                    )
                    db.execute(
                        "update fetches set version_id = ? where version_id = ?", [target, v["id"]]
                    )
                    db.execute("delete from versions where id = ?", [v["id"]])
            for number, (v, text) in enumerate(keep, start=1):
                db.execute(
                    "update versions set number = ?, markdown = ?, text_hash = ?, extractor = ? "
                    "where id = ?",
                    [-number, text, sha256(comparison_key(text)), EXTRACTOR_VERSION, v["id"]],
                )
            db.execute("update versions set number = -number where document_id = ?", [doc["id"]])
            for (old, old_text), (new, new_text) in zip(keep, keep[1:], strict=False):
                _insert_change(
                    db,
                    doc["id"],
                    {"id": old["id"], "markdown": old_text},
                    new["id"],
                    new_text,
                    new["fetched_at"],
                )
    return report
