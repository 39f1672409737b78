"""Crawl benchmark: clausewatch and urlwatch on the same loopback pages, side by side.

Scenarios, on N pages (:mod:`bench.workload`) served from a separate process:

``first``
    a crawl into an empty database (urlwatch: an empty cache);
``no-change``
    a crawl where no page changed (in dynamic mode every response still differs);
``1% changed``
    a crawl after one sentence changed on 1% of the pages.

Each crawl runs in its own process tree and is measured from outside: wall time;
CPU time (user + system of the tool and all its child processes, from ``os.wait4``);
peak memory, the largest sum of the RSS of every process of the tree, sampled every
100 ms with psutil (clausewatch: the ``clausewatch crawl`` process, its Scrapy child
and the extraction worker; urlwatch: its only process), or ``wait4``'s largest
single process if that is more.  Runs of the two tools alternate, so that noise
from other work on the machine hits both alike; the table shows medians.

Storage is the size of clausewatch's database and of urlwatch's cache after a WAL
checkpoint (TRUNCATE), ``-wal`` and ``-shm`` files included.

clausewatch runs through :func:`tracker.crawl.crawl` with its politeness settings
overridden (:data:`CLAUSEWATCH_SETTINGS`): on loopback all N pages share one host,
and the default per-domain limit and AutoThrottle would measure the throttle, not
the tracker.  urlwatch runs with its defaults (a fixed pool of 10 threads).  Both
select the same ``main`` element minus ``.share``; urlwatch then converts it with
``html2text`` (``method: pyhtml2text``), clausewatch with its own extractor.
Jobs set ``ignore_cached: true``, so urlwatch never skips a page on a validator.

Run ``python bench/bench_crawl.py --help``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import workload  # noqa: E402

# Politeness off for loopback throughput (see the module docstring).
CLAUSEWATCH_SETTINGS: dict[str, Any] = {
    "CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES": True,  # the workload server is on 127.0.0.1
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DOWNLOAD_DELAY": 0,
}

URLWATCH = Path(sys.executable).with_name("urlwatch")


@dataclass
class Run:
    """One measured crawl."""

    tool: str
    mode: str
    scenario: str
    wall: float
    cpu: float
    rss_mb: float
    server_cpu: float
    detected: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    failed: int = 0
    note: str = ""

    @property
    def exact(self) -> bool:
        return sorted(self.detected) == sorted(self.expected) and not self.failed


class TreeMemory:
    """Sample the summed RSS of a process and all its descendants (every 100 ms).

    ``wait4``'s ``ru_maxrss`` is the peak of the *largest single* process; a crawl
    with worker processes uses the sum, which is what this reports.  The list of
    descendants is refreshed every second only: walking /proc is what costs.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:  # bench/requirements.txt not installed: wait4's figure only
            return

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        procs: list[Any] = []
        tick = 0
        while not self._stop.is_set():
            total = 0
            if tick % 10 == 0:
                try:
                    procs = [root, *root.children(recursive=True)]
                except psutil.Error:
                    break
            tick += 1
            for proc in procs:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _wait(proc: subprocess.Popen[Any]) -> tuple[int, Any, int]:
    """Wait for ``proc``: exit status, resource usage (its whole tree), peak tree RSS."""
    with TreeMemory(proc.pid) as memory:
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage, memory.peak


def _rss_mb(maxrss_kb: int) -> float:
    return maxrss_kb / 1024


# --- clausewatch --------------------------------------------------------------


def _crawl_main(catalog: str, db: str, settings_json: str, out: str) -> int:
    """Inside the measured process: run one crawl and write its report as JSON."""
    import resource

    from tracker.crawl import crawl

    report = crawl(catalog, db, settings=json.loads(settings_json), log_level="ERROR")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    me = resource.getrusage(resource.RUSAGE_SELF)
    Path(out).write_text(
        json.dumps(
            {
                "run_id": report.run_id,
                "summary": report.summary,
                "returncode": report.returncode,
                "crawler_rss_kb": children.ru_maxrss,
                "parent_rss_kb": me.ru_maxrss,
            }
        )
    )
    return 0 if report.returncode == 0 else 1


def _new_versions(db: str, run_id: int) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "select services.name from fetches join documents on documents.id = "
            "fetches.document_id join services on services.id = documents.service_id "
            "where fetches.run_id = ? and fetches.outcome = 'new_version'",
            [run_id],
        ).fetchall()
    finally:
        conn.close()
    return [r[0] for r in rows]


