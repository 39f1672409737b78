"""Evaluate the clause flagger on CLAUDETTE with its document-level folds.

    .venv/bin/python bench/eval_flagger.py [--quick] [--json]

For each fold k = 0..4 the model is trained (thresholds included) on the documents
of ``lists/LIST_TRAIN_k.txt`` only and scored on ``lists/LIST_TEST_k.txt``, so no
document is in both.  A sentence is a positive for a category when it carries the
category's tag with degree 2 or 3.  Predictions are the categories the runtime
flagger (``diffs.flagger.Flagger``) reports with polarity ``grants``; counts are
pooled over the five test folds.  Also printed: the rules alone, the share of fair
sentences (no unfair tag) that get any of the eight flags, and throughput in clauses
per second on one core with interpreter start-up included.

Training is deterministic (``random_state=0``), so the model trained on all 50
documents is byte-identical to the shipped ``diffs/data/flagger_model.json``.

``run()`` returns the same figures as a dict (``{"skipped": reason}`` without the corpus).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

import train_flagger as tf  # noqa: E402

from diffs.flagger import Flagger  # noqa: E402
from diffs.model import LinearModel  # noqa: E402

CATS = tf.CATS
TARGET_MACRO_F1 = 0.75
TARGET_FAIR_FLAG_RATE = 0.04
TARGET_THROUGHPUT = 2000.0


def _predict(flagger: Flagger, texts: Sequence[str]) -> list[set[str]]:
    out = []
    for flags in flagger.flag_lines(texts):
        out.append({f.category for f in flags if f.category in CATS and f.polarity == "grants"})
    return out


def _score(gold: list[frozenset[str]], pred: list[set[str]]) -> dict[str, Any]:
    per: dict[str, dict[str, float]] = {}
    for c in CATS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if c in g and c in p)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if c not in g and c in p)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if c in g and c not in p)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[c] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    fair = [p for g, p in zip(gold, pred, strict=True) if not g]
    fair_rate = sum(1 for p in fair if p) / len(fair) if fair else 0.0
    macro = sum(per[c]["f1"] for c in CATS) / len(CATS)
    return {
        "per_category": per,
        "macro_f1": macro,
        "fair_flag_rate": fair_rate,
        "sentences": len(gold),
        "fair": len(fair),
    }


def cross_validate(docs: dict[str, list[tf.Sentence]], folds: Sequence[int] = range(5)) -> dict:
    gold: list[frozenset[str]] = []
    pred_model: list[set[str]] = []
    pred_or: list[set[str]] = []
    pred_rules: list[set[str]] = []
    per_fold = []
    rules = Flagger(None)
    for k in folds:
        train, test = tf.fold_lists(k)
        assert not set(train) & set(test), "document in both train and test"
        model = LinearModel.from_dict(tf.train_model(docs, train))
        sents = [s for n in test for s in docs[n]]
        texts = [s.text for s in sents]
        g = [s.labels for s in sents]
        pm = _predict(Flagger(model, mode="model"), texts)
        gold += g
        pred_model += pm
        pred_or += _predict(Flagger(model, mode="or"), texts)
        pred_rules += _predict(rules, texts)
        fold_score = _score(g, pm)
        per_fold.append(
            {
                "fold": k,
                "macro_f1": fold_score["macro_f1"],
                "fair_flag_rate": fold_score["fair_flag_rate"],
            }
        )
    return {
        "model": _score(gold, pred_model),
        "model_or_rules": _score(gold, pred_or),
        "rules_only": _score(gold, pred_rules),
        "per_fold": per_fold,
    }


_BENCH_SNIPPET = """
import sys, time
t0 = time.perf_counter()
from diffs.flagger import flag_lines
lines = open(sys.argv[1], encoding="utf-8").read().split("\\n")
res = flag_lines(lines)
print(len(res), sum(1 for r in res if r), time.perf_counter() - t0)
"""


def throughput(texts: Sequence[str] | None = None, n: int = 10000) -> dict[str, float]:
    """Clauses/second in a fresh interpreter pinned to one core, start-up included."""
    if not texts:
        base = [
            "We may change these Terms at any time by posting the revised version on this page.",
            "You must be at least 13 years old to use the Services.",
            "We are not liable for any indirect or consequential damages.",
            "Please contact our support team if you have questions about your account.",
            "All disputes will be resolved in the courts of Santa Clara County, California.",
        ]
        texts = [f"{b} ({i})" for i in range(n // len(base) + 1) for b in base]
    texts = list(texts)[:n]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(t.replace("\n", " ") for t in texts))
        path = fh.name
    cmd = [sys.executable, "-c", _BENCH_SNIPPET, path]
    if sys.platform.startswith("linux") and _has_taskset():
        cmd = ["taskset", "-c", "0", *cmd]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(ROOT), check=True)
    wall = time.perf_counter() - t0
    os.unlink(path)
    count, flagged, inner = proc.stdout.split()
    return {
        "clauses": int(count),
        "flagged": int(flagged),
        "seconds": wall,
        "clauses_per_second": int(count) / wall,
        "in_process_seconds": float(inner),
    }


def _has_taskset() -> bool:
    from shutil import which

    return which("taskset") is not None


def run(folds: Sequence[int] = range(5), n_throughput: int = 10000) -> dict[str, Any]:
    """All figures as a dict; ``{"skipped": reason}`` when the corpus is absent."""
    root = tf.corpus_dir()
    if not (root / "lists" / "LIST_ALL.txt").exists():
        return {"skipped": f"claudette_en not found at {root}"}
    t0 = time.perf_counter()
    docs = tf.load_corpus(root)
    res = cross_validate(docs, folds)
    all_texts = [s.text for n in docs for s in docs[n]]
    res["throughput"] = throughput(all_texts, n_throughput)
    res["targets"] = {
        "macro_f1": TARGET_MACRO_F1,
        "fair_flag_rate": TARGET_FAIR_FLAG_RATE,
        "clauses_per_second": TARGET_THROUGHPUT,
    }
    m = res["model"]
    res["met"] = {
        "macro_f1": m["macro_f1"] >= TARGET_MACRO_F1,
        "fair_flag_rate": m["fair_flag_rate"] < TARGET_FAIR_FLAG_RATE,
        "throughput": res["throughput"]["clauses_per_second"] >= TARGET_THROUGHPUT,
    }
    res["eval_seconds"] = time.perf_counter() - t0
    return res


def _table(name: str, s: dict[str, Any]) -> str:
    lines = [f"{name}", f"  {'category':<26}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
    for c in CATS:
        p = s["per_category"][c]
        lines.append(
            f"  {c:<26}{p['precision']:7.3f}{p['recall']:7.3f}{p['f1']:7.3f}{p['support']:6d}"
        )
    lines.append(f"  macro-F1 (8 categories): {s['macro_f1']:.3f}")
    lines.append(f"  fair sentences with any flag: {100 * s['fair_flag_rate']:.2f}% of {s['fair']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(argv or [])
    folds = [0] if "--quick" in argv else list(range(5))
    res = run(folds)
    if "skipped" in res:
        print("skipped:", res["skipped"])
        return 0
    if "--json" in argv:
        print(json.dumps(res, indent=2))
        return 0
    print(f"CLAUDETTE en, folds {folds} (document-level), degrees 2-3 = unfair\n")
    print(_table("Rules + model (shipped mode)", res["model"]))
    print()
    print(_table("Rules + model, OR of strong rules", res["model_or_rules"]))
    print()
    print(_table("Rules only", res["rules_only"]))
    print()
    print(
        "per fold (shipped mode), macro-F1 / fair flagged:",
        ", ".join(
            f"{f['fold']}: {f['macro_f1']:.3f} / {100 * f['fair_flag_rate']:.2f}%"
            for f in res["per_fold"]
        ),
    )
    tp = res["throughput"]
    print(
        f"throughput: {tp['clauses_per_second']:.0f} clauses/s on one core "
        f"({tp['clauses']} clauses in {tp['seconds']:.2f}s, start-up included)"
    )
    print("targets met:", res["met"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
