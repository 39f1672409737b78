"""The database file: open (create, upgrade) and check it.

One SQLite file holds everything (services, documents, snapshots, versions, changes,
runs, the fetch log); its schema is created and upgraded only by the sqlite-utils
migrations in :mod:`tracker.store.migrations`.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from tracker.errors import StoreError, describe_os_error
from tracker.items import utcnow
from tracker.store.migrations import migrations

__all__ = ["check_integrity", "explain_sqlite_error", "open_db", "sha256", "utcnow"]


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


# SQLite's primary result codes that are about the machine, not the database file
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL = 8, 10, 11, 13
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CANTOPEN, _SQLITE_PERM, _SQLITE_NOTADB = 5, 6, 14, 3, 26


def explain_sqlite_error(path: str | Path, exc: sqlite3.Error) -> str:
    """What a SQLite error on ``path`` means for the user, and what to do.

    Only a damaged or foreign file is called "not a usable database": a full disk,
    a read-only file or a busy database leaves an intact database intact.
    """
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc)
    if code == _SQLITE_FULL or "disk is full" in text or (code == _SQLITE_IOERR and _full(path)):
        return (
            f"{path}: the disk is full ({text}); nothing was written and the database is "
            "intact: free some space on its file system and run again"
        )
    if code in (_SQLITE_READONLY, _SQLITE_PERM) or "readonly" in text:
        return (
            f"{path}: the database is read-only ({text}); clausewatch writes to it (and to "
            "its -wal and -shm files beside it): make the file and its folder writable by "
            "this user, or copy it to a writable folder"
        )
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return f"{path}: the database is busy ({text}); another process is writing to it"
    if code == _SQLITE_CANTOPEN:
        return (
            f"{path}: the database cannot be opened ({text}); check that its folder exists "
            "and that this user may read and write there"
        )
    if code == _SQLITE_IOERR:
        return (
            f"{path}: input/output error ({text}); check the disk (full, removed or failing) "
            "and run again"
        )
    return (
        f"{path}: not a usable clausewatch database ({text}). If a crash damaged it, "
        f"run 'sqlite3 {path} .recover' into a new file, or move it aside to start afresh"
    )


def _full(path: str | Path, margin: int = 1024 * 1024) -> bool:
    """Whether the file system of ``path`` has (almost) no space left."""
    import shutil

    try:
        return shutil.disk_usage(Path(path).resolve().parent).free < margin
    except OSError:
        return False


def _check_writable(path: Path) -> None:
    """Refuse a database that this user cannot write (read-only file, folder or disk)."""
    for target, what in ((path, "the database is"), (path.parent, "its folder is")):
        if target.exists() and not os.access(target, os.W_OK):
            raise StoreError(
                f"{path}: {what} read-only; clausewatch writes to the database (and to its "
                "-wal and -shm files beside it): make the file and its folder writable by "
                "this user, or copy the database to a writable folder"
            )


def _check_migrations(db: Database, path: Path) -> None:
    """Refuse a database written by a newer clausewatch (a migration we do not know)."""
    known = {m.name for m in migrations.pending(Database(memory=True))}
    unknown = [m.name for m in migrations.applied(db) if m.name not in known]
    if unknown:
        raise StoreError(
            f"{path}: the database was upgraded by a newer clausewatch (migration "
            f"{', '.join(unknown)} is unknown to this one); upgrade clausewatch, or use a "
            "copy of the database made before that upgrade. Nothing was changed"
        )


def open_db(path: str | Path, create: bool = True) -> Database:
    """Open (and create or upgrade) a clausewatch database.

    Raises :class:`StoreError` for a missing database when ``create`` is false, for a
    file that is not a SQLite database, for a damaged one, for one that a newer
    clausewatch upgraded, and, each with its own message, for a read-only database
    and a full disk.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise StoreError(
                f"{path}: database not found; run 'clausewatch crawl --db {path}' first"
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(describe_os_error(exc, str(path.parent))) from exc
    _check_writable(path)
    conn = None
    try:
        conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        db = Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=30000")
        _check_migrations(db, path)
        migrations.apply(db)
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise StoreError(explain_sqlite_error(path, exc)) from exc
    except StoreError:
        if conn is not None:
            conn.close()
        raise
    return db


def check_integrity(db: Database) -> list[str]:
    """``PRAGMA integrity_check`` problems (empty when the database is sound)."""
    rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows
