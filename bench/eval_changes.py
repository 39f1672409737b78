"""Replay the hand-labelled dev set of real changes through clausewatch's change analysis.

Every pair of ``tests/data/dev_changes/part*.json`` (schema in that folder's README;
paths relative to ``../shared/data``) goes through
:func:`diffs.analysis.analyse_change`, and the script prints:

- **significance accuracy**: the share of pairs whose ``minor``/``substantive`` matches
  the label (no clause change at all counts as ``minor``);
- **concrete headlines**: the share of substantive pairs whose headline states a
  concrete change, i.e. every regular expression of at least one ``headline_terms``
  alternative matches it (case-insensitive);
- **flag-event precision and recall**: per pair, the unique (category, kind) flag
  events predicted against the labelled ``events``; a prediction listed in ``events``
  or ``events_ok`` is no false positive, and recall counts ``events`` only;
- **reverts**: labelled against detected, where a revert is a new text equal, up to
  cosmetic differences, to an earlier version of the same document other than the
  previous one (:func:`diffs.analysis.find_revert` over the document's history files).

    python bench/eval_changes.py [--verbose] [--part part1]

``--verbose`` adds a table of every pair with a miss.  :func:`run` returns the figures
as a dict (the tests assert on them).  Without the shared data folder it says so and
returns an empty dict.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a plain script from a checkout
    sys.path.insert(0, str(ROOT))

from diffs.analysis import analyse_change, find_revert  # noqa: E402

DEV_SET = ROOT / "tests" / "data" / "dev_changes"
TARGETS = {"significance": 0.95, "concrete": 0.9, "precision": 0.9, "recall": 0.8}
_REC = re.compile(r"rec(\d{4}-\d{2}-\d{2})")
_NUMBERED = re.compile(r"^(\d+)__(\d{4}-\d{2}-\d{2})__")


def shared_data_dir() -> Path:
    return Path(os.environ.get("CLAUSEWATCH_SHARED_DATA", ROOT.parent / "shared" / "data"))


def load_pairs(parts: list[str] | None = None) -> list[dict[str, Any]]:
    """Every labelled pair, with ``part`` and ``index`` added."""
    out = []
    for path in sorted(DEV_SET.glob("part*.json")):
        if path.name.endswith(".todo.json") or (parts and path.stem not in parts):
            continue
        for i, pair in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            out.append({**pair, "part": path.stem, "index": i})
    return out


class History:
    """The versions of each document under the shared data folder, in order, with dates."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.recorded: dict[str, str] = {}
        index = data / "histories" / "index.tsv"
        if index.exists():
            with open(index, encoding="utf-8") as fh:
                for row in csv.DictReader(fh, delimiter="\t"):
                    self.recorded["histories/" + row["file"]] = row["recorded_at"][:10]
        self._texts: dict[str, str] = {}

    def date(self, rel: str) -> str | None:
        if rel in self.recorded:
            return self.recorded[rel]
        m = _REC.search(rel)
        return m.group(1) if m else None

    def text(self, rel: str) -> str:
        if rel not in self._texts:
            self._texts[rel] = (self.data / rel).read_text(encoding="utf-8")
        return self._texts[rel]

    def versions(self, rel: str) -> list[str]:
        """All versions of the document ``rel`` belongs to, oldest first."""
        path = Path(rel)
        folder = self.data / path.parent
        if rel.startswith("histories/"):
            files = sorted(p.name for p in folder.glob("*.md"))
        else:  # x/tos, x/privacy, bluesky (tos and privacy side by side)
            kind = "privacy" if "privacy" in path.name else "tos"
            files = [p.name for p in folder.glob("*.md") if kind in p.name]
            files.sort(key=lambda n: self.date(f"{path.parent}/{n}") or n)
        return [f"{path.parent}/{f}" for f in files]

    def earlier(self, old: str) -> list[str]:
        """The versions before ``old`` (``old`` itself excluded)."""
        versions = self.versions(old)
        return versions[: versions.index(old)] if old in versions else []


@dataclass
class PairResult:
    pair: dict[str, Any]
    significance: str
    headline: str
    concrete: bool | None  # None for minor pairs
    predicted: set[tuple[str, str]]
    tp: set[tuple[str, str]] = field(default_factory=set)
    fp: set[tuple[str, str]] = field(default_factory=set)
    fn: set[tuple[str, str]] = field(default_factory=set)
    revert: str | None = None

    @property
    def sig_ok(self) -> bool:
        return self.significance == self.pair["significance"]

    @property
    def missed(self) -> bool:
        return (
            not self.sig_ok
            or self.concrete is False
            or bool(self.fp or self.fn)
            or bool(self.revert) != bool(self.pair.get("revert_of"))
        )


