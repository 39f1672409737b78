"""Clause flagger: mark the clauses that matter, with evidence, amounts and places.

``flag_text(text)`` returns one :class:`~diffs.result.Flag` per category found in a
clause.  Hand-written rules (:mod:`diffs.rules`) are the explainable core; for the
eight CLAUDETTE unfair-clause categories a small linear model (:mod:`diffs.model`,
trained on the CLAUDETTE corpus, rule hits among its inputs) decides, so that it can
add recall where the rules are silent and veto rule hits it has learnt are benign.
Without the model file the rules decide alone.

Matching runs on a normalised copy of each sentence (lower case, straight quotes,
single spaces, tokenised punctuation re-joined, Markdown stripped); the evidence is
mapped back to the exact words of the original clause.

``diffs.events.flag_diff(result)`` flags the old and new text of every changed clause and reports
flags as added, removed or modified, with a one-line headline.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from diffs import entities as ent
from diffs.arabic import fold_text
from diffs.categories import CATEGORIES, SEVERITY_RANK
from diffs.german import is_german
from diffs.model import LinearModel, load_model
from diffs.result import (
    Clause,
    Entity,
    Flag,
)
from diffs.rules import (
    REQUIRES,
    RESTRICT,
    RESTRICT_DE,
    RESTRICT_EXTRA,
    VETOES,
    Rule,
    detail_rule_hits,
    rule_hits,
)
from diffs.typography import TYPOGRAPHY

__all__ = [
    "Flagger",
    "default_flagger",
    "flag_document",
    "flag_lines",
    "flag_text",
    "normalize",
    "split_sentences",
]

# --- normalisation ---------------------------------------------------------------

_TRANS = str.maketrans(
    {
        **TYPOGRAPHY,
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200b": "",
        "`": "'",
        "*": " ",
        "#": " ",
        "|": " ",
        ">": " ",
        "\\": " ",
    }
)
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")
_UNDERSCORE = re.compile(r"(?<!\w)_+|_+(?!\w)")
_SPACE_BEFORE = re.compile(r"\s+([,.;:!?)\]%])")
_SPACE_AFTER = re.compile(r"([(\[$€£])\s+")
_SPLIT_CLITIC = re.compile(r"\s+('(?:s|re|ve|ll|d|m|t)\b|n't\b)")
_SPLIT_APOS = re.compile(r"(\w)\s+'\s*(s|re|ve|ll|d|m|t)\b")
_WS = re.compile(r"\s+")


def _blank_link(m: re.Match[str]) -> str:
    # keep the label, blank the target, so offsets into the original stay valid
    return " " + m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 1)


def _strip_markup(text: str) -> str:
    """Same-length copy of ``text`` with link targets and Markdown marks blanked."""
    if "](" in text:
        text = _MD_LINK.sub(_blank_link, text)
    return text


def normalize(text: str) -> str:
    """Lower-case, quote-, space- and punctuation-normalised text used for matching."""
    t = _strip_markup(text).translate(_TRANS).lower()
    t = fold_text(t)  # Arabic: digits, tatweel, diacritics, alef forms (other text as it is)
    if "_" in t:
        t = _UNDERSCORE.sub(" ", t)
    if " " in t:
        t = _SPACE_BEFORE.sub(r"\1", t)
        t = _SPACE_AFTER.sub(r"\1", t)
        if "'" in t:
            t = _SPLIT_APOS.sub(r"\1'\2", t)
            t = _SPLIT_CLITIC.sub(r"\1", t)
    return _WS.sub(" ", t).strip()


# --- sentence splitting ------------------------------------------------------------

# Arabic: ؟ and ۔ end a sentence too, and an Arabic letter or digit starts one
_SENT_END = re.compile(
    r"[.!?؟۔][\"')\]\u201d\u2019*_»]*\s+(?=[\"'(\[\u201c\u2018*_«]*[A-Z0-9\u0621-\u064a\u0660-\u0669\u06f0-\u06f9])"
)
_SENT_END_LOWER = re.compile(r"[.!?؟۔][\"')\]\u201d\u2019*_»]*\s+(?=\S)")
_ABBREV = {
    "e.g",
    "i.e",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "no",
    "nos",
    "st",
    "mr",
    "ms",
    "mrs",
    "dr",
    "vs",
    "v",
    "art",
    "sec",
    "para",
    "u.s",
    "u.k",
    "e.u",
    "approx",
    "incl",
    "jr",
    "sr",
    "llc",
    "b.v",
    "s.a",
    "n.v",
    "d.c",
    "cf",
    "fig",
    "ca",
}
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def split_sentences(text: str) -> list[str]:
    """Split a clause into sentences (exact substrings), tolerant of lower-cased text."""
    text = text.strip()
    if len(text) < 40:
        return [text] if text else []
    rx = _SENT_END_LOWER if not any(c.isupper() for c in text) else _SENT_END
    out: list[str] = []
    start = 0
    for m in rx.finditer(text):
        before = text[start : m.start()]
        w = _LAST_WORD.search(before)
        if text[m.start()] == "." and w:
            word = w.group(1).lower()
            if word in _ABBREV or len(word) == 1 or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
                continue
        if len(before) < 12:
            continue
        piece = text[start : m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


# --- flagging ----------------------------------------------------------------------

#: which entity kinds are attached to a flag of each category
ENTITY_KINDS_FOR: dict[str, tuple[str, ...]] = {
    "arbitration": ("venue", "money"),
    "unilateral_change": ("notice_period", "date"),
    "content_removal": ("notice_period",),
    "jurisdiction": ("court", "venue"),
    "choice_of_law": ("governing_law",),
    "limitation_of_liability": ("money",),
    "unilateral_termination": ("notice_period", "duration"),
    "contract_by_using": ("age",),
    "ai_training": ("ai_terms",),
    "liquidated_damages": ("money",),
    "class_action_waiver": (),
    "content_licence": (),
    "data_sharing": (),
    "biometric_data": (),
    "minimum_age": ("age",),
    "scraping_ban": ("money",),
    "jury_waiver": (),
    "data_retention": ("duration",),
    "fees_and_refunds": ("money", "percentage", "duration"),
    "human_review": (),
    "data_location_and_transfers": ("place",),
    "subprocessors": (),
    "arbitration_opt_out": ("duration",),
}

_CAT_ORDER = {c: i for i, c in enumerate(CATEGORIES)}


def _sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


_TOK = re.compile(r"[^\W_]+")


@dataclass
class _Hit:
    category: str
    start: int  # in the normalised sentence
    end: int
    strong: bool
    weight: float
    name: str
    always: bool = False


class Flagger:
    """Rules plus an optional linear model.  ``model=None`` → rules only.

    ``mode`` decides how the two combine for the eight CLAUDETTE categories:
    ``"model"`` (default) lets the model's thresholded score decide, with rule hits
    among its inputs, except that a strong rule the training data showed to be precise
    (``model.trusted_rules``) or a rule marked ``always`` flags on its own; ``"or"``
    flags on a strong rule hit *or* the model; ``"rules"`` ignores the model.  The
    categories the model does not cover are always decided by the rules.
    """

    def __init__(self, model: LinearModel | None = None, mode: str = "model") -> None:
        self.model = model
        self.mode = mode if model is not None else "rules"
        self._model_cats = (
            {c: i for i, c in enumerate(model.categories)} if model is not None else {}
        )
        self._cached = lru_cache(maxsize=8192)(self._flag_sentence)

    # one sentence --------------------------------------------------------------
    def _flag_sentence(self, sent: str) -> tuple[Flag, ...]:
        norm = normalize(sent)
        if not norm:
            return ()
        by_cat, restricts, rule_feats = _rule_evidence(norm)
        scores: list[float] = []
        # the model is English: a German sentence is read by the German rules alone
        if self.mode != "rules" and self.model is not None and not is_german(norm):
            scores = self.model.scores(norm, rule_feats)
        # the detail rules flag but are never model inputs (the model was trained without them)
        for rule, m in detail_rule_hits(norm):
            by_cat.setdefault(rule.category, []).append(_hit(rule, m))
        flags: list[Flag] = []
        cats = set(by_cat) | (set(self._model_cats) if scores else set())
        for cat in cats:
            chits = by_cat.get(cat, [])
            conf = self._confidence(cat, chits, scores)
            if conf is None:
                continue
            flag = self._flag(sent, norm, cat, chits, restricts, conf)
            if flag is not None:
                flags.append(flag)
        flags.sort(key=_flag_order)
        return tuple(flags)

    def _confidence(self, cat: str, chits: list[_Hit], scores: list[float]) -> float | None:
        """How sure the rules and the model are of ``cat``, or None when it is not flagged."""
        strong = [h for h in chits if h.strong]
        mi = self._model_cats.get(cat) if scores else None
        if mi is None or self.model is None:
            return max(h.weight for h in strong) if strong else None
        margin = scores[mi] - self.model.threshold[mi]
        p = _sigmoid(3.0 * margin + 1.0)
        model_yes = margin >= 0
        if self.mode == "model":
            trusted = [h for h in strong if h.always or h.name in self.model.trusted_rules]
            if not model_yes and not trusted:
                return None
            return max(p, max((h.weight for h in trusted), default=0.0))
        # "or"
        if not model_yes and not strong:
            return None
        return max(p, max((h.weight * 0.85 for h in strong), default=0.0))

    def _flag(
        self,
        sent: str,
        norm: str,
        cat: str,
        chits: list[_Hit],
        restricts: dict[str, re.Match[str] | None],
        conf: float,
    ) -> Flag | None:
        """The flag of ``cat`` on one sentence, with its evidence, polarity and values."""
        strong = [h for h in chits if h.strong]
        best = max(
            strong or chits, key=lambda h: (h.strong, h.weight, h.end - h.start), default=None
        )
        span = (best.start, best.end) if best is not None else self._model_span(norm, cat)
        veto = VETOES.get(cat)
        if veto is not None and veto.search(norm):
            return None
        needed = REQUIRES.get(cat)
        if needed is not None and not needed.search(norm):
            return None
        evidence = _evidence(sent, norm, _widen(norm, span))
        kinds = ENTITY_KINDS_FOR.get(cat, ())
        info = CATEGORIES.get(cat)
        return Flag(
            category=cat,
            severity=info.severity if info else "medium",
            evidence=evidence,
            confidence=round(min(conf, 0.99), 3),
            polarity=_polarity(norm, cat, span, restricts),  # type: ignore[arg-type]
            entities=ent.extract_entities(sent, kinds) if kinds else [],
        )

    def _model_span(self, norm: str, cat: str) -> tuple[int, int] | None:
        if self.model is None:
            return None
        spans = []
        for f in self.model.top_features(norm, cat, 2):
            i = norm.find(f)
            if i >= 0:
                spans.append((i, i + len(f)))
        if not spans:
            return None
        return min(s for s, _ in spans), max(e for _, e in spans)

    # public ------------------------------------------------------------------------
    def flag_text(self, text: str) -> list[Flag]:
        """Flags found in one clause (one per category), most severe first."""
        if not text or not text.strip():
            return []
        sentences = split_sentences(text)
        if len(sentences) == 1:
            return [_copy(f) for f in self._cached(sentences[0])]
        merged: dict[str, Flag] = {}
        for s in sentences:
            for f in self._cached(s):
                cur = merged.get(f.category)
                if cur is None:
                    merged[f.category] = _copy(f)
                    continue
                better = (f.polarity == "grants", f.confidence) > (
                    cur.polarity == "grants",
                    cur.confidence,
                )
                keep, other = (_copy(f), cur) if better else (cur, f)
                seen = {(e.kind, e.text) for e in keep.entities}
                keep.entities.extend(
                    Entity(e.kind, e.text, dict(e.value))
                    for e in other.entities
                    if (e.kind, e.text) not in seen
                )
                merged[f.category] = keep
        return sorted(merged.values(), key=_flag_order)

    def flag_lines(self, lines: Iterable[str]) -> list[list[Flag]]:
        """``flag_text`` for many clauses, in order."""
        return [self.flag_text(line) for line in lines]


def _rule_evidence(
    norm: str,
) -> tuple[dict[str, list[_Hit]], dict[str, re.Match[str] | None], list[str]]:
    """The rule hits of a normalised sentence by category, the protective phrases found
    for those categories, and the model's rule features (``R:`` hits, ``N:`` protections)."""
    by_cat: dict[str, list[_Hit]] = {}
    rule_feats: list[str] = []
    for rule, m in rule_hits(norm):
        by_cat.setdefault(rule.category, []).append(_hit(rule, m))
        rule_feats.append("R:" + rule.name)
    restricts: dict[str, re.Match[str] | None] = {}
    for cat in by_cat:
        rx = RESTRICT.get(cat)
        if rx is not None:
            restricts[cat] = rx.search(norm)
            if restricts[cat] is not None:
                rule_feats.append("N:" + cat)
    return by_cat, restricts, rule_feats


