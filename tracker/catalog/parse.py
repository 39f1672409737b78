"""Read and validate a catalog: a folder of Open Terms Archive declaration files.

A declaration is one JSON file per service::

    {"name": "X", "terms": {"Terms of Service": {"fetch": URL, "select": ..., "remove": ...}}}

Each terms entry is either a single page (``fetch`` + ``select``/``remove``) or a
``combine`` list of pages whose extracted text is joined into one document; fields
set on the terms entry are defaults for every page of its ``combine`` list.

Every problem is reported as ``FILE: terms "TYPE": field "FIELD": what is wrong``.
A broken file (or a broken terms entry) is skipped and the rest of the catalog still
loads: :func:`load_catalog` returns the good documents *and* the problems.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tracker.catalog.names import SlugRegister, name_problem
from tracker.errors import CatalogError
from tracker.fetch.policy import FETCH_SCHEMES as FETCH_SCHEMES  # re-exported
from tracker.fetch.policy import is_web_url
from tracker.normalize import shown, slugify, unsafe_characters

RANGE_KEYS = ("startBefore", "startAfter", "endBefore", "endAfter")
KNOWN_PAGE_FIELDS = {"fetch", "select", "remove", "filter", "executeClientScripts", "combine"}
# Our own extensions, documented in docs/catalog.md
EXTRA_FIELDS = {"language", "jurisdiction", "ignoreRobotsTxt", "unverified", "note", "validUntil"}
# The keys of a declaration ("documents": Open Terms Archive's name before 2023)
TOP_LEVEL_KEYS = ("name", "terms", "documents")
#: a declaration is a few KB; a file larger than this is not one
MAX_DECLARATION_BYTES = 1024 * 1024
# Open Terms Archive's terms types (github.com/OpenTermsArchive/terms-types); another name
# is accepted with a warning, since declarations should move between the projects unchanged.
TERMS_TYPES = (
    "Terms of Service",
    "Privacy Policy",
    "Imprint",
    "Trackers Policy",
    "Developer Terms",
    "Community Guidelines",
    "Deceased Users",
    "Acceptable Use Policy",
    "Restricted Use Policy",
    "Commercial Terms",
    "Copyright Claims Policy",
    "Law Enforcement Guidelines",
    "Human Rights Policy",
    "In-App Purchases Policy",
    "Review Guidelines",
    "Brand Guidelines",
    "Quality Guidelines",
    "Data Controller Agreement",
    "Data Processor Agreement",
    "User Consent Policy",
    "Closed Captioning Policy",
    "Seller Warranty",
    "Single Sign-On Policy",
    "Vulnerability Disclosure Policy",
    "Live Policy",
    "Complaints Policy",
    "Conditions of Carriage",
    "General Conditions of Sale",
    "Marketplace Buyers Conditions",
    "Marketplace Sellers Conditions",
    "Ranking Parameters Description",
    "Premium Partner Conditions",
    "Platform to Business Notice",
    "Business Mediation Policy",
    "Business Privacy Policy",
    "Editorial Policy",
    "Advertising Content Policy",
    "Content Monetisation Policy",
)

Selector = str | dict[str, str]


@dataclass(frozen=True)
class PageSpec:
    """One page to fetch and how to extract it."""

    url: str
    select: tuple[Selector, ...] = ()
    remove: tuple[Selector, ...] = ()
    filters: tuple[str, ...] = ()
    execute_client_scripts: bool = False


@dataclass(frozen=True)
class DocumentSpec:
    """One tracked document (a service's terms of one type)."""

    service: str
    terms_type: str
    pages: tuple[PageSpec, ...]
    source_file: str
    language: str | None = None
    jurisdiction: str | None = None
    ignore_robots_txt: bool = False
    unverified: bool = False

    @property
    def key(self) -> str:
        return f"{self.service} / {self.terms_type}"

    @property
    def url(self) -> str:
        return self.pages[0].url

    @property
    def needs_browser(self) -> bool:
        return any(p.execute_client_scripts for p in self.pages)

    def declaration(self) -> dict[str, Any]:
        """The page specs as plain JSON (stored with each version, for ``reextract``)."""
        return {
            "pages": [
                {
                    "fetch": p.url,
                    "select": list(p.select),
                    "remove": list(p.remove),
                    "filter": list(p.filters),
                    "executeClientScripts": p.execute_client_scripts,
                }
                for p in self.pages
            ]
        }


@dataclass
class Catalog:
    documents: list[DocumentSpec] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: int = 0
    # things that load but deserve a look (OTA filters we cannot run, non-OTA type names)
    warnings: list[str] = field(default_factory=list)

    def by_key(self) -> dict[str, DocumentSpec]:
        return {d.key: d for d in self.documents}


def default_catalog_dir() -> Path:
    """``$CLAUSEWATCH_CATALOG``, else ``./catalog`` if it exists, else the shipped one."""
    env = os.environ.get("CLAUSEWATCH_CATALOG")
    if env:
        return Path(env)
    here = Path("catalog")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "catalog"


def _selector_list(value: Any, where: str, name: str, problems: list[str]) -> tuple | None:
    """Validate a select/remove value: a CSS string, a range object, or a list of them."""
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list) and not value:
        problems.append(f'{where}: field "{name}": expected a string or a list of strings')
        return None
    out: list[Selector] = []
    for item in items:
        if isinstance(item, str):
            if not item.strip():
                problems.append(f'{where}: field "{name}": empty selector')
                return None
            error = css_error(item)
            if error:
                problems.append(f'{where}: field "{name}": invalid CSS selector {item!r}: {error}')
                return None
            out.append(item)
        elif isinstance(item, dict):
            starts = [k for k in ("startBefore", "startAfter") if k in item]
            ends = [k for k in ("endBefore", "endAfter") if k in item]
            unknown = sorted(set(item) - set(RANGE_KEYS))
            if unknown or len(starts) != 1 or len(ends) != 1:
                problems.append(
                    f'{where}: field "{name}": a range selector needs exactly one of '
                    f'"startBefore"/"startAfter" and one of "endBefore"/"endAfter"'
                    + (f" (unknown keys: {', '.join(unknown)})" if unknown else "")
                )
                return None
            for key in starts + ends:
                if not isinstance(item[key], str) or css_error(item[key]):
                    problems.append(
                        f'{where}: field "{name}": range key "{key}" needs a valid CSS selector'
                    )
                    return None
            out.append(dict(item))
        else:
            problems.append(f'{where}: field "{name}": expected a string or a list of strings')
            return None
    return tuple(out)


