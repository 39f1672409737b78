"""Crawl benchmark: clausewatch and urlwatch on the same loopback pages, side by side.

Scenarios, on N pages of one shape (:mod:`bench.workload`: ``policy`` or ``long``)
spread over 30 loopback hosts and served from a separate process:

``startup``
    a no-change crawl of a one-document catalog: what every crawl pays before its
    pages (processes, imports, Scrapy, the extraction worker; urlwatch: its start);
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

"CPU per page" is a scenario's median CPU less the median start-up CPU, divided by
the N - 1 pages more (the same for wall time).

clausewatch runs through :func:`tracker.crawl.crawl` with its shipped defaults
(AutoThrottle on, 4 requests per site, robots.txt obeyed, extraction workers
``auto``); only loopback addresses are allowed (:data:`CLAUSEWATCH_SETTINGS`).
urlwatch runs with its defaults (a fixed pool of 10 threads).  Both
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

# The shipped defaults (AutoThrottle on, 4 requests per site...), but for the URL
# policy: the workload's hosts are loopback addresses, which a crawl refuses unless told.
CLAUSEWATCH_SETTINGS: dict[str, Any] = {"CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES": True}

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


def tool_env(work: Path, **extra: str) -> dict[str, str]:
    """The environment of a measured tool: Python's bytecode cache on, in ``work``.

    As on an installed machine, where every module's bytecode is compiled once: a
    machine that sets PYTHONDONTWRITEBYTECODE (as CI images do) would otherwise compile
    every pure-Python module of both tools on every start.  The first crawl of each
    benchmark, not counted, fills the cache (PYTHONPYCACHEPREFIX, so nothing is
    written beside the sources).
    """
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(work / "pycache"), **extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


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
    proc = subprocess.Popen(cmd, cwd=work, env=tool_env(work))
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


def write_urlwatch_files(work: Path, base_url: str | list[str], n: int) -> dict[str, Path]:
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
    home = str(files["home"])
    env = tool_env(files["home"].parent.parent, HOME=home, XDG_CONFIG_HOME=home)
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
class Plan:
    """How many crawls of each scenario, per tool (``first`` etc. for clausewatch)."""

    first: int = 1
    no_change: int = 5  # clausewatch: several, for the storage figure and the median
    urlwatch_no_change: int = 3
    changed: int = 1  # 1% changed
    startup: int = 3  # no-change crawls of a one-document catalog, per tool

    @classmethod
    def quick(cls) -> Plan:
        return cls(first=1, no_change=2, urlwatch_no_change=1, changed=1, startup=2)


@dataclass
class Workspace:
    """What one benchmark's crawls share: pages, catalogs, urlwatch files, databases."""

    root: Path
    server: workload.Server
    catalog: Path
    startup_catalog: Path
    urlwatch: dict[str, Path]
    urlwatch_startup: dict[str, Path]
    names: list[str]

    def state(self, tool: str, name: str) -> Path:
        """A tool's database (clausewatch) or cache (urlwatch) of that name."""
        return self.root / name if tool == "clausewatch" else self.root / "urlwatch" / name