def _polarity(
    norm: str,
    cat: str,
    span: tuple[int, int] | None,
    restricts: dict[str, re.Match[str] | None],
) -> str:
    """ "restricts" when a protective phrase ("we do not sell …") sits by the evidence."""
    if cat not in restricts:
        rx = RESTRICT.get(cat) or RESTRICT_EXTRA.get(cat)
        restricts[cat] = rx.search(norm) if rx is not None else None
    rm = restricts.get(cat)
    if rm is None and cat in RESTRICT_DE and is_german(norm):
        rm = RESTRICT_DE[cat].search(norm)
    if rm is not None and span is not None:
        lo, hi = span
        if rm.start() < hi + 40 and rm.end() > lo - 160:
            return "restricts"
    return "grants"


def _hit(rule: Rule, m: re.Match[str]) -> _Hit:
    return _Hit(rule.category, m.start(), m.end(), rule.strong, rule.weight, rule.name, rule.always)


def _copy(f: Flag) -> Flag:
    return replace(f, entities=[Entity(e.kind, e.text, dict(e.value)) for e in f.entities])


def _flag_order(f: Flag) -> tuple[int, int]:
    return SEVERITY_RANK.get(f.severity, 3), _CAT_ORDER.get(f.category, 99)


_LEFT_STOPS = ',;:("[-'
_RIGHT_STOPS = ',;.)"]-'


