"""A small linear clause model, run in pure Python (no scikit-learn at runtime).

The model is trained by ``bench/train_flagger.py`` on the CLAUDETTE English corpus
(Galassi, Lagioia, Jabłonowska, Lippi, "Unfair clause detection in terms of service
across multiple languages", Artificial Intelligence and Law, 2024; CC BY 4.0) and
exported to ``diffs/data/flagger_model.json``:

- word n-gram features of the normalised sentence, weighted TF-IDF style
  (``1 + log(tf)`` times the stored idf, then L2-normalised), exactly as
  :func:`featurize` produces them here and in training;
- one binary feature per hand-written rule that fires (``R:<rule name>``), and one per
  category whose protective ("restricts") pattern matches (``N:<category>``), scaled
  by ``rule_scale``;
- per category: sparse coefficients (feature indices and weights), an intercept, and
  a decision threshold tuned on
  inner document-level folds of the training documents.

Scoring a sentence is a few dozen dict look-ups and additions.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["LinearModel", "MODEL_PATH", "featurize", "load_model"]

MODEL_PATH = Path(__file__).resolve().parent / "data" / "flagger_model.json"

_LOG = [0.0] + [math.log(i) for i in range(1, 64)]
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[$€£]")


def featurize(norm: str, ngram: int = 2) -> list[str]:
    """Word 1..``ngram``-grams of a normalised sentence (repeats kept, for tf)."""
    toks = _TOKEN.findall(norm)
    feats = list(toks)
    for n in range(2, ngram + 1):
        feats.extend(" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1))
    return feats


@dataclass
class LinearModel:
    categories: list[str]
    ngram: int
    # feature -> (idf, ((category index, weight), ...))
    table: dict[str, tuple[float, tuple[tuple[int, float], ...]]]
    # rule feature -> ((category index, weight), ...), already multiplied by rule_scale
    rule_table: dict[str, tuple[tuple[int, float], ...]]
    intercept: list[float]
    threshold: list[float]
    meta: dict[str, Any]
    # strong rules precise enough on the training data to flag without the model
    trusted_rules: frozenset[str] = frozenset()

    def scores(self, norm: str, rule_features: Iterable[str] = ()) -> list[float]:
        """Decision value per category (compare with ``threshold``)."""
        toks = _TOKEN.findall(norm)
        counts: dict[str, int] = {}
        get = counts.get
        for f in toks:
            counts[f] = get(f, 0) + 1
        for n in range(2, self.ngram + 1):
            for i in range(len(toks) - n + 1):
                f = " ".join(toks[i : i + n])
                counts[f] = get(f, 0) + 1
        s = list(self.intercept)
        acc = []
        sq = 0.0
        lookup = self.table.get
        for f, c in counts.items():
            entry = lookup(f)
            if entry is None:
                continue
            x = entry[0] if c == 1 else (1.0 + _LOG[c] if c < 64 else 1.0 + math.log(c)) * entry[0]
            sq += x * x
            if entry[1]:
                acc.append((x, entry[1]))
        if sq > 0.0:
            inv = 1.0 / math.sqrt(sq)
            for x, ws in acc:
                xi = x * inv
                for ci, w in ws:
                    s[ci] += xi * w
        rt = self.rule_table
        for r in rule_features:
            ws = rt.get(r)
            if ws:
                for ci, w in ws:
                    s[ci] += w
        return s

    def top_features(self, norm: str, category: str, k: int = 3) -> list[str]:
        """The n-grams of the sentence that push ``category`` up the most (for evidence)."""
        ci = self.categories.index(category)
        best: list[tuple[float, str]] = []
        for f in set(featurize(norm, self.ngram)):
            entry = self.table.get(f)
            if entry is None:
                continue
            for cj, w in entry[1]:
                if cj == ci and w > 0:
                    best.append((w * entry[0], f))
        best.sort(reverse=True)
        return [f for _, f in best[:k]]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LinearModel:
        cats = list(d["categories"])
        scale = float(d.get("weight_scale", 1.0))
        features = d["features"]
        per_feat: dict[int, list[tuple[int, float]]] = {}
        for ci, cat in enumerate(cats):
            c = d["coef"][cat]
            for i, w in zip(c["index"], c["weight"], strict=True):
                per_feat.setdefault(i, []).append((ci, w * scale))
        table = {
            f: (idf, tuple(per_feat.get(i, ())))
            for i, (f, idf) in enumerate(zip(features, d["idf"], strict=True))
        }
        rscale = float(d.get("rule_scale", 1.0))
        rule_per: dict[str, list[tuple[int, float]]] = {}
        for ci, cat in enumerate(cats):
            for r, w in d.get("rule_coef", {}).get(cat, {}).items():
                rule_per.setdefault(r, []).append((ci, w * scale * rscale))
        return cls(
            categories=cats,
            ngram=int(d.get("ngram", 2)),
            table=table,
            rule_table={r: tuple(v) for r, v in rule_per.items()},
            intercept=[float(d["intercept"][c]) for c in cats],
            threshold=[float(d["threshold"][c]) for c in cats],
            meta=dict(d.get("meta", {})),
            trusted_rules=frozenset(d.get("trusted_rules", ())),
        )


_CACHE: dict[Path, LinearModel | None] = {}


def load_model(path: Path | str | None = None) -> LinearModel | None:
    """The shipped model, or ``None`` when the file is missing (rules still work)."""
    p = Path(path) if path else MODEL_PATH
    if p not in _CACHE:
        try:
            with open(p, encoding="utf-8") as fh:
                _CACHE[p] = LinearModel.from_dict(json.load(fh))
        except FileNotFoundError:
            _CACHE[p] = None
    return _CACHE[p]