@dataclass
class CrawlBench:
    n: int = 1000
    mode: str = "dynamic"
    shape: str = "policy"
    hosts: int = 30
    plan: Plan = field(default_factory=Plan)
    tools: tuple[str, ...] = ("clausewatch", "urlwatch")
    settings: dict[str, Any] = field(default_factory=lambda: dict(CLAUSEWATCH_SETTINGS))
    keep: bool = False
    log: Any = None
    runs: list[Run] = field(default_factory=list)
    storage: dict[str, Any] = field(default_factory=dict)

    def say(self, text: str) -> None:
        if self.log is not None:
            print(text, file=self.log, flush=True)

    @property
    def label(self) -> str:
        return f"{self.shape} {self.mode} N={self.n}"

    def run(self) -> dict[str, Any]:
        if "urlwatch" in self.tools and not URLWATCH.exists():
            self.say(
                f"urlwatch is not installed ({URLWATCH}): clausewatch alone. "
                "Install it with: .venv/bin/pip install -r bench/requirements.txt"
            )
            self.tools = tuple(t for t in self.tools if t != "urlwatch")
        work = Path(tempfile.mkdtemp(prefix=f"cw-bench-{self.shape}-{self.mode}-"))
        try:
            return self._run(work)
        finally:
            if self.keep:
                self.say(f"kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)

    def record(self, run: Run, scenario: str, expected: list[str]) -> Run:
        run.scenario, run.expected = scenario, expected
        self.runs.append(run)
        self.say(
            f"  {run.tool:11} {scenario:10} wall {run.wall:6.2f} s  cpu {run.cpu:6.2f} s  "
            f"rss {run.rss_mb:5.0f} MB  server cpu {run.server_cpu:4.1f} s  "
            f"detected {len(run.detected)}/{len(expected)}"
            f"{'' if run.exact else '  MISMATCH'}"
            + (f"  failed {run.failed}" if run.failed else "")
        )
        return run

    def crawl(self, ws: Workspace, tool: str, state: str, startup: bool = False) -> Any:
        """One crawl of ``tool`` into its database / cache ``state``; ``(Run, found)``."""
        if tool == "clausewatch":
            settings = dict(self.settings)
            if startup:  # the same processes as a large crawl: the worker starts too
                settings.setdefault("CLAUSEWATCH_EXTRACT_WORKERS", 1)
            catalog = ws.startup_catalog if startup else ws.catalog
            return run_clausewatch(catalog, ws.state(tool, state), ws.root, ws.server, settings)
        files = ws.urlwatch_startup if startup else ws.urlwatch
        return run_urlwatch(files, ws.state(tool, state), ws.server)

    def _pages(self, root: Path) -> list[int]:
        t0 = time.perf_counter()
        workload.write_pages(root, self.n, shape=self.shape)
        sizes = [workload.page_path(root, i).stat().st_size for i in range(self.n)]
        self.say(
            f"[crawl {self.label}] {self.n} pages on {self.hosts} hosts, "
            f"{min(sizes) // 1000}-{max(sizes) // 1000} KB (mean "
            f"{statistics.mean(sizes) / 1000:.0f} KB), written in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        return sizes

    def _run(self, work: Path) -> dict[str, Any]:
        sizes = self._pages(work / "site")
        with workload.Server(work / "site", self.mode, hosts=self.hosts) as server:
            ws = Workspace(
                root=work,
                server=server,
                catalog=workload.write_catalog(work / "catalog", server.base_urls, self.n),
                startup_catalog=workload.write_catalog(work / "catalog-1", server.base_urls, 1),
                urlwatch=write_urlwatch_files(work / "urlwatch", server.base_urls, self.n),
                urlwatch_startup=write_urlwatch_files(work / "urlwatch-1", server.base_urls, 1),
                names=[workload.service_name(i) for i in range(self.n)],
            )
            self._startup(ws)
            self._first(ws)
            self._no_change(ws)
            self._changed(ws, work / "site")
            server_stats = server.stats()
        return {
            "n": self.n,
            "mode": self.mode,
            "shape": self.shape,
            "hosts": self.hosts,
            "page_kb": {
                "min": min(sizes) / 1000,
                "mean": statistics.mean(sizes) / 1000,
                "max": max(sizes) / 1000,
            },
            "settings": self.settings,
            "runs": [asdict(r) | {"exact": r.exact} for r in self.runs],
            "summary": summarise(self.runs, self.n),
            "storage": self.storage,
            "server": server_stats,
        }

    def _startup(self, ws: Workspace) -> None:
        """A crawl's fixed cost: no-change crawls of a one-document catalog."""
        for tool in self.tools:  # each tool's one-page state, first crawl not measured
            self.crawl(ws, tool, "startup.db" if tool == "clausewatch" else "startup", True)
        for _ in range(self.plan.startup):
            for tool in self.tools:
                state = "startup.db" if tool == "clausewatch" else "startup"
                self.record(self.crawl(ws, tool, state, True)[0], "startup", [])

    def _first(self, ws: Workspace) -> None:
        """A crawl into an empty database / cache, ``plan.first`` times."""
        for rep in range(self.plan.first):
            for tool in self.tools:
                state = f"cw-{rep}.db" if tool == "clausewatch" else f"cache-{rep}.db"
                run, found = self.crawl(ws, tool, state)
                news = run.detected if tool == "clausewatch" else found["NEW"]
                run.detected = [] if sorted(news) == ws.names else news
                self.record(run, "first", [])
                if rep == 0:
                    self.storage[f"{tool}_first"] = db_bytes(ws.state(tool, state))

    def _no_change(self, ws: Workspace) -> None:
        counts = {"clausewatch": self.plan.no_change, "urlwatch": self.plan.urlwatch_no_change}
        for rep in range(max(counts.values())):
            for tool in self.tools:
                if rep < counts[tool]:
                    state = "cw-0.db" if tool == "clausewatch" else "cache-0.db"
                    self.record(self.crawl(ws, tool, state)[0], "no-change", [])
        for tool in self.tools:
            path = ws.state(tool, "cw-0.db" if tool == "clausewatch" else "cache-0.db")
            self.storage[f"{tool}_after_no_change"] = db_bytes(path)
            self.storage[f"{tool}_no_change_runs"] = counts[tool]

    def _changed(self, ws: Workspace, site: Path) -> None:
        """One sentence changed on 1% of the pages (a different 1% each time)."""
        step = max(1, self.n // 100)
        revisions: dict[int, int] = {}
        for rep in range(self.plan.changed):
            changed = list(range(rep, self.n, 100))[:step]
            for i in changed:
                revisions[i] = revisions.get(i, 0) + 1
            workload.change_pages(site, {i: revisions[i] for i in changed}, shape=self.shape)
            expected = [ws.names[i] for i in changed]
            for tool in self.tools:
                state = "cw-0.db" if tool == "clausewatch" else "cache-0.db"
                self.record(self.crawl(ws, tool, state)[0], "1% changed", expected)


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def summarise(runs: list[Run], n: int) -> list[dict[str, Any]]:
    """Median wall, CPU, peak RSS (max) per (tool, scenario); ratios clausewatch ÷ urlwatch.

    ``cpu_per_page_ms`` / ``wall_per_page_ms``: above the tool's start-up (the median
    no-change crawl of one document), per page of the N-1 more.
    """
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
                "wall": _median([r.wall for r in rs]),
                "cpu": _median([r.cpu for r in rs]),
                "wall_range": [min(r.wall for r in rs), max(r.wall for r in rs)],
                "cpu_range": [min(r.cpu for r in rs), max(r.cpu for r in rs)],
                "rss_mb": max(r.rss_mb for r in rs),
                "server_cpu": _median([r.server_cpu for r in rs]),
                "exact": all(r.exact for r in rs),
            }
        )
    by = {(r["scenario"], r["tool"]): r for r in rows}
    for row in rows:
        start = by.get(("startup", row["tool"]))
        if start and row["scenario"] != "startup" and n > 1:
            row["cpu_per_page_ms"] = 1000 * (row["cpu"] - start["cpu"]) / (n - 1)
            row["wall_per_page_ms"] = 1000 * (row["wall"] - start["wall"]) / (n - 1)
        other = by.get((row["scenario"], "urlwatch"))
        if row["tool"] == "clausewatch" and other:
            row["ratio_wall"] = row["wall"] / other["wall"]
            row["ratio_cpu"] = row["cpu"] / other["cpu"]
    return rows


def run(
    n: int = 1000,
    modes: tuple[str, ...] = ("dynamic",),
    shapes: tuple[str, ...] = ("policy",),
    log: Any = sys.stderr,
    **kwargs: Any,
) -> dict[str, Any]:
    """Run the crawl scenarios for each shape and mode; ``{"shape mode": result}``."""
    return {
        f"{shape} {mode}": CrawlBench(n=n, mode=mode, shape=shape, log=log, **kwargs).run()
        for shape in shapes
        for mode in modes
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_crawl":
        return _crawl_main(*argv[1:5])
    parser = argparse.ArgumentParser(
        prog="bench/bench_crawl.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("-n", type=int, default=1000, help="pages (default 1000)")
    parser.add_argument("--mode", action="append", choices=["dynamic", "static"])
    parser.add_argument("--shape", action="append", choices=sorted(workload.SHAPES))
    parser.add_argument("--hosts", type=int, default=30, help="loopback hosts (default 30)")
    parser.add_argument("--first", type=int, default=1, help="first crawls per tool")
    parser.add_argument("--no-change-runs", type=int, default=5)
    parser.add_argument("--urlwatch-no-change-runs", type=int, default=3)
    parser.add_argument("--changed-runs", type=int, default=1)
    parser.add_argument("--startup-runs", type=int, default=3)
    parser.add_argument("--tool", action="append", choices=["clausewatch", "urlwatch"])
    parser.add_argument(
        "-s", dest="settings", action="append", default=[], help="NAME=VALUE for clausewatch"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    settings = dict(CLAUSEWATCH_SETTINGS)
    settings.update(pair.split("=", 1) for pair in args.settings)
    results = run(
        args.n,
        tuple(args.mode or ["dynamic"]),
        tuple(args.shape or ["policy"]),
        hosts=args.hosts,
        plan=Plan(
            args.first,
            args.no_change_runs,
            args.urlwatch_no_change_runs,
            args.changed_runs,
            args.startup_runs,
        ),
        tools=tuple(args.tool or ["clausewatch", "urlwatch"]),
        settings=settings,
        keep=args.keep,
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    for name, result in results.items():
        for row in result["summary"]:
            print(name, json.dumps(row))
        print(name, "storage", json.dumps(result["storage"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
