"""The shrink rule: is a new, smaller text a collapse, a large cut, or an edit?

A broken selector is stable, so "confirmed by a second fetch" cannot tell it from a
real rewrite.  The rule therefore looks at *how much* is left, from the shapes the
:class:`~tracker.store.recorder.Analyser` measures (``words``, ``clauses`` that are not
headings, ``sections``):

- a **collapse** keeps less than ``collapse_share`` of the latest version's words, or
  of its clauses; or is cut by more than half to fewer than ``collapse_min_words``
  words; or its structure changes class (many sections → a heading only, or a single
  block).  It is held as *suspect* however many runs repeat it, and never becomes a
  version on its own (:mod:`tracker.store.suspects`);
- a **shrink** loses more than ``max_shrink`` of the words without collapsing: a
  plausible rewrite, held back until a later run gives the same text, then recorded
  with a "largely rewritten" headline.

Pure: no database, no analysis; the thresholds are settings (``[crawl]`` in
docs/configuration.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tracker.errors import ConfigError

COLLAPSE = "collapse"
SHRINK = "shrink"

#: a structure check needs this much structure before the cut
MIN_SECTIONS = 3
MIN_CLAUSES = 10


@dataclass(frozen=True)
class ShrinkRule:
    """The thresholds of the rule (``crawl.*`` settings)."""

    collapse_share: float = 0.2
    collapse_min_words: int = 50
    max_shrink: float = 0.5
    structure: bool = True  # the structure-class check (off only to replay an old history)

    def __post_init__(self) -> None:
        if not 0 <= self.collapse_share < 1:
            raise ConfigError(
                f"crawl.collapse_share (CLAUSEWATCH_COLLAPSE_SHARE) must be at least 0 and "
                f"below 1, got {self.collapse_share:g}: 0 turns the share checks off"
            )

    @classmethod
    def from_config(cls, **given: float | int | None) -> ShrinkRule:
        """The rule from the settings file and environment; ``given`` values win."""
        from tracker.config import load_config

        config = load_config()
        values = {
            "collapse_share": float(config.get("crawl.collapse_share")),
            "collapse_min_words": int(config.get("crawl.collapse_min_words")),
            "max_shrink": float(config.get("crawl.max_shrink")),
        }
        values.update({k: v for k, v in given.items() if v is not None})
        return cls(
            collapse_share=float(values["collapse_share"]),
            collapse_min_words=int(values["collapse_min_words"]),
            max_shrink=float(values["max_shrink"]),
        )

    @classmethod
    def off(cls) -> ShrinkRule:
        """No check at all: every new text is recorded at once."""
        return cls(collapse_share=0, collapse_min_words=0, max_shrink=1, structure=False)


@dataclass(frozen=True)
class Verdict:
    """What the rule says about a new text: a collapse or a large shrink."""

    kind: str  # COLLAPSE | SHRINK
    words_before: int
    words_after: int
    why: str  # the checks that fired, e.g. "keeps 0% of the words; a heading only is left"

    @property
    def collapse(self) -> bool:
        return self.kind == COLLAPSE

    def detail(self) -> str:
        """The sentence kept on the fetch log and the document's health."""
        words = f"{self.words_before:,} → {self.words_after:,} words"
        if self.collapse:
            return (
                f"suspect collapse, {words}: {self.why}. The selector probably broke; nothing "
                "is recorded: fix the declaration, or accept the cut with 'clausewatch confirm'"
            )
        return (
            f"the text shrank, {words} ({self.why}); held back until a later run gives "
            "the same text"
        )


def _share(after: int, before: int) -> float:
    return after / before if before else 1.0


def _collapse_reasons(
    before: Mapping[str, int], after: Mapping[str, int], rule: ShrinkRule
) -> list[str]:
    words_before, words_after = before["words"], after["words"]
    reasons = []
    if rule.collapse_share and _share(words_after, words_before) < rule.collapse_share:
        reasons.append(
            f"keeps {_share(words_after, words_before):.0%} of the words "
            f"(CLAUSEWATCH_COLLAPSE_SHARE={rule.collapse_share:g})"
        )
    if (
        rule.collapse_min_words
        and words_after < rule.collapse_min_words
        and words_before >= 2 * words_after
    ):
        reasons.append(
            f"fewer than {rule.collapse_min_words} words (CLAUSEWATCH_COLLAPSE_MIN_WORDS)"
        )
    clauses_before, clauses_after = before["clauses"], after["clauses"]
    if (
        rule.collapse_share
        and clauses_before >= MIN_CLAUSES
        and _share(clauses_after, clauses_before) < rule.collapse_share
    ):
        reasons.append(f"keeps {clauses_after:,} of {clauses_before:,} clauses")
    if (
        rule.structure
        and before["sections"] >= MIN_SECTIONS
        and clauses_before >= MIN_CLAUSES
        and clauses_after <= 1
    ):
        left = "a heading only" if clauses_after == 0 else "a single block of text"
        if after["words"] == 0:
            left = "nothing"
        reasons.append(f"{before['sections']:,} sections became {left}")
    return reasons


def assess(before: Mapping[str, int], after: Mapping[str, int], rule: ShrinkRule) -> Verdict | None:
    """The verdict on a new text of shape ``after`` replacing one of shape ``before``.

    ``None`` when the new text is an ordinary edit (recorded at once).
    """
    reasons = _collapse_reasons(before, after, rule)
    words_before, words_after = before["words"], after["words"]
    if reasons:
        return Verdict(COLLAPSE, words_before, words_after, "; ".join(reasons))
    lost = 1 - _share(words_after, words_before)
    if rule.max_shrink < 1 and lost > rule.max_shrink:
        why = f"-{lost:.0%}, more than CLAUSEWATCH_MAX_SHRINK={rule.max_shrink:g}"
        return Verdict(SHRINK, words_before, words_after, why)
    return None
