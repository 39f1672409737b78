"""The recorder: every write a fetch leads to, each in one transaction.

A new version is written only when the *visible text* differs from the latest one
(:func:`tracker.normalize.comparison_key`); an unchanged fetch adds one small row to
``fetches``; a failure is logged and never touches versions.  A text that shrank too
much is held back until a later run confirms it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlite_utils import Database

from tracker.errors import StoreError
from tracker.items import PageFetch
from tracker.normalize import comparison_key
from tracker.store.db import sha256, utcnow
from tracker.store.diagnoses import keep_failed_page
from tracker.store.queries import latest_version
from tracker.store.snapshots import store_snapshot

EXTRACTOR_VERSION = "1"

logger = logging.getLogger(__name__)


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
    """Log a failed attempt. Never touches versions: a failure is never a change.

    The pages of a selector that matched nothing are kept for the selector doctor
    (:func:`tracker.store.diagnoses.keep_failed_page`).
    """
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
        if reason == "selector_no_match":
            keep_failed_page(db, document_id, pages, reason, detail, row["fetched_at"])


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


@dataclass
class RecordResult:
    outcome: str  # "new_version" | "unchanged" | "not_modified" | "held_back"
    version_id: int | None = None
    change_id: int | None = None
    significance: str | None = None
    headline: str | None = None
    detail: str | None = None


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


class Analyser(Protocol):
    """What the recorder is given to analyse a new version (see :mod:`tracker.analysis`).

    The store never imports the differ or the flagger; it writes what this returns.
    """

    def change(self, old_markdown: str, new_markdown: str) -> dict[str, Any]:
        """The ``changes`` columns: significance, headline, stats, diff, flags, rows…"""
        ...

    def version_flags(self, markdown: str) -> str | None:
        """The ``versions.flags`` column (JSON), or None when it cannot be computed."""
        ...


def _same_text(latest: dict[str, Any] | None, text_hash: str) -> bool:
    return latest is not None and (
        latest["text_hash"] == text_hash
        # a hash from an older comparison_key: compare with today's normalisation
        or sha256(comparison_key(latest["markdown"])) == text_hash
    )


def _shrink_detail(
    doc: dict[str, Any], latest: dict[str, Any], key: str, text_hash: str, run_id: int | None,
    limit: float,
) -> str | None:  # fmt: skip
    """Why the new text must be held back (it lost too much), or None."""
    if limit >= 1:
        return None
    old_size = len(comparison_key(latest["markdown"]))
    lost = 1 - len(key) / old_size if old_size else 0.0
    confirmed = doc.get("held_text_hash") == text_hash and (
        run_id is None or doc.get("held_run_id") != run_id
    )
    if lost <= limit or confirmed:
        return None
    return (
        f"the text shrank from {old_size} to {len(key)} characters "
        f"(-{lost:.0%}, more than CLAUSEWATCH_MAX_SHRINK={limit:g}); held back "
        "until a later run gives the same text"
    )


def _hold_back(
    db: Database, run_id: int | None, doc: dict[str, Any], latest: dict[str, Any],
    pages: Sequence[PageFetch], text_hash: str, when: str, detail: str,
) -> RecordResult:  # fmt: skip
    document_id = doc["id"]
    same = doc.get("held_text_hash") == text_hash
    with db.atomic():
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


def record_pages(
    db: Database,
    run_id: int | None,
    document_id: int,
    pages: Sequence[PageFetch],
    markdown: str,
    declaration: dict[str, Any] | None = None,
    *,
    analyser: Analyser,
    max_shrink: float | None = None,
    source_hash: str | None = None,
) -> RecordResult:
    """Record a successful fetch: a new version if the visible text changed, else a log row.

    A text that lost more than ``max_shrink`` (a fraction; default
    ``$CLAUSEWATCH_MAX_SHRINK`` or 0.5; 1 or more disables the check) of the latest
    version's text is *held back* (outcome ``held_back``, no version) until a fetch in
    a later run gives the same text again; then it is recorded.

    ``analyser`` diffs and flags a new version; it runs before the write transaction,
    so the database is never locked while clauses are compared.  ``source_hash`` (from
    :func:`tracker.extract.extract_pages_unless`) is kept on the document with the
    text hash this fetch matched, for :func:`record_unchanged_source`.

    Everything (snapshots, version, change, log row, health) commits together.
    """
    key = comparison_key(markdown)
    text_hash = sha256(key)
    when = pages[0].fetched_at or utcnow()
    limit = default_max_shrink() if max_shrink is None else max_shrink
    latest = latest_version(db, document_id)
    health = _healthy(when)
    if _same_text(latest, text_hash):
        assert latest is not None
        with db.atomic():
            db["fetches"].insert(
                _fetch_row(run_id, document_id, pages, outcome="unchanged", version_id=latest["id"])
            )
            health.update(source_hash=source_hash, source_text_hash=latest["text_hash"])
            db["documents"].update(document_id, health)
        return RecordResult("unchanged", latest["id"])
    if latest is not None:
        doc = db["documents"].get(document_id)
        detail = _shrink_detail(doc, latest, key, text_hash, run_id, limit)
        if detail is not None:
            return _hold_back(db, run_id, doc, latest, pages, text_hash, when, detail)
    # the analysis runs outside the write transaction
    change = analyser.change(latest["markdown"], markdown) if latest is not None else None
    flags = analyser.version_flags(markdown)
    with db.atomic():
        now_latest = latest_version(db, document_id)
        if (now_latest or {}).get("id") != (latest or {}).get("id"):  # pragma: no cover
            raise StoreError(
                f"document {document_id} got a new version while this fetch was being "
                "recorded; two writers share the database (the run lock prevents this)"
            )
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
                    "flags": flags,
                }
            )
            .last_pk
        )
        result = RecordResult("new_version", version_id)
        if latest is not None and change is not None:
            result.change_id = insert_change(
                db, document_id, latest["id"], version_id, when, change
            )
            result.significance, result.headline = change["significance"], change["headline"]
        db["fetches"].insert(
            _fetch_row(run_id, document_id, pages, outcome="new_version", version_id=version_id)
        )
        health.update(source_hash=source_hash, source_text_hash=text_hash)
        db["documents"].update(document_id, health)
        return result


def insert_change(
    db: Database,
    document_id: int,
    from_version_id: int,
    to_version_id: int,
    when: str,
    columns: dict[str, Any],
) -> int:
    """Write one ``changes`` row from an :class:`Analyser`'s columns; return its id."""
    row = {
        "document_id": document_id,
        "from_version_id": from_version_id,
        "to_version_id": to_version_id,
        "detected_at": when,
        **columns,
    }
    return int(db["changes"].insert(row).last_pk)


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


