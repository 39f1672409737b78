"""``clausewatch catalog try``: fetch a declaration's pages (twice), extract, judge.

It says what looks wrong: nothing matched, tiny or huge text, a text that changes
between two fetches of the same page.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.catalog.candidates import Proposal, propose
from tracker.catalog.parse import DocumentSpec, PageSpec, load_declaration_file
from tracker.catalog.score import Score, score_text
from tracker.catalog.suggest import suggest_selector
from tracker.content import content_kind, describe_content
from tracker.errors import ExtractionError, FetchError, TryError
from tracker.extract import extract
from tracker.fetch.http import Fetcher
from tracker.normalize import comparison_key
from tracker.pdf import pdf_markdown

TINY_CHARS = 500  # less than this is rarely a whole terms document

HUGE_CHARS = 400_000  # more than this is rarely one document (the Facebook ToS is ~60,000)


@dataclass
class PageResult:
    url: str
    status: int | None = None
    final_url: str | None = None
    bytes: int = 0
    seconds: float = 0.0
    browser: bool = False
    error: str | None = None


@dataclass
class TryReport:
    """What one document gives: its Markdown, its size, and what looks wrong."""

    service: str
    document: str
    pages: list[PageResult] = field(default_factory=list)
    markdown: str | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stable: bool | None = None  # None: not fetched twice (or failed)
    instability: list[str] = field(default_factory=list)  # a few differing lines
    # against the last recorded version, when a database has one (the doctor's scoring)
    reference: str | None = None  # which version, e.g. "version 3 (2026-11-02)"
    score: Score | None = None
    proposals: list[Proposal] = field(default_factory=list)  # when the selector failed
    failed_page: tuple[Any, str, PageSpec] | None = field(default=None, repr=False)

    @property
    def chars(self) -> int:
        return len(self.markdown or "")

    @property
    def words(self) -> int:
        return len((self.markdown or "").split())

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "document": self.document,
            "ok": self.ok,
            "chars": self.chars,
            "words": self.words,
            "stable": self.stable,
            "errors": self.errors,
            "warnings": self.warnings,
            "instability": self.instability,
            "pages": [p.__dict__ for p in self.pages],
            "markdown": self.markdown,
            "last_version": self.reference,
            "score": self.score.to_dict() if self.score else None,
            "doctor": [p.to_dict() for p in self.proposals],
        }


def _extract_once(
    doc: DocumentSpec, fetcher: Fetcher, browser: bool, report: TryReport, record: bool
) -> str | None:
    parts: list[str] = []
    for page in doc.pages:
        use_browser = browser and page.execute_client_scripts
        result = PageResult(page.url, browser=use_browser)
        try:
            fetched = fetcher(page.url, use_browser)
        except FetchError as exc:
            result.error = str(exc)
            if record:
                report.pages.append(result)
                report.errors.append(f"{page.url}: cannot fetch: {exc}")
            return None
        result.status, result.final_url = fetched.status, fetched.final_url
        result.bytes, result.seconds = len(fetched.body), round(fetched.seconds, 2)
        if record:
            report.pages.append(result)
        if fetched.status >= 400:
            if record:
                report.errors.append(f"{page.url}: HTTP {fetched.status}")
            return None
        try:
            kind = content_kind(fetched.body, fetched.content_type)
            if kind is None:
                raise ExtractionError(describe_content(fetched.body, fetched.content_type))
            if kind == "pdf":
                parts.append(pdf_markdown(fetched.body))
            else:
                parts.append(extract(fetched.html, page.select, page.remove, fetched.final_url))
        except ExtractionError as exc:
            if record:
                report.errors.append(f"{page.url}: {exc}")
                report.failed_page = (fetched.html, fetched.final_url, page)
            return None
    return "\n\n".join(parts)


LOW_SIMILARITY = 0.8  # below this, the text is not the last recorded version's


def _judge_against(report: TryReport, last: dict[str, Any]) -> None:
    """Score the text against the last recorded version (or propose, if nothing matched)."""
    report.reference = f"version {last['number']} ({(last['fetched_at'] or '')[:10]})"
    if report.markdown is not None:
        report.score = score_text(report.markdown, last["markdown"])
        if report.score.similarity < LOW_SIMILARITY:
            report.warnings.append(
                f"differs from the last recorded {report.reference}: "
                f"{report.score.describe()}; the selector may be broken "
                "('clausewatch catalog doctor' proposes a new one)"
            )
    elif report.failed_page is not None:
        html, url, page = report.failed_page
        keep = [s for s in page.remove if isinstance(s, str)]
        report.proposals = propose(html, last["markdown"], url, keep, limit=3)


def try_document(
    doc: DocumentSpec,
    fetcher: Fetcher,
    browser: bool = True,
    twice: bool = True,
    last_version: dict[str, Any] | None = None,
) -> TryReport:
    """Fetch and extract ``doc`` (twice unless ``twice`` is false) and judge the result.

    With ``last_version`` (``{"markdown", "number", "fetched_at"}``: the document's last
    recorded version), the text is scored against it as the doctor scores candidates;
    when the selector matches nothing, the doctor's candidates for the page are given.
    """
    report = TryReport(doc.service, doc.terms_type)
    try:
        return _try(doc, fetcher, browser, twice, report)
    finally:
        if last_version is not None and len(doc.pages) == 1:
            _judge_against(report, last_version)


def _try(
    doc: DocumentSpec, fetcher: Fetcher, browser: bool, twice: bool, report: TryReport
) -> TryReport:
    if doc.needs_browser and not browser:
        report.warnings.append(
            "the declaration sets executeClientScripts but the browser is off: fetched "
            "without JavaScript, so the text may be missing or partial"
        )
    first = _extract_once(doc, fetcher, browser, report, record=True)
    if first is None:
        return report
    report.markdown = first
    chars = len(first)
    if chars < TINY_CHARS:
        report.warnings.append(
            f"tiny: only {chars} characters; the selector may match a stub, a cookie "
            "banner or a page shell whose text needs JavaScript (executeClientScripts)"
        )
    elif chars > HUGE_CHARS:
        report.warnings.append(
            f"huge: {chars:,} characters; the selector may match far more than the document"
        )
    if "](" in first and first.count("](") > max(20, len(first.split()) // 8):
        report.warnings.append(
            "mostly links: the selector may match navigation rather than the document text"
        )
    if twice:
        second = _extract_once(doc, fetcher, browser, report, record=False)
        if second is None:
            report.stable = False
            report.instability.append("the second fetch failed")
        else:
            report.stable = comparison_key(first) == comparison_key(second)
            if not report.stable:
                diff = difflib.unified_diff(
                    first.splitlines(), second.splitlines(), "first", "second", n=0, lineterm=""
                )
                report.instability = [
                    line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")
                ][:10]
        if report.stable is False:
            report.warnings.append(
                "unstable: two fetches of the same page gave different text (rotating "
                "content, dates, counters or A/B tests); add them to remove"
            )
    return report


def try_target(
    target: str,
    fetcher: Fetcher,
    terms_type: str | None = None,
    browser: bool = True,
    twice: bool = True,
    select: str | None = None,
    remove: list[str] | None = None,
    last_versions: dict[tuple[str, str], dict[str, Any]] | None = None,
) -> list[TryReport]:
    """Try a declaration file (every terms type, or ``terms_type``) or a bare URL.

    For a URL, ``select`` (else :func:`suggest_selector` on a first fetch) says what to
    extract.  ``last_versions`` maps ``(service, terms type)`` to the last recorded
    version, for :func:`try_document`.  Raises :class:`TryError` for a file that does
    not load.
    """
    if re.match(r"^https?://", target):
        if select is None:
            fetched = fetcher(target, False)
            if fetched.status >= 400:
                raise TryError(f"{target}: HTTP {fetched.status}")
            suggestion = suggest_selector(fetched.html)
            select, remove = suggestion.select, (remove or []) + suggestion.remove
        page = PageSpec(target, (select,), tuple(remove or ()))
        doc = DocumentSpec("(url)", terms_type or "Terms of Service", (page,), target)
        return [try_document(doc, fetcher, browser, twice)]
    path = Path(target)
    if not path.is_file():
        raise TryError(f"{target}: neither an http(s) URL nor a declaration file")
    docs, problems = load_declaration_file(path)
    if problems:
        raise TryError("\n".join(problems))
    if terms_type is not None:
        docs = [d for d in docs if d.terms_type.casefold() == terms_type.casefold()]
        if not docs:
            raise TryError(f'{target}: no terms "{terms_type}" in this declaration')
    reports = []
    for doc in docs:
        if select is not None:
            pages = tuple(
                PageSpec(p.url, (select,), tuple(remove or ()), (), p.execute_client_scripts)
                for p in doc.pages
            )
            doc = DocumentSpec(doc.service, doc.terms_type, pages, doc.source_file)
        last = (last_versions or {}).get((doc.service, doc.terms_type))
        reports.append(try_document(doc, fetcher, browser, twice, last))
    return reports
