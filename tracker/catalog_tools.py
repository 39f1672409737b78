"""Keep a catalog healthy: list, check, try and add declarations.

The library behind ``clausewatch catalog list|check|try|add``; every function here is
tested on its own against loopback servers.

* :func:`list_documents`: one row per document, with its health from a database.
* :func:`check_catalog`: offline validation, every problem at once.
* :func:`try_document` / :func:`try_target`: fetch a declaration's pages (twice),
  extract them, and say what looks wrong: nothing matched, tiny or huge text, a text
  that changes between two fetches of the same page.
* :func:`suggest_selector`: a main-content heuristic for a page we know nothing about.
* :func:`add_declaration`: write a new declaration (or a new terms type in an existing
  one) with the suggested selector.

Fetching here is a plain blocking HTTP GET (``urllib``) with clausewatch's User-Agent,
or headless chromium (:func:`tracker.browser.render`) for ``executeClientScripts``.
"""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from tracker.catalog import (
    CatalogError,
    DocumentSpec,
    PageSpec,
    load_catalog,
    load_declaration_file,
    parse_declaration,
)
from tracker.extract import ExtractionError, extract
from tracker.normalize import comparison_key

TINY_CHARS = 500  # less than this is rarely a whole terms document
HUGE_CHARS = 400_000  # more than this is rarely one document (the Facebook ToS is ~60,000)
MAX_BODY = 20 * 1024 * 1024

# ---------------------------------------------------------------------------- list


def list_documents(catalog_dir: str | Path, db_path: str | Path | None = None) -> list[dict]:
    """One dict per document of the catalog, with its health when ``db_path`` exists.

    Keys: service, document, url, pages, language, jurisdiction, browser, unverified,
    file; and with a database: status, last_success_at, last_attempt_at,
    last_failure_reason, consecutive_failures, versions (``None`` when never crawled).
    Raises :class:`tracker.catalog.CatalogError` when the folder has no declarations.
    """
    catalog = load_catalog(catalog_dir)
    health = _health(db_path) if db_path and Path(db_path).is_file() else None
    rows = []
    for doc in sorted(catalog.documents, key=lambda d: (d.service.casefold(), d.terms_type)):
        row: dict[str, Any] = {
            "service": doc.service,
            "document": doc.terms_type,
            "url": doc.url,
            "pages": len(doc.pages),
            "language": doc.language,
            "jurisdiction": doc.jurisdiction,
            "browser": doc.needs_browser,
            "unverified": doc.unverified,
            "file": doc.source_file,
        }
        if health is not None:
            row.update(
                health.get(
                    (doc.service, doc.terms_type),
                    {
                        "status": None,
                        "last_success_at": None,
                        "last_attempt_at": None,
                        "last_failure_reason": None,
                        "consecutive_failures": None,
                        "versions": None,
                    },
                )
            )
        rows.append(row)
    return rows


def _health(db_path: str | Path) -> dict[tuple[str, str], dict[str, Any]]:
    # read-only and without migrations: listing must never lock out a crawl in progress
    uri = Path(db_path).resolve().as_uri() + "?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        cursor = db.execute(
            """
            select s.name, d.terms_type, d.status, d.last_success_at, d.last_attempt_at,
                   d.last_failure_reason, d.consecutive_failures,
                   (select count(*) from versions v where v.document_id = d.id)
            from documents d join services s on s.id = d.service_id
            """
        )
        return {
            (r[0], r[1]): {
                "status": r[2],
                "last_success_at": r[3],
                "last_attempt_at": r[4],
                "last_failure_reason": r[5],
                "consecutive_failures": r[6],
                "versions": r[7],
            }
            for r in cursor.fetchall()
        }
    except sqlite3.DatabaseError as exc:
        raise CatalogError(f"{db_path}: cannot read document health: {exc}") from exc
    finally:
        db.close()


# ---------------------------------------------------------------------------- check


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


# ---------------------------------------------------------------------------- fetch


class FetchError(Exception):
    """A page could not be fetched at all (DNS, refused connection, timeout...)."""


@dataclass
class Fetched:
    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str = ""
    seconds: float = 0.0
    browser: bool = False

    @property
    def html(self) -> str | bytes:
        """The body, decoded when the server named its charset."""
        match = re.search(r"charset=([\w-]+)", self.content_type, re.I)
        if match:
            try:
                return self.body.decode(match.group(1), errors="replace")
            except LookupError:
                pass
        return self.body


Fetcher = Callable[[str, bool], Fetched]


