"""Scheduled runs: durations and jitter, the scheduler loop, ``clausewatch run`` under cron
and ``clausewatch watch`` for real, in a child process, against a loopback server."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from tracker.schedule import (
    format_duration,
    next_delay,
    parse_duration,
    parse_jitter,
    run_once,
    watch,
)

CLI = [sys.executable, "-c", "from tracker.cli import cli; cli()"]
PAGE = b"<html><body><nav>Menu</nav><main><h1>Acme Terms</h1><p>Be nice.</p></main></body></html>"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("90s", 90), ("30m", 1800), ("6h", 21600), ("1d", 86400), ("1h30m", 5400),
     ("2.5s", 2.5), ("1w", 604800), (" 6H ", 21600)],
)  # fmt: skip
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "6x", "h", "6 hours", "-5m", "1h and 5m"])
def test_parse_duration_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_jitter_and_delays() -> None:
    assert parse_jitter("10%", 3600) == 360
    assert parse_jitter("5m", 3600) == 300
    assert parse_jitter("0", 3600) == 0
    with pytest.raises(ValueError, match="between 0% and 100%"):
        parse_jitter("150%", 60)
    with pytest.raises(ValueError, match="must not exceed"):
        parse_jitter("2h", 3600)
    rng = random.Random(7)
    delays = [next_delay(3600, 360, rng) for _ in range(200)]
    assert all(3240 <= d <= 3960 for d in delays)
    assert max(delays) - min(delays) > 500  # really spread
    assert next_delay(10, 0) == 10 and next_delay(1, 5, random.Random(1)) >= 0
    assert format_duration(21180) == "5h 53m" and format_duration(4) == "4s"
    assert format_duration(90061) == "1d 1h" and format_duration(0) == "0s"


def test_watch_runs_now_then_every_interval_and_survives_a_failed_run() -> None:
    calls: list[float] = []
    waits: list[float] = []
    errors: list[Exception] = []

    def run() -> int:
        calls.append(time.monotonic())
        if len(calls) == 2:
            raise RuntimeError("the database is locked")
        return len(calls)

    results = watch(
        run, every=0.2, jitter=0.05, times=3, rng=random.Random(1),
        on_wait=waits.append, on_error=errors.append,
    )  # fmt: skip
    assert results[0] == 1 and isinstance(results[1], RuntimeError) and results[2] == 3
    assert [str(e) for e in errors] == ["the database is locked"]
    assert len(waits) == 2 and all(0.15 <= w <= 0.25 for w in waits)
    gaps = [b - a for a, b in zip(calls, calls[1:], strict=False)]
    assert all(g >= 0.14 for g in gaps)


def test_watch_stops_when_asked_during_a_wait() -> None:
    stop = threading.Event()
    runs: list[int] = []
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    watch(lambda: runs.append(1), every=60, stop=stop)
    assert runs == [1] and time.monotonic() - started < 5


def write_catalog(directory: Path, base_url: str, extra: dict | None = None) -> Path:
    directory.mkdir()
    terms = {"Terms of Service": {"fetch": f"{base_url}/tos", "select": "main"}, **(extra or {})}
    (directory / "Acme.json").write_text(json.dumps({"name": "Acme", "terms": terms}))
    return directory


def runs(db_path: Path) -> list[dict]:
    """The runs table, read-only: the watching process must never find its database locked."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("select * from runs order by id")]
    except sqlite3.OperationalError:  # not created yet
        return []
    finally:
        conn.close()


def test_run_once_crawls_and_builds_the_site(tmp_path: Path, loopback) -> None:
    loopback.pages = {"/tos": PAGE}
    catalog = write_catalog(tmp_path / "catalog", loopback.base_url)
    outcome = run_once(catalog, tmp_path / "cw.db", tmp_path / "site")
    assert not outcome.needs_attention and outcome.report.summary["changed"] == 1
    assert outcome.pages_written > 0 and (tmp_path / "site" / "index.html").is_file()


def test_run_quiet_prints_nothing_without_news_and_fails_on_a_failed_document(
    tmp_path: Path, loopback
) -> None:
    loopback.pages = {"/tos": PAGE}
    catalog = write_catalog(tmp_path / "catalog", loopback.base_url)
    args = [*CLI, "run", "--quiet", "--catalog", str(catalog), "--db", str(tmp_path / "cw.db"),
            "--out", str(tmp_path / "site")]  # fmt: skip
    first = subprocess.run(args, capture_output=True, text=True, check=False)
    assert first.returncode == 0 and "1 changed" in first.stdout  # news: the first version
    second = subprocess.run(args, capture_output=True, text=True, check=False)
    assert second.returncode == 0
    assert second.stdout == "" and second.stderr == ""  # nothing new: cron sends no mail
    write_catalog(
        tmp_path / "catalog2",
        loopback.base_url,
        {"Privacy Policy": {"fetch": f"{loopback.base_url}/gone", "select": "main"}},
    )
    args[args.index(str(catalog))] = str(tmp_path / "catalog2")
    third = subprocess.run(args, capture_output=True, text=True, check=False)
    assert third.returncode == 1 and "1 failed" in third.stdout


def test_watch_every_2s_for_two_runs_records_both(tmp_path: Path, loopback) -> None:
    loopback.pages = {"/tos": PAGE}
    catalog = write_catalog(tmp_path / "catalog", loopback.base_url)
    db = tmp_path / "cw.db"
    result = subprocess.run(
        [*CLI, "watch", "--every", "2s", "--jitter", "0", "--times", "2",
         "--catalog", str(catalog), "--db", str(db), "--out", str(tmp_path / "site")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "watch: every 2s ± 0s, 2 runs" in result.stdout
    assert result.stdout.count("next run at") == 1
    log = runs(db)
    assert [r["status"] for r in log] == ["ok", "ok"]
    assert [(r["changed"], r["unchanged"]) for r in log] == [(1, 0), (0, 1)]
    first_end = datetime.fromisoformat(log[0]["finished_at"].replace("Z", "+00:00"))
    second_start = datetime.fromisoformat(log[1]["started_at"].replace("Z", "+00:00"))
    assert (second_start - first_end).total_seconds() >= 1.9  # it waited the interval


def test_watch_stops_on_sigterm_between_runs(tmp_path: Path, loopback) -> None:
    loopback.pages = {"/tos": PAGE}
    catalog = write_catalog(tmp_path / "catalog", loopback.base_url)
    db = tmp_path / "cw.db"
    proc = subprocess.Popen(
        [*CLI, "watch", "--every", "1h", "--catalog", str(catalog), "--db", str(db),
         "--out", str(tmp_path / "site")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if db.exists() and any(r["finished_at"] for r in runs(db)):
                break
            time.sleep(0.2)
        time.sleep(0.5)  # the site build after the crawl
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "SIGTERM, stopping" in err
    assert len(runs(db)) == 1


def test_watch_rejects_a_bad_interval() -> None:
    result = subprocess.run(
        [*CLI, "watch", "--every", "soon"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and "not a duration" in result.stderr
