"""One crawl at a time per database: an advisory ``flock`` on ``<db>.lock``.

The lock belongs to the open file, so it disappears with the process that holds it
(even after ``kill -9``): there are no stale locks to clean up.  The holder writes its
pid into the file, so a second run can say who is in the way.

The lock file sits beside the database's *real* path (symbolic links resolved), so a
run given a symlink to the database and a run given the database itself share one lock.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from tracker.errors import LockError, StoreError, describe_os_error


def lock_path(db_path: str | Path) -> Path:
    """``<db>.lock`` beside the database's real path (symbolic links resolved)."""
    return Path(f"{os.path.realpath(db_path)}.lock")


class RunLock:
    """Hold ``<db>.lock`` for the duration of a ``with`` block (or acquire/release).

    ``fd`` can be passed to a child process (``subprocess``'s ``pass_fds``) so that the
    lock lasts as long as any process of the run is alive.
    """

    def __init__(self, db_path: str | Path) -> None:
        self.path = lock_path(db_path)
        self.fd: int | None = None

    def acquire(self) -> RunLock:
        """Take the lock, or raise :class:`LockError` at once (never waits).

        Raises :class:`StoreError` when the lock file cannot be created or written
        (a full disk, a read-only folder), naming the file and what to do.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(
                f"cannot create the run lock {describe_os_error(exc, str(self.path))}"
            ) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            who = f"pid {holder}" if holder else "another process"
            raise LockError(
                f"another clausewatch run is using this database: {who} holds the lock "
                f"file {self.path}. Wait for it to finish (the lock goes away with the "
                "process, so there is nothing to delete)"
            ) from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            os.fsync(fd)
        except OSError as exc:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            raise StoreError(
                f"cannot write the run lock {describe_os_error(exc, str(self.path))}"
            ) from exc
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            try:
                os.ftruncate(self.fd, 0)
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            finally:
                os.close(self.fd)
                self.fd = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None


def holder_pid(db_path: str | Path) -> int | None:
    """The pid that holds the lock of ``db_path``, or None when nobody holds it."""
    path = lock_path(db_path)
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_pid(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
