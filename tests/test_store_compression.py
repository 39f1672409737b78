"""Versions' Markdown and flags stored compressed (m013), and older databases upgraded."""

from __future__ import annotations

import json
from pathlib import Path

from tracker.analysis import default_analyser
from tracker.catalog import DocumentSpec, PageSpec
from tracker.items import PageFetch
from tracker.store.compression import pack_text, unpack_text
from tracker.store.db import open_db
from tracker.store.documents import ensure_document
from tracker.store.migrations import m013_compressed_versions
from tracker.store.queries import (
    current_flags,
    last_versions,
    latest_version,
    version_markdown,
    versions_of,
)
from tracker.store.recorder import record_pages

URL = "https://acme.example/t"
TEXTS = [
    "# Acme Terms\n\n## Disputes\n\nThese terms are governed by the laws of California.\n\n"
    "## Data\n\nWe keep your messages for 30 days. Ünïcode — “quotes”.",
    "# Acme Terms\n\n## Disputes\n\nThese terms are governed by the laws of Texas.\n\n"
    "## Data\n\nWe keep your messages for 90 days. Ünïcode — “quotes”.",
]


def _history(path: Path):
    db = open_db(path)
    spec = DocumentSpec("Acme", "Terms of Service", (PageSpec(URL),), "A.json")
    doc_id = ensure_document(db, spec)
    for n, text in enumerate(TEXTS):
        page = PageFetch(URL, URL, 200, text.encode(), {"content-type": "text/html"},
                         f"2024-0{n + 1}-01T00:00:00Z")  # fmt: skip
        record_pages(db, None, doc_id, [page], text, analyser=default_analyser())
    return db, doc_id


def test_texts_are_stored_compressed_and_read_back_as_text(tmp_path: Path) -> None:
    db, doc_id = _history(tmp_path / "cw.db")
    kinds = db.execute("select typeof(markdown), typeof(flags) from versions").fetchall()
    assert kinds == [("blob", "blob")] * 2
    versions = versions_of(db, doc_id)
    assert [v["markdown"] for v in versions] == TEXTS
    assert all(isinstance(json.loads(v["flags"]), list) for v in versions)
    assert latest_version(db, doc_id)["markdown"] == TEXTS[1]
    assert version_markdown(db, versions[0]["id"]) == TEXTS[0]
    assert current_flags(db)[doc_id] == versions[1]["flags"]
    assert pack_text(None) is None and unpack_text(None) is None


def test_an_older_database_is_upgraded_without_losing_anything(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db, doc_id = _history(path)
    flags = [v["flags"] for v in versions_of(db, doc_id)]
    # as an older clausewatch left it: plain texts, one version never flagged, m013 pending
    for v, text, flag in zip(versions_of(db, doc_id), TEXTS, [None, flags[1]], strict=True):
        db.execute(
            "update versions set markdown = ?, flags = ? where id = ?", [text, flag, v["id"]]
        )
    db.execute("delete from _sqlite_migrations where name = ?", [m013_compressed_versions.__name__])
    db.conn.commit()
    # readers read a database not yet upgraded (catalog try opens it read-only)
    assert versions_of(db, doc_id)[1]["markdown"] == TEXTS[1]
    assert last_versions(path)[("Acme", "Terms of Service")]["markdown"] == TEXTS[1]
    db.close()
    db = open_db(path)
    kinds = db.execute("select typeof(markdown), typeof(flags) from versions order by id")
    assert kinds.fetchall() == [("blob", "null"), ("blob", "blob")]
    versions = versions_of(db, doc_id)
    assert [v["markdown"] for v in versions] == TEXTS
    assert [v["flags"] for v in versions] == [None, flags[1]]
    assert last_versions(path)[("Acme", "Terms of Service")]["markdown"] == TEXTS[1]
