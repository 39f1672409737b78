"""A person accepts a suspect collapse as a real cut: ``clausewatch confirm``.

A collapse is never recorded on its own (:mod:`tracker.store.suspects`): a broken
selector confirms itself run after run.  When a document really was cut to a
fragment, a person says so; the held text then becomes one version and one change,
marked with who confirmed it and when (``changes.confirmed_by``/``confirmed_at``).
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from tracker.errors import StoreError
from tracker.store.analyser import Analyser
from tracker.store.db import utcnow
from tracker.store.queries import find_document, latest_version
from tracker.store.recorder import RecordResult, insert_change, insert_version
from tracker.store.suspects import clear_suspect, suspect_of


def _held(db: Database, document: dict[str, Any]) -> dict[str, Any]:
    held = suspect_of(db, document["id"])
    if held is None:
        raise StoreError(
            f'{document["service"]} "{document["terms_type"]}" is not a suspect collapse '
            f"(its status is {document['status']}): there is nothing to confirm; "
            "'clausewatch status --problems' lists the documents that need attention"
        )
    return held


def confirm_suspect(
    db: Database,
    service: str,
    terms_type: str,
    by: str,
    analyser: Analyser,
    when: str | None = None,
) -> RecordResult:
    """Record a document's suspect text as one change, confirmed by ``by`` at ``when``.

    The version is the held text as it was fetched (its snapshots, URLs and
    declaration), dated when that text was first fetched; the change's headline says
    the document was cut and that a person confirmed it.  The document is healthy
    again.  Raises :class:`~tracker.errors.StoreError` when there is no such document,
    it is not suspect, or ``by`` is empty.
    """
    by = by.strip()
    if not by:
        raise StoreError("say who confirms the cut: --by NAME (a name or an e-mail address)")
    document = find_document(db, service, terms_type)
    held = _held(db, document)
    latest = latest_version(db, document["id"])
    if latest is None:  # pragma: no cover - a suspect is always judged against a version
        raise StoreError(f"document {document['id']} has no version to compare the cut with")
    # the analysis runs outside the write transaction
    change = analyser.change(
        latest["markdown"], held["markdown"], new_date=held["fetched_at"], shrink="collapse"
    )
    key = analyser.revert_key(held["markdown"])
    flags = analyser.version_flags(held["markdown"])
    when = when or utcnow()
    with db.atomic():
        now = suspect_of(db, document["id"])
        now_latest = latest_version(db, document["id"])
        if (
            now is None
            or now["text_hash"] != held["text_hash"]
            or now_latest is None
            or now_latest["id"] != latest["id"]
        ):
            raise StoreError(
                f'{document["service"]} "{document["terms_type"]}" changed while it was being '
                "confirmed (a crawl recorded it); run 'clausewatch status' and try again"
            )
        version_id = insert_version(
            db,
            document["id"],
            latest["number"] + 1,
            held["markdown"],
            held["fetched_at"],
            json.loads(held["snapshot_ids"]),
            json.loads(held["source_urls"] or "[]"),
            json.loads(held["declaration"] or "{}"),
            flags,
            key,
        )
        change_id = insert_change(
            db,
            document["id"],
            latest["id"],
            version_id,
            held["fetched_at"],
            {**change, "confirmed_by": by, "confirmed_at": when},
        )
        clear_suspect(db, document["id"])
        db["documents"].update(
            document["id"],
            # the next fetch is extracted in full and compared with the confirmed text
            {"status": "ok", "consecutive_failures": 0, "source_hash": None},
        )
    return RecordResult(
        "new_version",
        version_id,
        change_id,
        change["significance"],
        change["headline"],
        number=latest["number"] + 1,
    )
