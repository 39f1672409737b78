"""The analysis the recorder is given: diffs' differ and flagger, as stored columns.

The store never imports the differ or the flagger: a use case (the storage pipeline,
``reextract``) hands it an :class:`Analyser`, and the store writes what it returns.
Everything here is computed from the text alone, so it can be recomputed from what
is stored whenever the analysis improves.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

logger = logging.getLogger(__name__)

#: the ``shrink`` hints :meth:`Analyser.change` takes: the verdicts of
#: :mod:`tracker.store.collapse` on the new text
SHRINK = "shrink"  # a large cut that a later run confirmed: a rewrite
COLLAPSE = "collapse"  # a collapse a person accepted with ``clausewatch confirm``

_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORDISH = re.compile(r"\w")
_HEADING_MARKS = re.compile(r"^\s*#+\s*|\s*#+\s*$")


def word_count(markdown: str) -> int:
    """Words of a text: whitespace-separated tokens with a letter or digit, links' URLs left out."""
    text = _LINK_TARGET.sub("] ", markdown)
    return sum(1 for token in text.split() if _WORDISH.search(token))


def _heading_titles(clauses: list[Any]) -> set[str]:
    from diffs.segment import normalize_ws, strip_enumerator

    titles = set()
    for clause in clauses:
        if clause.kind == "heading":
            title = _HEADING_MARKS.sub("", clause.text).strip("*_ \t").rstrip(":")
            titles.add(normalize_ws(strip_enumerator(title)).casefold())
    return titles - {""}


def _shrink_headline(old_markdown: str, new_markdown: str, shrink: str) -> str:
    """What a large cut did, in words and sections, instead of a list of removed flags."""
    from diffs.segment import segment

    before, after = word_count(old_markdown), word_count(new_markdown)
    removed = len(_heading_titles(segment(old_markdown)) - _heading_titles(segment(new_markdown)))
    sections = f"; {removed:,} section{'s' if removed != 1 else ''} removed" if removed else ""
    if shrink == COLLAPSE:
        return f"Document cut from {before:,} to {after:,} words (confirmed by a person){sections}"
    return f"Document largely rewritten: {before:,} → {after:,} words{sections}"


def effective_date(markdown: str) -> str | None:
    """The ISO date printed as "Effective:" (else "Last updated:") near the top, if any."""
    from diffs.entities import find_effective_date

    found = find_effective_date(markdown)
    return found.value.get("date") if found else None


class Analyser:
    """Diff and flag versions with :mod:`diffs`; return the columns the store keeps."""

    def shape(self, markdown: str) -> dict[str, int]:
        """How much a text holds: ``words``, ``clauses`` (not headings) and ``sections``.

        The recorder compares the shapes of the latest version and of a new text to
        tell a collapse (a broken selector) or a large rewrite from an edit
        (:mod:`tracker.store.collapse`).
        """
        from diffs.segment import segment

        clauses = segment(markdown)
        sections = sum(1 for c in clauses if c.kind == "heading")
        return {
            "words": word_count(markdown),
            "clauses": len(clauses) - sections,
            "sections": sections,
        }

    def change(
        self, old_markdown: str, new_markdown: str, shrink: str | None = None
    ) -> dict[str, Any]:
        """The ``changes`` columns for going from one version to the next.

        ``shrink`` says the new text is a large cut: :data:`SHRINK` (a shrink that a
        later run confirmed) or :data:`COLLAPSE` (a collapse a person accepted).
        Its headline then says what happened ("Document largely rewritten: 10,000 →
        3,000 words; 7 sections removed"), not every flag the cut removed; the flags
        are still stored.  Never raises: when the analysis fails the change is still
        recorded, as substantive, with a headline that says so (a version is never lost).
        """
        from diffs.context import context_rows
        from diffs.differ import diff_texts
        from diffs.flagger import flag_diff

        try:
            diff = diff_texts(old_markdown, new_markdown)
            report = flag_diff(diff)
        except Exception as exc:
            logger.exception("clause analysis failed")
            return {
                "significance": "substantive",
                "headline": f"Text changed (clause analysis failed: {type(exc).__name__}; "
                "run 'clausewatch reextract' after upgrading)",
                "stats": "{}",
                "diff": "{}",
                "flags": "[]",
                "rows": None,
                "effective_date": effective_date(new_markdown),
            }
        stored = diff.to_dict()
        significance = diff.significance if diff.significance != "none" else "minor"
        headline = report.headline
        if shrink:
            significance, headline = (
                "substantive",
                _shrink_headline(old_markdown, new_markdown, shrink),
            )
        return {
            "significance": significance,
            "headline": headline,
            "stats": json.dumps(stored["stats"]),
            "diff": json.dumps(stored),
            "flags": json.dumps([f.to_dict() for f in report.flags]),
            "rows": json.dumps(context_rows(diff)),
            "effective_date": effective_date(new_markdown),
        }

    def version_flags(self, markdown: str) -> str | None:
        """The ``versions.flags`` column: every flag of every clause, as JSON.

        ``None`` (computed later by ``reextract``) when the flagger fails.
        """
        from diffs.flagger import flag_document

        try:
            found = flag_document(markdown)
        except Exception:
            logger.exception("flagging a version failed")
            return None
        return json.dumps(
            [
                f.to_dict() | {"position": clause.position, "section": clause.section_label}
                for clause, flags in found
                for f in flags
            ]
        )


_DEFAULT: Analyser | None = None


def default_analyser() -> Analyser:
    """The shared analyser (the flagger's model loads on first use, not at import)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Analyser()
    return _DEFAULT