def fetch_page(
    url: str,
    user_agent: str,
    timeout: float = 30,
    browser: bool = False,
    chromium: str | None = None,
) -> Fetched:
    """GET one page, following redirects; an HTTP error status is returned, not raised.

    With ``browser`` the page is rendered in headless chromium (raises
    :class:`tracker.browser.BrowserUnavailable` when it cannot be).
    Raises :class:`FetchError` when nothing came back.
    """
    start = time.monotonic()
    if browser:
        from tracker.browser import render

        try:
            status, final_url, body = render(url, user_agent, int(timeout), chromium)
        except Exception as exc:
            if exc.__class__.__name__ == "BrowserUnavailable":
                raise
            raise FetchError(f"{url}: {exc}") from exc
        return Fetched(
            url, final_url, status, body, "text/html; charset=utf-8",
            time.monotonic() - start, browser=True,
        )  # fmt: skip
    request = urllib.request.Request(
        url, headers={"User-Agent": user_agent, "Accept": "text/html,*/*;q=0.8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(MAX_BODY + 1)
            status = getattr(response, "status", None) or 200
            final_url = response.geturl()
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        body = exc.read() if exc.fp is not None else b""
        status, final_url = exc.code, exc.geturl() or url
        content_type = exc.headers.get("Content-Type", "") if exc.headers else ""
        exc.close()
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise FetchError(f"{url}: {reason}") from exc
    if len(body) > MAX_BODY:
        raise FetchError(f"{url}: larger than {MAX_BODY // (1024 * 1024)} MB")
    return Fetched(url, final_url, status, body, content_type, time.monotonic() - start)


def make_fetcher(user_agent: str, timeout: float = 30, chromium: str | None = None) -> Fetcher:
    """A fetcher for :func:`try_document`: ``fetcher(url, browser) -> Fetched``."""

    def fetcher(url: str, browser: bool) -> Fetched:
        return fetch_page(url, user_agent, timeout, browser, chromium)

    return fetcher


# ---------------------------------------------------------------------------- try


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
            parts.append(extract(fetched.html, page.select, page.remove, fetched.final_url))
        except ExtractionError as exc:
            if record:
                report.errors.append(f"{page.url}: {exc}")
            return None
    return "\n\n".join(parts)


def try_document(
    doc: DocumentSpec, fetcher: Fetcher, browser: bool = True, twice: bool = True
) -> TryReport:
    """Fetch and extract ``doc`` (twice unless ``twice`` is false) and judge the result."""
    report = TryReport(doc.service, doc.terms_type)
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


class TryError(Exception):
    """``catalog try`` got something it cannot try (bad file, unknown terms type...)."""


def try_target(
    target: str,
    fetcher: Fetcher,
    terms_type: str | None = None,
    browser: bool = True,
    twice: bool = True,
    select: str | None = None,
    remove: list[str] | None = None,
) -> list[TryReport]:
    """Try a declaration file (every terms type, or ``terms_type``) or a bare URL.

    For a URL, ``select`` (else :func:`suggest_selector` on a first fetch) says what to
    extract.  Raises :class:`TryError` for a file that does not load.
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
        reports.append(try_document(doc, fetcher, browser, twice))
    return reports


# ---------------------------------------------------------------------------- suggest

# Chrome that is never part of a document, inside or around it.
CHROME_TAGS = ("nav", "header", "footer", "aside")
CHROME_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search")
NOISE_WORDS = (
    "cookie",
    "consent",
    "breadcrumb",
    "newsletter",
    "share",
    "social",
    "feedback",
    "skip-link",
    "back-to-top",
)
_UNSTABLE_NAME = re.compile(
    r"\d{3,}|^(css|sc|jsx|svelte|emotion|chakra|styled|tw)-|__[a-z0-9]{5,}$|"
    r"^[a-z]{1,3}\d|^_[a-z0-9]{3,6}$|^x[a-z0-9]{5,8}$",
    re.I,
)
_PLAIN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass
class Suggestion:
    select: str
    remove: list[str]
    reason: str
    chars: int = 0
    share: float = 0.0  # of the page's visible text
    candidates: list[tuple[str, int]] = field(default_factory=list)


def _clean_tree(html: str | bytes) -> Any:
    from tracker.extract import parse_html

    root = parse_html(html)
    etree.strip_elements(
        root, "script", "style", "noscript", "template", "svg", etree.Comment, with_tail=False
    )
    return root


def _is_chrome(el: Any) -> bool:
    if not isinstance(el.tag, str):
        return False
    return el.tag in CHROME_TAGS or (el.get("role") or "") in CHROME_ROLES


def _text_len(el: Any) -> tuple[int, int]:
    """(visible text length outside navigation chrome, of which inside links)."""
    total = links = 0
    stack = [(el, False)]
    while stack:
        node, in_link = stack.pop()
        if node is not el and _is_chrome(node):
            continue
        if not isinstance(node.tag, str):
            continue
        in_link = in_link or node.tag == "a"
        size = len((node.text or "").strip())
        total += size
        links += size if in_link else 0
        for child in node:
            stack.append((child, in_link))
            tail = len((child.tail or "").strip())
            total += tail
            links += tail if in_link else 0
    return total, links


def _stable(name: str) -> bool:
    return bool(_PLAIN_NAME.match(name)) and not _UNSTABLE_NAME.search(name)


def _unique(root: Any, selector: str) -> bool:
    from lxml.cssselect import CSSSelector

    try:
        return len(CSSSelector(selector, translator="html")(root)) == 1
    except Exception:
        return False


def selector_for(root: Any, el: Any) -> str | None:
    """A short CSS selector that matches ``el`` alone, from stable-looking ids and classes."""
    tag = el.tag
    if tag in ("main", "article") and _unique(root, tag):
        return tag
    if el.get("role") == "main" and _unique(root, "[role=main]"):
        return "[role=main]"
    ident = el.get("id") or ""
    if ident and _stable(ident) and _unique(root, f"#{ident}"):
        return f"#{ident}"
    classes = [c for c in (el.get("class") or "").split() if _stable(c)]
    for cls in classes:
        for candidate in (f".{cls}", f"{tag}.{cls}"):
            if _unique(root, candidate):
                return candidate
    for i, first in enumerate(classes):
        for second in classes[i + 1 :]:
            if _unique(root, f"{tag}.{first}.{second}"):
                return f"{tag}.{first}.{second}"
    return None


def _noise_inside(root: Any, el: Any) -> list[str]:
    from lxml.cssselect import CSSSelector

    found: list[str] = []
    for candidate in list(CHROME_TAGS) + [f"[role={r}]" for r in CHROME_ROLES]:
        if CSSSelector(candidate, translator="html")(el):
            found.append(candidate)
    for word in NOISE_WORDS:
        for attr in ("id", "class"):
            sel = f"[{attr}*={word}]"
            if CSSSelector(sel, translator="html")(el):
                found.append(sel)
    return found


def suggest_selector(html: str | bytes) -> Suggestion:
    """Guess the selector of a page's main content.

    In order: ``main``, ``[role=main]`` or ``article`` when it holds most of the
    page's text; else the element (with an id or class) that holds most text with few
    links, narrowed down to its most specific descendant that keeps nearly all of it;
    else ``body``.  ``remove`` lists navigation, banners and cookie notices found
    inside the chosen element.
    """
    root = _clean_tree(html)
    body = root.find("body")
    if body is None:
        body = root
    body_chars, _ = _text_len(body)
    if body_chars == 0:
        return Suggestion("body", [], "the page has no visible text", 0, 0.0)

    def share(el: Any) -> float:
        return _text_len(el)[0] / body_chars

    for tag in ("main", "[role=main]", "article"):
        from lxml.cssselect import CSSSelector

        matches = CSSSelector(tag, translator="html")(root)
        if len(matches) == 1 and share(matches[0]) >= 0.5:
            chars = _text_len(matches[0])[0]
            return Suggestion(
                tag,
                _noise_inside(root, matches[0]),
                f"the page's only {tag} holds {share(matches[0]):.0%} of its text",
                chars,
                share(matches[0]),
            )

    scored: list[tuple[float, int, Any]] = []
    for el in root.iter("div", "section", "article", "main", "td"):
        if not (el.get("id") or el.get("class") or el.tag in ("main", "article")):
            continue
        if any(_is_chrome(a) for a in el.iterancestors()) or _is_chrome(el):
            continue
        chars, links = _text_len(el)
        if chars < 200:
            continue
        density = 1 - links / chars
        scored.append((chars * density, chars, el))
    scored.sort(key=lambda t: t[0], reverse=True)
    candidates: list[tuple[str, int]] = []
    if scored:
        best_score, best_chars, best = scored[0]
        # the most specific element inside the best one that keeps nearly all its text
        chosen, chosen_depth = best, 0
        for _score, chars, el in scored:
            if chars >= 0.85 * best_chars and best in el.iterancestors():
                depth = sum(1 for _ in el.iterancestors())
                if depth > chosen_depth:
                    chosen, chosen_depth = el, depth
        picked = None
        seen: set[str] = set()
        for el in [chosen, best] + [e for _s, _c, e in scored]:
            selector = selector_for(root, el)
            if selector is None or selector in seen:
                continue
            seen.add(selector)
            candidates.append((selector, _text_len(el)[0]))
            picked = el if picked is None else picked
        if candidates and picked is not None:
            selector, chars = candidates[0]
            return Suggestion(
                selector,
                _noise_inside(root, picked),
                f"{selector} holds {share(picked):.0%} of the page's text with few links",
                chars,
                share(picked),
                candidates[:5],
            )
    return Suggestion(
        "body",
        _noise_inside(root, body),
        "no element stands out; review the selector by hand",
        body_chars,
        1.0,
    )


def page_language(html: str | bytes) -> str | None:
    """The primary language subtag of ``<html lang>``, if any (``en-GB`` gives ``en``)."""
    try:
        lang = _clean_tree(html).get("lang") or ""
    except ExtractionError:
        return None
    lang = lang.strip().split("-")[0].split("_")[0].lower()
    return lang if re.fullmatch(r"[a-z]{2,3}", lang) else None


# ---------------------------------------------------------------------------- add


class AddError(Exception):
    """``catalog add`` cannot write the declaration (exists already, bad input...)."""


@dataclass
class AddReport:
    path: Path
    created: bool  # a new declaration file (else a terms type added to one)
    entry: dict[str, Any]
    suggestion: Suggestion | None
    trial: TryReport
    written: bool = True


def declaration_path(catalog_dir: Path, service: str) -> Path:
    """The file that declares ``service``: an existing one, else ``<Service>.json``."""
    if catalog_dir.is_dir():
        for path in sorted(catalog_dir.glob("*.json")):
            if path.name.endswith(".history.json"):
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            name = data.get("name") if isinstance(data, dict) else None
            if isinstance(name, str) and name.strip().casefold() == service.casefold():
                return path
    safe = re.sub(r'[/\\:*?"<>|\x00-\x1f]', "-", service).strip().lstrip(".") or "service"
    return catalog_dir / f"{safe}.json"


def add_declaration(
    url: str,
    service: str,
    terms_type: str,
    catalog_dir: str | Path,
    fetcher: Fetcher,
    select: str | None = None,
    remove: list[str] | None = None,
    browser: bool = False,
    force: bool = False,
    dry_run: bool = False,
) -> AddReport:
    """Write a declaration for ``url`` into ``catalog_dir`` and show what it extracts.

    The selector is ``select`` or :func:`suggest_selector`'s guess.  Adds the terms type
    to the service's existing file if there is one; refuses to replace a terms type
    already declared unless ``force``.  Raises :class:`AddError`.
    """
    if not re.match(r"^https?://[^/\s]+", url):
        raise AddError(f"{url!r}: expected an http(s) URL")
    if not service.strip():
        raise AddError("--service: give the service's name, e.g. 'Acme'")
    catalog_dir = Path(catalog_dir)
    path = declaration_path(catalog_dir, service.strip())
    data: dict[str, Any]
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise AddError(f"{path}: invalid JSON ({exc}); fix it first") from exc
        terms = data.setdefault("terms", {})
        if terms_type in terms and not force:
            raise AddError(
                f'{path}: terms "{terms_type}" is already declared; use --force to replace it'
            )
    else:
        data = {"name": service.strip(), "terms": {}}

    try:
        fetched = fetcher(url, browser)
    except FetchError as exc:
        raise AddError(f"cannot fetch {url}: {exc}") from exc
    if fetched.status >= 400:
        raise AddError(f"{url}: HTTP {fetched.status}; give the URL of the document itself")
    suggestion = None
    if select is None:
        suggestion = suggest_selector(fetched.html)
        select = suggestion.select
        remove = list(dict.fromkeys((remove or []) + suggestion.remove))
    entry: dict[str, Any] = {"fetch": url, "select": select}
    if remove:
        entry["remove"] = remove
    if browser:
        entry["executeClientScripts"] = True
    language = page_language(fetched.html)
    if language:
        entry["language"] = language
    data["terms"][terms_type] = entry

    docs, problems = parse_declaration(data, str(path))
    if problems:
        raise AddError("the new declaration would not load:\n" + "\n".join(problems))
    doc = next(d for d in docs if d.terms_type == terms_type)
    trial = try_document(doc, fetcher, browser=browser, twice=False)
    report = AddReport(path, not path.exists(), entry, suggestion, trial, written=not dry_run)
    if not dry_run:
        catalog_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


__all__ = [
    "AddError",
    "AddReport",
    "CheckReport",
    "FetchError",
    "Fetched",
    "Suggestion",
    "TryError",
    "TryReport",
    "add_declaration",
    "check_catalog",
    "fetch_page",
    "list_documents",
    "make_fetcher",
    "selector_for",
    "suggest_selector",
    "try_document",
    "try_target",
]
