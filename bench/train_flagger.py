"""Train the flagger's linear model on CLAUDETTE and export it as plain JSON.

    .venv/bin/python bench/train_flagger.py            # writes diffs/data/flagger_model.json

Corpus: ``../shared/data/claudette_en`` (override with ``CLAUSEWATCH_SHARED_DATA``):
50 English Terms of Service, one sentence per line, tags such as ``ltd2`` or ``a3``
(category + degree; degree 2 or 3 = potentially/clearly unfair, 1 = fair).  Galassi,
Lagioia, Jabłonowska, Lippi, "Unfair clause detection in terms of service across
multiple languages", Artificial Intelligence and Law, 2024.  CC BY 4.0.

Model: per category, two linear SVMs over TF-IDF word 1–2-grams of the normalised
sentence, one of them also given one binary input per hand-written rule (see
``diffs/rules.py``).  The rule inputs help some categories (arbitration, liability)
and hurt others (jurisdiction, choice of law, whose rules also fire on the fair
"courts of your residence" variants), so a per-category logistic blend of the two
scores decides how much each view counts.  The blend is fitted on out-of-fold scores
from inner document-level folds of the training documents, and its threshold on a
second, grouped split of those scores; the test documents are never seen.  Both SVMs
share one vocabulary, so the blend collapses into a single linear model.
scikit-learn is needed here, never at runtime: the export holds the vocabulary, idf,
rounded coefficients, intercepts and thresholds, and
``diffs.model.LinearModel`` scores with dict look-ups.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from diffs.categories import UNFAIR_TOS_CATEGORIES  # noqa: E402
from diffs.flagger import normalize  # noqa: E402
from diffs.model import MODEL_PATH, featurize  # noqa: E402
from diffs.rules import RESTRICT, rule_hits  # noqa: E402

TAG_TO_CATEGORY = {
    "a": "arbitration",
    "ch": "unilateral_change",
    "cr": "content_removal",
    "j": "jurisdiction",
    "law": "choice_of_law",
    "ltd": "limitation_of_liability",
    "ter": "unilateral_termination",
    "use": "contract_by_using",
}
CATS = list(UNFAIR_TOS_CATEGORIES)

# hyper-parameters (fixed; thresholds are tuned per training set)
NGRAM = 2
MIN_DF = 2
C = 1.0
RULE_SCALE = 1.0
INNER_FOLDS = 4
BLEND_C = 1.0  # logistic blend of the two SVM views, per category
COEF_EPS = 0.02  # coefficients smaller than this (in absolute value) are dropped
DEDUPE = True  # train on each distinct (sentence, labels) once
TRUST_PRECISION = 0.8  # a strong rule this precise on the training documents flags on its own
TRUST_MIN_HITS = 3  # ... and fires on at least this many training sentences
CITATION = (
    "Galassi, Lagioia, Jabłonowska, Lippi, 'Unfair clause detection in terms of service "
    "across multiple languages', Artificial Intelligence and Law, 2024"
)


def corpus_dir() -> Path:
    base = Path(os.environ.get("CLAUSEWATCH_SHARED_DATA", ROOT.parent / "shared" / "data"))
    return base / "claudette_en"


@dataclass
class Sentence:
    doc: str
    text: str
    labels: frozenset[str]  # unfair categories (degree 2 or 3)
    feats: list[str]  # word n-grams of the normalised text
    rules: list[str]  # rule features ("R:<name>", "N:<category>")
    n_tokens: int = 0  # the first n_tokens entries of feats are the unigrams


def parse_tags(line: str) -> frozenset[str]:
    out = set()
    for tag in line.split():
        for prefix, cat in TAG_TO_CATEGORY.items():
            if tag in (prefix + "2", prefix + "3"):
                out.add(cat)
    return frozenset(out)


def rule_features(norm: str) -> list[str]:
    """The rule inputs the runtime feeds the model (must match diffs.flagger)."""
    feats = []
    cats = set()
    for rule, _ in rule_hits(norm):
        feats.append("R:" + rule.name)
        cats.add(rule.category)
    for cat in cats:
        rx = RESTRICT.get(cat)
        if rx is not None and rx.search(norm):
            feats.append("N:" + cat)
    return feats


def load_doc(root: Path, name: str) -> list[Sentence]:
    sents = (root / "sentences" / "en" / "original" / name).read_text(encoding="utf-8").split("\n")
    tags = (root / "tags" / "en" / "original" / name).read_text(encoding="utf-8").split("\n")
    out = []
    for text, tag in zip(sents, tags, strict=False):
        if not text.strip():
            continue
        norm = normalize(text)
        feats = featurize(norm, NGRAM)
        n_tok = len(featurize(norm, 1))
        out.append(Sentence(name, text, parse_tags(tag), feats, rule_features(norm), n_tok))
    return out


def load_corpus(root: Path | None = None) -> dict[str, list[Sentence]]:
    root = root or corpus_dir()
    names = (root / "lists" / "LIST_ALL.txt").read_text().split()
    return {n: load_doc(root, n) for n in names}


def fold_lists(k: int, root: Path | None = None) -> tuple[list[str], list[str]]:
    root = root or corpus_dir()
    train = (root / "lists" / f"LIST_TRAIN_{k}.txt").read_text().split()
    test = (root / "lists" / f"LIST_TEST_{k}.txt").read_text().split()
    return train, test


# --- fitting ---------------------------------------------------------------------


def dedupe(sentences: Sequence[Sentence]) -> list[Sentence]:
    """Drop repeats of the same normalised sentence with the same labels.

    Several documents carry a clause many times over (one copy per country or
    product); unduplicated, those copies outvote the rest of the corpus.
    """
    seen: set[tuple[str, frozenset[str]]] = set()
    out = []
    for s in sentences:
        key = (" ".join(s.feats[: s.n_tokens]), s.labels)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def _fit(sentences: Sequence[Sentence]) -> dict[str, Any]:
    """Fit the vectoriser and, per category, an SVM with rule inputs and one without."""
    sentences = dedupe(sentences) if DEDUPE else list(sentences)
    import numpy as np
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    vec = TfidfVectorizer(analyzer=_identity, min_df=MIN_DF, sublinear_tf=True, dtype=np.float64)
    X = vec.fit_transform([s.feats for s in sentences])
    rule_names = sorted({r for s in sentences for r in s.rules})
    R = _rule_matrix(sentences, rule_names)
    Xall = hstack([X, R]).tocsr()
    models = {}
    for cat in CATS:
        y = np.array([cat in s.labels for s in sentences])
        views = []
        for data in (Xall, X):
            clf = LinearSVC(C=C, class_weight="balanced", max_iter=20000, random_state=0)
            views.append(clf.fit(data, y))
        models[cat] = tuple(views)
    return {"vec": vec, "rule_names": rule_names, "models": models}


def _identity(x: list[str]) -> list[str]:
    return x


def _rule_matrix(sentences: Sequence[Sentence], rule_names: list[str]):
    from scipy.sparse import csr_matrix

    index = {r: i for i, r in enumerate(rule_names)}
    rows, cols = [], []
    for i, s in enumerate(sentences):
        for r in set(s.rules):
            j = index.get(r)
            if j is not None:
                rows.append(i)
                cols.append(j)
    data = [RULE_SCALE] * len(rows)
    return csr_matrix((data, (rows, cols)), shape=(len(sentences), len(rule_names)))


def _decision(fitted: dict[str, Any], sentences: Sequence[Sentence]) -> dict[str, Any]:
    """Per category, an (n, 2) array: the score with rule inputs and the one without."""
    import numpy as np
    from scipy.sparse import hstack

    X = fitted["vec"].transform([s.feats for s in sentences])
    R = _rule_matrix(sentences, fitted["rule_names"])
    Xall = hstack([X, R]).tocsr()
    return {
        cat: np.column_stack([with_rules.decision_function(Xall), plain.decision_function(X)])
        for cat, (with_rules, plain) in fitted["models"].items()
    }


def _best_threshold(scores, labels) -> float:
    """Threshold maximising F1 on (scores, labels)."""
    import numpy as np

    order = np.argsort(-scores)
    s = scores[order]
    y = labels[order].astype(int)
    tp = np.cumsum(y)
    fp = np.cumsum(1 - y)
    pos = y.sum()
    if pos == 0:
        return float(s[0] + 1.0)
    f1 = 2 * tp / (tp + fp + pos)
    i = int(np.argmax(f1))
    nxt = s[i + 1] if i + 1 < len(s) else s[i] - 1.0
    return float((s[i] + nxt) / 2.0)


def tune_blend(
    docs: dict[str, list[Sentence]], names: Sequence[str]
) -> dict[str, tuple[float, float, float, float]]:
    """Per category ``(a_rules, a_plain, intercept, threshold)`` from the training documents.

    Out-of-fold SVM scores come from document-level inner folds; a logistic blend is
    fitted on them, and its threshold is the F1-best cut of the blend's own
    out-of-fold decisions over a grouped (document-level) split.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    names = list(names)
    folds = [names[i::INNER_FOLDS] for i in range(INNER_FOLDS)]
    scores = {c: [] for c in CATS}
    labels = {c: [] for c in CATS}
    groups = []
    for held in folds:
        held_set = set(held)
        tr = [s for n in names if n not in held_set for s in docs[n]]
        te = [s for n in held for s in docs[n]]
        dec = _decision(_fit(tr), te)
        for c in CATS:
            scores[c].append(dec[c])
            labels[c].append(np.array([c in s.labels for s in te]))
        groups.extend(names.index(s.doc) for s in te)
    g = np.array(groups)
    out = {}
    for c in CATS:
        S = np.vstack(scores[c])
        y = np.concatenate(labels[c])
        oof = np.zeros(len(y))
        for a, b in GroupKFold(n_splits=INNER_FOLDS).split(S, y, g):
            lr = LogisticRegression(C=BLEND_C, max_iter=2000).fit(S[a], y[a])
            oof[b] = lr.decision_function(S[b])
        lr = LogisticRegression(C=BLEND_C, max_iter=2000).fit(S, y)
        a_r, a_p = (float(x) for x in lr.coef_[0])
        out[c] = (a_r, a_p, float(lr.intercept_[0]), _best_threshold(oof, y))
    return out


