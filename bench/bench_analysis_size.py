"""Change analysis time against input size: one huge paragraph, and binary junk.

Issue 20's hostile tester found analysis about quadratic on one huge paragraph (two
1.4 MB one-paragraph versions took 130–190 s) and on binary files (two 2 MB files,
275 s).  This prints the time of the recorder's analysis of a change
(:meth:`tracker.analysis.Analyser.change`: :func:`diffs.analysis.analyse_change`, that is
the differ, events, flagger and headline, and the columns a crawl stores) for
single-paragraph changes of 0.5, 1, 2 and 5 MB, and for a pair of 2 MB binary texts.
Each must stay under :data:`TARGET_S_PER_MB` seconds per MB of wall time; the CPU time is
printed too, since on a busy machine wall time also measures the neighbours.

- **prose**: one paragraph of policy sentences (bench/workload.py's pool), with a few
  words replaced, a sentence inserted and one deleted;
- **run-on**: the same words with no sentence ends at all, so the segmenter must cut
  the paragraph into windows;
- **binary**: random bytes, decoded as UTF-8 with replacement characters (a server
  that sends binary content as text; ``clausewatch diff`` refuses such files).

    python bench/bench_analysis_size.py            # all sizes
    python bench/bench_analysis_size.py 0.5 1      # some sizes (MB)
    python bench/bench_analysis_size.py --one run-on 2   # one measurement, as JSON

Each measurement runs in a fresh process, warmed up on a small unrelated change (imports,
the flagger's model): the inputs repeat the sentences of one pool, and a process that had
already analysed a smaller size would find them in its caches and look faster than a
crawl meeting the text for the first time.

:func:`run` returns one dict per measurement for bench/report.py.  No real data needed.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a plain script from a checkout
    sys.path.insert(0, str(ROOT))

from bench.workload import _pool  # noqa: E402
from tracker.analysis import default_analyser  # noqa: E402

MB = 1_000_000
SIZES_MB = (0.5, 1.0, 2.0, 5.0)
BINARY_MB = 2.0
#: the issue's bound: analysis time per MB of the new version
TARGET_S_PER_MB = 5.0


def prose(size: int, seed: int = 1) -> str:
    """One paragraph of about ``size`` characters of policy sentences."""
    rng = random.Random(seed)
    pool = _pool()
    out: list[str] = []
    total = 0
    while total < size:
        sentence = rng.choice(pool)
        out.append(sentence)
        total += len(sentence) + 1
    return " ".join(out)


def run_on(size: int, seed: int = 1) -> str:
    """The same words with no sentence ends: lower case, no periods."""
    return prose(size, seed).replace(".", "").lower()


def edited(text: str, seed: int = 2, edits: int = 30) -> str:
    """``text`` with a few words replaced, one passage inserted and one deleted."""
    rng = random.Random(seed)
    words = text.split(" ")
    for _ in range(edits):
        k = rng.randrange(len(words))
        words[k] = rng.choice(("exclusively", "arbitration", "may", "not", "thirty"))
    k = rng.randrange(len(words))
    words[k:k] = "We may train artificial intelligence models on your content".split()
    k = rng.randrange(len(words))
    del words[k : k + 40]
    return " ".join(words)


def binary(size: int, seed: int = 1) -> str:
    """Random bytes read as text (UTF-8, undecodable bytes replaced)."""
    return random.Random(seed).randbytes(size).decode("utf-8", errors="replace")


def measure(name: str, size_mb: float, old: str, new: str) -> dict[str, Any]:
    """The time of the recorder's analysis of one change (what a crawl stores)."""
    start, cpu = time.perf_counter(), time.process_time()
    columns = default_analyser().change(old, new)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    stats = json.loads(columns["stats"])
    return {
        "input": name,
        "mb": size_mb,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "s_per_mb": seconds / size_mb,
        "met": seconds / size_mb < TARGET_S_PER_MB,
        "significance": columns["significance"],
        "changed": sum(stats[k] for k in ("added", "removed", "modified", "moved")),
        "unchanged": stats["unchanged"],
    }


WARM_UP = (
    "# Terms\n\n## Disputes\n\nAny dispute goes to binding arbitration in Delaware. "
    "We may change these terms at any time.",
    "# Terms\n\n## Disputes\n\nAny dispute goes to the courts of California. "
    "We may change these terms with 30 days' notice.",
)


def measure_one(name: str, size_mb: float) -> dict[str, Any]:
    """One measurement in this process, after a warm-up on an unrelated change."""
    default_analyser().change(*WARM_UP)  # imports, compiled patterns, the flagger's model
    size = int(size_mb * MB)
    if name == "binary":
        return measure(name, size_mb, binary(size, 1), binary(size, 2))
    text = {"prose": prose, "run-on": run_on}[name](size)
    return measure(name, size_mb, text, edited(text))


def run(sizes: tuple[float, ...] = SIZES_MB) -> list[dict[str, Any]]:
    """One measurement per input and size (prose, run-on), then the binary pair, each in
    a fresh process."""
    cases = [(name, size_mb) for size_mb in sizes for name in ("prose", "run-on")]
    cases.append(("binary", BINARY_MB))
    rows = []
    for name, size_mb in cases:
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--one", name, str(size_mb)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(done.stdout))
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Seconds per MB of each measurement, the worst, and whether all met the target."""
    out: dict[str, Any] = {f"{r['input']} {r['mb']:g} MB: s per MB": r["s_per_mb"] for r in rows}
    out["worst s per MB"] = max(r["s_per_mb"] for r in rows)
    out[f"all under {TARGET_S_PER_MB:g} s per MB"] = all(r["met"] for r in rows)
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:  # one measurement, as JSON (see run)
        print(json.dumps(measure_one(argv[1], float(argv[2]))))
        return 0
    sizes = tuple(float(a) for a in argv) or SIZES_MB
    rows = run(sizes)
    print(
        f"{'input':8} {'MB':>5} {'seconds':>8} {'s/MB':>6} {'CPU s/MB':>8}  "
        "significance  changed  unchanged"
    )
    for r in rows:
        print(
            f"{r['input']:8} {r['mb']:5g} {r['seconds']:8.2f} {r['s_per_mb']:6.2f} "
            f"{r['cpu_seconds'] / r['mb']:8.2f}  "
            f"{r['significance']:12}  {r['changed']:7}  {r['unchanged']:9}"
            + ("" if r["met"] else f"   over {TARGET_S_PER_MB:g} s/MB")
        )
    return 0 if all(r["met"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