def run_clausewatch(
    catalog: Path, db: Path, work: Path, server: workload.Server, settings: dict[str, Any]
) -> tuple[Run, dict[str, Any]]:
    out = work / "crawl-report.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "_crawl", str(catalog), str(db)]
    cmd += [json.dumps(settings), str(out)]
    server_cpu = server.cpu_seconds()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=work)
    code, usage, tree_rss = _wait(proc)
    wall = time.perf_counter() - start
    report = json.loads(out.read_text()) if out.exists() else {}
    if code != 0 or not report:
        raise RuntimeError(f"clausewatch crawl failed (exit {code}): {report}")
    run = Run(
        tool="clausewatch",
        mode=server.mode,
        scenario="",
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        rss_mb=max(tree_rss / 2**20, _rss_mb(report["crawler_rss_kb"])),
        server_cpu=server.cpu_seconds() - server_cpu,
        detected=_new_versions(str(db), report["run_id"]),
        failed=report["summary"].get("failed", 0),
        note=f"largest process {_rss_mb(usage.ru_maxrss):.0f} MB",
    )
    return run, report


# --- urlwatch -----------------------------------------------------------------


def write_urlwatch_files(work: Path, base_url: str, n: int) -> dict[str, Path]:
    """Jobs, config and hooks for urlwatch in ``work``; nothing goes to $HOME."""
    import yaml

    work.mkdir(parents=True, exist_ok=True)
    files = {
        "urls": work / "urls.yaml",
        "config": work / "config.yaml",
        "hooks": work / "hooks.py",
        "home": work / "home",
    }
    files["home"].mkdir(exist_ok=True)
    files["hooks"].write_text("# no hooks\n")
    jobs = [
        {
            "name": workload.service_name(i),
            "url": workload.page_url(base_url, i),
            "ignore_cached": True,
            "filter": [
                {"css": {"selector": "main", "exclude": ".share"}},
                {"html2text": {"method": "pyhtml2text"}},
            ],
        }
        for i in range(n)
    ]
    files["urls"].write_text(yaml.safe_dump_all(jobs, sort_keys=False))
    config = {
        "display": {"new": True, "error": True, "unchanged": False, "empty-diff": True},
        "report": {
            "text": {"line_length": 75, "details": True, "footer": True, "minimal": False},
            "stdout": {"enabled": True, "color": False},
            "html": {"diff": "unified"},
            "markdown": {"details": True, "footer": True, "minimal": False},
        },
        "job_defaults": {"all": {}, "url": {}, "shell": {}, "browser": {}},
    }
    files["config"].write_text(yaml.safe_dump(config))
    return files


_LINE = re.compile(r"^(NEW|CHANGED|ERROR|UNCHANGED): (.*)$")
_NAME = re.compile(r"Bench Service \d{5}")


def parse_urlwatch_report(text: str) -> dict[str, list[str]]:
    """``{"NEW": [...], "CHANGED": [...], "ERROR": [...]}`` service names from stdout."""
    found: dict[str, list[str]] = {"NEW": [], "CHANGED": [], "ERROR": [], "UNCHANGED": []}
    for line in text.splitlines():
        m = _LINE.match(line)
        if m:
            name = _NAME.search(m.group(2))
            found[m.group(1)].append(name.group(0) if name else m.group(2))
    return found


def run_urlwatch(
    files: dict[str, Path], cache: Path, server: workload.Server
) -> tuple[Run, dict[str, list[str]]]:
    cmd = [str(URLWATCH), "--urls", str(files["urls"]), "--config", str(files["config"])]
    cmd += ["--hooks", str(files["hooks"]), "--cache", str(cache)]
    env = dict(os.environ, HOME=str(files["home"]), XDG_CONFIG_HOME=str(files["home"]))
    env.pop("XDG_CACHE_HOME", None)
    out_path = cache.with_suffix(".stdout")
    server_cpu = server.cpu_seconds()
    start = time.perf_counter()
    with open(out_path, "w") as out:
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=files["home"]
        )
        code, usage, tree_rss = _wait(proc)
    wall = time.perf_counter() - start
    if code != 0:
        raise RuntimeError(f"urlwatch failed (exit {code}); see {out_path}")
    found = parse_urlwatch_report(out_path.read_text(errors="replace"))
    run = Run(
        tool="urlwatch",
        mode=server.mode,
        scenario="",
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        rss_mb=max(tree_rss / 2**20, _rss_mb(usage.ru_maxrss)),
        server_cpu=server.cpu_seconds() - server_cpu,
        detected=found["CHANGED"],
        failed=len(found["ERROR"]),
    )
    return run, found


