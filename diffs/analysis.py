"""One entry point for the tracker: everything clausewatch says about a change.

:func:`analyse_change` diffs two versions, classifies the change (minor or
substantive, and of which cosmetic kinds), follows every flagged clause to its
counterpart, builds the structured events and renders the headline.  The result,
:class:`ChangeAnalysis`, is plain data: ``to_dict()`` is what the store keeps and
``from_dict()`` reads it back (also from changes stored before the events existed).
No database here: the store decides what an earlier version is and passes
``revert_of_date`` when the new text equals one (see :func:`revert_key`).

:func:`version_flags` flags a whole version once, for the store to keep per version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from diffs.result import ChangeEvent, ChangeReport, DiffResult, FlagChange, Significance

__all__ = [
    "ChangeAnalysis",
    "analyse_change",
    "find_revert",
    "reverted_event",
    "revert_key",
    "same_text",
    "version_flags",
]


@dataclass
class ChangeAnalysis:
    """What a change did: the diff, its significance, events, flags and headline.

    ``significance`` is ``"none"`` only when the two texts are identical; a change
    the differ sees no clause in (blank lines, a thematic break) is ``"minor"``.
    ``revert_of`` is the date of the earlier version the new text went back to, if
    any; ``alert`` says whether subscribers should hear of it (a substantive change
    that is not a revert).
    """

    diff: DiffResult
    significance: Significance
    events: list[ChangeEvent]
    flags: list[FlagChange]
    headline: str
    effective_date: str | None = None
    revert_of: str | None = None
    cosmetic_kinds: list[str] = field(default_factory=list)

    @property
    def alert(self) -> bool:
        return self.significance == "substantive" and self.revert_of is None

    @property
    def report(self) -> ChangeReport:
        """The older report shape (flags and headline), with the events."""
        return ChangeReport(flags=self.flags, headline=self.headline, events=self.events)

    def flag_events(self) -> list[ChangeEvent]:
        """The events about flagged categories (added, removed, modified, protections)."""
        return [e for e in self.events if e.is_flag_event]

    def to_dict(self) -> dict[str, Any]:
        return {
            "significance": self.significance,
            "headline": self.headline,
            "effective_date": self.effective_date,
            "revert_of": self.revert_of,
            "alert": self.alert,
            "cosmetic_kinds": list(self.cosmetic_kinds),
            "events": [e.to_dict() for e in self.events],
            "flags": [f.to_dict() for f in self.flags],
            "diff": self.diff.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ChangeAnalysis:
        diff = DiffResult.from_dict(d.get("diff") or {})
        significance = d.get("significance") or diff.significance
        return cls(
            diff=diff,
            significance=significance,
            events=[ChangeEvent.from_dict(e) for e in d.get("events") or []],
            flags=[FlagChange.from_dict(f) for f in d.get("flags") or []],
            headline=d.get("headline") or "",
            effective_date=d.get("effective_date"),
            revert_of=d.get("revert_of"),
            cosmetic_kinds=list(d.get("cosmetic_kinds") or []),
        )


def reverted_event(date: str) -> ChangeEvent:
    """The event of a text that went back to the version of ``date`` (ISO yyyy-mm-dd)."""
    return ChangeEvent(kind="reverted", attrs={"date": date})


def analyse_change(
    old_markdown: str,
    new_markdown: str,
    *,
    new_date: str | None = None,
    revert_of_date: str | None = None,
) -> ChangeAnalysis:
    """Everything about the change from ``old_markdown`` to ``new_markdown``.

    ``new_date`` (ISO, when the new version was recorded) lets a date that only
    restates it, and a notice of an update that has already taken effect, count as
    cosmetic.  ``revert_of_date`` (ISO) is the date of an earlier version, other than
    the previous one, that the new text equals: the change is then headlined as a
    revert and is never an alert.
    """
    from diffs.cosmetic import KINDS
    from diffs.differ import diff_texts
    from diffs.entities import find_effective_date
    from diffs.events import change_events
    from diffs.headline import headline

    diff = diff_texts(old_markdown, new_markdown, new_date=new_date)
    events, flags = change_events(diff)
    significance: Significance = diff.significance
    kinds = sorted(
        {k for c in diff.changed() if c.minor for k in c.cosmetic},
        key=lambda k: KINDS.index(k) if k in KINDS else len(KINDS),
    )
    if significance == "none" and old_markdown != new_markdown:
        significance = "minor"  # blank lines, rules, markup the clauses do not show
        kinds = ["formatting"]
        events.append(ChangeEvent(kind="cosmetic", attrs={"kinds": kinds}))
    if revert_of_date:
        events.insert(0, reverted_event(revert_of_date))
    found = find_effective_date(new_markdown)
    return ChangeAnalysis(
        diff=diff,
        significance=significance,
        events=events,
        flags=flags,
        headline=headline(events, significance),
        effective_date=str(found.value.get("date")) if found else None,
        revert_of=revert_of_date,
        cosmetic_kinds=kinds,
    )


# --- reverts ------------------------------------------------------------------------------


def revert_key(markdown: str) -> str:
    """A fingerprint equal for two texts that differ only cosmetically.

    Every clause folded through all cosmetic stages, furniture clauses left out; the
    store can keep it per version and look up an earlier version with the same key.
    """
    from diffs.cosmetic import is_furniture, loose_key
    from diffs.segment import segment

    parts = [loose_key(c.text) for c in segment(markdown) if is_furniture(c.text) is None]
    return hashlib.sha256("\n".join(p for p in parts if p).encode("utf-8")).hexdigest()


def same_text(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ at most cosmetically."""
    if a == b:
        return True
    if revert_key(a) == revert_key(b):
        return True
    from diffs.differ import diff_texts

    return diff_texts(a, b).significance != "substantive"


