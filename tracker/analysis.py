"""The analysis the recorder is given: diffs' change analysis, as stored columns.

The store never imports the differ or the flagger: a use case (the storage pipeline,
``reextract``, ``reanalyse``, an import) hands it an :class:`Analyser`, and the store
writes what it returns.  Everything here is computed from the texts alone (and the
dates the store passes), so it can be recomputed from what is stored whenever the
analysis improves.
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


def _failed(exc: Exception, new_markdown: str) -> dict[str, Any]:
    """The columns of a change whose analysis failed: recorded, said plainly, redone later."""
    return {
        "significance": "substantive",
        "headline": f"Text changed (clause analysis failed: {type(exc).__name__}; "
        "run 'clausewatch reanalyse' after upgrading)",
        "stats": "{}",
        "diff": "{}",
        "flags": "[]",
        "events": "[]",
        "rows": None,
        "revert_of": None,
        "alert": 1,
        "cosmetic_kinds": "[]",
        "effective_date": effective_date(new_markdown),
    }


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
        self,
        old_markdown: str,
        new_markdown: str,
        *,
        new_date: str | None = None,
        revert_of: str | None = None,
        shrink: str | None = None,
    ) -> dict[str, Any]:
        """The ``changes`` columns for going from one version to the next.

        ``new_date`` is when the new version was recorded; ``revert_of`` the date of
        the earlier version (not the previous one) whose text the new one equals.
        ``shrink`` says the new text is a large cut: :data:`SHRINK` (a shrink that a
        later run confirmed) or :data:`COLLAPSE` (a collapse a person accepted).  Its
        headline then says what happened ("Document largely rewritten: 10,000 → 3,000
        words; 7 sections removed"), not every flag the cut removed; the flags and
        events are still stored.  Never raises: when the analysis fails the change is
        still recorded, as substantive, with a headline that says so.
        """
        from diffs.analysis import analyse_change
        from diffs.context import context_rows

        try:
            analysis = analyse_change(
                old_markdown,
                new_markdown,
                new_date=(new_date or "")[:10] or None,
                revert_of_date=(revert_of or "")[:10] or None,
            )
        except Exception as exc:
            logger.exception("clause analysis failed")
            return _failed(exc, new_markdown)
        stored = analysis.diff.to_dict()
        significance = analysis.significance if analysis.significance != "none" else "minor"
        headline = analysis.headline
        if shrink:
            significance = "substantive"
            headline = _shrink_headline(old_markdown, new_markdown, shrink)
        return {
            "significance": significance,
            "headline": headline,
            "stats": json.dumps(stored["stats"]),
            "diff": json.dumps(stored),
            "flags": json.dumps([f.to_dict() for f in analysis.flags]),
            "events": json.dumps([e.to_dict() for e in analysis.events]),
            "rows": json.dumps(context_rows(analysis.diff)),
            "revert_of": analysis.revert_of,
            "alert": int(significance == "substantive" and not analysis.revert_of),
            "cosmetic_kinds": json.dumps(analysis.cosmetic_kinds),
            "effective_date": analysis.effective_date,
        }

    def version_flags(self, markdown: str) -> str | None:
        """The ``versions.flags`` column: every flag of every clause, as JSON.

        ``None`` (computed later by ``reanalyse``) when the flagger fails.
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

    def revert_key(self, markdown: str) -> str | None:
        """The ``versions.revert_key`` column: equal for texts that differ only cosmetically."""
        from diffs.analysis import revert_key

        try:
            return revert_key(markdown)
        except Exception:
            logger.exception("fingerprinting a version failed")
            return None


#: the headline of an archive's re-extraction (Open Terms Archive "technical upgrade")
UPGRADE_HEADLINE = (
    "Re-extracted by the archive (technical or declaration upgrade), not an edit by the platform"
)


def archive_upgrade(columns: dict[str, Any]) -> dict[str, Any]:
    """The ``changes`` columns of an imported re-extraction: minor, with a headline saying so.

    Open Terms Archive records "Apply technical or declaration upgrade" (formerly
    "Refilter") commits when it extracts the same page again with new rules; the text
    moves, the platform changed nothing.  The diff and flags stay, for the record.
    """
    return {**columns, "significance": "minor", "headline": UPGRADE_HEADLINE}


_DEFAULT: Analyser | None = None


def default_analyser() -> Analyser:
    """The shared analyser (the flagger's model loads on first use, not at import)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Analyser()
    return _DEFAULT


def analyse_history(
    analyser: Any,
    history: list[tuple[dict[str, Any], str]],
    shrinks: list[str | None] | None = None,
) -> tuple[list[Any], list[dict[str, Any]]]:
    """The analysis of a whole document history, oldest first, as the store keeps it.

    ``history`` is ``[(version row, text), …]`` (each row with ``fetched_at``);
    ``shrinks`` the ``shrink`` hint of each change (a rewrite, a confirmed cut, None).
    Returns one :class:`~tracker.store.history.VersionAnalysis` per version, and the
    columns of each change between consecutive versions, reverts included.
    """
    from tracker.normalize import comparison_key
    from tracker.store.analyser import revert_date
    from tracker.store.db import sha256
    from tracker.store.history import VersionAnalysis

    kept = [
        VersionAnalysis(
            version=row,
            text=text,
            text_hash=sha256(comparison_key(text)),
            flags=analyser.version_flags(text),
            revert_key=analyser.revert_key(text),
        )
        for row, text in history
    ]
    changes = []
    for i in range(1, len(kept)):
        earlier = [
            {"fetched_at": k.version["fetched_at"], "text_hash": k.text_hash,
             "revert_key": k.revert_key}
            for k in kept[: i - 1]
        ]  # fmt: skip
        previous = {"revert_key": kept[i - 1].revert_key}
        reverted = revert_date(earlier, previous, kept[i].text_hash, kept[i].revert_key)
        columns = analyser.change(
            kept[i - 1].text,
            kept[i].text,
            new_date=kept[i].version["fetched_at"],
            revert_of=reverted,
            shrink=shrinks[i - 1] if shrinks else None,
        )
        if kept[i].version.get("origin") == "ota_upgrade":  # imported re-extraction: minor
            columns = archive_upgrade(columns)
        changes.append(columns)
    return kept, changes