def states_concrete_change(headline: str, terms: list[list[str]]) -> bool:
    return any(all(re.search(rx, headline, re.I) for rx in alt) for alt in terms)


def evaluate(pair: dict[str, Any], hist: History) -> PairResult:
    old, new = hist.text(pair["old"]), hist.text(pair["new"])
    earlier = [(hist.date(p) or p, hist.text(p)) for p in hist.earlier(pair["old"])]
    revert = find_revert(new, earlier, previous=old)
    analysis = analyse_change(old, new, new_date=hist.date(pair["new"]), revert_of_date=revert)
    significance = "minor" if analysis.significance == "none" else analysis.significance
    predicted = {(e.category or "", e.kind) for e in analysis.flag_events()}
    gold = {(e["category"], e["kind"]) for e in pair.get("events") or []}
    ok = {(e["category"], e["kind"]) for e in pair.get("events_ok") or []}
    concrete = None
    if pair["significance"] == "substantive":
        concrete = states_concrete_change(analysis.headline, pair.get("headline_terms") or [])
    return PairResult(
        pair=pair,
        significance=significance,
        headline=analysis.headline,
        concrete=concrete,
        predicted=predicted,
        tp=predicted & gold,
        fp=predicted - gold - ok,
        fn=gold - predicted,
        revert=revert,
    )


def _share(num: int, den: int) -> float:
    return num / den if den else 1.0


def run(verbose: bool = False, parts: list[str] | None = None, out=sys.stdout) -> dict[str, Any]:
    data = shared_data_dir()
    if not (data / "README.md").exists():
        print(f"real policy data not found at {data} (set CLAUSEWATCH_SHARED_DATA)", file=out)
        return {}
    pairs = load_pairs(parts)
    if not pairs:
        print(f"no labelled pairs in {DEV_SET}", file=out)
        return {}
    hist = History(data)
    results = [evaluate(p, hist) for p in pairs]
    substantive = [r for r in results if r.pair["significance"] == "substantive"]
    tp = sum(len(r.tp) for r in results)
    fp = sum(len(r.fp) for r in results)
    fn = sum(len(r.fn) for r in results)
    labelled_reverts = sum(1 for r in results if r.pair.get("revert_of"))
    detected = sum(1 for r in results if r.revert)
    agreed = sum(1 for r in results if r.revert and r.pair.get("revert_of"))
    figures = {
        "pairs": len(results),
        "significance": _share(sum(r.sig_ok for r in results), len(results)),
        "concrete": _share(sum(bool(r.concrete) for r in substantive), len(substantive)),
        "substantive": len(substantive),
        "precision": _share(tp, tp + fp),
        "recall": _share(tp, tp + fn),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "reverts_labelled": labelled_reverts,
        "reverts_detected": detected,
        "reverts_agreed": agreed,
    }
    print(f"{len(results)} labelled pairs ({len(substantive)} substantive)", file=out)
    rows = [
        ("significance accuracy", figures["significance"], TARGETS["significance"]),
        ("concrete headlines", figures["concrete"], TARGETS["concrete"]),
        ("flag-event precision", figures["precision"], TARGETS["precision"]),
        ("flag-event recall", figures["recall"], TARGETS["recall"]),
    ]
    for name, value, target in rows:
        mark = "ok" if value >= target else "BELOW TARGET"
        print(f"  {name:<24} {value:6.3f}   target ≥ {target:.2f}   {mark}", file=out)
    print(f"  flag events: {tp} right, {fp} wrong, {fn} missed", file=out)
    print(
        f"  reverts: {labelled_reverts} labelled, {detected} detected, {agreed} in common",
        file=out,
    )
    if verbose:
        print("\nmisses:", file=out)
        for r in results:
            if not r.missed:
                continue
            p = r.pair
            print(f"\n{p['part']}[{p['index']}] {p['document']}  {p['new']}", file=out)
            if not r.sig_ok:
                print(f"  significance: {r.significance}, label {p['significance']}", file=out)
            if r.concrete is False:
                print(f"  headline not concrete: {r.headline}", file=out)
                print(f"    label: {p['what_changed'][:200]}", file=out)
            elif verbose:
                print(f"  headline: {r.headline}", file=out)
            if r.fp:
                print(f"  wrong events: {sorted(r.fp)}", file=out)
            if r.fn:
                print(f"  missed events: {sorted(r.fn)}", file=out)
            if bool(r.revert) != bool(p.get("revert_of")):
                print(f"  revert: detected {r.revert}, label {p.get('revert_of')}", file=out)
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="list every pair with a miss")
    ap.add_argument("--part", action="append", help="only this part file (e.g. part1)")
    args = ap.parse_args(argv)
    run(verbose=args.verbose, parts=args.part)
    return 0


if __name__ == "__main__":
    sys.exit(main())
