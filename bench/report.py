"""Run every benchmark and print one table: ``make bench`` (see bench/README.md).

    .venv/bin/python bench/report.py              # both shapes, N = 300 and 1,000; all benches
    .venv/bin/python bench/report.py --large      # N = 10,000: clausewatch time and memory
    .venv/bin/python bench/report.py --crawl-only # skip the differ, flagger and site benches
    .venv/bin/python bench/report.py --crawl-only -n 300 --shape long --quick   # a subset

The crawl benchmark (:mod:`bench.bench_crawl`) runs clausewatch and urlwatch on the
same loopback pages; the differ, flagger and site benchmarks are the ``run()``
functions of ``bench/bench_differ.py``, ``bench/eval_flagger.py`` and
``bench/bench_site.py``, imported only if they exist.  The table is Markdown, so it
can go into bench/README.md as it is.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The targets of issues 8 and 17.
RATIO_TARGET = 0.5  # clausewatch ÷ urlwatch, no-change crawl: wall time and CPU
CPU_PER_PAGE_TARGET = 6.0  # ms of CPU per unchanged page, start-up excluded
GROWTH_TARGET = 1024  # bytes per document added by one no-change crawl
RSS_TARGET = 150  # MB, whole process tree, N <= 1,000
RSS_TARGET_LARGE = 250  # MB at N = 10,000
TOTAL_TARGET = 900  # seconds for the whole report

OTHER_BENCHES = [
    ("differ", "bench.bench_differ"),
    ("flagger", "bench.eval_flagger"),
    ("site", "bench.bench_site"),
]

Row = tuple[str, str, str, str, str, str, str]
HEADER: Row = ("benchmark", "measure", "clausewatch", "urlwatch", "cw ÷ uw", "target", "met")
SCENARIOS = ("startup", "first", "no-change", "1% changed")
WHAT = {"first": "all N new", "no-change": "none", "1% changed": "1%"}


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _met(ok: bool | None) -> str:
    return "" if ok is None else ("yes" if ok else "**no**")


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def _spread(row: dict[str, Any] | None, key: str) -> str:
    if not row:
        return ""
    low, high = row[f"{key}_range"]
    return f"{_fmt(row[key], 2)} [{low:.2f}–{high:.2f}]" if row["runs"] > 1 else _fmt(row[key], 2)


class CrawlRows:
    """The table rows of one crawl benchmark (one shape, mode and N)."""

    def __init__(self, result: dict[str, Any]) -> None:
        self.result = result
        self.n = result["n"]
        self.name = f"crawl {result.get('shape', 'policy')} N={self.n:,}"
        if result["mode"] != "dynamic":
            self.name += f" {result['mode']}"
        self.by = {(r["scenario"], r["tool"]): r for r in result["summary"]}
        self.rows: list[Row] = []

    def add(self, measure: str, cw: str, uw: str = "", ratio: str = "", target: str = "",
            met: str = "") -> None:  # fmt: skip
        self.rows.append((self.name, measure, cw, uw, ratio, target, met))

    def build(self) -> list[Row]:
        for scenario in SCENARIOS:
            cw, uw = self.by.get((scenario, "clausewatch")), self.by.get((scenario, "urlwatch"))
            if cw or uw:
                self.scenario(scenario, cw, uw)
        self.storage()
        self.server()
        return self.rows

    def scenario(self, scenario: str, cw: dict | None, uw: dict | None) -> None:
        count = "/".join(str(x["runs"]) for x in (cw, uw) if x)
        get = lambda row, key: (row or {}).get(key)  # noqa: E731
        nochange = scenario == "no-change" and self.result["mode"] == "dynamic"
        for key, label in (("wall", "wall s"), ("cpu", "CPU s")):
            ratio = _ratio(get(cw, key), get(uw, key))
            ok = ratio <= RATIO_TARGET if nochange and ratio is not None else None
            title = f"{scenario} (median of {count}; [min–max]): {label}"
            self.add(
                title if key == "wall" else f"{scenario}: {label}",
                _spread(cw, key),
                _spread(uw, key),
                _fmt(ratio, 2),
                f"≤ {RATIO_TARGET}" if ok is not None else "",
                _met(ok),
            )
        if scenario == "startup":
            return
        per_cw, per_uw = get(cw, "cpu_per_page_ms"), get(uw, "cpu_per_page_ms")
        ok = per_cw <= CPU_PER_PAGE_TARGET if nochange and per_cw is not None else None
        self.add(
            f"{scenario}: CPU ms per page (start-up excluded)",
            _fmt(per_cw, 2),
            _fmt(per_uw, 2),
            _fmt(_ratio(per_cw, per_uw), 2),
            f"≤ {CPU_PER_PAGE_TARGET:g}" if ok is not None else "",
            _met(ok),
        )
        self.add(
            f"{scenario}: wall ms per page (start-up excluded)",
            _fmt(get(cw, "wall_per_page_ms"), 2),
            _fmt(get(uw, "wall_per_page_ms"), 2),
        )
        rss_cw, rss_uw = get(cw, "rss_mb"), get(uw, "rss_mb")
        limit = RSS_TARGET if self.n <= 1000 else RSS_TARGET_LARGE
        self.add(
            f"{scenario}: peak RSS MB (process tree)",
            _fmt(rss_cw, 0),
            _fmt(rss_uw, 0),
            _fmt(_ratio(rss_cw, rss_uw), 2),
            f"< {limit}" if rss_cw else "",
            _met(rss_cw < limit) if rss_cw else "",
        )
        exact_cw, exact_uw = get(cw, "exact"), get(uw, "exact")
        self.add(
            f"{scenario}: detected exactly the changed pages ({WHAT[scenario]})",
            _fmt(exact_cw),
            _fmt(exact_uw),
            "",
            "both",
            _met(bool(exact_cw) and exact_uw is not False),
        )

    def storage(self) -> None:
        st, n = self.result["storage"], self.n
        if "clausewatch_first" not in st:
            return
        cw_first = st["clausewatch_first"] / n
        uw_first = st["urlwatch_first"] / n if "urlwatch_first" in st else None
        self.add(
            "database after first crawl: KB per document",
            _fmt(cw_first / 1000),
            _fmt(uw_first / 1000) if uw_first else "",
            _fmt(_ratio(cw_first, uw_first), 2),
            "≤ urlwatch" if uw_first else "",
            _met(cw_first <= uw_first) if uw_first else "",
        )
        k = st.get("clausewatch_no_change_runs") or 1
        cw_growth = (st["clausewatch_after_no_change"] - st["clausewatch_first"]) / n / k
        uw_growth, uk = None, st.get("urlwatch_no_change_runs")
        if "urlwatch_after_no_change" in st:
            uw_growth = (st["urlwatch_after_no_change"] - st["urlwatch_first"]) / n / (uk or 1)
        self.add(
            f"added per no-change crawl: bytes per document (over {k}"
            + (f" / {uk}" if uk else "")
            + " crawls)",
            _fmt(cw_growth, 0),
            _fmt(uw_growth, 0),
            "",
            f"≤ {GROWTH_TARGET}",
            _met(cw_growth <= GROWTH_TARGET),
        )

    def server(self) -> None:
        runs = [r for r in self.result["runs"] if r["scenario"] == "no-change"]
        cpu = {
            tool: [r["server_cpu"] for r in runs if r["tool"] == tool]
            for tool in ("clausewatch", "urlwatch")
        }
        if any(cpu.values()):
            self.add(
                "page server CPU s per no-change crawl (shares the 2 cores)",
                _fmt(statistics.median(cpu["clausewatch"]), 2) if cpu["clausewatch"] else "",
                _fmt(statistics.median(cpu["urlwatch"]), 2) if cpu["urlwatch"] else "",
            )


def crawl_rows(result: dict[str, Any]) -> list[Row]:
    """Rows for one crawl benchmark (one shape, mode and N)."""
    return CrawlRows(result).build()


def _scalars(value: Any, prefix: str = "", depth: int = 0) -> list[tuple[str, Any]]:
    """Flatten a result into (name, scalar) pairs: nested dicts two levels deep."""
    out: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{prefix}{key}"
            if isinstance(item, (int, float, str, bool)) and not (
                isinstance(item, str) and len(item) > 60
            ):
                out.append((name, item))
            elif isinstance(item, dict) and depth < 2:
                out.extend(_scalars(item, name + ".", depth + 1))
    return out


def other_rows(name: str, module_name: str, timings: dict[str, float]) -> list[Row]:
    """Run another helper's ``run()`` if its module exists; rows of its scalar figures."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return [(name, "not available", "", "", "", "", "")]
        raise
    start = time.perf_counter()
    try:
        result = module.run()
    except Exception as exc:  # one broken benchmark must not lose the whole table
        traceback.print_exc()
        return [(name, f"failed: {type(exc).__name__}: {exc}"[:120], "", "", "", "", "")]
    finally:
        timings[name] = time.perf_counter() - start
    if isinstance(result, list):
        summary = getattr(module, "summary", None)
        if callable(summary) and result:
            result = {"items": len(result), **summary(result)}
        else:
            result = {"items": len(result)}
    pairs = _scalars(result)
    if not pairs:
        return [(name, "no figures", "", "", "", "", "")]
    rows: list[Row] = [(name, key, _fmt(value, 3), "", "", "", "") for key, value in pairs[:20]]
    if len(pairs) > 20:
        rows.append(
            (
                name,
                f"… {len(pairs) - 20} more figures (run bench/{module_name[6:]}.py)",
                "",
                "",
                "",
                "",
                "",
            )
        )
    return rows