_css_cache: dict[str, str | None] = {}


def css_error(selector: str) -> str | None:
    """Return why ``selector`` is not valid CSS, or None."""
    if selector not in _css_cache:
        from cssselect import GenericTranslator, SelectorError

        try:
            GenericTranslator().css_to_xpath(selector)
            _css_cache[selector] = None
        except SelectorError as exc:
            _css_cache[selector] = str(exc) or exc.__class__.__name__
    return _css_cache[selector]


def _valid_url(url: Any) -> bool:
    """Only web pages (tracker/fetch/policy.py): a ``file:`` URL would publish our files."""
    return isinstance(url, str) and is_web_url(url)


def is_pdf_url(url: str) -> bool:
    """Whether a URL names a PDF file (its path ends in ``.pdf``)."""
    return urlsplit(url).path.lower().endswith(".pdf")


def _page(
    raw: dict[str, Any],
    defaults: dict[str, Any],
    where: str,
    problems: list[str],
    warnings: list[str] | None = None,
) -> PageSpec | None:
    merged = {**defaults, **raw}
    url = merged.get("fetch")
    if url is None:
        problems.append(f'{where}: field "fetch": missing; give the URL of the page to track')
        return None
    if not _valid_url(url):
        problems.append(
            f'{where}: field "fetch": expected an http(s) URL, got {shown(repr(url))}; only '
            "http:// and https:// pages with a host name can be tracked"
        )
        return None
    if unsafe_characters(url):
        problems.append(
            f'{where}: field "fetch": the URL {shown(url)} holds control or direction '
            f"characters ({', '.join(unsafe_characters(url))}); percent-encode them"
        )
        return None
    if "select" in merged:
        select = _selector_list(merged["select"], where, "select", problems)
    elif is_pdf_url(url):
        select = ()  # a PDF has no markup to select from: its whole text is the document
    else:
        # OTA allows a missing select (whole body); we require it to avoid tracking chrome.
        problems.append(
            f'{where}: field "select": missing; give a CSS selector for the main content '
            '(try "main" or "article"; a PDF, whose URL ends in .pdf, needs none)'
        )
        return None
    remove = (
        _selector_list(merged["remove"], where, "remove", problems) if "remove" in merged else ()
    )
    if select is None or remove is None:
        return None
    filters = merged.get("filter", [])
    if not isinstance(filters, list) or not all(isinstance(f, str) for f in filters):
        problems.append(f'{where}: field "filter": expected a list of filter names')
        return None
    if filters and warnings is not None:
        warnings.append(
            f'{where}: field "filter": {", ".join(filters)} are Open Terms Archive JavaScript '
            "filters, which clausewatch cannot run; they are ignored (use remove instead)"
        )
    ecs = merged.get("executeClientScripts", False)
    if not isinstance(ecs, bool):
        problems.append(f'{where}: field "executeClientScripts": expected true or false')
        return None
    return PageSpec(url, select, remove, tuple(filters), ecs)


