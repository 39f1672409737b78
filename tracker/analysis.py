"""Turn two versions of a document into a stored change: the diff, its flags, a headline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from diffs.result import ChangeReport, DiffResult


@dataclass
class Analysis:
    diff: DiffResult
    report: ChangeReport
    effective_date: str | None

    @property
    def significance(self) -> str:
        return self.diff.significance

    @property
    def headline(self) -> str:
        return self.report.headline


_EFFECTIVE = re.compile(
    r"(?:effective|last\s+(?:updated|modified|revised)|updated)\s*(?:date|on|as\s+of)?\s*[:\-–]?\s*"
    r"\**\s*([A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|\d{4}-\d{2}-\d{2})",
    re.I,
)


def effective_date(markdown: str) -> str | None:
    """The date printed as "Effective:" / "Last updated:" near the top of a document."""
    match = _EFFECTIVE.search(markdown[:5000])
    return match.group(1) if match else None


def analyse(old_markdown: str, new_markdown: str) -> Analysis:
    """Diff two versions clause by clause and flag what the change did."""
    from diffs.differ import diff_texts
    from diffs.flagger import flag_diff

    diff = diff_texts(old_markdown, new_markdown)
    report = flag_diff(diff)
    return Analysis(diff=diff, report=report, effective_date=effective_date(new_markdown))
