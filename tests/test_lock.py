"""One run at a time per database: the second exits with a clear message."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from loopback import LoopbackServer, page, versions, write_declaration
from test_faults import GOOD

from tracker.errors import LockError
from tracker.store.lock import RunLock, holder_pid, lock_path


def test_second_lock_is_refused_with_the_holder_named(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with RunLock(db):
        assert holder_pid(db) == os.getpid()
        with pytest.raises(LockError) as err:
            RunLock(db).acquire()
        message = str(err.value)
        assert str(lock_path(db)) in message and f"pid {os.getpid()}" in message
    assert holder_pid(db) is None
    with RunLock(db):  # free again
        pass


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from tracker.store.lock import RunLock; "
            "RunLock(sys.argv[1]).acquire(); print('locked', flush=True); time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert holder_pid(db) == holder.pid
        with pytest.raises(LockError):
            RunLock(db).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    with RunLock(db):  # the kernel released it with the process
        assert holder_pid(db) == os.getpid()


def _cli(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "from tracker.cli import cli; cli()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_two_crawls_at_once_one_proceeds_the_other_exits(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog = tmp_path / "catalog"
        write_declaration(
            catalog,
            "Acme",
            {"Terms of Service": {"fetch": server.url("/terms"), "select": "main#content"}},
        )
        server.routes["/terms"] = page(GOOD, delay=2.0)  # a slow site keeps the first busy
        db = tmp_path / "c.db"
        env = dict(os.environ, CLAUSEWATCH_AUTOTHROTTLE="0")
        args = ("crawl", "--catalog", str(catalog), "--db", str(db))
        first = _cli(*args, env=env)
        deadline = time.monotonic() + 30
        while holder_pid(db) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert holder_pid(db) == first.pid
        second = _cli(*args, env=env)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 2, (out, err)
        assert "another clausewatch run" in err
        assert f"{db}.lock" in err and f"pid {first.pid}" in err
        out, err = first.communicate(timeout=60)
        assert first.returncode == 0, (out, err)
        assert "1 checked" in out and "1 changed" in out
    assert len(versions(db)) == 1
    assert holder_pid(db) is None