def _terms(
    data: Any, source: str, problems: list[str], warnings: list[str] | None
) -> tuple[str, dict[str, Any]] | None:
    """The service name and the terms object of a declaration, or None (with a problem)."""
    if not isinstance(data, dict):
        problems.append(f'{source}: expected a JSON object with "name" and "terms"')
        return None
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f'{source}: field "name": expected the service name as a string')
        return None
    problem = name_problem(name.strip(), "service name")
    if problem is not None:
        problems.append(f'{source}: field "name": {problem}')
        return None
    unknown = sorted(str(k) for k in data if k not in TOP_LEVEL_KEYS)
    if unknown:
        # reported, and the declaration still loads: nothing in an unknown key is used
        problems.append(
            f'{source}: field "{shown(unknown[0])}": unknown field (typo?); a declaration '
            f"has only {', '.join(TOP_LEVEL_KEYS[:2])}"
            + (f" (unknown too: {', '.join(shown(k) for k in unknown[1:])})" if unknown[1:] else "")
        )
    terms = data.get("terms")
    if terms is None and isinstance(data.get("documents"), dict):
        # Open Terms Archive's format before 2023 named the key "documents"
        terms = data["documents"]
        if warnings is not None:
            warnings.append(f'{source}: field "documents": the current name is "terms"')
    if not isinstance(terms, dict) or not terms:
        problems.append(f'{source}: field "terms": expected an object of terms types')
        return None
    return name.strip(), terms


def _entry_problem(spec: Any, where: str) -> str | None:
    """What is wrong with a terms entry as a whole (its shape, unknown fields, flags)."""
    if not isinstance(spec, dict):
        return f"{where}: expected an object with fetch/select/remove or combine"
    unknown = sorted(set(spec) - KNOWN_PAGE_FIELDS - EXTRA_FIELDS)
    if unknown:
        return f'{where}: field "{shown(unknown[0])}": unknown field (typo?)'
    flags = [k for k in ("ignoreRobotsTxt", "unverified") if k in spec]
    flags = [k for k in flags if not isinstance(spec[k], bool)]
    if flags:
        return f'{where}: field "{flags[0]}": expected true or false'
    for key in ("language", "jurisdiction"):
        if key in spec and not isinstance(spec[key], str):
            return f'{where}: field "{key}": expected a string'
    return None


def _pages(
    spec: dict[str, Any], where: str, problems: list[str], warnings: list[str] | None
) -> list[PageSpec] | None:
    """The pages of a terms entry (one, or its ``combine`` list), or None (with a problem)."""
    if "combine" not in spec:
        page = _page(spec, {}, where, problems, warnings)
        return None if page is None else [page]
    combine = spec["combine"]
    if not isinstance(combine, list) or not combine:
        problems.append(f'{where}: field "combine": expected a list of pages')
        return None
    defaults = {k: v for k, v in spec.items() if k in KNOWN_PAGE_FIELDS - {"combine"}}
    pages: list[PageSpec] = []
    for i, part in enumerate(combine):
        if not isinstance(part, dict):
            problems.append(f'{where}: field "combine[{i}]": expected an object')
            return None
        page = _page(part, defaults, f"{where} combine[{i}]", problems, warnings)
        if page is None:
            return None
        pages.append(page)
    return pages


