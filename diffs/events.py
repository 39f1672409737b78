"""What a change did, as structured events: flag events that follow clauses, and the rest.

:func:`change_events` reads a :class:`~diffs.result.DiffResult` and returns
:class:`~diffs.result.ChangeEvent` objects, plus the :class:`~diffs.result.FlagChange`
objects of the older report format.

**Flag events follow clauses.**  A clause's flags are compared with the flags of its
aligned counterpart, never with a category found somewhere else in the document:

- a reworded clause that keeps a category is ``modified`` (with the words that changed
  and the values, such as durations or places, that changed) when the rewording is not
  cosmetic; when its polarity flips, the event is ``protection_removed`` or
  ``protection_added``;
- a category that appears in a new clause with no counterpart is ``added``
  (``protection_added`` for a clause that protects the user); one that disappears with
  its clause is ``removed`` (``protection_removed``) only when no clause of the new
  version still carries it (else ``modified``: the rest of the category stays);
- a clause that was split off an aligned clause (a sentence leaving its paragraph, a
  heading separated from its text) or moved keeps its category: no event;
- when a category's clauses were removed in one place and added in another (a section
  rewritten beyond recognition), the new clauses are the counterpart: one ``modified``.

One event per clause and category.  Cosmetic edits (see :mod:`diffs.cosmetic`) never
make an event.

The other events say what changed in clauses no flag covers: values (amounts,
durations, ages, dates, places, percentages), obligations ("must", "may", "will not",
"reserves the right"), sections added or removed, the largest reworded, added or
removed clause; and, for a large change, that the document was largely rewritten.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from diffs import entities as ent
from diffs.arabic import has_arabic
from diffs.categories import CATEGORIES, SEVERITY_RANK
from diffs.cosmetic import KINDS
from diffs.flagger import split_sentences
from diffs.german import is_german
from diffs.phrases import (
    MEANT_WORDS,
    META_SECTION,
    changed_phrase,
    content_words,
    is_english,
    plain,
)
from diffs.result import (
    ChangeEvent,
    ChangeReport,
    ClauseChange,
    DiffResult,
    Entity,
    Flag,
    FlagChange,
)
from diffs.rules import GERMAN_CATEGORIES
from diffs.spelling import spelling_key

if TYPE_CHECKING:
    from diffs.flagger import Flagger

__all__ = ["REWRITE_SHARE", "change_events", "entity_label"]

#: a change that removes and adds at least this share of the document's words is a rewrite
REWRITE_SHARE = 0.5
#: … of a document of at least this many words …
REWRITE_MIN_WORDS = 200
#: … and leaves at most this share of the old words unchanged
REWRITE_KEPT = 0.5
#: an added clause holding at least this share of its words, in order, in one clause of
#: the old version (an aligned one, with the same category) was split off it
SPLIT_CONTAINMENT = 0.8
_WORD = re.compile(r"\w+")
# table cells and HTML line breaks separate statements as sentences do
_PIECES = re.compile(r"\s*(?:<br\s*/?>\s*)+|\s*\|(?:\s+|$)|^\s*\||\n+")
_MODAL = re.compile(
    r"\b(?:must(?: not)?|may not|shall(?: not)?|will not|won't|cannot|can't|can not|"
    r"(?:is|are) (?:not )?(?:required|permitted|allowed|prohibited|obligated) to|"
    r"reserves? the right|agree(?:s)? (?:not )?to|are responsible for|may)\b",
    re.I,
)
#: value kinds compared for every reworded clause, and the kinds that belong to each
#: category's flags (the flag carries them as entities)
VALUE_KINDS = ("money", "duration", "percentage", "age", "place", "date")
CATEGORY_VALUES: dict[str, tuple[str, ...]] = {
    "jurisdiction": ("venue", "court"),
    "choice_of_law": ("governing_law",),
    "minimum_age": ("age",),
    "data_retention": ("duration",),
    "fees_and_refunds": ("money", "percentage", "duration"),
    "liquidated_damages": ("money",),
    "limitation_of_liability": ("money",),
    "data_location_and_transfers": ("place",),
    "arbitration_opt_out": ("duration",),
    "unilateral_change": ("notice_period",),
    "unilateral_termination": ("notice_period", "duration"),
    "content_removal": ("notice_period",),
    "scraping_ban": ("money",),
    "contract_by_using": ("age",),
}
#: a list's letter or number, glued to its item or not: "b.", "(iv)", "12."
_ENUMERATOR = re.compile(r"(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,3})[.)]\s*)*", re.I)
#: the longest edit a flagged clause's changed phrase shows (the others: 48 characters);
#: a flagged clause's rewording is the news, worth a longer phrase
FLAG_PHRASE_LIMIT = 64
#: the categories whose table rows list the data they concern in a cell of their own
_LIST_CATEGORIES = frozenset({"data_sharing", "ai_training"})
#: a new clause whose content words are at least this share of an old clause's of the
#: same category says nothing new: no event (a restatement, a summary, a clause moved)
RESTATED = 0.75
#: … of any old clause, flagged or not (the flagger may read a reworded clause otherwise)
SAID_BEFORE = 0.85
#: … at least this share of an old clause of the category: it rewrites or widens that
#: clause (modified)
RELATED = 0.45
#: a removed clause whose content words are at least this share of a clause of the new
#: version is still said there (moved, split, re-headed): its category is not "removed"
STILL_SAID = 0.6
#: a reworded clause aligned with less similarity than this pairs two different sentences
LOOSE_PAIR = 0.6
#: an unaligned clause's flag makes an "added" or "removed" event only with at least this
#: confidence: those events claim most (a rule, or the model sure of itself)
MIN_CONFIDENCE = 0.8
_PROTECT_KIND = {"added": "protection_added", "removed": "protection_removed"}


#: who a rule binds: a person or the company, before the modal ("you must", "we may not")
_BOUND = re.compile(
    r"\b(?:we|you|users?|members?|parents?|guardians?|creators?|sellers?|buyers?|"
    r"advertisers?|the company|[A-Z][\w&.-]+)(?:\s+(?:\w+ly|also|still|then|not|will|each))*\s+$"
)


def _obligation(text: str) -> re.Match[str] | None:
    """The modal of a sentence that binds someone ("you must", "we reserve the right"),
    or None for a description ("cookies are files that may be sent…")."""
    for m in _MODAL.finditer(text):
        if _BOUND.search(text[max(0, m.start() - 60) : m.start()]):
            return m
    return None


def entity_label(e: Entity) -> str:
    """A short reader's label for an entity's value: "$15,000", "90 days", "Texas"."""
    v = e.value
    if e.kind == "money":
        return ent.money_label(v)
    if e.kind in ("venue", "court"):
        return ent.place_label(v) or e.text
    if e.kind == "governing_law":
        return str(v.get("jurisdiction") or e.text)
    if e.kind == "age":
        return str(v.get("age"))
    if e.kind in ("duration", "notice_period"):
        return ent.duration_label(v)
    if e.kind == "percentage":
        p = v.get("percent", 0.0)
        return f"{p:g}%"
    if e.kind == "place":
        return str(v.get("name") or e.text)
    if e.kind == "date":
        return str(v.get("date") or e.text)
    return e.text


def _labels(entities: Sequence[Entity], kinds: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(entity_label(e) for e in entities if e.kind in kinds))


def _value_diff(
    old: Sequence[Entity], new: Sequence[Entity], kinds: Sequence[str]
) -> tuple[list[str], list[str], str | None]:
    """Values only the old side has, values only the new side has, and their kind."""
    for kind in kinds:
        o, n = _labels(old, (kind,)), _labels(new, (kind,))
        lost, gained = [x for x in o if x not in n], [x for x in n if x not in o]
        if lost or gained:
            return lost, gained, kind
    return [], [], None


def _words(ops: Sequence[tuple[str, str]], op: str, limit: int = 80) -> str | None:
    """The words of one kind of inline edit, hunks joined by " … ", or None."""
    parts = [" ".join(t.split()) for o, t in ops if o == op and _WORD.search(t)]
    if not parts:
        return None
    text = " … ".join(parts)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


#: words whose change alone does not change what a clause says
_FUNCTION_WORDS = frozenset(
    """
    a an the this that these those it its it's they them their theirs we us our ours you
    your yours he she his her i me my of to in on at by for with from as into onto upon
    about over under than then also which who whom whose what where when be is are was were
    been being have has had having do does did shall will would should can could
    such so there here both each either neither per via and or
    """.split()
)
#: words that always count, however they are written
_ALWAYS_MEANT = frozenset(
    "not no never must may might cannot only all any none without except unless solely "
    "exclusively sole required".split()
)


def _stem(w: str) -> str:
    if len(w) <= 4:
        return w
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ing", ""),
    ):
        if w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)] + repl
    return w


#: British spellings that diffs.spelling (shared with the browser port of the differ, so
#: left as it is) does not fold: they change no term in an event either.  "enquiry" is
#: the British form of "inquiry" (Cambridge Dictionary, "Enquiry or inquiry?").
_EVENT_VARIANTS = re.compile(r"^enquir")


def _content_words(text: str) -> dict[str, bool]:
    """The words of ``text`` that carry meaning (stemmed), each with "written as a name"."""
    out: dict[str, bool] = {}
    for m in re.finditer(r"[\w'’-]+", text):
        w = m.group(0).replace("’", "'")
        low = w.lower()
        if low in _FUNCTION_WORDS or (len(low) < 2 and not low.isdigit()):
            continue
        name = w[:1].isupper() and low not in _ALWAYS_MEANT and not ent.is_place_name(w)
        # "authorised" and "authorized", "enquiries" and "inquiries" are one word
        key = _stem(_EVENT_VARIANTS.sub("inquir", spelling_key(low)))
        out[key] = out.get(key, True) and name
    return out


def trivial_rewording(inline: Sequence[tuple[str, str]]) -> bool:
    """True when the words a clause lost and gained differ only in names and small words.

    "Twitter does not" → "We do not", "TWITTER ENTITIES" → "X ENTITIES", "applies" →
    "shall apply": the clause says the same.  Numbers, places and every other word
    count.
    """
    removed = _content_words(" ".join(t for op, t in inline if op == "delete"))
    added = _content_words(" ".join(t for op, t in inline if op == "insert"))
    differ = set(removed) ^ set(added)
    return all(removed.get(w, False) or added.get(w, False) for w in differ)


def _ai_attrs(f: Flag | None) -> dict[str, object]:
    if f is None:
        return {}
    for e in f.entities:
        if e.kind == "ai_terms":
            return dict(e.value)
    return {}


@dataclass
class _DocIndex:
    """One version's flagged clauses: their content words, and the values of each category."""

    clauses: dict[tuple[str, str], list[frozenset[str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    every: list[frozenset[str]] = field(default_factory=list)  # each clause's content words
    meant: list[frozenset[str]] = field(default_factory=list)  # … its "not", "only", "must"…
    parts: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    roots: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    title: str | None = None  # the document's title heading, above every section
    english: bool = True  # most of the version's words are in a language the rules read
    german: bool = False  # … and German: only the categories of the German rules are read


@dataclass
class _Side:
    idx: int  # index into result.changed()
    change: ClauseChange
    flag: Flag
    how: str  # "clause" (added/removed clause) or "reworded" (the category came or went)


class _Builder:
    def __init__(self, result: DiffResult, flag_text: Callable[[str], list[Flag]]) -> None:
        self.result = result
        self.changed = result.changed()
        self.flag_text = flag_text
        self._indexed: dict[str, list[Flag]] = {}  # text → its flags, read by _index only
        self.events: list[ChangeEvent] = []
        self.flag_changes: list[FlagChange] = []
        self._docs: dict[str, _DocIndex] = {}  # "old" / "new" → what the version says
        self._gone: set[str] | None = None  # titles of the sections removed
        self._old_mechanisms: frozenset[str] | None = None  # transfer bases the old one names
        self.renamed: set[tuple[str, str]] = set()  # (old, new) names reported as renamed
        self.covered: set[int] = set()  # changed clauses that have a flag event

    def _index_flags(self, text: str) -> list[Flag]:
        """The flags of ``text`` for :meth:`_index`, each text flagged once in this change.

        The two versions share most clauses and each is indexed whole: a huge document
        has more of them than the flagger's own cache holds, and would be flagged twice.
        Only :meth:`_index` reads these flags, and never changes them (every other caller
        gets fresh copies from ``flag_text``).
        """
        found = self._indexed.get(text)
        if found is None:
            found = self._indexed[text] = self.flag_text(text)
        return found

    def _index(self, side: str) -> _DocIndex:
        """What one whole version says, by category (computed once, when needed)."""
        if side not in self._docs:
            index = _DocIndex()
            skip = "added" if side == "old" else "removed"
            english = german = total = 0
            for c in self.result.changes:
                text = c.old if side == "old" else c.new
                if text is None or c.kind == skip:
                    continue
                words, n, is_en = _clause_words(text)
                index.every.append(words)
                index.meant.append(_meant(text))
                total += n
                english += n if is_en else 0
                german += n if is_en and is_german(plain(text)) else 0
                path = _path(c.old_section if side == "old" and c.old_section else c.section)
                index.roots[path[0] if path else ""] += 1
                for f in self._index_flags(text):
                    index.clauses[(f.category, f.polarity)].append(words)
                    index.parts[(f.category, f.polarity)].update(path)
                    index.values[f.category].update(
                        _labels(f.entities, CATEGORY_VALUES.get(f.category, ()))
                    )
            index.english = english >= 0.5 * total
            index.german = index.english and german >= 0.5 * total
            root, n = max(index.roots.items(), key=lambda kv: kv[1], default=("", 0))
            index.title = root if n >= 0.8 * sum(index.roots.values()) else None
            self._docs[side] = index
        return self._docs[side]

    def _read(self, side: str, cat: str) -> bool:
        """Whether the rules read ``cat`` in one version's language: a German version only
        for the categories the German rules cover."""
        index = self._index(side)
        return index.english and (not index.german or cat in GERMAN_CATEGORIES)

    def section_gone(self, ch: ClauseChange) -> bool:
        """Whether a removed clause's section went with it (its heading was removed)."""
        if self._gone is None:
            self._gone = {
                plain(c.old or "").lstrip("# ").casefold()
                for c in self.changed
                if c.kind == "removed" and c.clause_kind == "heading"
            }
        path = (ch.old_section if ch.old_section is not None else ch.section).split(" › ")
        return any(p.casefold() in self._gone for p in path[1:])

    def says(self, side: str, text: str | None) -> bool:
        """Whether one clause of ``side`` ("old" or "new") says what ``text`` says: most of
        its content words and every word that turns a meaning ("not", "only", "must")."""
        words = _clause_words(text or "")[0]
        if not words:
            return False
        meant = _meant(text or "")
        index = self._index(side)
        need = SAID_BEFORE * len(words)
        return any(
            len(words & w) >= need and meant <= m
            for w, m in zip(index.every, index.meant, strict=True)
        )

    def phrase(self, ch: ClauseChange, limit: int = 48) -> tuple[str | None, str | None]:
        """The changed phrase of a reworded clause (:func:`changed_phrase`), without the
        whole sentences that only moved: a sentence "added" that the old version had in
        another clause, or "removed" that the new version still has, is no news."""
        phrase = changed_phrase(ch.inline, limit)
        if not phrase:
            return None, None
        old, new = phrase[0] or None, phrase[1] or None
        if old is None and new is not None and self.says("old", new):
            return None, None
        if new is None and old is not None and self.says("new", old):
            return None, None
        return old, new

    def still_said(self, text: str) -> bool:
        """Whether a clause of the new version says most of what ``text`` said."""
        return _best_containment(text, self._index("new").every) >= STILL_SAID

    def speaks(self, side: _Side) -> bool:
        """Whether a flag of an unaligned clause can make an added or removed event: a
        statement (not a heading), flagged with confidence."""
        ch = side.change
        if side.how == "clause" and side.flag.confidence < MIN_CONFIDENCE:
            return False
        text = ch.new if ch.new is not None else ch.old
        if META_SECTION.search(ch.section or "") or _META_SENTENCE.match(plain(text or "")):
            return False  # a summary of the changes says what changed; it grants nothing
        return not _is_title(ch.clause_kind, text)

    def old_mechanisms(self) -> frozenset[str]:
        """The transfer mechanisms the old version names anywhere."""
        if self._old_mechanisms is None:
            old = " ".join(c.old for c in self.result.changes if c.old is not None)
            self._old_mechanisms = frozenset(ent.transfer_mechanisms(old, named=True))
        return self._old_mechanisms

    def new_doc_has(self, category: str, polarity: str) -> bool:
        """Whether a clause of the new version carries ``category`` with ``polarity``."""
        return bool(self._index("new").clauses.get((category, polarity)))

    def old_counterpart(
        self, category: str, polarity: str, text: str, section: str, values: Sequence[str] = ()
    ) -> str:
        """What the old version had of ``category`` (with ``polarity``) for a new clause,
        judged by what the clause says, not by where it stands.

        "same": an old clause already said this (a restatement, a summary, a clause moved
        or reworded beyond what the alignment recognised: no event).  "related": an old
        clause of the category said part of this, gave the category the same value (an
        age, a period, a place), or stood in the same section (the rule was *modified*:
        widened, detailed or rewritten).
        "none": nothing in the old version is a counterpart (*added*, even when the
        category is elsewhere in the old version, for other things).
        """
        old = self._index("old")
        if _best_containment(text, old.every) >= SAID_BEFORE:
            return "same"  # said before, in a clause the rules did not flag the same way
        olds = old.clauses.get((category, polarity))
        if not olds:
            return "none"
        best = _best_containment(text, olds)
        if best >= RESTATED:
            return "same"
        if best >= RELATED:
            return "related"
        if set(values) & old.values[category]:
            return "related"  # the same age, period or place: the old rule, reworked
        titles = {self._index("new").title, old.title}
        here = {p for p in _path(section) if p not in titles}
        return "related" if here & old.parts[(category, polarity)] - titles else "none"

    def event(self, kind: str, side: ClauseChange, idx: int, flag: Flag, **kw: object) -> None:
        cat = CATEGORIES.get(flag.category)
        text = side.new if side.new is not None else side.old
        if kind in ("removed", "protection_removed") and side.old is not None:
            text = side.old  # what was lost is in the old text
        e = ChangeEvent(
            kind=kind,
            category=flag.category,
            severity=cat.severity if cat else flag.severity,
            polarity=flag.polarity,
            section=side.section or None,
            text=text,
            change_index=idx,
            evidence=flag.evidence or None,
        )
        for k, v in kw.items():
            setattr(e, k, v)
        if flag.category == "data_location_and_transfers" and kind in ("added", "modified"):
            said = e.added_words if kind == "modified" and e.added_words else e.text or ""
            cited = [m for m in ent.transfer_mechanisms(said) if m not in self.old_mechanisms()]
            if cited:
                e.attrs = {**e.attrs, "mechanisms": cited}
        self.events.append(e)
        self.covered.add(idx)

    # -------------------------------------------------------------------------------
    def sentences(self, text: str) -> list[tuple[str, dict[str, Flag]]]:
        """The sentences of a clause (table cells and line breaks split too), with flags."""
        out = []
        for piece in _PIECES.split(text):
            for sent in split_sentences(piece):
                if _WORD.search(sent):
                    out.append((sent, {f.category: f for f in self.flag_text(sent)}))
        return out

    def build(self) -> None:
        added: dict[str, list[_Side]] = defaultdict(list)
        removed: dict[str, list[_Side]] = defaultdict(list)
        aligned_old: dict[str, list[int]] = defaultdict(list)  # category → aligned clauses
        for idx, ch in enumerate(self.changed):
            if ch.minor or (ch.kind == "moved" and ch.old == ch.new):
                continue
            if _is_title(ch.clause_kind, ch.new if ch.new is not None else ch.old):
                continue  # a heading or a contents entry names a topic; it grants nothing
            olds = _stated(self.flag_text(ch.old), ch.old) if ch.old else {}
            news = _stated(self.flag_text(ch.new), ch.new) if ch.new else {}
            by_reference = False
            for text, section, found in (
                (ch.old, ch.old_section or ch.section, olds),
                (ch.new, ch.section, news),
            ):
                licence = (
                    _licence_by_reference(text, section) if "content_licence" not in found else None
                )
                if licence is not None:
                    found["content_licence"] = licence
                    by_reference = True
            changed_cats = set(olds) | set(news)
            if ch.kind in ("modified", "moved") and ch.old and ch.new:
                for cat in olds:
                    aligned_old[cat].append(idx)
                changed_cats = self.changed_categories(ch)
                if by_reference and ch.inline and not trivial_rewording(ch.inline):
                    changed_cats.add("content_licence")  # its sentences carry no rule's flag
            for cat in sorted(changed_cats, key=_cat_order):
                o, n = olds.get(cat), news.get(cat)
                if o is not None and n is not None:
                    self.reworded(idx, ch, o, n)
                elif n is not None:
                    how = "clause" if ch.kind == "added" else "reworded"
                    added[cat].append(_Side(idx, ch, n, how))
                elif o is not None:
                    how = "clause" if ch.kind == "removed" else "reworded"
                    removed[cat].append(_Side(idx, ch, o, how))
        for cat in sorted(set(added) | set(removed), key=_cat_order):
            self.resolve(cat, added.get(cat, []), removed.get(cat, []), aligned_old.get(cat, []))

    def _spans(self, text: str) -> list[tuple[int, int, set[str]]]:
        """Each sentence of a clause as (start, end, its categories)."""
        out = []
        pos = 0
        for sent, flags in self.sentences(text):
            start = text.find(sent, pos)
            if start < 0:
                continue
            out.append((start, start + len(sent), set(flags)))
            pos = start + len(sent)
        return out

    def changed_categories(self, ch: ClauseChange) -> set[str]:
        """The categories of the sentences a reworded clause's edits touched, cosmetic
        edits aside.

        A long clause (a table row, a paragraph of bullets) may carry several categories;
        an edit to one of its sentences is no event for the categories of the others, and
        an edit that only moves a sentence boundary ("numberNote" → "number. Note") is
        none at all.
        """
        from diffs.cosmetic import loose_key

        assert ch.old is not None and ch.new is not None
        if not ch.inline:  # a change built by hand: compare each category's sentences
            old_s, new_s = self.sentences(ch.old), self.sentences(ch.new)
            cats = {c for _, fs in old_s + new_s for c in fs}
            return {
                c
                for c in cats
                if "".join(loose_key(s) for s, fs in old_s if c in fs).replace(" ", "")
                != "".join(loose_key(s) for s, fs in new_s if c in fs).replace(" ", "")
            }
        old_spans, new_spans = self._spans(ch.old), self._spans(ch.new)
        kinds = (*VALUE_KINDS, "venue", "court", "governing_law")
        values_moved = _value_diff(
            ent.extract_entities(ch.old, kinds), ent.extract_entities(ch.new, kinds), kinds
        )[2]
        out: set[str] = set()
        o = n = 0
        k = 0
        ops = ch.inline
        while k < len(ops):
            op, text = ops[k]
            if op == "equal":
                o, n, k = o + len(text), n + len(text), k + 1
                continue
            o0, n0, deleted, inserted = o, n, "", ""
            while k < len(ops) and ops[k][0] != "equal":
                if ops[k][0] == "delete":
                    deleted += ops[k][1]
                    o += len(ops[k][1])
                else:
                    inserted += ops[k][1]
                    n += len(ops[k][1])
                k += 1
            if loose_key(deleted).replace(" ", "") == loose_key(inserted).replace(" ", ""):
                continue  # spacing, punctuation, quotes, case: no change of meaning
            # a row of a recipients (or purposes) table: an item added to or taken from the
            # list of data in one of its cells ("• Voice Data") changes what the recipient
            # is given, or what models are trained on (the items are set in Title Case:
            # they are no names)
            if (_list_cell(ch.old, o0, o) or _list_cell(ch.new, n0, n)) and set(
                _content_words(deleted)
            ) != set(_content_words(inserted)):
                row = {f.category for f in self.flag_text(ch.old) + self.flag_text(ch.new)}
                out |= row & _LIST_CATEGORIES
            if values_moved is None and trivial_rewording(
                [("delete", deleted), ("insert", inserted)]
            ):
                continue  # small words, spelling, a name: the sentence says the same
            # the sentences the edit is inside of (an edit at a sentence's edge adds or
            # removes a sentence of its own; it does not touch its neighbour)
            for start, end, cats in old_spans:
                if (start < o and o0 < end) if o > o0 else start < o0 < end:
                    out |= cats
            for start, end, cats in new_spans:
                if (start < n and n0 < end) if n > n0 else start < n0 < end:
                    out |= cats
        return out

    def reworded(self, idx: int, ch: ClauseChange, o: Flag, n: Flag) -> None:
        """A clause that kept its category and changed its words."""
        if o.polarity != n.polarity:
            self.flag_changes.append(FlagChange("modified", n.category, n.severity, n, o, idx))
            # a pairing of two different sentences is no promise turned around: then the
            # promise counts only if no clause of the other version makes it
            loose = ch.similarity is not None and ch.similarity < LOOSE_PAIR
            if o.polarity == "restricts":
                if not (
                    loose
                    and (self.new_doc_has(o.category, o.polarity) or self.still_said(ch.old or ""))
                ):
                    self.event("protection_removed", ch, idx, o, new=[], attrs=_ai_attrs(n))
            elif not (loose and self._index("old").clauses.get((n.category, n.polarity))):
                self.event("protection_added", ch, idx, n)
            return
        kinds = CATEGORY_VALUES.get(o.category, ())
        lost, gained, vkind = _value_diff(o.entities, n.entities, kinds)
        if gained and not lost:  # "now includes X": only when the old version did not
            gained = [v for v in gained if v not in self._index("old").values[o.category]]
        elif lost and not gained:  # "no longer includes X": only when none still does
            lost = [v for v in lost if v not in self._index("new").values[o.category]]
        vkind = vkind if lost or gained else None
        if o.category in _LIST_CATEGORIES and not vkind and _list_item_edit(ch):
            # the items of the row's data lists that came or went: what the recipient gets,
            # what the models are trained on
            old_items, new_items = _row_items(ch.old or ""), _row_items(ch.new or "")
            keys_old = {frozenset(_content_words(i)) for i in old_items}
            keys_new = {frozenset(_content_words(i)) for i in new_items}
            gained = [i for i in new_items if frozenset(_content_words(i)) not in keys_old]
            lost = [i for i in old_items if frozenset(_content_words(i)) not in keys_new]
            vkind = "data" if lost or gained else None
        attrs: dict[str, object] = {}
        if o.category == "ai_training":
            oa, na = _ai_attrs(o), _ai_attrs(n)
            if oa != na:
                attrs = {"old": oa, "new": na}
        removed_words, added_words = _words(ch.inline, "delete"), _words(ch.inline, "insert")
        phrase = self.phrase(ch, FLAG_PHRASE_LIMIT)
        if (
            not (lost or gained or attrs)
            and (trivial_rewording(ch.inline) or self.moved_sentences(ch))
            and not (o.category in _LIST_CATEGORIES and _list_item_edit(ch))
        ):
            # a name, a pronoun, an auxiliary: the clause says the same thing
            self.flag_changes.append(FlagChange("unchanged", n.category, n.severity, n, o, idx))
            return
        self.event(
            "modified",
            ch,
            idx,
            n,
            old=lost,
            new=gained,
            value_kind=vkind,
            removed_words=removed_words,
            added_words=added_words,
            old_phrase=phrase[0],
            new_phrase=phrase[1],
            attrs=attrs,
        )
        self.flag_changes.append(FlagChange("modified", n.category, n.severity, n, o, idx))

    def moved_sentences(self, ch: ClauseChange) -> bool:
        """A reworded clause whose edits only moved whole sentences in or out: every run of
        words it gained the old version said elsewhere, every run it lost the new version
        still says."""
        runs = [(op, t) for op, t in ch.inline if op != "equal" and len(_WORD.findall(t)) >= 4]
        if not runs or any(
            op != "equal" and t.strip() and (op, t) not in runs for op, t in ch.inline
        ):
            return False
        return all(self.says("old" if op == "insert" else "new", t) for op, t in runs)

    def split_off(self, side: _Side, aligned: Sequence[int]) -> bool:
        """An added clause cut from an aligned clause that had the same category."""
        if side.how != "clause" or not aligned:
            return False
        words = [w.lower() for w in _WORD.findall(side.change.new or "")]
        if not words:
            return False
        for k in aligned:
            other = self.changed[k]
            old_words = {w.lower() for w in _WORD.findall(other.old or "")}
            if not old_words:
                continue
            share = sum(w in old_words for w in words) / len(words)
            if share >= SPLIT_CONTAINMENT and abs(k - side.idx) <= 3:
                return True
        return False

    def resolve(
        self, cat: str, added: list[_Side], removed: list[_Side], aligned_old: list[int]
    ) -> None:
        """Events for a category's clauses that have no aligned counterpart with it."""
        added = [a for a in added if self.speaks(a) and not self.split_off(a, aligned_old)]
        removed = [r for r in removed if self.speaks(r)]
        grants_added = [a for a in added if a.flag.polarity == "grants"]
        grants_removed = [r for r in removed if r.flag.polarity == "grants"]
        # rewritten elsewhere: the category's removed and added clauses are counterparts
        if grants_added and grants_removed:
            first_new, first_old = grants_added[0], grants_removed[0]
            kinds = CATEGORY_VALUES.get(cat, ())
            old_ents = [e for r in grants_removed for e in r.flag.entities]
            new_ents = [e for a in grants_added for e in a.flag.entities]
            lost, gained, vkind = _value_diff(old_ents, new_ents, kinds)
            attrs: dict[str, object] = {}
            if cat == "ai_training":
                oa, na = _ai_attrs(first_old.flag), _ai_attrs(first_new.flag)
                if oa != na:
                    attrs = {"old": oa, "new": na}
            self.event(
                "modified",
                first_new.change,
                first_new.idx,
                first_new.flag,
                old=lost,
                new=gained,
                value_kind=vkind,
                attrs=attrs,
            )
            for extra in grants_added[1:] + grants_removed:
                self.covered.add(extra.idx)
            self.flag_changes.append(
                FlagChange(
                    "modified",
                    cat,
                    first_new.flag.severity,
                    first_new.flag,
                    first_old.flag,
                    first_new.idx,
                )
            )
            added = [a for a in added if a.flag.polarity != "grants"]
            removed = [r for r in removed if r.flag.polarity != "grants"]
        for a in added:
            self.added_clause(cat, a)
        for r in removed:
            self.removed_clause(cat, r)

    def removed_clause(self, cat: str, r: _Side) -> None:
        """A category that disappeared with its clause, or from a reworded clause.

        From a reworded clause (which is still there): *modified* when the edit took
        the category's words away, else nothing.  With its clause: *removed* only when
        no clause of the new version carries the category, none says what the clause
        said, and the new version is in a language the rules read; else nothing (the
        category stays, narrowed).
        """
        self.flag_changes.append(FlagChange("removed", cat, r.flag.severity, None, r.flag, r.idx))
        kinds = CATEGORY_VALUES.get(cat, ())
        if r.how == "reworded":
            deleted = " ".join(t for op, t in r.change.inline if op == "delete")
            if self.says("new", deleted):
                return  # the words went to another clause: nothing was taken away
            if r.flag.polarity == "grants" and _overlaps(deleted, r.flag.evidence):
                phrase = self.phrase(r.change)
                self.event(
                    "modified",
                    r.change,
                    r.idx,
                    r.flag,
                    old=_labels(r.flag.entities, kinds),
                    value_kind=kinds[0] if _labels(r.flag.entities, kinds) else None,
                    removed_words=_words(r.change.inline, "delete"),
                    added_words=_words(r.change.inline, "insert"),
                    old_phrase=phrase[0],
                    new_phrase=phrase[1],
                    attrs={"narrowed": True},
                )
            return
        if (
            self.new_doc_has(cat, r.flag.polarity)
            or (not self._read("new", cat) and not self.section_gone(r.change))
            or self.still_said(r.change.old or "")
        ):
            return  # the category stays, or the clause does, or we cannot tell
        kind = "protection_removed" if r.flag.polarity == "restricts" else "removed"
        self.event(kind, r.change, r.idx, r.flag, old=_labels(r.flag.entities, ()))

    def added_clause(self, cat: str, a: _Side) -> None:
        """A category that appeared in a clause with no counterpart that had it.

        "added" only when no clause of the old version had the category at all;
        "modified" when the old version had it but not what this clause says; no event
        when an old clause of the category already said it.
        """
        text = a.change.new or ""
        if a.how == "reworded":  # the category came with new words: judge those
            text = " ".join(t for op, t in a.change.inline if op == "insert") or text
        kinds = CATEGORY_VALUES.get(cat, ())
        values = _labels(a.flag.entities, kinds)
        found = self.old_counterpart(cat, a.flag.polarity, text, a.change.section, values)
        if found != "same" and _SUMMARY_SECTION.search(a.change.section or ""):
            if self._index("old").clauses.get((cat, a.flag.polarity)):
                found = "same"  # a summary restates the clauses of its categories
        self.flag_changes.append(FlagChange("added", cat, a.flag.severity, a.flag, None, a.idx))
        if found == "none" and not self._read("old", cat):
            found = "same"  # the old version may have said it in a language we do not read
        if found == "same":
            self.covered.add(a.idx)
            return
        kind = "protection_added" if a.flag.polarity == "restricts" else "added"
        if found == "related":
            kind = "modified"  # the old version said part of it, or had the same value
        attrs = _ai_attrs(a.flag) if cat == "ai_training" else {}
        if kind == "modified":  # widened: only the values the old version did not have
            values = [v for v in values if v not in self._index("old").values[cat]]
            attrs["widened"] = True
        phrase = self.phrase(a.change) if a.how == "reworded" else (None, None)
        self.event(
            kind,
            a.change,
            a.idx,
            a.flag,
            new=values,
            value_kind=kinds[0] if values else None,
            attrs=attrs,
            added_words=(
                _words(a.change.inline, "insert")
                if a.how == "reworded"
                else (a.change.new if kind == "modified" else None)
            ),
            old_phrase=phrase[0],
            new_phrase=phrase[1],
        )

    # --- what no flag covers -------------------------------------------------------------
    def other_events(self) -> None:
        for idx, ch in enumerate(self.changed):
            if ch.minor:
                continue
            section = ch.section or None
            if ch.kind == "moved":
                continue
            if ch.clause_kind == "heading" and ch.kind in ("added", "removed"):
                title = plain(re.sub(r"^\s*#{1,6}\s+", "", ch.new or ch.old or ""))
                self.events.append(
                    ChangeEvent(
                        kind="section_added" if ch.kind == "added" else "section_removed",
                        section=section,
                        text=title.strip(" :"),
                        change_index=idx,
                        attrs=self._section_attrs(idx, ch),
                    )
                )
                continue
            if idx in self.covered:
                continue
            if ch.kind == "modified":
                self._reworded_values(idx, ch)
            elif ch.kind in ("added", "removed"):
                text = ch.new if ch.kind == "added" else ch.old
                assert text is not None
                if self.says("old" if ch.kind == "added" else "new", text):
                    continue  # split off, or moved into, another clause: said before and after
                m = _obligation(text)
                kind = "clause_added" if ch.kind == "added" else "clause_removed"
                if m is not None:
                    kind = "obligation_added" if ch.kind == "added" else "obligation_removed"
                vals = ent.extract_entities(text, VALUE_KINDS[:-1])
                self.events.append(
                    ChangeEvent(
                        kind=kind,
                        section=section,
                        text=text,
                        change_index=idx,
                        new=_labels(vals, VALUE_KINDS) if ch.kind == "added" else [],
                        old=_labels(vals, VALUE_KINDS) if ch.kind == "removed" else [],
                        attrs={"modal": m.group(0).lower()} if m else {},
                    )
                )

    def _section_attrs(self, idx: int, ch: ClauseChange) -> dict[str, object]:
        """How many added (removed) clauses follow a heading that was added (removed), and
        the first of them (``lead``), which says what the section is about."""
        n = 0
        lead = None
        for other in self.changed[idx + 1 :]:
            if other.kind != ch.kind or other.clause_kind == "heading":
                break
            n += 1
            if lead is None and not other.minor:
                lead = other.new if ch.kind == "added" else other.old
        return {"clauses": n, "lead": lead} if lead else {"clauses": n}

    def _reworded_values(self, idx: int, ch: ClauseChange) -> None:
        assert ch.old is not None and ch.new is not None
        names = {
            (a.rstrip(".").casefold(), b.rstrip(".").casefold())
            for a, b in _renamed_names(ch.inline)
        }
        if names and names <= self.renamed and trivial_rewording(_without(ch.inline, names)):
            return  # only the renaming the headline reports, and small words
        old_e = _values_of(ch.old)
        new_e = _values_of(ch.new)
        lost, gained, vkind = _value_diff(old_e, new_e, VALUE_KINDS)
        removed_words = _words(ch.inline, "delete")
        added_words = _words(ch.inline, "insert")
        phrase = self.phrase(ch)
        changed = {
            "section": ch.section or None,
            "text": ch.new,
            "change_index": idx,
            "old": lost,
            "new": gained,
            "value_kind": vkind,
            "removed_words": removed_words,
            "added_words": added_words,
            "old_phrase": phrase[0],
            "new_phrase": phrase[1],
        }
        if vkind == "age" and not is_english(ch.new):
            # the rules read English only, but ages are read in other languages too: an
            # age threshold that changed is the age rule, changed
            severity = CATEGORIES["minimum_age"].severity
            self.events.append(
                ChangeEvent(
                    kind="modified",
                    category="minimum_age",
                    severity=severity,
                    polarity="grants",
                    **changed,
                )
            )
            return
        if vkind is not None:
            self.events.append(ChangeEvent(kind="value_changed", **changed))
            return
        if all(_ENUMERATOR.fullmatch(t.strip()) for op, t in ch.inline if op != "equal"):
            return  # "b.Bluesky is responsible" → "Bluesky is responsible": a list letter
        ins = " ".join(t for op, t in ch.inline if op == "insert")
        dele = " ".join(t for op, t in ch.inline if op == "delete")
        mi, md = _MODAL.search(ins), _MODAL.search(dele)
        if mi is not None and _obligation(ch.new) is None:
            mi = None  # "that may be sent": a description, not a rule
        if md is not None and _obligation(ch.old) is None:
            md = None
        kind = "clause_reworded"
        attrs: dict[str, object] = {}
        if mi is not None and (md is None or mi.group(0).lower() != md.group(0).lower()):
            kind, attrs = "obligation_added", {"modal": mi.group(0).lower()}
        elif md is not None and mi is None:
            kind, attrs = "obligation_removed", {"modal": md.group(0).lower()}
        self.events.append(
            ChangeEvent(
                kind=kind,
                section=ch.section or None,
                text=ch.new,
                change_index=idx,
                removed_words=removed_words,
                added_words=added_words,
                old_phrase=phrase[0],
                new_phrase=phrase[1],
                attrs={**attrs, "reworded": True} if kind != "clause_reworded" else attrs,
            )
        )

    def rename_events(self) -> None:
        """A company or brand name replaced by another in reworded clauses."""
        counts: dict[tuple[str, str], int] = defaultdict(int)
        places: dict[tuple[str, str], list[int]] = defaultdict(list)
        spelled: dict[tuple[str, str], tuple[str, str]] = {}
        for idx, ch in enumerate(self.changed):
            if ch.kind != "modified" or ch.minor or not ch.inline:
                continue
            for old, new in set(_renamed_names(ch.inline)):
                key = (old.rstrip(".").casefold(), new.rstrip(".").casefold())
                counts[key] += 1
                places[key].append(idx)
                if key not in spelled or len(old) + len(new) > sum(map(len, spelled[key])):
                    spelled[key] = (old, new)  # "Twitter, Inc." rather than "Twitter, Inc"
        found = []
        for key, n in counts.items():
            old, new = spelled[key]
            company = bool(_COMPANY.match(old)) + bool(_COMPANY.match(new))
            if company or n >= RENAME_MIN_CLAUSES:
                found.append((-company, -n, old, new, key))
        said: list[str] = []
        for company, n, old, new, key in sorted(found):
            if any(old.rstrip(".") in s or new.rstrip(".") in s for s in said):
                continue  # "Twitter" → "X Corp." once "Twitter, Inc." → "X Corp." is said
            said.append(f"{old} {new}")
            self.renamed.add(key)
            self.events.append(
                ChangeEvent(
                    kind="renamed",
                    old=[old],
                    new=[new],
                    change_index=places[key][0],
                    attrs={"company": company < 0, "clauses": -n},
                )
            )

    def superseded_event(self) -> None:
        """One event when an earlier version kept on the page ("Effective until …") went."""
        for k, ch in enumerate(self.changed):
            if ch.kind != "removed" or ch.clause_kind != "heading":
                continue
            title = plain(ch.old or "")
            if len(title.split()) > 12 or not _SUPERSEDED.search(title):
                continue
            after = 0
            for other in self.changed[k + 1 :]:
                if other.kind != "removed":
                    break
                after += 1
            if after < SUPERSEDED_MIN_CLAUSES:
                continue
            dates = ent.extract_dates(title)
            attrs: dict[str, object] = {"clauses": after, "title": title}
            if dates:
                attrs["date"] = str(dates[0].value.get("date"))
            self.events.insert(0, ChangeEvent(kind="superseded_removed", attrs=attrs))
            return

    def rewrite_event(self) -> None:
        """One "largely rewritten" event when most of the document was replaced."""
        old_words = new_words = kept = 0
        for c in self.result.changes:
            if c.old is not None and c.kind != "added":
                n = len(_WORD.findall(c.old))
                old_words += n
                if c.kind in ("unchanged", "moved") or c.minor:
                    kept += n
            if c.new is not None and c.kind != "removed":
                new_words += len(_WORD.findall(c.new))
        st = self.result.stats
        if old_words < REWRITE_MIN_WORDS or not new_words:
            return
        if (
            st.words_removed >= REWRITE_SHARE * old_words
            and st.words_added >= REWRITE_SHARE * new_words
            and kept <= REWRITE_KEPT * old_words
        ):
            removed_sections = sum(
                1 for c in self.changed if c.kind == "removed" and c.clause_kind == "heading"
            )
            before = language(" ".join(c.old for c in self.result.changes if c.old is not None))
            after = language(" ".join(c.new for c in self.result.changes if c.new is not None))
            switched = {"language": after} if before and after and before != after else {}
            self.events.insert(
                0,
                ChangeEvent(
                    kind="rewritten",
                    attrs={
                        "old_words": old_words,
                        "new_words": new_words,
                        "sections_removed": removed_sections,
                        "sections_added": sum(
                            1
                            for c in self.changed
                            if c.kind == "added" and c.clause_kind == "heading"
                        ),
                    }
                    | switched,
                ),
            )


_LETTER = re.compile(r"[^\W\d_]")
_LANGUAGE_SAMPLE = 20_000  # characters
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


def language(text: str) -> str | None:
    """The language a document is written in, of those the analysis reads: "en", "de" or
    "ar"; None for any other, or a mix without a majority.  A long text is judged by
    three samples (its start, middle and end)."""
    if len(text) > 3 * _LANGUAGE_SAMPLE:
        mid = len(text) // 2
        text = " ".join(
            (text[:_LANGUAGE_SAMPLE], text[mid : mid + _LANGUAGE_SAMPLE], text[-_LANGUAGE_SAMPLE:])
        )
    letters = len(_LETTER.findall(text))
    if letters and len(_ARABIC_LETTER.findall(text)) > letters / 2:
        return "ar"
    if is_german(text):
        return "de"
    return "en" if is_english(text) else None


#: a company's name: "Twitter, Inc.", "X Corp.", "Bluesky Social, PBC"
_COMPANY = re.compile(
    r"^(?:[A-Z][\w&'’-]*\.?,?\s+){1,5}(?:Inc|Corp|Corporation|LLC|L\.L\.C|Ltd|Limited|GmbH|AG|"
    r"PBC|plc|S\.A|B\.V|N\.V|Company|Co|SE|S\.à r\.l|SARL|Pte\.? Ltd)\.?$"
)
#: a brand or product name: capitalised words only
_BRAND = re.compile(r"^[A-Z][\w&'’.-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w&'’.-]*){0,3}$")
#: a brand renamed in at least this many clauses is an event of its own
RENAME_MIN_CLAUSES = 3
#: a sentence that describes the changes made to the document (the section: META_SECTION)
_META_SENTENCE = re.compile(
    r"^(?:in this (?:update|version)[, ]+)?we(?:'|’)?(?:ve| have)? (?:\w+ )?"
    r"(?:added|updated|changed|clarified|revised|removed|expanded|"
    r"made (?:some |several |a few )?(?:changes|updates|edits))\b",
    re.I,
)
#: a section that sums up the document: it restates what the other sections say
_SUMMARY_SECTION = re.compile(
    r"\b(?:summary|overview|at a glance|in (?:short|brief)|key (?:points|things|terms|takeaways)|"
    r"highlights|tl;?dr)\b",
    re.I,
)
#: a heading over an earlier version kept on the page: "Effective until 15 November 2024"
_SUPERSEDED = re.compile(
    r"\b(?:effective|in effect|in force|valid|appl(?:y|ies|icable))\s+(?:until|through|before)\b"
    r"|\b(?:previous|prior|former|old|archived)\s+(?:version|terms|polic(?:y|ies)|agreement)\b",
    re.I,
)
#: … followed by at least this many removed clauses
SUPERSEDED_MIN_CLAUSES = 10


def _renamed_names(ops: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (old, new) name replacements among a reworded clause's edits."""
    out = []
    for k in range(len(ops) - 1):
        (op1, a), (op2, b) = ops[k], ops[k + 1]
        if op1 != "delete" or op2 != "insert":
            continue
        if k + 2 < len(ops) and ops[k + 2][0] != "equal":
            continue
        a, b = a.strip(" ,;:"), b.strip(" ,;:")
        if k + 2 < len(ops) and ops[k + 2][1].startswith("."):  # "Inc" + "." → "Inc."
            a, b = (x + "." if re.search(r"\b(?:Inc|Corp|Ltd|Co)$", x) else x for x in (a, b))
        a_name = _COMPANY.match(a) or _BRAND.match(a)
        b_name = _COMPANY.match(b) or _BRAND.match(b)
        if a_name and b_name and a.casefold() != b.casefold() and not is_place(a, b):
            out.append((a, b))
    return out


def _without(ops: Sequence[tuple[str, str]], names: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """``ops`` with the given name replacements turned back into equal text."""
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(ops):
        op, text = ops[k]
        if op == "delete" and k + 1 < len(ops) and ops[k + 1][0] == "insert":
            pair = (
                text.strip(" ,;:").rstrip(".").casefold(),
                ops[k + 1][1].strip(" ,;:").rstrip(".").casefold(),
            )
            if pair in names:
                out.append(("equal", ops[k + 1][1]))
                k += 2
                continue
        out.append((op, text))
        k += 1
    return out


def is_place(*names: str) -> bool:
    return any(ent.is_place_name(n) for n in names)


def _values_of(text: str) -> list[Entity]:
    """The values of a clause; "13 years" is no period inside "at least 13 years old"."""
    found = ent.extract_entities(text, VALUE_KINDS)
    ages = [e.text for e in found if e.kind == "age" and re.search(r"(?:old|alt|age)$", e.text)]
    return [e for e in found if e.kind != "duration" or not any(e.text in a for a in ages)]


@lru_cache(maxsize=16384)
def _meant(text: str) -> frozenset[str]:
    """The small words of a clause that turn what it says: "not", "only", "must"…"""
    return frozenset(w for w in _WORD.findall(plain(text).lower()) if w in MEANT_WORDS)


@lru_cache(maxsize=16384)
def _clause_words(text: str) -> tuple[frozenset[str], int, bool]:
    """A clause's content words (stemmed), its word count, and whether it is English."""
    flat = plain(text)
    # a version the analysis reads: English, Arabic (diffs.arabic_entities, the Arabic
    # rules) or German (the German rules)
    readable = is_english(flat) or has_arabic(flat) or is_german(flat)
    return frozenset(_stem(w) for w in content_words(flat)), len(flat.split()), readable


_LINK_LABEL = re.compile(r"\[([^\]]{3,200})\]\(")

#: a sentence that goes on about a licence granted in the sentence before it: "Twitch can
#: exercise these rights in connection with…", "this license includes the right to…"
_LICENCE_REFERENCE = re.compile(
    r"\b(?:(?:these|those|such|the (?:above|foregoing)) (?:rights|licen[cs]es?)"
    r"|(?:this|that|such|the (?:above|foregoing)) licen[cs]e)\b",
    re.I,
)
#: … in a section about the licence the user grants, not one the company grants
_LICENCE_SECTION = re.compile(r"\blicen[cs]e\b|\bgrant of rights\b|\brights you grant\b", re.I)
_LICENCE_TO_USER = re.compile(
    r"\blicen[cs]e (?:to|for) (?:you|use)\b|\byour licen[cs]e\b|\bsoftware\b|\bapps?\b|"
    r"\bopen[- ]source\b|\bgrants? you\b|\bwe (?:hereby )?(?:grant|give) you\b",
    re.I,
)


def _licence_by_reference(text: str | None, section: str | None) -> Flag | None:
    """A content-licence flag for a sentence that refers back to the licence the user
    grants ("these rights", "this license") within a section about that licence; the
    licence's own sentence is flagged by the rules, this one extends or limits it."""
    heading = (section or "").split(" › ")[-1]
    if not text or not _LICENCE_SECTION.search(heading) or _LICENCE_TO_USER.search(heading):
        return None
    m = _LICENCE_REFERENCE.search(text)
    if m is None or _LICENCE_TO_USER.search(text):
        return None
    cat = CATEGORIES["content_licence"]
    return Flag("content_licence", cat.severity, m.group(0), MIN_CONFIDENCE, "grants")


def _stated(flags: Sequence[Flag], text: str) -> dict[str, Flag]:
    """The flags of a clause by category, leaving out those found only in the label of a
    link ("see [Information Shared with Third Parties](#…)" names a section; it shares
    nothing)."""
    labels = [set(content_words(m.group(1))) for m in _LINK_LABEL.finditer(text)]
    out = {}
    for f in flags:
        said = set(content_words(plain(f.evidence))) - {"see", "read", "visit", "learn"}
        if labels and said and any(said <= lb for lb in labels):
            continue
        out[f.category] = f
    return out


def _best_containment(text: str, others: Sequence[frozenset[str]]) -> float:
    """The largest share of ``text``'s content words that one of ``others`` holds."""
    words = _clause_words(text)[0]
    if not words or not others:
        return 0.0
    return max(len(words & o) / len(words) for o in others)


_CELL = re.compile(r"(?<!\\)\|")
_ITEM = re.compile(r"(?:^|<br\s*/?>|\n)\s*(?:[•*-]|\d+\.)\s+\S")


def _list_cell(text: str, start: int, end: int) -> bool:
    """Whether ``text`` is a table row and the edit at ``start:end`` lies inside one of its
    cells that is a list of two or more items ("• User Data<br>• Usage Data")."""
    if not text.lstrip().startswith("|"):
        return False
    bounds = [m.start() for m in _CELL.finditer(text)]
    for left, right in zip(bounds, bounds[1:], strict=False):
        if left < start and end <= right:
            return len(_ITEM.findall(text[left + 1 : right])) >= 2
    return False


_ROW_ITEM = re.compile(r"(?:^|<br\s*/?>|\n|\|)\s*(?:[•*-]|\d+\.)\s+([^<|\n]+)")


def _row_items(text: str) -> list[str]:
    """The short items (a few words each) of the lists in a table row's cells."""
    if not text.lstrip().startswith("|"):
        return []
    items = [plain(m.group(1)).strip(" .;,") for m in _ROW_ITEM.finditer(text)]
    return list(dict.fromkeys(i for i in items if i and len(i.split()) <= 5))


def _list_item_edit(ch: ClauseChange) -> bool:
    """Whether a reworded table row gained or lost words inside a cell that is a list
    (a spelling or a case changed is no item gained or lost)."""
    o = n = k = 0
    ops = ch.inline
    while k < len(ops):
        if ops[k][0] == "equal":
            o, n, k = o + len(ops[k][1]), n + len(ops[k][1]), k + 1
            continue
        o0, n0, deleted, inserted = o, n, "", ""
        while k < len(ops) and ops[k][0] != "equal":
            if ops[k][0] == "delete":
                deleted += ops[k][1]
                o += len(ops[k][1])
            else:
                inserted += ops[k][1]
                n += len(ops[k][1])
            k += 1
        if set(_content_words(deleted)) != set(_content_words(inserted)) and (
            _list_cell(ch.old or "", o0, o) or _list_cell(ch.new or "", n0, n)
        ):
            return True
    return False


def _overlaps(deleted: str, evidence: str | None) -> bool:
    """Whether deleted words took away part of a flag's evidence (its content words)."""
    gone = {_stem(w) for w in content_words(plain(deleted))}
    said = {_stem(w) for w in content_words(plain(evidence or ""))}
    return bool(gone & said)


_VERB = re.compile(
    r"\b(?:may|might|must|shall|should|will|would|can|cannot|could|is|are|was|were|be|been|"
    r"do|does|did|has|have|we|you|they)\b",
    re.I,
)


def _is_title(kind: str | None, text: str | None) -> bool:
    """A heading, or a short line that names a topic rather than saying something."""
    if kind == "heading":
        return True
    flat = plain(text or "").rstrip(" :")
    return len(flat.split()) <= 8 and not flat.endswith(".") and not _VERB.search(flat)


def _path(label: str | None) -> list[str]:
    """A section label's headings, folded for comparison."""
    from diffs.cosmetic import loose_key

    return [loose_key(p) for p in (label or "").split(" › ") if p.strip()]


def _cat_order(cat: str) -> tuple[int, int]:
    order = list(CATEGORIES)
    info = CATEGORIES.get(cat)
    sev = SEVERITY_RANK.get(info.severity, 3) if info else 3
    return sev, order.index(cat) if cat in order else 99


def change_events(
    result: DiffResult, flag_text: Callable[[str], list[Flag]] | None = None
) -> tuple[list[ChangeEvent], list[FlagChange]]:
    """The events of a change and its flag changes (the older report format).

    ``flag_text`` flags one clause (default: the shared flagger's).  Flag events come
    first (most severe category first), then the other events in document order.
    """
    if flag_text is None:
        from diffs.flagger import flag_text as default

        flag_text = default
    b = _Builder(result, flag_text)
    b.build()
    b.rename_events()
    b.other_events()
    cosmetic = sorted(
        {k for c in result.changed() if c.minor for k in (c.cosmetic or ["formatting"])},
        key=lambda k: KINDS.index(k) if k in KINDS else len(KINDS),
    )
    if result.changed() and all(c.minor for c in result.changed()):
        b.events.append(ChangeEvent(kind="cosmetic", attrs={"kinds": cosmetic}))
    elif result.changed() and all(c.minor or c.kind == "moved" for c in result.changed()):
        b.events.append(ChangeEvent(kind="moved", attrs={"kinds": cosmetic}))
    b.rewrite_event()
    b.superseded_event()
    b.flag_changes.sort(
        key=lambda fc: (
            fc.change_index if fc.change_index is not None else -1,
            _cat_order(fc.category),
        )
    )
    return b.events, b.flag_changes


def flag_diff(result: DiffResult, flagger: Flagger | None = None) -> ChangeReport:
    """Flags a change added, removed or modified, its events and a one-line headline.

    Flags follow clauses (see :mod:`diffs.events`): a clause's flags are compared with
    those of its aligned counterpart.  ``change_index`` points into
    ``result.changed()``.  The headline is rendered from the events
    (:func:`diffs.headline.headline`).
    """
    from diffs.flagger import default_flagger
    from diffs.headline import headline

    fl = flagger or default_flagger()
    events, flags = change_events(result, fl.flag_text)
    return ChangeReport(flags=flags, headline=headline(events, result.significance), events=events)
