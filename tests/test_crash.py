"""kill -9 at random moments: the database stays sound and the history complete.

A crawl of many loopback documents is killed (the ``crawl()`` parent and its Scrapy
child together, as a crash or an OOM killer would) several times at random points,
then run to the end.  After every kill the database opens and passes
``PRAGMA integrity_check``; at the end its versions equal those of an uninterrupted
run, with no duplicate, and the killed runs are marked "crashed".
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from loopback import FAST, LoopbackServer, page, versions, write_declaration
from test_faults import policy_html

from tracker.crawl import crawl
from tracker.store.db import check_integrity, open_db
from tracker.store.lock import holder_pid

DOCUMENTS = 60
# generous timeouts: four processes share two cores here, and a timeout would be a
# (correct) failure that the reference run does not have
SETTINGS = {**FAST, "CONCURRENT_REQUESTS_PER_DOMAIN": 4, "DOWNLOAD_TIMEOUT": 20, "RETRY_TIMES": 2}


def _serve(server: LoopbackServer, release: int) -> None:
    for i in range(DOCUMENTS):
        html = policy_html(edit=f"{30 + release} days") + f"<!-- {i} -->"
        html = html.replace("Acme Terms of Service", f"Acme Terms of Service, part {i}")
        server.routes[f"/doc/{i}"] = page(html, delay=0.05)


def _catalog(tmp_path: Path, server: LoopbackServer) -> Path:
    catalog = tmp_path / "catalog"
    for group in range(DOCUMENTS // 10):
        write_declaration(
            catalog,
            f"Service {group}",
            {
                f"Terms {i}": {"fetch": server.url(f"/doc/{i}"), "select": "main#content"}
                for i in range(group * 10, group * 10 + 10)
            },
        )
    return catalog


def _start(catalog: Path, db: Path) -> subprocess.Popen[bytes]:
    code = (
        "import json, sys; from tracker.crawl import crawl; "
        "crawl(sys.argv[1], sys.argv[2], settings=json.loads(sys.argv[3]))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, str(catalog), str(db), json.dumps(SETTINGS)],
        start_new_session=True,  # its own process group: kill the parent and child at once
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for_lock_release(db_path: Path) -> None:
    """The killed Scrapy child takes a few milliseconds more to die than its parent."""
    deadline = time.monotonic() + 10
    while holder_pid(db_path) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert holder_pid(db_path) is None


def _count(db_path: Path, sql: str, *params: int) -> int:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30) as conn:
        return int(conn.execute(sql, params).fetchone()[0])


def _assert_sound(db_path: Path) -> None:
    db = open_db(db_path, create=False)
    try:
        assert check_integrity(db) == []
        duplicates = db.execute(
            "select document_id, number, count(*) from versions "
            "group by document_id, number having count(*) > 1"
        ).fetchall()
        assert duplicates == []
        # a version never exists without its log row and snapshot (one transaction)
        orphans = db.execute(
            "select count(*) from versions where id not in "
            "(select version_id from fetches where outcome = 'new_version') "
            "or snapshot_id not in (select id from snapshots)"
        ).fetchone()[0]
        assert orphans == 0
    finally:
        db.close()


def test_sigkill_at_random_points_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    rnd = random.Random(20250507)
    with LoopbackServer() as server:
        catalog = _catalog(tmp_path, server)
        reference, crashed = tmp_path / "reference.db", tmp_path / "crashed.db"

        # the uninterrupted history: release 1, then release 2
        for release in (1, 2):
            _serve(server, release)
            crawl(catalog, reference, settings=SETTINGS)

        _serve(server, 1)
        crawl(catalog, crashed, settings=SETTINGS)
        _serve(server, 2)
        kills, mid_run = 0, 0
        # a kill at a random moment (perhaps while starting up), then kills right after
        # a random number of documents were committed: mid-write, wherever that falls
        for after in (None, rnd.randrange(1, 15), rnd.randrange(15, 30), rnd.randrange(30, 55)):
            runs_before = _count(crashed, "select count(*) from runs")
            proc = _start(catalog, crashed)
            if after is None:
                time.sleep(rnd.uniform(0.5, 3.0))
            else:
                deadline = time.monotonic() + 60
                while proc.poll() is None and time.monotonic() < deadline:
                    done = _count(
                        crashed, "select count(*) from fetches where run_id > ?", runs_before
                    )
                    if done >= after:
                        break
                    time.sleep(0.005)
                time.sleep(rnd.uniform(0, 0.05))
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                kills += 1
                mid_run += after is not None
            proc.wait()
            _wait_for_lock_release(crashed)
            _assert_sound(crashed)
        assert kills >= 3 and mid_run >= 2, "the crawls finished before they could be killed"

        final = crawl(catalog, crashed, settings=SETTINGS)
        assert final.returncode == 0
        _assert_sound(crashed)

    assert versions(crashed) == versions(reference)
    assert len(versions(crashed)) == 2 * DOCUMENTS
    db = open_db(crashed, create=False)
    statuses = [r[0] for r in db.execute("select status from runs order by id")]
    assert "running" not in statuses
    assert statuses.count("crashed") >= 1
    # every killed run that had started is closed as crashed, with what it committed
    for (report,) in db.execute("select report from runs where status = 'crashed'"):
        assert json.loads(report)["status"] == "crashed"
    changes = db.execute("select count(*) from changes").fetchone()[0]
    assert changes == DOCUMENTS  # one change per document: release 1 → 2, never twice
