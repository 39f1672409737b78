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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from diffs import entities as ent
from diffs.categories import CATEGORIES, SEVERITY_RANK
from diffs.cosmetic import KINDS
from diffs.flagger import split_sentences
from diffs.result import (
    ChangeEvent,
    ChangeReport,
    ClauseChange,
    DiffResult,
    Entity,
    Flag,
    FlagChange,
)

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
_PIECES = re.compile(r"\s*(?:<br\s*/?>\s*)+|\s+\|\s+|\n+")
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
    "unilateral_termination": ("notice_period",),
    "content_removal": ("notice_period",),
    "scraping_ban": ("money",),
    "contract_by_using": ("age",),
}
#: a new clause is "modified" (not "added") when its category was already in the same
#: part of the old version (True), or anywhere in it (False)
ADDED_BY_SECTION = True
#: report a removed clause whose category stays elsewhere in the new version as "modified"
NARROWING_EVENTS = False
_PROTECT_KIND = {"added": "protection_added", "removed": "protection_removed"}


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


def _content_words(text: str) -> dict[str, bool]:
    """The words of ``text`` that carry meaning (stemmed), each with "written as a name"."""
    out: dict[str, bool] = {}
    for m in re.finditer(r"[\w'’-]+", text):
        w = m.group(0).replace("’", "'")
        low = w.lower()
        if low in _FUNCTION_WORDS or (len(low) < 2 and not low.isdigit()):
            continue
        name = w[:1].isupper() and low not in _ALWAYS_MEANT and not ent.is_place_name(w)
        key = _stem(low)
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
        self.events: list[ChangeEvent] = []
        self.flag_changes: list[FlagChange] = []
        self._new_doc_flags: dict[str, set[str]] | None = None
        self._old_doc_flags: dict[str, set[str]] | None = None
        self.covered: set[int] = set()  # changed clauses that have a flag event

    # the whole new version's categories (with polarity), computed once when needed
    def new_doc_has(self, category: str, polarity: str) -> bool:
        if self._new_doc_flags is None:
            seen: dict[str, set[str]] = defaultdict(set)
            for c in self.result.changes:
                if c.new is not None and c.kind != "removed":
                    for f in self.flag_text(c.new):
                        seen[f.category].add(f.polarity)
            self._new_doc_flags = seen
        return polarity in self._new_doc_flags.get(category, set())

    def old_doc_has(self, category: str, polarity: str, section: str | None = None) -> bool:
        """Whether the old version flags ``category`` (in ``section``'s top-level part)."""
        if self._old_doc_flags is None:
            seen: dict[str, set[str]] = defaultdict(set)
            for c in self.result.changes:
                if c.old is not None and c.kind != "added":
                    top = _top_section(c.old_section if c.old_section is not None else c.section)
                    for f in self.flag_text(c.old):
                        seen[f.category].add(f.polarity)
                        seen[f"{f.category}\x1f{top}"].add(f.polarity)
            self._old_doc_flags = seen
        key = category if section is None else f"{category}\x1f{_top_section(section)}"
        return polarity in self._old_doc_flags.get(key, set())

    def event(self, kind: str, side: ClauseChange, idx: int, flag: Flag, **kw: object) -> None:
        cat = CATEGORIES.get(flag.category)
        e = ChangeEvent(
            kind=kind,
            category=flag.category,
            severity=cat.severity if cat else flag.severity,
            polarity=flag.polarity,
            section=side.section or None,
            text=side.new if side.new is not None else side.old,
            change_index=idx,
        )
        for k, v in kw.items():
            setattr(e, k, v)
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
            olds = {f.category: f for f in self.flag_text(ch.old)} if ch.old else {}
            news = {f.category: f for f in self.flag_text(ch.new)} if ch.new else {}
            changed_cats = set(olds) | set(news)
            if ch.kind in ("modified", "moved") and ch.old and ch.new:
                for cat in olds:
                    aligned_old[cat].append(idx)
                changed_cats = self.changed_categories(ch.old, ch.new)
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

    def changed_categories(self, old: str, new: str) -> set[str]:
        """The categories whose sentences in a reworded clause changed beyond cosmetics.

        A long clause (a table row, a paragraph of bullets) may carry several categories;
        an edit to one of its sentences is no event for the categories of the others.
        """
        from diffs.cosmetic import loose_key

        old_s, new_s = self.sentences(old), self.sentences(new)
        out = set()
        for cat in {c for _, fs in old_s + new_s for c in fs}:
            # sentence boundaries may move ("numberNote" → "number. Note"): compare the words
            before = "".join(loose_key(s) for s, fs in old_s if cat in fs).replace(" ", "")
            after = "".join(loose_key(s) for s, fs in new_s if cat in fs).replace(" ", "")
            if before != after:
                out.add(cat)
        return out

    def reworded(self, idx: int, ch: ClauseChange, o: Flag, n: Flag) -> None:
        """A clause that kept its category and changed its words."""
        if o.polarity == "restricts" and n.polarity == "grants":
            self.event("protection_removed", ch, idx, o, new=[], attrs=_ai_attrs(n))
            self.flag_changes.append(FlagChange("modified", n.category, n.severity, n, o, idx))
            return
        if o.polarity == "grants" and n.polarity == "restricts":
            self.event("protection_added", ch, idx, n)
            self.flag_changes.append(FlagChange("modified", n.category, n.severity, n, o, idx))
            return
        kinds = CATEGORY_VALUES.get(o.category, ())
        lost, gained, vkind = _value_diff(o.entities, n.entities, kinds)
        attrs: dict[str, object] = {}
        if o.category == "ai_training":
            oa, na = _ai_attrs(o), _ai_attrs(n)
            if oa != na:
                attrs = {"old": oa, "new": na}
        removed_words, added_words = _words(ch.inline, "delete"), _words(ch.inline, "insert")
        if not (lost or gained or attrs) and trivial_rewording(ch.inline):
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
            attrs=attrs,
        )
        self.flag_changes.append(FlagChange("modified", n.category, n.severity, n, o, idx))

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
        added = [a for a in added if not self.split_off(a, aligned_old)]
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
            kind = "protection_added" if a.flag.polarity == "restricts" else "added"
            if self.old_doc_has(
                cat, a.flag.polarity, a.change.section if ADDED_BY_SECTION else None
            ):
                kind = "modified"  # the category was there already: this clause widened it
            kinds = CATEGORY_VALUES.get(cat, ())
            self.event(
                kind,
                a.change,
                a.idx,
                a.flag,
                new=_labels(a.flag.entities, kinds),
                value_kind=kinds[0] if kinds and _labels(a.flag.entities, kinds) else None,
                attrs=_ai_attrs(a.flag) if cat == "ai_training" else {},
                added_words=(
                    _words(a.change.inline, "insert")
                    if a.how == "reworded"
                    else (a.change.new if kind == "modified" else None)
                ),
            )
            self.flag_changes.append(FlagChange("added", cat, a.flag.severity, a.flag, None, a.idx))
        for r in removed:
            if self.new_doc_has(cat, r.flag.polarity):
                # the category stays in the new version: this clause narrowed it
                if NARROWING_EVENTS:
                    self.event(
                        "modified",
                        r.change,
                        r.idx,
                        r.flag,
                        old=_labels(r.flag.entities, CATEGORY_VALUES.get(cat, ())),
                        removed_words=(r.change.old if r.how == "clause" else None),
                        attrs={"narrowed": True},
                    )
                self.flag_changes.append(
                    FlagChange("removed", cat, r.flag.severity, None, r.flag, r.idx)
                )
                continue
            kind = "protection_removed" if r.flag.polarity == "restricts" else "removed"
            self.event(kind, r.change, r.idx, r.flag, old=_labels(r.flag.entities, ()))
            self.flag_changes.append(
                FlagChange("removed", cat, r.flag.severity, None, r.flag, r.idx)
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
                title = " ".join(
                    (ch.new or ch.old or "").replace("#", " ").replace("*", " ").split()
                )
                self.events.append(
                    ChangeEvent(
                        kind="section_added" if ch.kind == "added" else "section_removed",
                        section=section,
                        text=title.strip(" :"),
                        change_index=idx,
                        attrs={"clauses": self._section_size(idx, ch)},
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
                m = _MODAL.search(text)
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

    def _section_size(self, idx: int, ch: ClauseChange) -> int:
        """How many added (removed) clauses follow a heading that was added (removed)."""
        n = 0
        for other in self.changed[idx + 1 :]:
            if other.kind != ch.kind or other.clause_kind == "heading":
                break
            n += 1
        return n

    def _reworded_values(self, idx: int, ch: ClauseChange) -> None:
        assert ch.old is not None and ch.new is not None
        old_e = ent.extract_entities(ch.old, VALUE_KINDS)
        new_e = ent.extract_entities(ch.new, VALUE_KINDS)
        lost, gained, vkind = _value_diff(old_e, new_e, VALUE_KINDS)
        removed_words = _words(ch.inline, "delete")
        added_words = _words(ch.inline, "insert")
        if vkind is not None:
            self.events.append(
                ChangeEvent(
                    kind="value_changed",
                    section=ch.section or None,
                    text=ch.new,
                    change_index=idx,
                    old=lost,
                    new=gained,
                    value_kind=vkind,
                    removed_words=removed_words,
                    added_words=added_words,
                )
            )
            return
        ins = " ".join(t for op, t in ch.inline if op == "insert")
        dele = " ".join(t for op, t in ch.inline if op == "delete")
        mi, md = _MODAL.search(ins), _MODAL.search(dele)
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
                attrs={**attrs, "reworded": True} if kind != "clause_reworded" else attrs,
            )
        )

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
                    },
                ),
            )


def _top_section(label: str | None) -> str:
    """The part of a section path that says where in the document a clause is."""
    from diffs.cosmetic import loose_key

    parts = (label or "").split(" › ")
    return loose_key(parts[1] if len(parts) > 1 else parts[0])


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