def export(
    fitted: dict[str, Any], blend: dict[str, tuple[float, float, float, float]], meta: dict
) -> dict:
    """Collapse each category's blend of the two SVMs into one set of weights.

    decision = a_r·(w_r·x + r·rules + b_r) + a_p·(w_p·x + b_p) + b ≥ t, divided
    through by a_r + a_p (when positive) so the margin keeps the SVMs' scale.
    """
    vec = fitted["vec"]
    vocab = vec.vocabulary_
    features = [""] * len(vocab)
    for f, i in vocab.items():
        features[i] = f
    idf = [round(float(x), 3) for x in vec.idf_]
    nv = len(features)
    coef: dict[str, dict[str, list]] = {}
    rule_coef: dict[str, dict[str, float]] = {}
    intercept: dict[str, float] = {}
    threshold: dict[str, float] = {}
    for cat, (with_rules, plain) in fitted["models"].items():
        a_r, a_p, b, t = blend[cat]
        k = a_r + a_p if a_r + a_p > 0 else 1.0
        a_r, a_p, b, t = a_r / k, a_p / k, b / k, t / k
        wr = with_rules.coef_[0]
        w = a_r * wr[:nv] + a_p * plain.coef_[0]
        keep = [i for i in range(nv) if abs(w[i]) >= COEF_EPS]
        coef[cat] = {"index": keep, "weight": [round(float(w[i]), 3) for i in keep]}
        rule_coef[cat] = {
            r: round(float(a_r * wr[nv + j]), 4)
            for j, r in enumerate(fitted["rule_names"])
            if abs(a_r * wr[nv + j]) >= 1e-4
        }
        bias = a_r * with_rules.intercept_[0] + a_p * plain.intercept_[0] + b
        intercept[cat] = round(float(bias), 4)
        threshold[cat] = round(t, 4)
    # a feature nobody uses still matters for the L2 norm, so every vocabulary entry stays
    return {
        "format": "clausewatch-linear-v1",
        "categories": CATS,
        "ngram": NGRAM,
        "rule_scale": RULE_SCALE,
        "weight_scale": 1.0,
        "features": features,
        "idf": idf,
        "coef": coef,
        "rule_coef": rule_coef,
        "intercept": intercept,
        "threshold": threshold,
        "meta": meta,
    }


