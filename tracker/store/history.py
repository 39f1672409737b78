"""Rewrite a document's recorded history after ``clausewatch reextract``.

Versions are re-derived from their snapshots; consecutive equal texts merge, a text
that is now a *collapse* of the version before it (:mod:`tracker.store.collapse`) is
taken out of the history (its fetches become ``suspect``), and a person's confirmation
of a cut (``changes.confirmed_by``) stays with the version it confirmed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from tracker.store.compression import pack_text
from tracker.store.recorder import EXTRACTOR_VERSION, insert_change


def confirmations(db: Database, document_id: int) -> dict[int, dict[str, str]]:
    """``{version id: {confirmed_by, confirmed_at}}`` of the cuts a person confirmed."""
    rows = db.execute(
        "select to_version_id, confirmed_by, confirmed_at from changes "
        "where document_id = ? and confirmed_by is not null",
        [document_id],
    ).fetchall()
    return {int(r[0]): {"confirmed_by": r[1], "confirmed_at": r[2]} for r in rows}


@dataclass
class VersionAnalysis:
    """One version of a history as it will be stored: its text and what was computed."""

    version: dict[str, Any]  # the stored row (id, number, fetched_at, …)
    text: str
    text_hash: str
    flags: str | None
    revert_key: str | None


def replace_history(
    db: Database,
    document_id: int,
    versions: list[dict[str, Any]],
    kept: list[VersionAnalysis],
    changes: list[dict[str, Any]],
    collapsed: Sequence[tuple[dict[str, Any], str]] = (),
    suspect: dict[str, Any] | None = None,
) -> None:
    """Rewrite a document's versions and changes after ``reextract``, in one transaction.

    ``kept`` lists the versions that remain, each with its new text and analysis, and
    ``changes`` the columns of each change between consecutive ones.  Versions merged
    into an earlier one are deleted, and their log rows point at the version that now
    carries their text.  Versions in ``collapsed`` (each with its reason) are deleted
    too, and their log rows say ``suspect``.  ``suspect`` is the ``suspects`` row to
    hold when the history now ends in a collapse.  Confirmations are kept.  Version
    numbers are renumbered 1, 2, 3….
    """
    confirmed = confirmations(db, document_id)
    dropped = {v["id"]: detail for v, detail in collapsed}
    with db.atomic():
        kept_ids = [k.version["id"] for k in kept]
        db.execute("delete from changes where document_id = ?", [document_id])
        for v in versions:
            if v["id"] not in kept_ids:
                earlier = [k for k in kept_ids if k <= v["id"]]
                target = max(earlier) if earlier else kept_ids[0]
                if v["id"] in dropped:
                    db.execute(
                        "update fetches set outcome = 'suspect', reason = 'suspect_collapse', "
                        "detail = ? where version_id = ? "
                        "and outcome in ('new_version', 'unchanged', 'not_modified')",
                        [dropped[v["id"]], v["id"]],
                    )
                db.execute(
                    "update fetches set version_id = ? where version_id = ?", [target, v["id"]]
                )
                db.execute("delete from versions where id = ?", [v["id"]])
        for number, k in enumerate(kept, 1):
            db.execute(
                "update versions set number = ?, markdown = ?, text_hash = ?, extractor = ?, "
                "flags = ?, revert_key = ? where id = ?",
                [-number, pack_text(k.text), k.text_hash, EXTRACTOR_VERSION, pack_text(k.flags),
                 k.revert_key,
                 k.version["id"]],
            )  # fmt: skip
        db.execute("update versions set number = -number where document_id = ?", [document_id])
        for old, new, columns in zip(kept[:-1], kept[1:], changes, strict=True):
            columns = {**columns, **confirmed.get(new.version["id"], {})}
            insert_change(
                db, document_id, old.version["id"], new.version["id"],
                new.version["fetched_at"], columns,
            )  # fmt: skip
        if suspect is not None:
            db["suspects"].upsert(suspect, pk="document_id")
            db["documents"].update(
                document_id,
                {
                    "status": "suspect",
                    "last_failure_reason": "suspect_collapse",
                    "last_failure_detail": suspect["detail"],
                },
            )


def update_analysis(
    db: Database, kept: list[VersionAnalysis], changes: list[dict[str, Any]]
) -> None:
    """Store a document's recomputed analysis in place (``reanalyse``), in one transaction.

    Versions keep their ids and numbers and changes their ids (and a person's
    confirmation), so page URLs, feed ids and alert keys stay the same; only flags,
    events, headlines and the like change.
    """
    with db.atomic():
        for k in kept:
            db.execute(
                "update versions set flags = ?, revert_key = ? where id = ?",
                [pack_text(k.flags), k.revert_key, k.version["id"]],
            )
        for new, columns in zip(kept[1:], changes, strict=True):
            sets = ", ".join(f"{name} = ?" for name in columns)
            db.execute(
                f"update changes set {sets} where to_version_id = ?",
                [*columns.values(), new.version["id"]],
            )
