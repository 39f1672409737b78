"""``clausewatch catalog check``: validate every declaration offline, every problem at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tracker.catalog.parse import load_catalog
from tracker.errors import CatalogError


@dataclass
class CheckReport:
    directory: str
    files: int = 0
    services: int = 0
    documents: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_catalog(directory: str | Path) -> CheckReport:
    """Validate every declaration of ``directory`` offline; nothing is fetched."""
    report = CheckReport(str(directory))
    try:
        catalog = load_catalog(directory)
    except CatalogError as exc:
        report.problems.append(str(exc))
        return report
    report.files = catalog.files
    report.services = len({d.service for d in catalog.documents})
    report.documents = len(catalog.documents)
    report.problems = list(catalog.problems)
    report.warnings = list(catalog.warnings)
    return report