def _widen(norm: str, span: tuple[int, int] | None, reach: int = 90) -> tuple[int, int] | None:
    """Grow a match to the surrounding phrase (up to the nearest comma, semicolon ...)."""
    if span is None:
        return None
    lo, hi = span
    a = lo
    while a > 0 and lo - a < reach and norm[a - 1] not in _LEFT_STOPS:
        a -= 1
    if lo - a >= reach:
        a = lo
    b = hi
    n = len(norm)
    while b < n and b - hi < reach and norm[b] not in _RIGHT_STOPS:
        b += 1
    if b - hi >= reach:
        b = hi
    return a, b


def _evidence(orig: str, norm: str, span: tuple[int, int] | None) -> str:
    """The words of ``orig`` that correspond to ``norm[span]`` (whole sentence if unsure)."""
    if span is None:
        return orig.strip()
    lo, hi = span
    ntoks = [m.span() for m in _TOK.finditer(norm)]
    clean = _strip_markup(orig)
    otoks = [m.span() for m in _TOK.finditer(clean)]
    if len(ntoks) != len(otoks) or not ntoks:
        return orig.strip()
    starts = [s for s, _ in ntoks]
    ends = [e for _, e in ntoks]
    i = bisect_right(ends, lo)  # first token ending after lo
    j = bisect_left(starts, hi) - 1  # last token starting before hi
    if i >= len(otoks) or j < i:
        return orig.strip()
    return orig[otoks[i][0] : otoks[j][1]]


