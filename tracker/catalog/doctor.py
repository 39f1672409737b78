"""``clausewatch catalog doctor``: propose a new selector for a document whose selector broke.

For each document whose last fetch failed because its selector matched nothing (or
whose text collapsed and is held back), the doctor:

1. takes the page the crawl failed on (kept in the database), or fetches it now;
2. searches it for selectors whose text is the document's last good version
   (:func:`tracker.catalog.candidates.propose`): similarity, share of the last
   version's text recovered, length ratio;
3. when nothing on the page clears the threshold (0.8 by default), follows the page's
   redirect, canonical address and links that name the document, and searches those
   pages: the document may have moved;
4. stores its result, which ``clausewatch status`` shows beside the document.

It never records a version: a version comes only from the next crawl with the fixed
declaration.  :func:`apply_fix` (``--fix``) writes a proposal into the declaration file
and keeps the old entry in ``<Service>.history.json`` with ``validUntil``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from tracker.catalog.candidates import Proposal, propose
from tracker.catalog.links import leads
from tracker.catalog.parse import DocumentSpec, PageSpec
from tracker.errors import ExtractionError, FetchError
from tracker.fetch.http import Fetcher
from tracker.items import utcnow

THRESHOLD = 0.8  # similarity to the last version below which nothing is proposed

# Document states the doctor looks at (None: whatever the reason).  "suspect" is the
# collapse state of a selector that now matches only a fragment of the page.
BROKEN: dict[str, set[str] | None] = {
    "failing": {"selector_no_match"},
    "held_back": None,
    "suspect": None,
}


@dataclass
class PageDiagnosis:
    """The doctor's finding for one page of a document."""

    index: int
    url: str  # the declaration's fetch URL
    source: str  # where the page came from
    proposal: Proposal | None = None
    fetch: str | None = None  # where the proposal applies (another URL when moved)
    moved_because: str | None = None
    best_below: Proposal | None = None  # the best candidate, when under the threshold
    alternatives: list[Proposal] = field(default_factory=list)
    leads_tried: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        best = self.proposal or self.best_below
        out: dict[str, Any] = {
            "page": self.index,
            "url": self.url,
            "source": self.source,
            "proposed": self.proposal is not None,
            "fetch": self.fetch,
            "select": best.select if best else None,
            "remove": best.remove if best else None,
            "similarity": round(best.score.similarity, 4) if best else None,
            "recovered": round(best.score.recovered, 4) if best else None,
            "length_ratio": round(best.score.length_ratio, 4) if best else None,
            "how": (
                f"followed {self.moved_because}; there, {best.how}"
                if best and self.moved_because
                else best.how
                if best
                else None
            ),
            "fragile": best.fragile if best else [],
            "works_on_last_good_page": best.on_previous if best else None,
            "moved": self.moved_because is not None,
            "moved_because": self.moved_because,
            "links_tried": self.leads_tried,
            "alternatives": [
                {"select": p.select, "remove": p.remove, **p.score.to_dict(), "how": p.how}
                for p in self.alternatives
            ],
            "error": self.error,
        }
        return out


@dataclass
class Diagnosis:
    """The doctor's finding for one document."""

    service: str
    terms_type: str
    status: str  # proposed | moved | no_proposal | not_broken | never_crawled | no_reference
    problem: str = ""
    pages: list[PageDiagnosis] = field(default_factory=list)
    last_version: dict[str, Any] | None = None
    threshold: float = THRESHOLD
    checked_at: str = field(default_factory=utcnow)
    document_id: int | None = None
    declaration: str | None = None  # the documents.declaration it was made for
    fixed: bool = False

    @property
    def proposed(self) -> bool:
        return self.status in ("proposed", "moved")

    @property
    def similarity(self) -> float | None:
        best = [p.proposal or p.best_below for p in self.pages]
        scores = [b.score.similarity for b in best if b is not None]
        return min(scores) if scores else None

    def summary(self) -> str:
        """One line: what the doctor proposes, or why it proposes nothing."""
        if not self.pages:
            return self.problem
        parts = []
        for page in self.pages:
            where = f"page {page.index + 1}: " if len(self.pages) > 1 else ""
            best = page.proposal or page.best_below
            if page.error and best is None:
                parts.append(f"{where}{page.error}")
            elif page.proposal is not None:
                moved = f"moved to {page.fetch}: " if page.moved_because else ""
                score = page.proposal.score.describe()
                parts.append(f"{where}{moved}{_rules(page.proposal)} ({score})")
            elif best is not None:
                parts.append(
                    f"{where}nothing clears {self.threshold:g}: the closest is "
                    f"{_rules(best)} (similarity {best.score.similarity:.2f})"
                )
            else:
                parts.append(f"{where}no block of the page is the size of the last version")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """One JSON object: the first page's proposal at the top, every page under ``pages``."""
        first = self.pages[0].to_dict() if self.pages else {}
        return {
            "service": self.service,
            "terms_type": self.terms_type,
            "status": self.status,
            "problem": self.problem,
            "summary": self.summary(),
            "fetch": first.get("fetch"),
            "select": first.get("select"),
            "remove": first.get("remove"),
            "similarity": first.get("similarity"),
            "recovered": first.get("recovered"),
            "length_ratio": first.get("length_ratio"),
            "how": first.get("how"),
            "fragile": first.get("fragile", []),
            "threshold": self.threshold,
            "last_version": self.last_version,
            "checked_at": self.checked_at,
            "fixed": self.fixed,
            "pages": [p.to_dict() for p in self.pages],
        }


