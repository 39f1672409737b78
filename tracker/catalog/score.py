"""How close an extracted text is to a document's last good version.

The doctor (``catalog doctor``) and ``catalog try`` judge a selector by the text it
gives, measured against the last version clausewatch recorded:

- **similarity**: ``2·M / (a + b)`` over the two texts' words, where ``M`` is the length
  of their longest common subsequence of words (the ratio of
  :class:`difflib.SequenceMatcher`, computed with rapidfuzz so that 10,000-word texts
  take milliseconds);
- **recovered**: ``M / b``, the share of the last version's words that come back, in order;
- **length ratio**: ``a / b``, the new text's words over the last version's.

Words are the whitespace-split words of the Markdown, with link targets ``](...)``
dropped, so that a link's new address is not a difference of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import Indel, LCSseq

_MATRIX = 250_000_000  # above this many word pairs, align with difflib (no n·m matrix)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def words(markdown: str) -> list[str]:
    """The words of a Markdown text, link targets dropped."""
    return _LINK_TARGET.sub("]", markdown).split()


@dataclass(frozen=True)
class Score:
    """A text measured against a reference text (the last good version)."""

    similarity: float
    recovered: float
    length_ratio: float
    words: int
    reference_words: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "similarity": round(self.similarity, 4),
            "recovered": round(self.recovered, 4),
            "length_ratio": round(self.length_ratio, 4),
            "words": self.words,
            "reference_words": self.reference_words,
        }

    def describe(self) -> str:
        """``similarity 0.97, recovers 98% of the last version, 1.01× its length``."""
        return (
            f"similarity {self.similarity:.2f}, recovers {self.recovered:.0%} of the last "
            f"version's text, {self.length_ratio:.2f}× its length"
        )


def score_words(candidate: list[Any], reference: list[Any]) -> Score:
    """Score a sequence of words (or word ids) against the reference's."""
    a, b = len(candidate), len(reference)
    if not a or not b:
        return Score(0.0, 0.0, a / b if b else 0.0, a, b)
    common = LCSseq.similarity(candidate, reference)
    return Score(2 * common / (a + b), common / b, a / b, a, b)


def score_text(markdown: str, reference: str) -> Score:
    """Score ``markdown`` against ``reference`` (both Markdown texts)."""
    return score_words(words(markdown), words(reference))


def similarity(candidate: list[int], reference: list[int]) -> float:
    """The similarity of two sequences of word ids (see :func:`score_words`)."""
    if not candidate or not reference:
        return 0.0
    return 2 * LCSseq.similarity(candidate, reference) / (len(candidate) + len(reference))


def unaligned(candidate: list[int], reference: list[int]) -> list[bool]:
    """For each word, whether it is outside the longest common subsequence with the reference."""
    extra = [True] * len(candidate)
    if len(candidate) * len(reference) > _MATRIX:
        import difflib

        matcher = difflib.SequenceMatcher(None, candidate, reference, autojunk=True)
        for block in matcher.get_matching_blocks():
            extra[block.a : block.a + block.size] = [False] * block.size
        return extra
    at = 0
    for op in Indel.editops(candidate, reference):
        if op.tag == "delete":
            extra[at : op.src_pos] = [False] * (op.src_pos - at)
            at = op.src_pos + 1
    extra[at:] = [False] * (len(candidate) - at)
    return extra
