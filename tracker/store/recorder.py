"""The recorder: every write a fetch leads to, each in one transaction.

A new version is written only when the *visible text* differs from the latest one
(:func:`tracker.normalize.comparison_key`); an unchanged fetch adds one small row to
``fetches``; a failure is logged and never touches versions.  A smaller text is judged
by :mod:`tracker.store.collapse`: a *collapse* (a broken selector) is held as suspect
and never recorded (:mod:`tracker.store.suspects`); a large but plausible shrink is
held back until a later run gives the same text, then recorded as a rewrite.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from tracker.errors import StoreError
from tracker.items import PageFetch
from tracker.normalize import comparison_key
from tracker.store.analyser import Analyser, revert_date
from tracker.store.collapse import ShrinkRule, Verdict, assess
from tracker.store.compression import pack_text
from tracker.store.db import sha256, utcnow
from tracker.store.diagnoses import keep_failed_page
from tracker.store.fetchlog import CLEAR_HELD, UnchangedLog, fetch_row, healthy
from tracker.store.queries import earlier_versions, latest_version
from tracker.store.snapshots import store_snapshot
from tracker.store.suspects import clear_suspect, hold_suspect, seen_again, suspect_of

EXTRACTOR_VERSION = "1"

logger = logging.getLogger(__name__)


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
    row = fetch_row(run_id, document_id, pages, outcome="failed", reason=reason, detail=detail)
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
            fetch_row(run_id, document_id, (), outcome="skipped", reason=reason, detail=detail)
        )
        db.execute(
            "update documents set status = 'skipped', last_failure_reason = ?, "
            "last_failure_detail = ? where id = ?",
            [reason, detail, document_id],
        )


@dataclass
class RecordResult:
    outcome: str  # "new_version" | "unchanged" | "not_modified" | "held_back" | "suspect"
    version_id: int | None = None
    change_id: int | None = None
    significance: str | None = None
    headline: str | None = None
    detail: str | None = None
    number: int | None = None  # the new version's number


def _set_healthy(db: Database, document_id: int, health: dict[str, Any]) -> None:
    """Write a good fetch's health; a suspect collapse ends with nothing recorded."""
    db["documents"].update(document_id, health)
    clear_suspect(db, document_id)


def _same_text(latest: dict[str, Any] | None, text_hash: str) -> bool:
    return latest is not None and (
        latest["text_hash"] == text_hash
        # a hash from an older comparison_key: compare with today's normalisation
        or sha256(comparison_key(latest["markdown"])) == text_hash
    )


def _verdict(
    analyser: Analyser, latest: dict[str, Any], markdown: str, rule: ShrinkRule
) -> Verdict | None:
    """The shrink rule's verdict on ``markdown`` replacing the latest version."""
    if rule == ShrinkRule.off():
        return None
    return assess(analyser.shape(latest["markdown"]), analyser.shape(markdown), rule)


def _hold_suspect(
    db: Database, run_id: int | None, document_id: int, latest: dict[str, Any],
    pages: Sequence[PageFetch], markdown: str, text_hash: str,
    declaration: dict[str, Any] | None, when: str, verdict: Verdict | None,
) -> RecordResult:  # fmt: skip
    """Hold a collapse as suspect: a log row and the document's health, no version.

    ``verdict`` is None when the same text was already held against the same version.
    """
    with db.atomic():
        if verdict is None:
            detail = seen_again(db, document_id, when)["detail"]
        else:
            detail = hold_suspect(
                db, run_id, document_id, latest["id"], pages, markdown, text_hash,
                declaration, when, verdict,
            )["detail"]  # fmt: skip
        db["fetches"].insert(
            fetch_row(
                run_id,
                document_id,
                pages,
                outcome="suspect",
                reason="suspect_collapse",
                detail=detail,
                version_id=latest["id"],
            )
        )
        db["documents"].update(
            document_id,
            {
                "status": "suspect",
                "last_attempt_at": when,
                "consecutive_failures": 0,
                "last_failure_reason": "suspect_collapse",
                "last_failure_detail": detail,
                **CLEAR_HELD,
            },
        )
    return RecordResult("suspect", latest["id"], detail=detail)


