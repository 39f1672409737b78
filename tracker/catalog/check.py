"""``clausewatch catalog check``: validate every declaration offline, every problem at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tracker.catalog.parse import DocumentSpec, load_catalog
from tracker.errors import CatalogError
from tracker.fetch.policy import url_problem
from tracker.normalize import shown


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


def private_address_problems(documents: list[DocumentSpec]) -> list[str]:
    """A problem for each page whose host is, as written, a loopback or private address."""
    problems = []
    for doc in documents:
        for page in doc.pages:
            why = url_problem(page.url)
            if why is not None:
                problems.append(
                    f'{doc.source_file}: terms "{shown(doc.terms_type)}": field "fetch": {why}'
                )
    return problems


def check_catalog(
    directory: str | Path, allow_private_addresses: bool | None = None
) -> CheckReport:
    """Validate every declaration of ``directory`` offline; nothing is fetched.

    Unless ``allow_private_addresses`` (default: the ``crawl.allow_private_addresses``
    setting), a page on ``localhost`` or a literal loopback or private address is a
    problem: the crawler would refuse it (see :mod:`tracker.fetch.policy`).
    """
    if allow_private_addresses is None:
        from tracker.config import load_config

        allow_private_addresses = bool(load_config().get("crawl.allow_private_addresses"))
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
    if not allow_private_addresses:
        report.problems += private_address_problems(catalog.documents)
    report.warnings = list(catalog.warnings)
    return report