def parse_declaration(
    data: Any, source: str, warnings: list[str] | None = None
) -> tuple[list[DocumentSpec], list[str]]:
    """Validate one declaration object; return its good documents and its problems.

    Things that load but deserve a look are appended to ``warnings`` when given.
    """
    problems: list[str] = []
    found = _terms(data, source, problems, warnings)
    if found is None:
        return [], problems
    name, terms = found
    docs: list[DocumentSpec] = []
    slugs = SlugRegister()
    for terms_type, spec in terms.items():
        where = f'{source}: terms "{shown(terms_type)}"'
        problem = name_problem(terms_type, "terms type") or _entry_problem(spec, where)
        if problem is not None and not problem.startswith(where):
            problem = f"{where}: {problem}"
        other = slugs.claim(terms_type) if problem is None else None
        if other is not None:
            problem = (
                f'{where}: its page would be the same as terms "{shown(other)}" '
                f'("{slugify(terms_type)}"); keep one of the two names'
            )
        if problem is not None:
            problems.append(problem)
            continue
        if warnings is not None and terms_type not in TERMS_TYPES:
            warnings.append(
                f"{where}: not an Open Terms Archive terms type; use one of theirs "
                '(e.g. "Terms of Service", "Acceptable Use Policy") so the declaration '
                "can be shared"
            )
        pages = _pages(spec, where, problems, warnings)
        if pages is None:
            continue
        docs.append(
            DocumentSpec(
                service=name,
                terms_type=terms_type,
                pages=tuple(pages),
                source_file=source,
                language=spec.get("language"),
                jurisdiction=spec.get("jurisdiction"),
                ignore_robots_txt=bool(spec.get("ignoreRobotsTxt", False)),
                unverified=bool(spec.get("unverified", False)),
            )
        )
    return docs, problems


def load_declaration_file(
    path: Path, warnings: list[str] | None = None
) -> tuple[list[DocumentSpec], list[str]]:
    try:
        if not path.is_file():
            return [], [f"{path}: not a regular file; a declaration is a JSON file"]
        with path.open("rb") as handle:
            raw = handle.read(MAX_DECLARATION_BYTES + 1)
    except OSError as exc:
        return [], [f"{path}: cannot read: {exc.strerror or exc}"]
    if len(raw) > MAX_DECLARATION_BYTES:
        return [], [
            f"{path}: larger than {MAX_DECLARATION_BYTES // 1024} KB; a declaration is a "
            "small JSON file (name, terms)"
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [], [f"{path}: not UTF-8 text; save the declaration as UTF-8 JSON"]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"]
    except RecursionError:
        return [], [
            f"{path}: nested too deeply to be a declaration (objects or lists inside one "
            "another thousands of times); a declaration is name, terms and their fields"
        ]
    return parse_declaration(data, str(path), warnings)


def declaration_files(directory: Path) -> list[Path]:
    """Declaration files in a catalog folder (``*.history.json`` are OTA history, skipped)."""
    return sorted(
        p
        for p in directory.glob("*.json")
        if not p.name.endswith(".history.json") and not p.name.startswith(".")
    )


def load_catalog(directory: str | Path, only: Iterable[str] | None = None) -> Catalog:
    """Load every declaration in ``directory``. Raises CatalogError if there is nothing to load.

    ``only`` restricts to services (by name, case-insensitive) or ``"Service/Type"`` keys.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise CatalogError(
            f"{directory}: catalog folder not found; pass --catalog DIR or set CLAUSEWATCH_CATALOG"
        )
    files = declaration_files(directory)
    if not files:
        raise CatalogError(f"{directory}: no declaration files (*.json) in the catalog folder")
    catalog = Catalog(files=len(files))
    seen: dict[str, str] = {}
    services: dict[str, str] = {}  # service slug -> file that declares it
    for path in files:
        docs, problems = load_declaration_file(path, catalog.warnings)
        catalog.problems.extend(problems)
        if docs:
            slug, first = slugify(docs[0].service), services.get(slugify(docs[0].service))
            if first is not None and first != str(path):
                catalog.problems.append(
                    f'{path}: field "name": service "{shown(docs[0].service)}" is already '
                    f"declared in {first}; keep one declaration per service"
                )
                continue
            services.setdefault(slug, str(path))
        for doc in docs:
            if doc.key in seen:
                catalog.problems.append(
                    f'{path}: terms "{shown(doc.terms_type)}": service "{shown(doc.service)}" '
                    f"is already declared in {seen[doc.key]}; keep one declaration per service"
                )
                continue
            seen[doc.key] = str(path)
            catalog.documents.append(doc)
    if only:
        wanted = {w.casefold() for w in only}
        catalog.documents = [
            d
            for d in catalog.documents
            if d.service.casefold() in wanted or f"{d.service}/{d.terms_type}".casefold() in wanted
        ]
    return catalog
