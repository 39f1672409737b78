"""Benchmark the clause differ on every consecutive pair of real X Terms of Service versions.

For each pair in ``../shared/data/x/tos/`` (sorted by the ``rec`` date in the file
name) it prints the time to diff, the clause counts (added / removed / modified /
moved / unchanged) next to what a plain :mod:`difflib` line diff of the same pair
reports (lines added / removed), and at the end the median time per pair and the
peak memory.

    python bench/bench_differ.py

:func:`run` returns the rows as dicts for a combined report.  Without the shared
data folder it prints why and returns an empty list.
"""

from __future__ import annotations

import difflib
import os
import re
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a plain script from a checkout
    sys.path.insert(0, str(ROOT))

from diffs.differ import diff_texts  # noqa: E402

REPEAT = 5  # timings are the best of this many runs


def shared_data_dir() -> Path:
    return Path(os.environ.get("CLAUSEWATCH_SHARED_DATA", ROOT.parent / "shared" / "data"))


def _rec_date(path: Path) -> str:
    m = re.search(r"__rec(\d{4}-\d{2}-\d{2})", path.name)
    return m.group(1) if m else path.name


def _label(path: Path) -> str:
    m = re.search(r"__rec(\d{4}-\d{2}-\d{2})(?:.*?__(BEFORE|TRANSITION|AFTER))?", path.name)
    if not m:
        return path.stem
    return m.group(1) + (f" {m.group(2)}" if m.group(2) else "")


def line_diff_counts(old: str, new: str) -> tuple[int, int]:
    """Lines added and removed by a plain ``difflib`` line diff, ignoring blank lines."""
    added = removed = 0
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0):
        if line.startswith(("+++", "---", "@@")):
            continue
        if line[1:].strip():
            if line.startswith("+"):
                added += 1
            elif line.startswith("-"):
                removed += 1
    return added, removed


def run(data_dir: Path | None = None) -> list[dict[str, Any]]:
    """Diff every consecutive pair of X ToS versions; one dict per pair.

    Keys: ``old``, ``new``, ``old_kb``, ``new_kb``, ``seconds`` (best of
    :data:`REPEAT`), ``added``, ``removed``, ``modified``, ``moved``, ``unchanged``,
    ``significance``, ``line_added``, ``line_removed``, ``peak_mib`` (peak memory
    traced while diffing that pair once).
    """
    folder = (data_dir or shared_data_dir()) / "x" / "tos"
    if not folder.is_dir():
        print(f"bench_differ: skipped, no real data at {folder}", file=sys.stderr)
        return []
    files = sorted(folder.glob("*.md"), key=_rec_date)
    diff_texts("# warm\n\nup.", "# warm\n\nup!")  # import and initialise everything once
    rows: list[dict[str, Any]] = []
    for old_path, new_path in zip(files, files[1:], strict=False):
        old, new = old_path.read_text("utf-8"), new_path.read_text("utf-8")
        best = float("inf")
        for _ in range(REPEAT):
            start = time.perf_counter()
            result = diff_texts(old, new)
            best = min(best, time.perf_counter() - start)
        tracemalloc.start()
        diff_texts(old, new)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        line_added, line_removed = line_diff_counts(old, new)
        s = result.stats
        rows.append(
            {
                "old": old_path.name,
                "new": new_path.name,
                "old_kb": round(len(old.encode()) / 1024, 1),
                "new_kb": round(len(new.encode()) / 1024, 1),
                "seconds": best,
                "added": s.added,
                "removed": s.removed,
                "modified": s.modified,
                "moved": s.moved,
                "unchanged": s.unchanged,
                "significance": result.significance,
                "line_added": line_added,
                "line_removed": line_removed,
                "peak_mib": peak / 2**20,
            }
        )
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Median and slowest seconds per pair, the largest traced peak and the process's
    maximum resident set size (whole interpreter, libraries included), in MiB."""
    return {
        "median_seconds": statistics.median(r["seconds"] for r in rows),
        "max_seconds": max(r["seconds"] for r in rows),
        "peak_mib": max(r["peak_mib"] for r in rows),
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    rows = run()
    if not rows:
        return 0
    header = (
        f"{'old → new':<44} {'KB':>11} {'ms':>6}  {'+add':>5} {'-rem':>5} {'~mod':>5} "
        f"{'↕mov':>5} {'=same':>6}  {'sig':<11} {'difflib +/-':>12}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        pair = f"{_label(Path(r['old']))} → {_label(Path(r['new']))}"
        size = f"{r['old_kb']:.0f}→{r['new_kb']:.0f}"
        lines = f"+{r['line_added']}/-{r['line_removed']}"
        print(
            f"{pair:<44} {size:>11} {r['seconds'] * 1000:>6.1f}  {r['added']:>5} "
            f"{r['removed']:>5} {r['modified']:>5} {r['moved']:>5} {r['unchanged']:>6}  "
            f"{r['significance']:<11} {lines:>12}"
        )
    s = summary(rows)
    print("-" * len(header))
    print(
        f"{len(rows)} pairs · median {s['median_seconds'] * 1000:.1f} ms per pair · "
        f"slowest {s['max_seconds'] * 1000:.1f} ms · peak memory {s['peak_mib']:.1f} MiB "
        f"(tracemalloc, one diff) · max RSS {s['max_rss_mib']:.0f} MiB (whole process)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