def _rules(p: Proposal) -> str:
    text = "select " + ", ".join(repr(s) for s in p.select)
    if p.remove:
        text += " remove " + ", ".join(repr(s) for s in p.remove)
    return text


def broken_because(row: dict[str, Any]) -> str | None:
    """Why a document's selector looks broken (from its health row), or None."""
    status, reason = row.get("status"), row.get("last_failure_reason")
    if status not in BROKEN:
        return None
    reasons = BROKEN[status]
    if reasons is not None and reason not in reasons:
        return None
    since = (row.get("last_success_at") or "")[:10]
    detail = row.get("last_failure_detail") or reason or status
    return f"{detail}" + (f" (last good fetch {since})" if since else "")


def _page_reference(
    db: Database, version: dict[str, Any], index: int, pages: int
) -> tuple[str | None, str | None]:
    """(reference text, previous page HTML) for page ``index`` of the last version."""
    from tracker.extract import extract
    from tracker.store.snapshots import snapshot_text

    ids = json.loads(version.get("snapshot_ids") or "[]") or [version.get("snapshot_id")]
    previous = None
    if index < len(ids) and ids[index] is not None:
        try:
            previous = snapshot_text(db, ids[index])
        except Exception:  # a missing snapshot only loses the tie-break
            previous = None
    if pages == 1:
        return version["markdown"], previous
    specs = json.loads(version.get("declaration") or "{}").get("pages") or []
    if previous is None or index >= len(specs):
        return None, previous
    spec = specs[index]
    try:
        text = extract(previous, spec.get("select"), spec.get("remove"), spec.get("fetch"))
        return text, previous
    except ExtractionError:
        return None, previous


def _pages_to_examine(
    db: Database,
    doc: DocumentSpec,
    row: dict[str, Any],
    fetcher: Fetcher,
    live: bool,
    browser: bool,
) -> list[tuple[str | bytes | None, str, str, str | None]]:
    """(html, final URL, source, error) per page: the kept failed page, else a fetch now.

    The kept page is used only when it is the current failure's (fetched after the last
    good fetch, for a document that is failing), or the page a suspect's collapsed text
    came from.
    """
    from tracker.store.queries import failed_page, suspect_page
    from tracker.store.snapshots import snapshot_text

    kept = None
    if not live and row.get("status") == "failing":
        kept = failed_page(db, row["id"])
    elif not live and row.get("status") == "suspect":
        kept = suspect_page(db, row["id"])
    if kept is not None and (kept["fetched_at"] or "") < (row.get("last_success_at") or ""):
        kept = None  # from an earlier failure, since fixed
    if kept is not None and len(kept["snapshot_ids"]) == len(doc.pages):
        when = (kept["fetched_at"] or "")[:16].replace("T", " ")
        return [
            (snapshot_text(db, sid), url, f"the page the crawl failed on ({when} UTC)", None)
            for sid, url in zip(kept["snapshot_ids"], kept["urls"], strict=True)
        ]
    out: list[tuple[str | bytes | None, str, str, str | None]] = []
    for page in doc.pages:
        out.append(_fetch(fetcher, page.url, browser and page.execute_client_scripts))
    return out


def _fetch(fetcher: Fetcher, url: str, browser: bool) -> tuple[Any, str, str, str | None]:
    try:
        fetched = fetcher(url, browser)
    except FetchError as exc:
        return None, url, "fetched now", f"cannot fetch {url}: {exc}"
    if fetched.status >= 400:
        return None, fetched.final_url, "fetched now", f"{url}: HTTP {fetched.status}"
    return fetched.html, fetched.final_url, "fetched now", None