def replace_history(
    db: Database,
    document_id: int,
    versions: list[dict[str, Any]],
    keep: list[tuple[dict[str, Any], str]],
    flags: list[str | None],
    changes: list[dict[str, Any]],
) -> None:
    """Rewrite a document's versions and changes after ``reextract``, in one transaction.

    ``keep`` lists the versions that remain, each with its new text, and ``flags`` and
    ``changes`` their analysis (one change per consecutive pair).  Versions merged into
    an earlier one are deleted, and their log rows point at the version that now
    carries their text.  Version numbers are renumbered 1, 2, 3….
    """
    with db.atomic():
        kept_ids = [v["id"] for v, _ in keep]
        db.execute("delete from changes where document_id = ?", [document_id])
        for v in versions:
            if v["id"] not in kept_ids:
                earlier = [k for k in kept_ids if k <= v["id"]]
                target = max(earlier) if earlier else kept_ids[0]
                db.execute(
                    "update fetches set version_id = ? where version_id = ?", [target, v["id"]]
                )
                db.execute("delete from versions where id = ?", [v["id"]])
        for number, ((v, text), version_flags) in enumerate(zip(keep, flags, strict=True), 1):
            db.execute(
                "update versions set number = ?, markdown = ?, text_hash = ?, extractor = ?, "
                "flags = ? where id = ?",
                [-number, text, sha256(comparison_key(text)), EXTRACTOR_VERSION, version_flags,
                 v["id"]],
            )  # fmt: skip
        db.execute("update versions set number = -number where document_id = ?", [document_id])
        for (old, _), (new, _), columns in zip(keep[:-1], keep[1:], changes, strict=True):
            insert_change(db, document_id, old["id"], new["id"], new["fetched_at"], columns)
