"""Clause-level diff of two versions of a policy.

:func:`diff_texts` segments both versions into clauses (:mod:`diffs.segment`),
aligns them, classifies every clause and adds a word-level inline diff to each
reworded one.  Alignment runs in three passes, each on what the previous left over:

1. **Anchors.**  :class:`difflib.SequenceMatcher` over (section path, text) finds the
   long runs of identical clauses in the same order and place; those are ``unchanged``.
   Anything between two anchors is a *gap*: old clauses on one side, new on the other.
2. **Inside each gap.**  Identical texts in order are ``unchanged`` when only their
   heading was renamed or added, ``moved`` when they went from one section into
   another that both versions have.  Then clauses equal once formatting, link
   targets, numbering, case, punctuation and whitespace are ignored (``modified``,
   minor); then pairs scoring at least :data:`GAP_CUTOFF` with rapidfuzz (``ratio``,
   or word-level containment for a clause that was extended or cut), best first
   (``modified``).  Fuzzy scoring is confined to the gap, so its cost is the gap's
   size, not the document's: inserting a whole new section (X's transition page,
   new terms above the old ones) leaves a gap with no old clauses and costs nothing.
   A gap over :data:`MAX_FULL_PAIRS` pairs is scored in a band around its diagonal.
3. **Across gaps.**  Leftover clauses with identical text on both sides are ``moved``;
   near-identical ones (similarity above :data:`MOVE_CUTOFF`) are ``modified``.
   Everything still unpaired is ``added`` or ``removed``.

Identical clauses are therefore never reported as a removal plus an addition.

**Bounded work.**  Whatever the input, a diff costs about linear time in its size (see
``bench/bench_analysis_size.py``).  The segmenter cuts huge clauses into windows
(:func:`diffs.segment.windows`); anchors are found by :class:`difflib.SequenceMatcher`
up to :data:`ANCHOR_MAX_PAIRS` pairs of clauses and in near-linear time above
(:func:`_linear_blocks`: common ends, then clauses unique in both versions, in order,
extended to their neighbours); and the costly steps draw on a :class:`_Budget`
proportional to the size of the two versions: fuzzy scoring (the full matrix, then the
band, then a narrow band, then none), word-level inline diffs (exact up to
:data:`INLINE_MAX_EDITS` edits, else the common ends and one replacement) and the
search for leftover copies.  Real documents stay far below every bound, so they are
diffed exactly as before.

Significance is ``none`` when nothing changed, ``minor`` when every change is minor
(:func:`is_minor_edit`: formatting, link targets, numbering, punctuation, case,
whitespace, "last updated" lines), else ``substantive``; a move is substantive.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
from diff_match_patch import diff_match_patch
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from diffs.cosmetic import (
    CosmeticContext,
    cosmetic_kinds,
    headings_context,
    is_furniture,
    is_junk,
    loose_key,
)
from diffs.result import Clause, ClauseChange, DiffResult, DiffStats, InlineOp, Significance
from diffs.segment import normalize_ws, segment, strip_enumerator
from diffs.typography import TYPOGRAPHY

__all__ = [
    "GAP_CUTOFF",
    "MOVE_CUTOFF",
    "diff_clauses",
    "diff_texts",
    "inline_diff",
    "is_minor_edit",
    "loose_text",
    "render_lines",
    "render_text",
]

#: minimum similarity (0..100) for two clauses in the same gap to count as one reworded clause
GAP_CUTOFF = 55.0
#: minimum similarity (0..100) for a reworded clause that also moved out of its gap
MOVE_CUTOFF = 80.0
#: share of the shorter clause's words that must reappear, in order, in the longer one
#: for an extended (or cut) clause to count as reworded rather than replaced
CONTAINMENT_MIN = 0.85
#: … when the shorter clause has at least this many words …
CONTAINMENT_MIN_WORDS = 6
#: … and at least this share of the longer clause's words
CONTAINMENT_MIN_SHARE = 0.2
#: such a pair scores 100 × containment × this: above GAP_CUTOFF, below close rewordings
CONTAINMENT_WEIGHT = 0.7
#: a removed clause of at least this many words …
DUPLICATE_MIN_WORDS = 6
#: … whose words, at this share and in order, are all in one clause of the new version,
#: is a leftover copy, not a removal
DUPLICATE_CONTAINMENT = 0.9
#: … (this share for a removed clause of at least DUPLICATE_LONG words, whose intro
#: may have gone while its substance stays) …
DUPLICATE_CONTAINMENT_LONG = 0.8
DUPLICATE_LONG = 30
#: … or in this many consecutive clauses of it
DUPLICATE_WINDOW = 3
#: above this many candidate pairs, a gap is scored in a band around the diagonal
MAX_FULL_PAIRS = 250_000
#: half-width of that band, in clauses
BAND = 150
#: half-width of the band a gap is scored in when the budget cannot pay for the wide one
NARROW_BAND = 2
#: up to this many pairs of clauses (old × new), anchors come from difflib's
#: SequenceMatcher; above, from :func:`_linear_blocks`
ANCHOR_MAX_PAIRS = 4_000_000
#: lengths of the runs of clauses that anchor two long sequences (see _linear_blocks)
ANCHOR_RUNS = (1, 2, 4, 8)
#: a reworded clause whose word-level edit distance (tokens inserted plus deleted) is
#: over this gets a coarse inline diff: the common ends, and the middle replaced
INLINE_MAX_EDITS = 1000
#: budgets of one diff, as (base, per character of the two versions' clauses):
#: character pairs compared by fuzzy scoring …
FUZZY_BUDGET = (20_000_000_000, 5_000)
#: … squared edit distances given to diff-match-patch (its cost grows with their square) …
INLINE_BUDGET = (20_000_000, 2)
#: … and word pairs compared in the search for leftover copies of removed clauses
DUPLICATE_BUDGET = (5_000_000_000, 5_000)
#: at most this many different replacements are checked as renames
RENAME_MAX_CHECKS = 100
#: a run of changes longer than this (characters, both sides) is not checked for re-flowed
#: paragraphs (the longest real documents are about 140,000 characters)
REFLOW_MAX_CHARS = 400_000

_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_URLISH = re.compile(
    r"(?:https?://|mailto:|www\.)\S*|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?", re.I
)
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>]*>|\bhttps?://\S+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_NON_WORD = re.compile(r"[^\w]+")
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w+")

_QUOTES = str.maketrans({**TYPOGRAPHY, "\u00a0": " "})


# --- normalisation ------------------------------------------------------------


def _link_words(m: re.Match[str]) -> str:
    label = m.group(1)
    return " " if _URLISH.fullmatch(label.strip()) else f" {label} "


def loose_text(text: str) -> str:
    """The words of a clause: no Markdown, link targets, punctuation, case or spacing.

    Two clauses with the same loose text differ only in formatting, links, list
    numbering, punctuation, case or whitespace: a minor edit.  A link whose label is itself a
    URL or domain ("[x.com/tos](https://x.com/tos)") counts as a link target.
    """
    t = _LINK.sub(_link_words, strip_enumerator(text))
    t = _ESCAPE.sub(r"\1", t)
    t = _AUTOLINK.sub(" ", t)
    t = t.translate(_QUOTES).casefold()
    t = _NON_WORD.sub(" ", t.replace("_", " "))
    return " ".join(t.split())


def _fuzzy_text(text: str) -> str:
    """What rapidfuzz compares: link targets dropped, whitespace collapsed."""
    t = _LINK.sub(r"\1", text)
    return normalize_ws(t.translate(_QUOTES))


def is_minor_edit(old: str | None, new: str | None, ctx: CosmeticContext | None = None) -> bool:
    """True when going from ``old`` to ``new`` changes no words that matter.

    That is: a cosmetic edit in the sense of :func:`diffs.cosmetic.cosmetic_kinds`
    (formatting, link targets and labels, numbering, punctuation, case, whitespace,
    spelling variants, "last updated" and copyright lines, page furniture), or a clause
    that has no words at all.  ``None`` stands for an absent clause (added/removed).
    """
    return cosmetic_kinds(old, new, ctx) is not None


@lru_cache(maxsize=4096)
def _title_key(title: str) -> str:
    return loose_key(title) or title


def _section_key(section: tuple[str, ...]) -> tuple[str, ...]:
    """A section path that ignores heading numbers, case and punctuation.

    Renumbering every section ("3. Privacy" → "4. Privacy") must not turn every clause
    under it into a move or a removal plus an addition.
    """
    return tuple(_title_key(t) for t in section)


# --- inline diff ----------------------------------------------------------------


def inline_diff(old: str, new: str) -> list[tuple[InlineOp, str]]:
    """Word-level diff of two clause texts, with diff-match-patch's semantic cleanup.

    Texts are tokenised into words, runs of whitespace and single punctuation marks;
    each distinct token is mapped to one character (the line-mode trick of
    diff-match-patch, applied to words), diffed, cleaned up semantically and mapped
    back.  So "California" → "Texas" comes out as exactly a delete of "California"
    and an insert of "Texas", never as a character soup.  Two texts more than
    :data:`INLINE_MAX_EDITS` tokens apart get the coarse diff: their common ends, and
    the middle deleted and inserted.
    """
    return _inline_ops(old, new, None)


def _inline_ops(old: str, new: str, budget: _Budget | None) -> list[tuple[InlineOp, str]]:
    vocab: dict[str, str] = {}
    tokens: dict[str, str] = {}

    def encode(text: str) -> str:
        out = []
        for tok in _TOKEN.findall(text):
            ch = vocab.get(tok)
            if ch is None:
                code = len(tokens) + 0x100  # skip control characters and ASCII
                if code >= 0xD800:  # stay clear of surrogates
                    code += 0x800
                ch = chr(code)
                vocab[tok] = ch
                tokens[ch] = tok
            out.append(ch)
        return "".join(out)

    a, b = encode(old), encode(new)
    edits = len(a) + len(b) - 2 * LCSseq.similarity(a, b)
    if edits > INLINE_MAX_EDITS or (budget is not None and not budget.spend("inline", edits**2)):
        diffs = _coarse_diff(a, b)
    else:
        dmp = diff_match_patch()
        dmp.Diff_Timeout = 0  # exact; inputs are one clause each
        diffs = dmp.diff_main(a, b, False)
        dmp.diff_cleanupSemantic(diffs)
    names: dict[int, InlineOp] = {0: "equal", 1: "insert", -1: "delete"}
    result: list[tuple[InlineOp, str]] = []
    for op, chars in diffs:
        text = "".join(tokens[c] for c in chars)
        if not text:
            continue
        name = names[op]
        if result and result[-1][0] == name:
            result[-1] = (name, result[-1][1] + text)
        else:
            result.append((name, text))
    return result


def _coarse_diff(a: str, b: str) -> list[tuple[int, str]]:
    """The common start and end of two token strings as equal, the rest replaced."""
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return [
        (0, a[:start]),
        (-1, a[start : len(a) - end]),
        (1, b[start : len(b) - end]),
        (0, a[len(a) - end :]),
    ]


# --- alignment ------------------------------------------------------------------


class _Budget:
    """What the costly steps of one diff may still spend, each in its own unit.

    Each budget is a base plus so much per character of the two versions' clauses
    (:data:`FUZZY_BUDGET`, :data:`INLINE_BUDGET`, :data:`DUPLICATE_BUDGET`): far more
    than any real document needs, and a bound that keeps huge or binary input
    near-linear.  A step that cannot be paid for takes its cheaper path.
    """

    def __init__(self, size: int) -> None:
        self.left = {
            "fuzzy": FUZZY_BUDGET[0] + FUZZY_BUDGET[1] * size,
            "inline": INLINE_BUDGET[0] + INLINE_BUDGET[1] * size,
            "duplicates": DUPLICATE_BUDGET[0] + DUPLICATE_BUDGET[1] * size,
        }

    @classmethod
    def of(cls, old: Sequence[Clause], new: Sequence[Clause]) -> _Budget:
        return cls(sum(len(c.text) for c in old) + sum(len(c.text) for c in new))

    def spend(self, kind: str, cost: int) -> bool:
        """Take ``cost`` from the ``kind`` budget if it has that much left."""
        if cost > self.left[kind]:
            return False
        self.left[kind] -= cost
        return True


class _Alignment:
    """Pairs of (old index, new index, kind, similarity) being built up."""

    def __init__(self, old: Sequence[Clause], new: Sequence[Clause], budget: _Budget) -> None:
        self.old = old
        self.new = new
        self.budget = budget
        self.old_to: dict[int, tuple[int, str, float | None]] = {}
        self.new_from: dict[int, int] = {}

    def pair(self, i: int, j: int, kind: str, similarity: float | None = None) -> None:
        self.old_to[i] = (j, kind, similarity)
        self.new_from[j] = i


def _containment_scores(old_texts: Sequence[str], new_texts: Sequence[str]) -> np.ndarray:
    """Scores for clauses that were extended or cut: one's words nearly all in the other.

    A clause that grew ("We keep data for different periods:" → "We keep data for
    different periods, depending on …") has a low ``ratio`` but keeps almost all of
    its words in order.  This measures the word-level longest common subsequence
    over the shorter clause's word count; pairs at or above :data:`CONTAINMENT_MIN`,
    whose shorter clause has at least :data:`CONTAINMENT_MIN_WORDS` words and
    :data:`CONTAINMENT_MIN_SHARE` of the longer one's, score
    ``100 × containment × CONTAINMENT_WEIGHT``; the others 0.  (Word level, because
    at character level any two English sentences share half their letters in order.)
    """
    vocab: dict[str, str] = {}

    def encode(text: str) -> str:
        return "".join(
            vocab.setdefault(w, chr(0x100 + len(vocab))) for w in loose_text(text).split()
        )

    old_enc = [encode(t) for t in old_texts]
    new_enc = [encode(t) for t in new_texts]
    common = process.cdist(old_enc, new_enc, scorer=LCSseq.similarity, dtype=np.int32)
    old_len = np.array([len(t) for t in old_enc], dtype=np.float32)[:, None]
    new_len = np.array([len(t) for t in new_enc], dtype=np.float32)[None, :]
    shorter, longer = np.minimum(old_len, new_len), np.maximum(old_len, new_len)
    containment = common / np.maximum(shorter, 1.0)
    usable = (
        (shorter >= CONTAINMENT_MIN_WORDS)
        & (shorter >= CONTAINMENT_MIN_SHARE * longer)
        & (containment >= CONTAINMENT_MIN)
    )
    return np.where(usable, 100.0 * containment * CONTAINMENT_WEIGHT, 0.0).astype(np.float32)


def _score_pairs(
    old_texts: Sequence[str],
    new_texts: Sequence[str],
    cutoff: float,
    containment: bool,
    budget: _Budget | None = None,
) -> list[tuple[float, int, int]]:
    """All (score, i, j) scoring at least ``cutoff`` (0..100), banded when the block is large.

    The score is rapidfuzz's ``ratio``; with ``containment``, the better of that and
    :func:`_containment_scores`.  With a ``budget``, each way of scoring is taken only
    if its cost (character pairs compared) can be paid: the full matrix, then the band
    of :data:`BAND`, then that of :data:`NARROW_BAND`, then none.
    """
    n, m = len(old_texts), len(new_texts)
    if not n or not m:
        return []
    old_len = [len(t) for t in old_texts]
    new_len = [len(t) for t in new_texts]
    if n * m <= MAX_FULL_PAIRS and (
        budget is None or budget.spend("fuzzy", sum(old_len) * sum(new_len))
    ):
        matrix = process.cdist(old_texts, new_texts, scorer=fuzz.ratio, dtype=np.float32)
        if containment:
            matrix = np.maximum(matrix, _containment_scores(old_texts, new_texts))
        rows, cols = (matrix >= cutoff).nonzero()
        return [
            (float(matrix[i, j]), i, j) for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
        ]
    for band in (BAND, NARROW_BAND):
        if budget is None or budget.spend("fuzzy", _band_cost(old_len, new_len, band)):
            return _banded_scores(old_texts, new_texts, cutoff, band)
    return []


def _band_rows(n: int, m: int, band: int) -> list[tuple[int, int]]:
    """For each of ``n`` old clauses, the range of the ``m`` new ones it is compared with."""
    rows = []
    for i in range(n):
        centre = round(i * m / n)
        rows.append((max(0, centre - band), min(m, centre + band + 1)))
    return rows


def _band_cost(old_len: Sequence[int], new_len: Sequence[int], band: int) -> int:
    """Character pairs compared when scoring in a band of half-width ``band``."""
    prefix = [0]
    for length in new_len:
        prefix.append(prefix[-1] + length)
    rows = _band_rows(len(old_len), len(new_len), band)
    return sum(k * (prefix[hi] - prefix[lo]) for k, (lo, hi) in zip(old_len, rows, strict=True))


def _banded_scores(
    old_texts: Sequence[str], new_texts: Sequence[str], cutoff: float, band: int
) -> list[tuple[float, int, int]]:
    """The five best scores of each old clause among the new ones near the diagonal."""
    scored: list[tuple[float, int, int]] = []
    for i, (lo, hi) in enumerate(_band_rows(len(old_texts), len(new_texts), band)):
        for _, score, k in process.extract(
            old_texts[i], new_texts[lo:hi], scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
        ):
            scored.append((float(score), i, lo + k))
    return scored


def _match_leftovers(
    al: _Alignment, old_idx: list[int], new_idx: list[int], cutoff: float, containment: bool
) -> None:
    """Pair leftover clauses: identical text, then loose text, then fuzzy similarity."""
    old_left = [i for i in old_idx if i not in al.old_to]
    new_left = [j for j in new_idx if j not in al.new_from]
    if not old_left or not new_left:
        return
    # 1. identical text (only possible across gaps: SequenceMatcher takes any inside one),
    #    then identical words (a minor edit)
    passes: list[tuple[Callable[[Clause], str], str]] = [
        (lambda c: c.text, "moved"),
        (lambda c: "" if is_junk(c.text) else loose_key(c.text), "modified"),
    ]
    for key_fn, kind in passes:
        waiting: dict[str, list[int]] = defaultdict(list)
        for j in reversed(new_left):  # reversed: pop() gives the first
            key = key_fn(al.new[j])
            if key:
                waiting[key].append(j)
        for i in old_left:
            candidates = waiting.get(key_fn(al.old[i]))
            if candidates:
                al.pair(i, candidates.pop(), kind)
        old_left = [i for i in old_left if i not in al.old_to]
        new_left = [j for j in new_left if j not in al.new_from]
        if not old_left or not new_left:
            return
    # 2. similarity, best pairs first
    scored = _score_pairs(
        [_fuzzy_text(al.old[i].text) for i in old_left],
        [_fuzzy_text(al.new[j].text) for j in new_left],
        cutoff,
        containment,
        al.budget,
    )
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    for score, a, b in scored:
        i, j = old_left[a], new_left[b]
        if i in al.old_to or j in al.new_from:
            continue
        if al.old[i].kind == "heading" and al.new[j].kind != "heading":
            continue
        if al.new[j].kind == "heading" and al.old[i].kind != "heading":
            continue
        al.pair(i, j, "modified", score / 100.0)


def _matching_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int, int]]:
    """Runs ``(i, j, size)`` of equal items, in order: SequenceMatcher's, or near-linear ones."""
    if len(a) * len(b) <= ANCHOR_MAX_PAIRS:
        blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
        return [(i, j, k) for i, j, k in blocks if k]
    return _linear_blocks(a, b)


def _linear_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int, int]]:
    """Runs of equal items in near-linear time, for sequences too long for SequenceMatcher.

    The common start and end; in between, anchors: the places where a run of
    1, 2, 4 or 8 items (:data:`ANCHOR_RUNS`) occurs once in each sequence, kept in the
    longest order both agree on (patience diff's anchors, on runs so that repeated
    items still find their place), each extended backwards and forwards over equal
    neighbours.
    """
    n, m = len(a), len(b)
    lo = 0
    while lo < n and lo < m and a[lo] == b[lo]:
        lo += 1
    hi_a, hi_b = n, m
    while hi_a > lo and hi_b > lo and a[hi_a - 1] == b[hi_b - 1]:
        hi_a -= 1
        hi_b -= 1
    blocks = [(0, 0, lo)] if lo else []
    anchors: set[tuple[int, int]] = set()
    for k in ANCHOR_RUNS:
        runs_a = [tuple(a[i : i + k]) for i in range(lo, hi_a - k + 1)]
        runs_b = [tuple(b[j : j + k]) for j in range(lo, hi_b - k + 1)]
        count_a, count_b = Counter(runs_a), Counter(runs_b)
        where_b = {x: j for j, x in enumerate(runs_b, lo) if count_b[x] == 1}
        anchors.update(
            (i, where_b[x]) for i, x in enumerate(runs_a, lo) if count_a[x] == 1 and x in where_b
        )
    i0, j0 = lo, lo  # where the next run may start
    for i, j in _increasing(sorted(anchors, key=lambda ij: (ij[0], -ij[1]))):
        if i < i0 or j < j0:
            continue  # inside the run extended from the previous anchor
        while i > i0 and j > j0 and a[i - 1] == b[j - 1]:
            i, j = i - 1, j - 1
        k = 0
        while i + k < hi_a and j + k < hi_b and a[i + k] == b[j + k]:
            k += 1
        blocks.append((i, j, k))
        i0, j0 = i + k, j + k
    if hi_a < n:
        blocks.append((hi_a, hi_b, n - hi_a))
    return blocks


