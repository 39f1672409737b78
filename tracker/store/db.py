"""The database file: open (create, upgrade) and check it.

One SQLite file holds everything (services, documents, snapshots, versions, changes,
runs, the fetch log); its schema is created and upgraded only by the sqlite-utils
migrations in :mod:`tracker.store.migrations`.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from tracker.errors import StoreError
from tracker.items import utcnow
from tracker.store.migrations import migrations

__all__ = ["check_integrity", "open_db", "sha256", "utcnow"]


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