# --- module-level API ---------------------------------------------------------------

_DEFAULT: Flagger | None = None


def default_flagger() -> Flagger:
    """The shared flagger: rules plus the shipped model when its file is present."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Flagger(load_model())
    return _DEFAULT


def flag_text(text: str) -> list[Flag]:
    """Flags found in one clause (one per category), most severe first."""
    return default_flagger().flag_text(text)


def flag_lines(lines: Iterable[str]) -> list[list[Flag]]:
    """Flags for each clause of ``lines``, in order (fast batch)."""
    return default_flagger().flag_lines(lines)


def flag_document(markdown: str) -> list[tuple[Clause, list[Flag]]]:
    """Every clause of a Markdown document with its flags (clauses without flags too)."""
    try:
        from diffs.segment import segment
    except ImportError:  # pragma: no cover - the differ is part of the package
        segment = None
    if segment is not None:
        clauses = segment(markdown)
    else:  # pragma: no cover
        clauses = [
            Clause(id=str(i), section=(), text=b.strip(), position=i)
            for i, b in enumerate(re.split(r"\n\s*\n", markdown))
            if b.strip()
        ]
    fl = default_flagger()
    return [(c, fl.flag_text(c.text)) for c in clauses]


# --- changes --------------------------------------------------------------------------

_PLACE_KINDS = ("venue", "court")


def _key_values(f: Flag) -> tuple[Any, ...]:
    """What identifies the substance of a flag: its polarity and entity values."""
    vals = sorted(
        (e.kind, tuple(sorted((k, str(v)) for k, v in e.value.items() if v is not None)))
        for e in f.entities
        if e.kind != "date"
    )
    return (f.polarity, tuple(vals))


def _changed(old: Flag, new: Flag) -> bool:
    return _key_values(old) != _key_values(new)


def flags_to_json(text: str, flags: Sequence[Flag]) -> dict[str, Any]:
    """The ``clausewatch flag --json`` object for one clause."""
    return {
        "text": text,
        "categories": [f.category for f in flags],
        "flags": [f.to_dict() for f in flags],
    }


def flag_records(text: str, lines: bool = False) -> list[dict[str, Any]]:
    """JSON-ready records for ``clausewatch flag``: one per input line or per clause.

    With ``lines=True`` every line of ``text`` is one clause (empty lines included, so
    output lines match input lines); otherwise the text is segmented as Markdown.
    Each record is ``{"text", "categories", "flags"}`` (plus ``section`` for documents).
    """
    if lines:
        rows = text.split("\n")
        if rows and rows[-1] == "":
            rows.pop()
        return [flags_to_json(r, fs) for r, fs in zip(rows, flag_lines(rows), strict=True)]
    out = []
    for clause, fs in flag_document(text):
        rec = flags_to_json(clause.text, fs)
        rec["section"] = clause.section_label
        out.append(rec)
    return out
