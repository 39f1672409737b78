"""The analysis the recorder is given: diffs' differ and flagger, as stored columns.

The store never imports the differ or the flagger: a use case (the storage pipeline,
``reextract``) hands it an :class:`Analyser`, and the store writes what it returns.
Everything here is computed from the text alone, so it can be recomputed from what
is stored whenever the analysis improves.
"""

from __future__ import annotations

import json
import logging
from typing import Any

logger = logging.getLogger(__name__)


def effective_date(markdown: str) -> str | None:
    """The ISO date printed as "Effective:" (else "Last updated:") near the top, if any."""
    from diffs.entities import find_effective_date

    found = find_effective_date(markdown)
    return found.value.get("date") if found else None


class Analyser:
    """Diff and flag versions with :mod:`diffs`; return the columns the store keeps."""

    def change(self, old_markdown: str, new_markdown: str) -> dict[str, Any]:
        """The ``changes`` columns for going from one version to the next.

        Never raises: when the analysis fails the change is still recorded, as
        substantive, with a headline that says so (a version is never lost).
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
        return {
            "significance": diff.significance if diff.significance != "none" else "minor",
            "headline": report.headline,
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