def _still_works(html: str | bytes, page: PageSpec, url: str) -> bool:
    from tracker.extract import extract

    try:
        extract(html, list(page.select), list(page.remove), url)
    except ExtractionError:
        return False
    return True


def diagnose_page(
    html: str | bytes,
    url: str,
    reference: str,
    page: PageSpec,
    terms_type: str,
    fetcher: Fetcher | None = None,
    *,
    index: int = 0,
    source: str = "given",
    previous_html: str | bytes | None = None,
    threshold: float = THRESHOLD,
    browser: bool = False,
) -> PageDiagnosis:
    """Find a selector for one page whose old declaration broke (the doctor's core).

    Searches ``html`` for the text of ``reference`` (the last good version); when
    nothing clears ``threshold``, follows the page's leads (:func:`tracker.catalog.links.leads`)
    with ``fetcher`` and searches those pages.  Never writes anything.
    """
    result = PageDiagnosis(index, page.url, source, fetch=page.url)
    keep = [s for s in page.remove if isinstance(s, str)]
    found = propose(html, reference, url, keep, previous_html)
    if found and found[0].score.similarity >= threshold:
        result.proposal, result.alternatives = found[0], found[1:3]
        return result
    best = found[0] if found else None
    if fetcher is not None:
        for lead in leads(html, url, terms_type):
            result.leads_tried.append(lead.url)
            linked, final_url, _source, error = _fetch(fetcher, lead.url, browser)
            if linked is None:
                continue
            there = propose(linked, reference, final_url, keep, previous_html)
            if there and (best is None or there[0].score.similarity > best.score.similarity):
                best = there[0]
                if best.score.similarity >= threshold:
                    result.proposal, result.alternatives = best, there[1:3]
                    result.fetch = final_url if not _same(final_url, lead.url) else lead.url
                    result.moved_because = lead.why
                    return result
    result.best_below = best
    return result


def _same(a: str, b: str) -> bool:
    return a.split("#")[0].rstrip("/") == b.split("#")[0].rstrip("/")


def diagnose(
    db: Database,
    doc: DocumentSpec,
    fetcher: Fetcher,
    *,
    threshold: float = THRESHOLD,
    live: bool = False,
    browser: bool = False,
    save: bool = True,
) -> Diagnosis:
    """The doctor's proposal for one document of the catalog, stored in the database.

    Reads the document's health and last version from ``db``; works on the page the
    crawl failed on (``live`` fetches it again instead); ``fetcher`` fetches pages that
    are not kept and the pages the document may have moved to.  The result is saved
    (``save``) for ``clausewatch status``.  Never records a version.
    """
    from tracker.store.queries import document_row, latest_version

    diagnosis = Diagnosis(doc.service, doc.terms_type, "not_broken", threshold=threshold)
    row = document_row(db, doc.service, doc.terms_type)
    if row is None:
        diagnosis.status, diagnosis.problem = "never_crawled", "never crawled: run a crawl first"
        return diagnosis
    diagnosis.document_id, diagnosis.declaration = row["id"], row["declaration"]
    problem = broken_because(row)
    if problem is None:
        diagnosis.problem = f"not broken: the last fetch was {row.get('status') or 'pending'}"
        return diagnosis
    diagnosis.problem = problem
    version = latest_version(db, row["id"])
    if version is None:
        diagnosis.status = "no_reference"
        diagnosis.problem += "; no version was ever recorded, so there is no text to compare"
        return _saved(db, diagnosis, save)
    diagnosis.last_version = {"number": version["number"], "recorded_at": version["fetched_at"]}
    collapsed = row.get("status") != "failing"
    examined = _pages_to_examine(db, doc, row, fetcher, live, browser)
    for index, (html, url, source, error) in enumerate(examined):
        page = doc.pages[index]
        if error is not None or html is None:
            diagnosis.pages.append(PageDiagnosis(index, page.url, source, error=error))
            continue
        if not collapsed and _still_works(html, page, url):
            continue  # this page of the document is fine
        reference, previous = _page_reference(db, version, index, len(doc.pages))
        if reference is None:
            diagnosis.pages.append(
                PageDiagnosis(
                    index, page.url, source, error="no text of this page in the last version"
                )
            )
            continue
        diagnosis.pages.append(
            diagnose_page(
                html, url, reference, page, doc.terms_type, fetcher, index=index,
                source=source, previous_html=previous, threshold=threshold,
                browser=browser and page.execute_client_scripts,
            )
        )  # fmt: skip
    if not diagnosis.pages:
        diagnosis.problem = (
            "the declaration in the catalog works on the page the crawl failed on (was it "
            "fixed since?); the next crawl will tell"
        )
        return _saved(db, diagnosis, save)
    if all(p.proposal is not None for p in diagnosis.pages):
        moved = any(p.moved_because for p in diagnosis.pages)
        diagnosis.status = "moved" if moved else "proposed"
    else:
        diagnosis.status = "no_proposal"
    return _saved(db, diagnosis, save)


