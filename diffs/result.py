"""Typed results shared by the differ, the flagger, the store, the site and the feeds.

This module is the contract between ``diffs.differ`` (which produces a
:class:`DiffResult`), ``diffs.flagger`` (which reads one and produces a
:class:`ChangeReport`) and ``tracker`` (which stores and renders both).  Everything
here is plain data: ``to_dict()`` gives JSON-ready dicts and ``from_dict()`` reads
them back, so a stored change can be rebuilt without re-running the differ.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ChangeKind = Literal["unchanged", "added", "removed", "modified", "moved"]
Significance = Literal["substantive", "minor", "none"]
InlineOp = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Clause:
    """One clause of a document: a paragraph, list item or sentence, with its place."""

    id: str  # stable: derived from the normalised text and the section path
    section: tuple[str, ...]  # heading path, outermost first; () before any heading
    text: str  # the clause's Markdown text
    position: int  # 0-based index in the document's clause list
    # "heading", "paragraph", "list_item", "sentence", "table_row" or "code"
    kind: str = "paragraph"

    @property
    def section_label(self) -> str:
        return " › ".join(self.section)


@dataclass
class ClauseChange:
    """What happened to one clause between two versions."""

    kind: ChangeKind
    section: str  # section label of the new clause (old one for removals)
    old: str | None = None
    new: str | None = None
    # word-level diff for modified clauses: [["equal"|"insert"|"delete", text], ...]
    inline: list[tuple[InlineOp, str]] = field(default_factory=list)
    old_id: str | None = None
    new_id: str | None = None
    old_position: int | None = None
    new_position: int | None = None
    similarity: float | None = None  # 0..1 for modified clauses
    minor: bool = False  # True when only formatting/links/punctuation/dates changed
    old_section: str | None = None  # section label of the old clause, when there is one
    clause_kind: str | None = None  # Clause.kind of the new clause (old one for removals)
    # the kinds of cosmetic edit when ``minor`` (see diffs.cosmetic.KINDS), else []
    cosmetic: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["inline"] = [list(op) for op in self.inline]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ClauseChange:
        d = dict(d)
        d["inline"] = [tuple(op) for op in d.get("inline") or []]
        d["cosmetic"] = list(d.get("cosmetic") or [])
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass
class DiffStats:
    added: int = 0
    removed: int = 0
    modified: int = 0
    moved: int = 0
    unchanged: int = 0
    words_added: int = 0
    words_removed: int = 0

    @property
    def words_changed(self) -> int:
        return self.words_added + self.words_removed


@dataclass
class DiffResult:
    """The clause-level difference between two versions of a document."""

    changes: list[ClauseChange]  # in new-document order, removals placed where they were
    stats: DiffStats
    significance: Significance  # "none" when nothing changed at all

    def changed(self) -> list[ClauseChange]:
        return [c for c in self.changes if c.kind != "unchanged"]

    def to_dict(self, include_unchanged: bool = False) -> dict[str, Any]:
        changes = self.changes if include_unchanged else self.changed()
        stats = asdict(self.stats)
        stats["words_changed"] = self.stats.words_changed
        return {
            "significance": self.significance,
            "stats": stats,
            "changes": [c.to_dict() for c in changes],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DiffResult:
        stats = {k: v for k, v in d.get("stats", {}).items() if k != "words_changed"}
        return cls(
            changes=[ClauseChange.from_dict(c) for c in d.get("changes", [])],
            stats=DiffStats(**stats),
            significance=d.get("significance", "none"),
        )


# --- flagger results --------------------------------------------------------

Severity = Literal["high", "medium", "low"]
Polarity = Literal["grants", "restricts"]
FlagStatus = Literal["added", "removed", "modified", "unchanged"]


@dataclass
class Entity:
    """A value pulled out of a clause: an amount, a court, a law, an age, a period, a date."""

    kind: str  # "money", "venue", "court", "governing_law", "age", "notice_period", "date"
    text: str  # the exact words in the clause
    value: dict[str, Any] = field(default_factory=dict)  # normalised parts, by kind

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(kind=d["kind"], text=d["text"], value=dict(d.get("value") or {}))


@dataclass
class Flag:
    """One category detected in one clause, with the words that triggered it."""

    category: str  # stable id, e.g. "ai_training"
    severity: Severity
    evidence: str  # exact span of the clause that triggered the flag
    confidence: float  # 0..1
    polarity: Polarity = "grants"
    entities: list[Entity] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "severity": self.severity,
            "evidence": self.evidence,
            "confidence": round(self.confidence, 3),
            "polarity": self.polarity,
            "entities": [e.to_dict() for e in self.entities],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Flag:
        return cls(
            category=d["category"],
            severity=d["severity"],
            evidence=d["evidence"],
            confidence=d.get("confidence", 1.0),
            polarity=d.get("polarity", "grants"),
            entities=[Entity.from_dict(e) for e in d.get("entities", [])],
        )


@dataclass
class FlagChange:
    """A flag that a change added, removed or modified (old → new)."""

    status: FlagStatus
    category: str
    severity: Severity
    new: Flag | None = None
    old: Flag | None = None
    change_index: int | None = None  # index into DiffResult.to_dict()["changes"]

    def to_dict(self) -> dict[str, Any]:
        """Flag-object shape shared with ``clausewatch flag --json``, plus status and old."""
        main = self.new or self.old
        assert main is not None
        d = main.to_dict()
        d["status"] = self.status
        if self.old is not None and self.new is not None:
            d["old"] = self.old.to_dict()
        d["change_index"] = self.change_index
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FlagChange:
        main = Flag.from_dict(d)
        status = d["status"]
        old = Flag.from_dict(d["old"]) if d.get("old") else None
        if status == "removed":
            return cls(status, main.category, main.severity, None, main, d.get("change_index"))
        return cls(status, main.category, main.severity, main, old, d.get("change_index"))


@dataclass
class ChangeReport:
    """The flagger's verdict on a change: which flags moved, and a one-line headline.

    ``events`` are the structured facts the headline was rendered from (see
    :class:`ChangeEvent`); reports stored before they existed load with none.
    """

    flags: list[FlagChange]
    headline: str
    events: list[ChangeEvent] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "headline": self.headline,
            "flags": [f.to_dict() for f in self.flags],
            "events": [e.to_dict() for e in self.events],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ChangeReport:
        return cls(
            flags=[FlagChange.from_dict(f) for f in d.get("flags", [])],
            headline=d.get("headline", ""),
            events=[ChangeEvent.from_dict(e) for e in d.get("events") or []],
        )


# --- structured change events -------------------------------------------------------------

#: event kinds that come from flags (a category's clause added, removed or reworded)
FLAG_EVENT_KINDS: tuple[str, ...] = (
    "added",
    "removed",
    "modified",
    "protection_added",
    "protection_removed",
)
#: every event kind, flag events first
EVENT_KINDS: tuple[str, ...] = (
    *FLAG_EVENT_KINDS,
    "value_changed",  # an amount, duration, age, date, place or percentage changed
    "obligation_added",  # "you must …", "we may …", "will not", "reserves the right"
    "obligation_removed",
    "section_added",
    "section_removed",
    "clause_added",
    "clause_removed",
    "clause_reworded",
    "moved",  # text moved, not reworded
    "rewritten",  # the document was largely rewritten
    "superseded_removed",  # an earlier version kept on the page was removed (attrs["date"])
    "renamed",  # a name replaced throughout: a company, a product (old → new)
    "reverted",  # the text went back to an earlier version
    "cosmetic",  # only cosmetic edits (attrs["kinds"])
)


@dataclass
class ChangeEvent:
    """One fact about a change, in plain data, from which a headline is rendered.

    Events are what the site, the feeds and a translated headline are built from, so
    they carry values, not sentences: ``old``/``new`` hold the values that changed
    (e.g. ``["30 days"]`` → ``["90 days"]``), ``removed_words``/``added_words`` the
    words a reworded clause lost and gained, ``old_phrase``/``new_phrase`` its most
    telling edit with enough context to read, ``attrs`` kind-specific details (AI
    training choice and data, the cosmetic kinds, word counts of a rewrite, the date
    of the version a revert went back to).
    """

    kind: str  # one of EVENT_KINDS
    category: str | None = None  # flag category id, for flag events
    severity: Severity | None = None
    polarity: Polarity | None = None
    old: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    value_kind: str | None = None  # entity kind of old/new: "duration", "money", …
    removed_words: str | None = None
    added_words: str | None = None
    # the most telling edit of a reworded clause, with the words around it that make it
    # readable: "induce or facilitate" → "induce or knowingly facilitate"
    old_phrase: str | None = None
    new_phrase: str | None = None
    evidence: str | None = None  # for flag events: the words that triggered the flag
    section: str | None = None  # section label (new version, old one for removals)
    text: str | None = None  # the clause (new text, old for removals)
    change_index: int | None = None  # index into DiffResult.changed()
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: v for k, v in d.items() if v not in (None, [], {})} | {"kind": self.kind}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ChangeEvent:
        known = set(cls.__dataclass_fields__)
        data = {k: v for k, v in d.items() if k in known}
        data["old"] = list(data.get("old") or [])
        data["new"] = list(data.get("new") or [])
        data["attrs"] = dict(data.get("attrs") or {})
        return cls(**data)

    @property
    def is_flag_event(self) -> bool:
        return self.category is not None and self.kind in FLAG_EVENT_KINDS