def _increasing(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (in order) whose second items increase."""
    tails: list[int] = []  # second item ending the best run of each length
    ends: list[int] = []  # index in pairs of that run's last pair
    before: list[int] = []  # index of the previous pair in the run ending at each pair
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            ends.append(k)
        else:
            tails[pos] = j
            ends[pos] = k
        before.append(ends[pos - 1] if pos else -1)
    out: list[tuple[int, int]] = []
    k = ends[-1] if ends else -1
    while k >= 0:
        out.append(pairs[k])
        k = before[k]
    return out[::-1]


def _align(old: Sequence[Clause], new: Sequence[Clause], budget: _Budget) -> _Alignment:
    al = _Alignment(old, new, budget)
    old_keys = [_section_key(c.section) for c in old]
    new_keys = [_section_key(c.section) for c in new]
    old_sections = set(old_keys)
    new_sections = set(new_keys)
    # anchors: same text in the same section (numbering aside), in order
    old_items = [(k, c.text) for k, c in zip(old_keys, old, strict=True)]
    new_items = [(k, c.text) for k, c in zip(new_keys, new, strict=True)]
    gaps: list[tuple[range, range]] = []
    i0 = j0 = 0
    for i1, j1, size in [*_matching_blocks(old_items, new_items), (len(old), len(new), 0)]:
        if i0 < i1 or j0 < j1:
            gaps.append((range(i0, i1), range(j0, j1)))
        for k in range(size):
            al.pair(i1 + k, j1 + k, "unchanged")
        i0, j0 = i1 + size, j1 + size
    for old_range, new_range in gaps:
        # same text in order inside a gap: its section path changed.  A renamed or new
        # heading does not move text; going from one section into another, both of
        # which exist in both versions, does.
        inner = _matching_blocks([old[i].text for i in old_range], [new[j].text for j in new_range])
        for a, b, size in inner:
            for i, j in zip(old_range[a : a + size], new_range[b : b + size], strict=True):
                moved = old_keys[i] in new_sections and new_keys[j] in old_sections
                al.pair(i, j, "moved" if moved else "unchanged")
        _match_leftovers(al, list(old_range), list(new_range), GAP_CUTOFF, True)
    _match_leftovers(al, list(range(len(old))), list(range(len(new))), MOVE_CUTOFF, False)
    return al


# --- result -----------------------------------------------------------------------


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def diff_clauses(
    old: Sequence[Clause], new: Sequence[Clause], ctx: CosmeticContext | None = None
) -> DiffResult:
    """Align two clause lists (from :func:`diffs.segment.segment`) and classify every clause.

    ``changes`` follows the new document's order; a removed clause is placed right
    after the new counterpart of the old clause that preceded it.  Every changed clause
    is classified cosmetic or not (:func:`diffs.cosmetic.cosmetic_kinds`, with ``ctx``
    for the version dates and headings; by default built from the two clause lists).
    """
    if ctx is None:
        ctx = CosmeticContext(
            headings=headings_context(c.text for c in (*old, *new) if c.kind == "heading")
        )
    budget = _Budget.of(old, new)
    al = _align(old, new, budget)
    stats = DiffStats()
    keyed: list[tuple[tuple[float, int, int], ClauseChange]] = []

    for j, nc in enumerate(new):
        i = al.new_from.get(j)
        if i is None:
            change = ClauseChange(
                kind="added",
                section=nc.section_label,
                new=nc.text,
                new_id=nc.id,
                new_position=nc.position,
                clause_kind=nc.kind,
            )
            _classify(change, None, nc.text, ctx)
            stats.added += 1
            stats.words_added += _word_count(nc.text)
        else:
            oc = old[i]
            _, kind, similarity = al.old_to[i]
            change = ClauseChange(
                kind=kind,  # type: ignore[arg-type]
                section=nc.section_label,
                old=oc.text,
                new=nc.text,
                old_id=oc.id,
                new_id=nc.id,
                old_position=oc.position,
                new_position=nc.position,
                old_section=oc.section_label,
                clause_kind=nc.kind,
            )
            if kind == "modified":
                change.inline = _inline_ops(oc.text, nc.text, budget)
                change.similarity = (
                    similarity
                    if similarity is not None
                    else fuzz.ratio(_fuzzy_text(oc.text), _fuzzy_text(nc.text)) / 100.0
                )
                _classify(change, oc.text, nc.text, ctx)
                stats.modified += 1
                for op, text in change.inline:
                    if op == "insert":
                        stats.words_added += _word_count(text)
                    elif op == "delete":
                        stats.words_removed += _word_count(text)
            elif kind == "moved":
                change.similarity = 1.0
                stats.moved += 1
                furniture = is_furniture(nc.text, ctx)
                change.minor = furniture is not None
                change.cosmetic = [furniture] if furniture else []
            else:
                stats.unchanged += 1
        keyed.append(((float(j), 0, 0), change))

    # removals: after the new counterpart of the nearest preceding old clause that stayed
    anchor = -1.0
    for i, oc in enumerate(old):
        if i in al.old_to:
            j, kind, _ = al.old_to[i]
            if kind != "moved":
                anchor = float(j)
            continue
        change = ClauseChange(
            kind="removed",
            section=oc.section_label,
            old=oc.text,
            old_id=oc.id,
            old_position=oc.position,
            old_section=oc.section_label,
            clause_kind=oc.kind,
        )
        _classify(change, oc.text, None, ctx)
        stats.removed += 1
        stats.words_removed += _word_count(oc.text)
        keyed.append(((anchor, 1, i), change))

    keyed.sort(key=lambda kc: kc[0])
    changes = [c for _, c in keyed]
    _mark_reflowed(changes)
    _mark_duplicates(changes, old, new, budget)
    _mark_renames(changes, old, new)
    changed = [c for c in changes if c.kind != "unchanged"]
    significance: Significance
    if not changed:
        significance = "none"
    elif all(c.minor for c in changed):
        significance = "minor"
    else:
        significance = "substantive"
    return DiffResult(changes=changes, stats=stats, significance=significance)


def diff_texts(
    old_markdown: str,
    new_markdown: str,
    *,
    version_dates: Sequence[str] = (),
    new_date: str | None = None,
) -> DiffResult:
    """Clause-level diff of two versions of a document given as Markdown (or plain text).

    ``version_dates`` (ISO dates) are dates a clause may restate without the edit
    mattering; the documents' own "effective" and "last updated" dates and ``new_date``
    (the day the new version was recorded, yyyy-mm-dd) are always among them.  With
    ``new_date``, removing a notice of an update that has already taken effect is
    cosmetic.

    >>> r = diff_texts("# Law\\n\\nCalifornia law applies.", "# Law\\n\\nTexas law applies.")
    >>> [(c.kind, c.inline) for c in r.changed()]
    [('modified', [('delete', 'California'), ('insert', 'Texas'), ('equal', ' law applies.')])]
    """
    old, new = segment(old_markdown), segment(new_markdown)
    ctx = cosmetic_context(old_markdown, new_markdown, old, new, version_dates, new_date)
    return diff_clauses(old, new, ctx)


def cosmetic_context(
    old_markdown: str,
    new_markdown: str,
    old: Sequence[Clause],
    new: Sequence[Clause],
    version_dates: Sequence[str] = (),
    new_date: str | None = None,
) -> CosmeticContext:
    """What :func:`diffs.cosmetic.cosmetic_kinds` needs to know about two versions."""
    from diffs.entities import find_effective_date

    dates = set(version_dates)
    if new_date:
        new_date = new_date[:10]
        dates.add(new_date)
    for md in (old_markdown, new_markdown):
        found = find_effective_date(md)
        if found is not None and found.value.get("date"):
            dates.add(str(found.value["date"]))
    headings = headings_context(c.text for c in (*old, *new) if c.kind == "heading")
    return CosmeticContext(dates=frozenset(dates), headings=headings, new_date=new_date)


def _mark_reflowed(changes: list[ClauseChange]) -> None:
    """Mark as cosmetic the runs of changes that only split, join or re-flow paragraphs.

    A heading level or a line break that changed can cut a paragraph in two or glue
    two together: the clauses then differ, but their words, read in order, do not.
    Every run of consecutive changes (between unchanged clauses), and every reworded
    clause with the addition or removal right next to it, is checked that way.
    """
    runs: list[list[ClauseChange]] = [[]]
    for c in changes:
        if c.kind in ("unchanged", "moved"):
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(c)
    for run in runs:
        if not run or all(c.minor for c in run):
            continue
        if _same_words(run):
            _set_cosmetic(run, "formatting")
            continue
        for a, b in zip(run, run[1:], strict=False):
            pair = [a, b]
            if all(c.minor for c in pair) or not any(c.kind == "modified" for c in pair):
                continue
            if _same_words(pair):
                _set_cosmetic(pair, "formatting")


def _same_words(run: Sequence[ClauseChange]) -> bool:
    olds = [c for c in run if c.old is not None]
    olds.sort(key=lambda c: c.old_position if c.old_position is not None else -1)
    old_text = " ".join(c.old or "" for c in olds)
    new_text = " ".join(c.new or "" for c in run if c.new is not None)
    if not old_text or not new_text or len(old_text) + len(new_text) > REFLOW_MAX_CHARS:
        return False
    n_old, n_new = len(old_text.split()), len(new_text.split())
    if abs(n_old - n_new) > 0.2 * max(n_old, n_new) + 3:
        return False  # not the same words: no need to fold them
    return loose_key(old_text) == loose_key(new_text)


def _set_cosmetic(run: Sequence[ClauseChange], kind: str) -> None:
    for c in run:
        if not c.minor:
            c.minor = True
            c.cosmetic = [kind]


def _mark_duplicates(
    changes: list[ClauseChange], old: Sequence[Clause], new: Sequence[Clause], budget: _Budget
) -> None:
    """Mark as cosmetic an added or removed clause that the document says elsewhere.

    Deleting a leftover copy of a paragraph, or repeating one, changes nothing the
    document says: the words are still (or already) there, in another clause.  For a
    removal, another clause of the new version that holds nearly all its words, in
    order, counts too.
    """
    pending = [c for c in changes if not c.minor and c.kind in ("added", "removed")]
    if not pending:
        return
    old_keys = {loose_key(c.text) for c in old if not is_junk(c.text)}
    new_keys = {loose_key(c.text) for c in new if not is_junk(c.text)}
    removed_left: list[ClauseChange] = []
    for c in pending:
        text = c.new if c.kind == "added" else c.old
        key = loose_key(text or "")
        others = old_keys if c.kind == "added" else new_keys
        if key and key in others and (c.kind == "removed" or key in new_keys):
            _set_cosmetic([c], "duplicate")
        elif c.kind == "removed" and len(key.split()) >= DUPLICATE_MIN_WORDS:
            removed_left.append(c)
    if not removed_left:
        return
    vocab: dict[str, str] = {}

    def encode(key: str) -> str:
        return "".join(vocab.setdefault(w, chr(0x100 + len(vocab))) for w in key.split())

    # windows of consecutive clauses of the new version: a paragraph may now be split
    keys = ["" if is_junk(c.text) else loose_key(c.text) for c in new]
    kept = [encode(" ".join(keys[k : k + DUPLICATE_WINDOW])) for k in range(len(keys)) if keys[k]]
    if not kept:
        return
    decode = {ch: w for w, ch in vocab.items()}
    kept_words = sum(len(k) for k in kept)
    for c in removed_left:
        enc = encode(loose_key(c.old or ""))
        if not budget.spend("duplicates", len(enc) * kept_words):
            continue
        best = process.extractOne(enc, kept, scorer=LCSseq.similarity)
        share = DUPLICATE_CONTAINMENT if len(enc) < DUPLICATE_LONG else DUPLICATE_CONTAINMENT_LONG
        if best is None or best[1] < share * len(enc):
            continue
        # nearly all its words are still there; those that are not must not matter
        decode.update({ch: w for w, ch in vocab.items() if ch not in decode})
        lost = {decode[ch] for ch in enc} - {decode[ch] for ch in best[0]}
        if not any(_meant(w) for w in lost):
            _set_cosmetic([c], "duplicate")


#: words whose loss changes what a clause says, however similar the rest
_MEANT_WORDS = frozenset(
    "not no never nor must may might shall only without unless except solely exclusively "
    "all any none every".split()
)


def _meant(word: str) -> bool:
    """A number, a place or a word such as "not": losing it changes the clause."""
    from diffs.entities import is_place_name

    return word.isdigit() or word in _MEANT_WORDS or is_place_name(word)


_NAME = re.compile(r"[A-Z][\w&.'-]*(?: (?:of |and |& )?[A-Z][\w&.'-]*){0,4}")
#: a rename must be seen in at least this many clauses to count as one
RENAME_MIN_CLAUSES = 2


def _rename_hunks(change: ClauseChange) -> list[tuple[str, str]] | None:
    """The (old name, new name) replacements of a reworded clause, or None if it has others.

    A replacement is extended with the capitalised words right after it, so that
    "Community" → "User" before "Guidelines" is read as "Community Guidelines" →
    "User Guidelines".
    """
    ops = change.inline
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(ops):
        op, text = ops[k]
        if op == "equal":
            k += 1
            continue
        if op != "delete" or k + 1 >= len(ops) or ops[k + 1][0] != "insert":
            return None
        old_name, new_name = text.strip(), ops[k + 1][1].strip()
        after = ops[k + 2][1] if k + 2 < len(ops) and ops[k + 2][0] == "equal" else ""
        m = re.match(r"\s?((?:[A-Z][\w&.'-]*\s?){1,3})", after)
        if m:
            tail = m.group(1).strip()
            old_name, new_name = f"{old_name} {tail}", f"{new_name} {tail}"
        old_name, new_name = old_name.rstrip(".,;:'"), new_name.rstrip(".,;:'")
        if not (_NAME.fullmatch(old_name) and _NAME.fullmatch(new_name)):
            return None
        out.append((old_name, new_name))
        k += 2
    return out


def _mark_renames(
    changes: list[ClauseChange], old: Sequence[Clause], new: Sequence[Clause]
) -> None:
    """Mark as cosmetic the clauses whose only edit is a name replaced everywhere.

    "Twitter International Unlimited Company" → "X Internet Unlimited Company", or the
    "Community Guidelines" renamed "User Guidelines": the same replacement in several
    clauses, the old name gone from the new version and the new one absent from the
    old.  Places are never names here: a venue or a governing law that changes is a
    change.
    """
    from diffs.entities import is_place_name

    candidates: dict[int, list[tuple[str, str]]] = {}
    for k, c in enumerate(changes):
        if c.kind == "modified" and not c.minor and c.inline:
            hunks = _rename_hunks(c)
            if hunks:
                candidates[k] = hunks
    if not candidates:
        return
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for hunks in candidates.values():
        for h in set(hunks):
            counts[h] += 1
    repeated = sorted(
        (h for h, n in counts.items() if n >= RENAME_MIN_CLAUSES), key=lambda h: (-counts[h], h)
    )
    if not repeated:
        return
    old_text = "\n".join(c.text for c in old).casefold()
    new_text = "\n".join(c.text for c in new).casefold()
    renames = set()
    for a, b in repeated[:RENAME_MAX_CHECKS]:
        if is_place_name(a) or is_place_name(b):
            continue
        if a.casefold() not in new_text and b.casefold() not in old_text:
            renames.add((a, b))
    for k, hunks in candidates.items():
        if all(h in renames for h in hunks):
            _set_cosmetic([changes[k]], "names")


def _classify(
    change: ClauseChange, old: str | None, new: str | None, ctx: CosmeticContext | None
) -> None:
    if ctx is not None and ctx.headings and change.clause_kind == "heading":
        # a heading always repeats a heading: only a contents entry repeating one is furniture
        ctx = replace(ctx, headings=frozenset())
    kinds = cosmetic_kinds(old, new, ctx)
    change.minor = kinds is not None
    change.cosmetic = list(kinds or ())


# --- rendering ----------------------------------------------------------------------

#: marker that starts each rendered line, by change kind: colour is never the only signal
MARKERS = {"added": "+", "removed": "-", "modified": "~", "moved": "↕", "unchanged": " "}


def render_lines(
    result: DiffResult, include_unchanged: bool = False
) -> list[list[tuple[str, str]]]:
    """The diff as lines of ``(text, style)`` runs, for a terminal or any other renderer.

    Styles: ``header``, ``section``, ``added``, ``removed``, ``modified``, ``moved``,
    ``unchanged``, ``minor``, and inside modified clauses ``equal``, ``insert``
    (shown as ``{+…+}``) and ``delete`` (shown as ``[-…-]``).  Every change line
    starts with its marker from :data:`MARKERS`, so the text reads right without colour.
    """
    s = result.stats
    lines: list[list[tuple[str, str]]] = [
        [
            (
                f"significance: {result.significance} · {s.added} added, {s.removed} removed, "
                f"{s.modified} modified, {s.moved} moved, {s.unchanged} unchanged · "
                f"+{s.words_added}/-{s.words_removed} words",
                "header",
            )
        ]
    ]
    section: str | None = None
    for c in result.changes:
        if c.kind == "unchanged" and not include_unchanged:
            continue
        if c.section != section:
            section = c.section
            lines.append([("", "")])
            lines.append([(f"§ {section or '(top of document)'}", "section")])
        marker = MARKERS[c.kind]
        line: list[tuple[str, str]] = [(f"{marker} ", c.kind)]
        if c.kind == "modified" and c.inline:
            for op, text in c.inline:
                if op == "equal":
                    line.append((text, "equal"))
                elif op == "insert":
                    line.append((f"{{+{text}+}}", "insert"))
                else:
                    line.append((f"[-{text}-]", "delete"))
        else:
            text = c.new if c.new is not None else c.old
            line.append((normalize_ws(text or ""), c.kind))
        if c.kind == "moved" and c.old_section is not None and c.old_section != c.section:
            line.append((f"  (moved from § {c.old_section or '(top)'})", "minor"))
        elif c.kind == "moved":
            line.append(("  (moved)", "minor"))
        if c.minor and c.kind != "unchanged":
            line.append(("  (minor)", "minor"))
        lines.append(line)
    return lines


def render_text(result: DiffResult, include_unchanged: bool = False) -> str:
    """The diff as plain text with ``+ - ~ ↕`` markers and ``[-…-]{+…+}`` inline edits."""
    lines = render_lines(result, include_unchanged)
    return "\n".join("".join(text for text, _ in line) for line in lines)