# --- storage ------------------------------------------------------------------


def db_bytes(path: Path) -> int:
    """Size of a SQLite database after a WAL checkpoint (TRUNCATE), -wal and -shm included.

    The checkpoint moves every committed page into the main file, so this is the size
    the data really takes, not the size of a transient log.
    """
    if not path.exists():
        return 0
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return sum(
        p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()
    )


# --- scenarios ----------------------------------------------------------------


@dataclass
class CrawlBench:
    n: int = 1000
    mode: str = "dynamic"
    repeats: int = 3
    no_change_runs: int = 10  # clausewatch: ten, for the storage figure
    urlwatch_no_change_runs: int = 3
    change_runs: int | None = None  # 1% changed crawls; None: as many as repeats
    tools: tuple[str, ...] = ("clausewatch", "urlwatch")
    settings: dict[str, Any] = field(default_factory=lambda: dict(CLAUSEWATCH_SETTINGS))
    keep: bool = False
    log: Any = None

    def say(self, text: str) -> None:
        if self.log is not None:
            print(text, file=self.log, flush=True)

    def run(self) -> dict[str, Any]:
        if "urlwatch" in self.tools and not URLWATCH.exists():
            self.say(
                f"urlwatch is not installed ({URLWATCH}): clausewatch alone. "
                "Install it with: .venv/bin/pip install -r bench/requirements.txt"
            )
            self.tools = tuple(t for t in self.tools if t != "urlwatch")
        work = Path(tempfile.mkdtemp(prefix=f"cw-bench-{self.mode}-"))
        try:
            return self._run(work)
        finally:
            if self.keep:
                self.say(f"kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)

    def _run(self, work: Path) -> dict[str, Any]:
        pages = work / "site"
        t0 = time.perf_counter()
        workload.write_pages(pages, self.n)
        sizes = [workload.page_path(pages, i).stat().st_size for i in range(self.n)]
        self.say(
            f"[crawl {self.mode}] {self.n} pages, {min(sizes) // 1000}-{max(sizes) // 1000} KB "
            f"(mean {statistics.mean(sizes) / 1000:.0f} KB), written in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        runs: list[Run] = []
        storage: dict[str, Any] = {}
        revisions: dict[int, int] = {}
        with workload.Server(pages, self.mode) as server:
            catalog = workload.write_catalog(work / "catalog", server.base_url, self.n)
            uw_files = write_urlwatch_files(work / "urlwatch", server.base_url, self.n)
            names = [workload.service_name(i) for i in range(self.n)]
            cw = "clausewatch" in self.tools
            uw = "urlwatch" in self.tools

            def record(run: Run, scenario: str, expected: list[str]) -> Run:
                run.scenario, run.expected = scenario, expected
                runs.append(run)
                self.say(
                    f"  {run.tool:11} {scenario:10} wall {run.wall:6.1f} s  cpu {run.cpu:6.1f} s  "
                    f"rss {run.rss_mb:5.0f} MB  server cpu {run.server_cpu:4.1f} s  "
                    f"detected {len(run.detected)}/{len(expected)}"
                    f"{'' if run.exact else '  MISMATCH'}"
                    + (f"  failed {run.failed}" if run.failed else "")
                )
                return run

            # 1. first crawl, into an empty database / cache, `repeats` times
            cw_db = work / "cw-0.db"
            uw_cache = work / "urlwatch" / "cache-0.db"
            for rep in range(self.repeats):
                if cw:
                    db = work / f"cw-{rep}.db"
                    run, _ = run_clausewatch(catalog, db, work, server, self.settings)
                    run.detected = [] if sorted(run.detected) == names else run.detected
                    record(run, "first", [])
                    if rep == 0:
                        storage["clausewatch_first"] = db_bytes(db)
                if uw:
                    cache = work / "urlwatch" / f"cache-{rep}.db"
                    run, found = run_urlwatch(uw_files, cache, server)
                    run.detected = [] if sorted(found["NEW"]) == names else found["NEW"]
                    record(run, "first", [])
                    if rep == 0:
                        storage["urlwatch_first"] = db_bytes(cache)
            # 2. crawls with no change
            for rep in range(max(self.no_change_runs, self.urlwatch_no_change_runs)):
                if cw and rep < self.no_change_runs:
                    record(
                        run_clausewatch(catalog, cw_db, work, server, self.settings)[0],
                        "no-change",
                        [],
                    )
                if uw and rep < self.urlwatch_no_change_runs:
                    record(run_urlwatch(uw_files, uw_cache, server)[0], "no-change", [])
            if cw:
                storage["clausewatch_after_no_change"] = db_bytes(cw_db)
                storage["clausewatch_no_change_runs"] = self.no_change_runs
            if uw:
                storage["urlwatch_after_no_change"] = db_bytes(uw_cache)
                storage["urlwatch_no_change_runs"] = self.urlwatch_no_change_runs
            # 3. one sentence changed on 1% of the pages (a different 1% each time)
            step = max(1, self.n // 100)
            for rep in range(self.repeats if self.change_runs is None else self.change_runs):
                changed = list(range(rep, self.n, 100))[:step]
                for i in changed:
                    revisions[i] = revisions.get(i, 0) + 1
                workload.change_pages(pages, {i: revisions[i] for i in changed})
                expected = [names[i] for i in changed]
                if cw:
                    record(
                        run_clausewatch(catalog, cw_db, work, server, self.settings)[0],
                        "1% changed",
                        expected,
                    )
                if uw:
                    record(run_urlwatch(uw_files, uw_cache, server)[0], "1% changed", expected)
            server_stats = server.stats()
        return {
            "n": self.n,
            "mode": self.mode,
            "page_kb": {
                "min": min(sizes) / 1000,
                "mean": statistics.mean(sizes) / 1000,
                "max": max(sizes) / 1000,
            },
            "settings": self.settings,
            "runs": [asdict(r) | {"exact": r.exact} for r in runs],
            "summary": summarise(runs),
            "storage": storage,
            "server": server_stats,
        }


def summarise(runs: list[Run]) -> list[dict[str, Any]]:
    """Median wall, CPU, peak RSS (max) per (tool, scenario); ratios clausewatch ÷ urlwatch."""
    groups: dict[tuple[str, str], list[Run]] = {}
    for r in runs:
        groups.setdefault((r.scenario, r.tool), []).append(r)
    rows = []
    for (scenario, tool), rs in groups.items():
        rows.append(
            {
                "scenario": scenario,
                "tool": tool,
                "mode": rs[0].mode,
                "runs": len(rs),
                "wall": statistics.median(r.wall for r in rs),
                "cpu": statistics.median(r.cpu for r in rs),
                "rss_mb": max(r.rss_mb for r in rs),
                "server_cpu": statistics.median(r.server_cpu for r in rs),
                "exact": all(r.exact for r in rs),
            }
        )
    by = {(r["scenario"], r["tool"]): r for r in rows}
    for row in rows:
        other = by.get((row["scenario"], "urlwatch"))
        if row["tool"] == "clausewatch" and other:
            row["ratio_wall"] = row["wall"] / other["wall"]
            row["ratio_cpu"] = row["cpu"] / other["cpu"]
    return rows


def run(
    n: int = 1000, modes: tuple[str, ...] = ("dynamic",), log: Any = sys.stderr, **kwargs: Any
) -> dict[str, Any]:
    """Run the crawl scenarios in each mode; return ``{mode: result}``."""
    return {mode: CrawlBench(n=n, mode=mode, log=log, **kwargs).run() for mode in modes}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_crawl":
        return _crawl_main(*argv[1:5])
    parser = argparse.ArgumentParser(
        prog="bench/bench_crawl.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("-n", type=int, default=1000, help="pages (default 1000)")
    parser.add_argument("--mode", action="append", choices=["dynamic", "static"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-change-runs", type=int, default=10)
    parser.add_argument("--urlwatch-no-change-runs", type=int, default=3)
    parser.add_argument("--tool", action="append", choices=["clausewatch", "urlwatch"])
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    results = run(
        args.n,
        tuple(args.mode or ["dynamic"]),
        repeats=args.repeats,
        no_change_runs=args.no_change_runs,
        urlwatch_no_change_runs=args.urlwatch_no_change_runs,
        tools=tuple(args.tool or ["clausewatch", "urlwatch"]),
        keep=args.keep,
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    for mode, result in results.items():
        for row in result["summary"]:
            print(mode, json.dumps(row))
        print(mode, "storage", json.dumps(result["storage"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
