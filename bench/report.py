"""Run every benchmark and print one table: ``make bench`` (see bench/README.md).

    .venv/bin/python bench/report.py              # N = 1,000 pages, all benchmarks
    .venv/bin/python bench/report.py --large      # N = 10,000: clausewatch time and memory
    .venv/bin/python bench/report.py --crawl-only # skip the differ, flagger and site benches

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

# The targets of issue 8.
RATIO_TARGET = 0.5  # clausewatch ÷ urlwatch wall time, dynamic no-change crawl, N = 1,000
GROWTH_TARGET = 1024  # bytes per document added by one no-change crawl
RSS_TARGET = {1000: 300, 10000: 400}  # MB
TOTAL_TARGET = 600  # seconds for the whole report at N = 1,000

OTHER_BENCHES = [
    ("differ", "bench.bench_differ"),
    ("flagger", "bench.eval_flagger"),
    ("site", "bench.bench_site"),
]

Row = tuple[str, str, str, str, str, str, str]
HEADER: Row = ("benchmark", "measure", "clausewatch", "urlwatch", "cw ÷ uw", "target", "met")


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


def crawl_rows(result: dict[str, Any]) -> list[Row]:
    """Rows for one mode of the crawl benchmark."""
    n, mode = result["n"], result["mode"]
    name = f"crawl {mode}"
    rows: list[Row] = []
    by = {(r["scenario"], r["tool"]): r for r in result["summary"]}
    runs = {
        tool: [r for r in result["runs"] if r["tool"] == tool and r["scenario"] == "no-change"]
        for tool in ("clausewatch", "urlwatch")
    }
    for scenario in ("first", "no-change", "1% changed"):
        cw, uw = by.get((scenario, "clausewatch")), by.get((scenario, "urlwatch"))
        if not cw and not uw:
            continue
        count = "/".join(str(x["runs"]) for x in (cw, uw) if x)
        label = f"{scenario} (median of {count})"

        def pair(key: str, cw: Any = cw, uw: Any = uw) -> tuple[Any, Any]:
            return (cw or {}).get(key), (uw or {}).get(key)

        wall_cw, wall_uw = pair("wall")
        ratio = wall_cw / wall_uw if wall_cw and wall_uw else None
        target, ok = "", None
        if scenario == "no-change" and mode == "dynamic" and ratio is not None:
            target, ok = f"≤ {RATIO_TARGET}", ratio <= RATIO_TARGET
        rows.append(
            (
                name,
                f"{label}: wall s",
                _fmt(wall_cw),
                _fmt(wall_uw),
                _fmt(ratio, 2),
                target,
                _met(ok),
            )
        )
        cpu_cw, cpu_uw = pair("cpu")
        rows.append(
            (
                name,
                f"{scenario}: CPU s (cores busy)",
                f"{_fmt(cpu_cw)} ({cpu_cw / wall_cw:.1f})" if cpu_cw else "",
                f"{_fmt(cpu_uw)} ({cpu_uw / wall_uw:.1f})" if cpu_uw else "",
                _fmt(cpu_cw / cpu_uw if cpu_cw and cpu_uw else None, 2),
                "",
                "",
            )
        )
        rss_cw, rss_uw = pair("rss_mb")
        limit = RSS_TARGET.get(n)
        rows.append(
            (
                name,
                f"{scenario}: peak RSS MB",
                _fmt(rss_cw, 0),
                _fmt(rss_uw, 0),
                _fmt(rss_cw / rss_uw if rss_cw and rss_uw else None, 2),
                f"< {limit}" if limit and rss_cw else "",
                _met(rss_cw < limit) if limit and rss_cw else "",
            )
        )
        exact_cw, exact_uw = pair("exact")
        what = "all N new" if scenario == "first" else "none" if scenario == "no-change" else "1%"
        rows.append(
            (
                name,
                f"{scenario}: detected exactly the changed pages ({what})",
                _fmt(exact_cw),
                _fmt(exact_uw),
                "",
                "both",
                _met(bool(exact_cw) and exact_uw is not False),
            )
        )
    st = result["storage"]
    if "clausewatch_first" in st:
        cw_first = st["clausewatch_first"] / n
        uw_first = st.get("urlwatch_first", 0) / n if "urlwatch_first" in st else None
        rows.append(
            (
                name,
                "database after first crawl: KB per document",
                _fmt(cw_first / 1000),
                _fmt(uw_first / 1000) if uw_first else "",
                _fmt(cw_first / uw_first, 2) if uw_first else "",
                "",
                "",
            )
        )
        k = st.get("clausewatch_no_change_runs") or 1
        cw_growth = (st["clausewatch_after_no_change"] - st["clausewatch_first"]) / n / k
        uw_growth = None
        if "urlwatch_after_no_change" in st:
            uk = st.get("urlwatch_no_change_runs") or 1
            uw_growth = (st["urlwatch_after_no_change"] - st["urlwatch_first"]) / n / uk
        uk_text = st.get("urlwatch_no_change_runs")
        rows.append(
            (
                name,
                f"added per no-change crawl: bytes per document (over {k}"
                + (f" / {uk_text}" if uk_text else "")
                + " crawls)",
                _fmt(cw_growth, 0),
                _fmt(uw_growth, 0),
                "",
                f"≤ {GROWTH_TARGET}",
                _met(cw_growth <= GROWTH_TARGET),
            )
        )
    server = [r["server_cpu"] for r in runs["clausewatch"] + runs["urlwatch"]]
    if server:
        rows.append(
            (
                name,
                "page server CPU s per crawl (shares the 2 cores)",
                _fmt(statistics.median(r["server_cpu"] for r in runs["clausewatch"]), 2)
                if runs["clausewatch"]
                else "",
                _fmt(statistics.median(r["server_cpu"] for r in runs["urlwatch"]), 2)
                if runs["urlwatch"]
                else "",
                "",
                "",
                "",
            )
        )
    return rows


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/report.py", description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--pages", type=int, default=1000, help="pages (default 1000)")
    parser.add_argument(
        "--large",
        action="store_true",
        help="N = 10,000, clausewatch only, one run per scenario, dynamic mode (memory target)",
    )
    parser.add_argument("--crawl-only", action="store_true", help="skip the other benchmarks")
    parser.add_argument("--no-static", action="store_true", help="skip the static-mode crawls")
    parser.add_argument("--json", help="also write every figure to this JSON file")
    args = parser.parse_args(argv)

    from bench import bench_crawl

    started = time.perf_counter()
    timings: dict[str, float] = {}
    results: dict[str, Any] = {}
    rows: list[Row] = []
    n = 10000 if args.large else args.pages
    print(
        f"clausewatch benchmarks: N = {n:,} pages on {os.cpu_count()} cores "
        f"({platform.python_implementation()} {platform.python_version()})",
        file=sys.stderr,
    )
    if args.large:
        plan = [
            (
                "dynamic",
                {
                    "repeats": 1,
                    "no_change_runs": 1,
                    "urlwatch_no_change_runs": 0,
                    "tools": ("clausewatch",),
                },
            )
        ]
    else:
        plan = [("dynamic", {})]
        if not args.no_static:
            # validators let clausewatch send conditional requests; urlwatch's jobs
            # set ignore_cached, so it refetches in full: shown, not a target
            static = {"repeats": 1, "no_change_runs": 2, "urlwatch_no_change_runs": 1}
            plan.append(("static", {**static, "change_runs": 0}))
    for mode, options in plan:
        start = time.perf_counter()
        result = bench_crawl.CrawlBench(n=n, mode=mode, log=sys.stderr, **options).run()
        timings[f"crawl {mode}"] = time.perf_counter() - start
        results[f"crawl_{mode}"] = result
        rows.extend(crawl_rows(result))
    if not (args.large or args.crawl_only):
        for name, module_name in OTHER_BENCHES:
            print(f"[{name}] running {module_name}.run()", file=sys.stderr, flush=True)
            rows.extend(other_rows(name, module_name, timings))
    total = time.perf_counter() - started
    for name, seconds in timings.items():
        rows.append(("time", f"{name} benchmark: s", _fmt(seconds, 0), "", "", "", ""))
    rows.append(
        (
            "time",
            "whole report: s",
            _fmt(total, 0),
            "",
            "",
            f"< {TOTAL_TARGET} (N = 1,000)" if n == 1000 else "",
            _met(total < TOTAL_TARGET) if n == 1000 and not args.crawl_only else "",
        )
    )
    print()
    print(render(rows))
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "timings": timings}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