def _hold_back(
    db: Database, run_id: int | None, doc: dict[str, Any], latest: dict[str, Any],
    pages: Sequence[PageFetch], text_hash: str, when: str, detail: str,
) -> RecordResult:  # fmt: skip
    document_id = doc["id"]
    same = doc.get("held_text_hash") == text_hash
    with db.atomic():
        db["fetches"].insert(
            fetch_row(
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
        clear_suspect(db, document_id)  # a plausible text: the collapse is over
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
    rule: ShrinkRule | None = None,
    source_hash: str | None = None,
    body_hash: str | None = None,
) -> RecordResult:
    """Record a successful fetch: a new version if the visible text changed, else a log row.

    A smaller text is judged by ``rule`` (default: the ``crawl.*`` settings; see
    :mod:`tracker.store.collapse`):

    - a *collapse* is held as suspect (outcome ``suspect``, no version), however many
      runs repeat it, until a fetch gives a text that is not a collapse or a person
      confirms it (:func:`tracker.store.confirm.confirm_suspect`);
    - a large shrink is *held back* (outcome ``held_back``, no version) until a fetch
      in a later run gives the same text again; then it is recorded, its headline
      saying the document was largely rewritten.

    The text of the latest version again ends either state with nothing recorded.
    ``analyser`` measures, diffs and flags; it runs before the write transaction, so
    the database is never locked while clauses are compared.  ``source_hash`` (from
    :func:`tracker.extract.extract_pages_unless`) is kept on the document with the
    text hash this fetch matched, for :func:`record_unchanged_source`, and ``body_hash``
    (:func:`tracker.content.raw_source`) beside it.

    Everything (snapshots, version, change, log row, health) commits together.
    """
    key = comparison_key(markdown)
    text_hash = sha256(key)
    when = pages[0].fetched_at or utcnow()
    latest = latest_version(db, document_id)
    health = healthy(when)
    if _same_text(latest, text_hash):
        assert latest is not None
        with db.atomic():
            db["fetches"].insert(
                fetch_row(run_id, document_id, pages, outcome="unchanged", version_id=latest["id"])
            )
            health.update(
                source_hash=source_hash, source_text_hash=latest["text_hash"], body_hash=body_hash
            )
            _set_healthy(db, document_id, health)
        return RecordResult("unchanged", latest["id"])
    shrink = None
    if latest is not None:
        held = suspect_of(db, document_id)
        if held and held["text_hash"] == text_hash and held["version_id"] == latest["id"]:
            # the same collapse again: judged already, nothing to measure
            return _hold_suspect(
                db, run_id, document_id, latest, pages, markdown, text_hash, declaration,
                when, None,
            )  # fmt: skip
        verdict = _verdict(analyser, latest, markdown, rule or ShrinkRule.from_config())
        if verdict is not None and verdict.collapse:
            return _hold_suspect(
                db, run_id, document_id, latest, pages, markdown, text_hash, declaration,
                when, verdict,
            )  # fmt: skip
        if verdict is not None:
            doc = db["documents"].get(document_id)
            confirmed = doc.get("held_text_hash") == text_hash and (
                run_id is None or doc.get("held_run_id") != run_id
            )
            if not confirmed:
                return _hold_back(db, run_id, doc, latest, pages, text_hash, when, verdict.detail())
            shrink = verdict.kind
    # the analysis runs outside the write transaction
    key = analyser.revert_key(markdown)
    change = None
    if latest is not None:
        reverted = revert_date(earlier_versions(db, document_id, latest["number"]), latest,
                               text_hash, key)  # fmt: skip
        change = analyser.change(
            latest["markdown"], markdown, new_date=when, revert_of=reverted, shrink=shrink
        )
    flags = analyser.version_flags(markdown)
    with db.atomic():
        now_latest = latest_version(db, document_id)
        if (now_latest or {}).get("id") != (latest or {}).get("id"):  # pragma: no cover
            raise StoreError(
                f"document {document_id} got a new version while this fetch was being "
                "recorded; two writers share the database (the run lock prevents this)"
            )
        version_id = insert_version(
            db,
            document_id,
            (latest["number"] + 1) if latest else 1,
            markdown,
            when,
            [store_snapshot(db, page) for page in pages],
            [p.final_url or p.url for p in pages],
            declaration,
            flags,
            key,
        )
        result = RecordResult("new_version", version_id)
        if latest is not None and change is not None:
            result.change_id = insert_change(
                db, document_id, latest["id"], version_id, when, change
            )
            result.significance, result.headline = change["significance"], change["headline"]
        db["fetches"].insert(
            fetch_row(run_id, document_id, pages, outcome="new_version", version_id=version_id)
        )
        health.update(source_hash=source_hash, source_text_hash=text_hash, body_hash=body_hash)
        _set_healthy(db, document_id, health)
        return result


def insert_version(
    db: Database,
    document_id: int,
    number: int,
    markdown: str,
    fetched_at: str,
    snapshot_ids: list[int],
    source_urls: list[str],
    declaration: dict[str, Any] | None,
    flags: str | None,
    revert_key: str | None = None,
) -> int:
    """Write one ``versions`` row (inside the caller's transaction); return its id."""
    return int(
        db["versions"]
        .insert(
            {
                "document_id": document_id,
                "number": number,
                "markdown": pack_text(markdown),
                "text_hash": sha256(comparison_key(markdown)),
                "fetched_at": fetched_at,
                "snapshot_id": snapshot_ids[0],
                "snapshot_ids": json.dumps(snapshot_ids),
                "source_urls": json.dumps(source_urls),
                "declaration": json.dumps(declaration or {}, sort_keys=True),
                "extractor": EXTRACTOR_VERSION,
                "flags": pack_text(flags),
                "revert_key": revert_key,
            }
        )
        .last_pk
    )


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
    body_hash: str | None = None,
) -> RecordResult | None:
    """Record a fetch whose source is the document's known one as ``unchanged``.

    The same selected fragments, through the same extractor, give the same Markdown as
    the fetch that stored ``source_hash``, whose text matched the latest version.
    Returns ``None``, writing nothing, when that no longer holds (the caller then
    extracts the Markdown and calls :func:`record_pages`).  A crawl writes many such
    fetches at once with :class:`tracker.store.fetchlog.UnchangedLog`; this is a batch
    of one.
    """
    log = UnchangedLog(db, run_id)
    if log.add(document_id, pages, source_hash, body_hash) or log.flush():
        return None
    return RecordResult("unchanged", log.versions[document_id])


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
                fetch_row(
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
        row = fetch_row(run_id, document_id, pages, outcome="not_modified", version_id=latest["id"])
        validators = validators or {}
        row["etag"] = row["etag"] or validators.get("If-None-Match")
        row["last_modified"] = row["last_modified"] or validators.get("If-Modified-Since")
        db["fetches"].insert(row)
        _set_healthy(db, document_id, healthy(when))
        return RecordResult("not_modified", latest["id"])


def set_origin(db: Database, version_id: int, origin: str, ref: str | None) -> None:
    """Mark a version as imported history (``ota``, ``ota_upgrade``, ``wayback``)."""
    db.execute(
        "update versions set origin = ?, origin_ref = ? where id = ?", [origin, ref, version_id]
    )
