"""Profile a no-change crawl through its whole process tree, with py-spy.

    .venv/bin/pip install py-spy        # a sampling profiler: no change to the code profiled
    .venv/bin/python bench/profile_crawl.py --shape long -n 1000
    .venv/bin/python bench/profile_crawl.py --raw old.txt    # summarise a saved profile again

It writes the pages of one shape (:mod:`bench.workload`), serves them on 30 loopback
hosts, fills a database with a first crawl, then runs a no-change crawl under
``py-spy record --subprocesses`` (the ``crawl()`` parent, the Scrapy child and the
extraction worker are all sampled) and prints, for each process, its share of the
samples and the functions with the most samples: *self* (the sampled line was in the
function) and *total* (the function was on the stack).  py-spy samples only threads
that are running, so the figures are CPU, not waiting.

Why py-spy: it samples every process of the tree from outside, without changing the
code or its speed much (cProfile slows Python calls several-fold and only sees one
process, which is misleading for a crawl whose cost is split over three).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import workload  # noqa: E402
from bench.bench_crawl import CLAUSEWATCH_SETTINGS  # noqa: E402

PY_SPY = Path(sys.executable).with_name("py-spy")
_PROCESSES = re.compile(r'^((?:process \d+:"[^"]*";?)*)(.*)$')  # a command line may hold ";"
_PROCESS = re.compile(r'process \d+:"([^"]*)"')
_FRAME = re.compile(r"^(.*) \((.*?)(?::\d+)?\)$")


def role(cmdline: str) -> str:
    """Which process of a crawl a py-spy process frame names."""
    if "tracker.crawl" in cmdline:
        return "scrapy"
    if "multiprocessing" in cmdline or "spawn_main" in cmdline:
        return "worker"
    return "parent"


def _where(frame: str) -> str:
    """``function (file)`` with the file shortened to the package path."""
    m = _FRAME.match(frame)
    if not m:
        return frame
    name, path = m.groups()
    for marker in ("site-packages/", "wt-perf/", "/lib/python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{name} ({path})"


def summarise(raw: str, top: int = 12) -> str:
    """The per-process shares and top self / total functions of a py-spy raw profile."""
    per_role: Counter[str] = Counter()
    self_t: dict[str, Counter[str]] = {}
    total_t: dict[str, Counter[str]] = {}
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        processes, frames = _PROCESSES.match(stack).groups()  # type: ignore[union-attr]
        procs = _PROCESS.findall(processes)
        who = role(procs[-1]) if procs else "parent"
        code = [_where(f) for f in frames.split(";") if f and not f.startswith("thread (")]
        code = code or ["(idle)"]
        n = int(count)
        per_role[who] += n
        self_t.setdefault(who, Counter())[code[-1]] += n
        for name in set(code):
            total_t.setdefault(who, Counter())[name] += n
    all_samples = sum(per_role.values()) or 1
    out = [f"{all_samples} samples"]
    for who, samples in per_role.most_common():
        out.append(f"\n{who}: {100 * samples / all_samples:.1f}% of the samples")
        out.append("  self:")
        for name, n in self_t[who].most_common(top):
            out.append(f"    {100 * n / all_samples:5.1f}%  {name}")
        out.append("  total:")
        for name, n in total_t[who].most_common(top + 8):
            out.append(f"    {100 * n / all_samples:5.1f}%  {name}")
    return "\n".join(out)


def profile(shape: str, n: int, rate: int, keep: Path | None) -> str:
    """Set up, crawl once, profile a no-change crawl; the raw py-spy output."""
    from tracker.crawl import crawl

    if not PY_SPY.exists():
        raise SystemExit(f"py-spy is not installed ({PY_SPY}): .venv/bin/pip install py-spy")
    work = Path(tempfile.mkdtemp(prefix="cw-profile-"))
    try:
        workload.write_pages(work / "site", n, shape=shape)
        with workload.Server(work / "site", "dynamic", hosts=30) as server:
            catalog = workload.write_catalog(work / "catalog", server.base_urls, n)
            db = work / "cw.db"
            print(f"first crawl of {n} {shape} pages…", file=sys.stderr, flush=True)
            crawl(catalog, db, settings=dict(CLAUSEWATCH_SETTINGS), log_level="ERROR")
            code = (
                "import json, sys; from tracker.crawl import crawl; "
                "crawl(sys.argv[1], sys.argv[2], settings=json.loads(sys.argv[3]), "
                "log_level='ERROR')"
            )
            import json

            out = work / "profile.txt"
            cmd = [str(PY_SPY), "record", "--subprocesses", "-r", str(rate), "-f", "raw"]
            cmd += ["-o", str(out), "--", sys.executable, "-c", code, str(catalog), str(db)]
            cmd += [json.dumps(CLAUSEWATCH_SETTINGS)]
            print("no-change crawl under py-spy…", file=sys.stderr, flush=True)
            subprocess.run(cmd, check=True, cwd=ROOT)
            raw = out.read_text()
        if keep is not None:
            keep.write_text(raw)
        return raw
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/profile_crawl.py", description=__doc__)
    parser.add_argument("--shape", choices=sorted(workload.SHAPES), default="long")
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=200, help="samples per second")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--save", type=Path, help="keep the raw profile in this file")
    parser.add_argument("--raw", type=Path, help="summarise this raw profile; crawl nothing")
    args = parser.parse_args(argv)
    raw = args.raw.read_text() if args.raw else profile(args.shape, args.n, args.rate, args.save)
    print(summarise(raw, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