def render(rows: list[Row]) -> str:
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    lines = []
    for index, row in enumerate([HEADER, *rows]):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def crawl_plan(args: argparse.Namespace) -> list[tuple[int, str, str, dict[str, Any]]]:
    """``(n, shape, mode, CrawlBench options)`` of every crawl benchmark to run."""
    from bench.bench_crawl import Plan

    tools = tuple(args.tool or ("clausewatch", "urlwatch"))
    if args.large:
        plan = Plan(first=1, no_change=1, urlwatch_no_change=0, changed=1, startup=1)
        options = {"plan": plan, "tools": ("clausewatch",)}
        return [(10000, shape, "dynamic", options) for shape in args.shape or ["policy"]]
    plan = Plan.quick() if args.quick else Plan()
    out = [
        (n, shape, "dynamic", {"plan": plan, "tools": tools})
        for n in args.pages or [300, 1000]
        for shape in args.shape or ["policy", "long"]
    ]
    if args.static:
        # validators let clausewatch send conditional requests; urlwatch's jobs
        # set ignore_cached, so it refetches in full: shown, not a target
        static = Plan(first=1, no_change=2, urlwatch_no_change=1, changed=0, startup=1)
        out.append((300, "policy", "static", {"plan": static, "tools": tools}))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/report.py", description=__doc__.split("\n")[0])
    parser.add_argument(
        "-n", "--pages", type=int, action="append", help="pages (default: 300 and 1000)"
    )
    parser.add_argument(
        "--shape", action="append", choices=["policy", "long"], help="default: both"
    )
    parser.add_argument("--tool", action="append", choices=["clausewatch", "urlwatch"])
    parser.add_argument(
        "--large",
        action="store_true",
        help="N = 10,000, clausewatch only, one run per scenario, dynamic mode (memory target)",
    )
    parser.add_argument("--quick", action="store_true", help="fewer crawls per scenario")
    parser.add_argument("--crawl-only", action="store_true", help="skip the other benchmarks")
    parser.add_argument("--no-crawl", action="store_true", help="only the other benchmarks")
    parser.add_argument(
        "--static", action="store_true", help="also a static-mode crawl (N = 300, policy)"
    )
    parser.add_argument("--json", help="also write every figure to this JSON file")
    args = parser.parse_args(argv)

    from bench import bench_crawl

    started = time.perf_counter()
    timings: dict[str, float] = {}
    results: dict[str, Any] = {}
    rows: list[Row] = []
    print(
        f"clausewatch benchmarks on {os.cpu_count()} cores "
        f"({platform.python_implementation()} {platform.python_version()})",
        file=sys.stderr,
    )
    for n, shape, mode, options in [] if args.no_crawl else crawl_plan(args):
        start = time.perf_counter()
        bench = bench_crawl.CrawlBench(n=n, mode=mode, shape=shape, log=sys.stderr, **options)
        result = bench.run()
        name = f"crawl {shape} {mode} N={n}"
        timings[name] = time.perf_counter() - start
        results[name] = result
        rows.extend(crawl_rows(result))
    if not (args.large or args.crawl_only):
        for name, module_name in OTHER_BENCHES:
            print(f"[{name}] running {module_name}.run()", file=sys.stderr, flush=True)
            rows.extend(other_rows(name, module_name, timings))
    total = time.perf_counter() - started
    for name, seconds in timings.items():
        rows.append(("time", f"{name} benchmark: s", _fmt(seconds, 0), "", "", "", ""))
    whole = not (args.large or args.crawl_only or args.no_crawl or args.pages or args.shape)
    rows.append(
        (
            "time",
            "whole report: s",
            _fmt(total, 0),
            "",
            "",
            f"< {TOTAL_TARGET}" if whole else "",
            _met(total < TOTAL_TARGET) if whole else "",
        )
    )
    print()
    print(render(rows))
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "timings": timings}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