def trusted_rules(sentences: Sequence[Sentence]) -> list[str]:
    """Strong rules whose hits on these sentences are mostly true positives."""
    from diffs.rules import RULES

    out = []
    for rule in RULES:
        if not rule.strong or rule.category not in CATS:
            continue
        hits = [s for s in sentences if "R:" + rule.name in s.rules]
        if len(hits) < TRUST_MIN_HITS:
            continue
        prec = sum(1 for s in hits if rule.category in s.labels) / len(hits)
        if prec >= TRUST_PRECISION:
            out.append(rule.name)
    return out


def train_model(docs: dict[str, list[Sentence]], names: Sequence[str]) -> dict[str, Any]:
    """Train on the documents ``names`` (thresholds from inner folds of those only)."""
    blend = tune_blend(docs, names)
    sentences = [s for n in names for s in docs[n]]
    fitted = _fit(sentences)
    trusted = trusted_rules(sentences)
    import sklearn

    meta = {
        "scikit_learn": sklearn.__version__,
        "trained_on": f"claudette_en, {len(names)} documents, {len(sentences)} sentences",
        "source": CITATION,
        "licence": "CC BY 4.0",
        "hyperparameters": {
            "ngram": NGRAM,
            "min_df": MIN_DF,
            "C": C,
            "dedupe": DEDUPE,
            "rule_scale": RULE_SCALE,
            "inner_folds": INNER_FOLDS,
            "blend_C": BLEND_C,
            "coef_eps": COEF_EPS,
            "trust_precision": TRUST_PRECISION,
        },
    }
    model = export(fitted, blend, meta)
    model["trusted_rules"] = trusted
    return model


def main(argv: Sequence[str] | None = None) -> int:
    root = corpus_dir()
    if not (root / "lists" / "LIST_ALL.txt").exists():
        print(f"claudette_en not found at {root}; nothing to train", file=sys.stderr)
        return 1
    docs = load_corpus(root)
    model = train_model(docs, list(docs))
    out = Path(argv[0]) if argv else MODEL_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(model, ensure_ascii=False, separators=(",", ":"))
    out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(text) / 1e6:.2f} MB, {len(model['features'])} features)")
    print("thresholds:", model["threshold"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