def _exact_key(markdown: str) -> str:
    return " ".join(markdown.split())


def find_revert(
    new_markdown: str, earlier: Iterable[tuple[str, str]], previous: str | None = None
) -> str | None:
    """The date of the latest earlier version the new text goes back to, or None.

    ``earlier`` yields (ISO date, markdown) pairs of the versions *before* the previous
    one, in any order; ``previous`` is the previous version's text.  A new text equal
    (whitespace aside) to an earlier version is a revert, even when the edit it undoes
    was cosmetic (a link target flipping back and forth); a text equal to an earlier
    version only up to cosmetic differences is one when it differs from the previous
    version by more than that.
    """
    earlier = list(earlier)
    if previous is None or new_markdown != previous:
        dates = [d for d, md in earlier if md == new_markdown]
        if dates:  # byte for byte, even when only whitespace had changed in between
            return max(dates)
    exact = _exact_key(new_markdown)
    previous_exact = _exact_key(previous) if previous is not None else None
    dates = [d for d, md in earlier if _exact_key(md) == exact and exact != previous_exact]
    if dates:
        return max(dates)
    key = revert_key(new_markdown)
    if previous is not None and revert_key(previous) == key:
        return None
    dates = [d for d, md in earlier if revert_key(md) == key]
    return max(dates) if dates else None


# --- whole versions -----------------------------------------------------------------------


def version_flags(markdown: str) -> list[dict[str, Any]]:
    """The flags of every flagged clause of a version, as JSON-ready records.

    Each record: ``{"clause_id", "section", "text", "flags": [flag objects]}``, in
    document order; clauses without flags are left out.
    """
    from diffs.flagger import flag_document

    return [
        {
            "clause_id": clause.id,
            "section": clause.section_label,
            "text": clause.text,
            "flags": [f.to_dict() for f in flags],
        }
        for clause, flags in flag_document(markdown)
        if flags
    ]


def events_of(analyses: Sequence[ChangeAnalysis]) -> list[ChangeEvent]:
    """All events of several analyses, in order (for a feed or a digest)."""
    return [e for a in analyses for e in a.events]
