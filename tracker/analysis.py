"""Turn two versions of a document into a stored change: the diff, its flags, a headline."""

from __future__ import annotations

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


def effective_date(markdown: str) -> str | None:
    """The ISO date printed as "Effective:" (else "Last updated:") near the top, if any."""
    from diffs.entities import find_effective_date

    found = find_effective_date(markdown)
    return found.value.get("date") if found else None


def analyse(old_markdown: str, new_markdown: str) -> Analysis:
    """Diff two versions clause by clause and flag what the change did."""
    from diffs.differ import diff_texts
    from diffs.flagger import flag_diff

    diff = diff_texts(old_markdown, new_markdown)
    report = flag_diff(diff)
    return Analysis(diff=diff, report=report, effective_date=effective_date(new_markdown))
