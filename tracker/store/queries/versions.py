"""Versions and their texts, flags and revert keys.

``versions.markdown`` and ``versions.flags`` are stored compressed (m013): every query
here that returns them unpacks them through :func:`unpacked`, so no caller sees how
they are stored.  Read them through these functions, never with a ``select`` of your own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from tracker.store.compression import unpack_text
from tracker.store.queries.rows import _rows

PACKED = ("markdown", "flags")  # the compressed columns of ``versions``


def unpacked(version: dict[str, Any]) -> dict[str, Any]:
    """A ``versions`` row (any columns) with its Markdown and flags JSON as text."""
    for column in PACKED:
        if column in version:
            version[column] = unpack_text(version[column])
    return version


def latest_version(db: Database, document_id: int) -> dict[str, Any] | None:
    rows = db.execute(
        "select * from versions where document_id = ? order by number desc limit 1", [document_id]
    )
    cols = [c[0] for c in rows.description]
    row = rows.fetchone()
    return unpacked(dict(zip(cols, row, strict=True))) if row else None


def earlier_versions(db: Database, document_id: int, before: int) -> list[dict[str, Any]]:
    """``{fetched_at, text_hash, revert_key}`` of a document's versions before ``before``."""
    return _rows(
        db,
        "select fetched_at, text_hash, revert_key from versions "
        "where document_id = ? and number < ? order by number",
        [document_id, before],
    )


def document_ids(db: Database) -> list[dict[str, Any]]:
    """``{id, slug}`` of every document, in id order."""
    return _rows(db, "select id, slug from documents order by id")


def versions_of(db: Database, document_id: int) -> list[dict[str, Any]]:
    """Every version of a document (all columns), oldest first."""
    rows = _rows(db, "select * from versions where document_id = ? order by number", [document_id])
    return [unpacked(v) for v in rows]


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
    return {int(r[0]): unpack_text(r[1]) for r in rows}


def version_markdown(db: Database, version_id: int) -> str:
    """The Markdown of one version ("" when there is no such version)."""
    row = db.execute("select markdown from versions where id = ?", [version_id]).fetchone()
    return (unpack_text(row[0]) or "") if row else ""


def change_headlines(db: Database, document_id: int) -> dict[int, str]:
    """``{to_version_id: headline}`` of a document's changes."""
    rows = db.execute(
        "select to_version_id, headline from changes where document_id = ?", [document_id]
    ).fetchall()
    return {int(r[0]): r[1] for r in rows}


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


def known_bodies(db: Database) -> dict[int, str]:
    """``{document_id: body_hash}``: the raw pages of the fetch that stored each known source.

    Only for documents whose source is known (:func:`known_sources`): a fetch with the
    same raw pages has that source without being parsed.
    """
    rows = db.execute(
        "select documents.id, documents.body_hash from documents "
        "where documents.body_hash is not null and documents.source_hash is not null "
        "and documents.source_text_hash = "
        "(select text_hash from versions where versions.document_id = documents.id "
        "order by number desc limit 1)"
    ).fetchall()
    return {int(r[0]): r[1] for r in rows}