def _saved(db: Database, diagnosis: Diagnosis, save: bool) -> Diagnosis:
    if save and diagnosis.document_id is not None:
        from tracker.store.diagnoses import save_diagnosis

        save_diagnosis(
            db,
            diagnosis.document_id,
            diagnosis.status,
            diagnosis.summary(),
            diagnosis.similarity,
            diagnosis.to_dict(),
            diagnosis.declaration,
        )
    return diagnosis


def apply_fix(
    diagnosis: Diagnosis, doc: DocumentSpec, valid_until: str | None = None
) -> dict[str, Any]:
    """Write a diagnosis' proposal into ``doc``'s declaration file; return the new entry.

    Only ``fetch`` (when the document moved), ``select`` and ``remove`` of the broken
    pages change.  The entry as it was goes to ``<Service>.history.json`` with
    ``validUntil`` (the last good fetch when known, else now).  Raises
    :class:`~tracker.errors.CatalogError`, also when there is nothing to propose.
    """
    from tracker.catalog.rewrite import replace_page_rules
    from tracker.errors import CatalogError

    if not diagnosis.proposed:
        raise CatalogError(
            f"{doc.source_file}: terms {doc.terms_type!r}: the doctor has nothing to propose"
        )
    rules = {}
    for page in diagnosis.pages:
        assert page.proposal is not None
        select = page.proposal.select
        rules[page.index] = {
            "select": select[0] if len(select) == 1 else select,
            "remove": page.proposal.remove,
            "fetch": page.fetch if page.moved_because else None,
        }
    return replace_page_rules(doc.source_file, doc.terms_type, rules, valid_until or utcnow())


@dataclass
class DoctorRun:
    """What ``catalog doctor`` did: one diagnosis per document looked at, and the fixes."""

    diagnoses: list[Diagnosis] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)  # "Service / Type" whose file was rewritten
    errors: list[str] = field(default_factory=list)

    @property
    def unresolved(self) -> list[Diagnosis]:
        """Broken documents the doctor has no proposal for."""
        return [d for d in self.diagnoses if d.status in ("no_proposal", "no_reference")]


def run_doctor(
    catalog_dir: str | Any,
    db: Database,
    fetcher: Fetcher,
    only: list[str] | tuple[str, ...] = (),
    *,
    threshold: float = THRESHOLD,
    live: bool = False,
    browser: bool = False,
    fix: bool = False,
) -> DoctorRun:
    """Diagnose the broken documents of a catalog (or those of ``only``) and store it.

    Without ``only``, every document whose selector is broken; with it, each named
    service (or ``"Service/Type"``), healthy documents included (they are reported as
    not broken).  With ``fix``, every proposal is written into its declaration file
    (:func:`apply_fix`).
    """
    from tracker.catalog.parse import load_catalog
    from tracker.errors import CatalogError
    from tracker.store.diagnoses import mark_fixed
    from tracker.store.queries import document_row

    catalog = load_catalog(catalog_dir, only or None)
    if only and not catalog.documents:
        raise CatalogError(f"{catalog_dir}: no service or document named {', '.join(only)}")
    run = DoctorRun()
    for doc in sorted(catalog.documents, key=lambda d: (d.service.casefold(), d.terms_type)):
        row = document_row(db, doc.service, doc.terms_type)
        if not only and (row is None or broken_because(row) is None):
            continue
        diagnosis = diagnose(db, doc, fetcher, threshold=threshold, live=live, browser=browser)
        run.diagnoses.append(diagnosis)
        if fix and diagnosis.proposed:
            try:
                apply_fix(diagnosis, doc, (row or {}).get("last_success_at"))
            except CatalogError as exc:
                run.errors.append(str(exc))
                continue
            diagnosis.fixed = True
            run.fixed.append(doc.key)
            if diagnosis.document_id is not None:
                mark_fixed(db, diagnosis.document_id)
    return run
