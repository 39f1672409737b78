"""``clausewatch catalog sync-ota``: keep the catalog in step with Open Terms Archive's.

It reads a local clone of an Open Terms Archive declarations repository that the user
provides (``declarations/*.json`` and ``*.history.json``; their declarations are
AGPL-3.0, so clausewatch ships none of them and never downloads them).  For every
document both catalogs track (the same service and terms type, or the same URL), it
compares what to fetch and extract (``fetch``, ``select``, ``remove``,
``executeClientScripts``, ``combine``) and says which side is newer:

- ``same``: nothing to do;
- ``theirs_newer``: our entry is one of their earlier declarations (in their history
  file): they have fixed it since;
- ``ours_newer``: their entry is one of our earlier declarations (in our history file);
- ``conflict``: the two differ and neither is in the other's history (one side may
  have made a deliberate choice, such as our regional range selectors);
- ``unusable``: their entry does not load here (no ``select``, invalid CSS…).

:func:`sync_ota` with ``apply`` adopts theirs where they are newer (and in conflicts
too with ``take_theirs``), keeping our entry in our ``*.history.json`` with
``validUntil``.  Their ``filter`` functions (JavaScript) cannot run here and are left
out.  It also lists what each side tracks that the other does not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tracker.catalog.parse import DocumentSpec, load_catalog, parse_declaration
from tracker.catalog.rewrite import EXTRACTION_FIELDS, read_entry, read_history, replace_entry
from tracker.errors import CatalogError
from tracker.items import utcnow
from tracker.normalize import slugify


@dataclass
class Theirs:
    """One terms entry of their catalog."""

    service: str
    terms_type: str
    entry: dict[str, Any]
    file: str
    doc: DocumentSpec | None  # None when it does not load here
    problems: list[str] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.service} / {self.terms_type}"


@dataclass
class Match:
    """A document both catalogs track, and how their declarations compare."""

    ours: DocumentSpec
    theirs: Theirs
    by: str  # "name" (service and terms type) or "url"
    state: str  # same | theirs_newer | ours_newer | conflict | unusable
    differences: list[str] = field(default_factory=list)
    why: str = ""
    applied: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "service": self.ours.service,
            "terms_type": self.ours.terms_type,
            "their_service": self.theirs.service,
            "their_terms_type": self.theirs.terms_type,
            "their_file": self.theirs.file,
            "matched_by": self.by,
            "state": self.state,
            "why": self.why,
            "differences": self.differences,
            "applied": self.applied,
        }


@dataclass
class SyncReport:
    """What ``sync-ota`` found (and applied)."""

    path: str
    matches: list[Match] = field(default_factory=list)
    only_ours: list[str] = field(default_factory=list)  # "Service / Type"
    only_theirs: list[str] = field(default_factory=list)
    services_only_ours: list[str] = field(default_factory=list)  # no document of theirs
    services_only_theirs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "documents": [m.to_dict() for m in self.matches],
            "only_ours": self.only_ours,
            "only_theirs": self.only_theirs,
            "services_only_ours": self.services_only_ours,
            "services_only_theirs": self.services_only_theirs,
            "warnings": self.warnings,
        }


def declarations_dir(path: str | Path) -> Path:
    """The folder of declaration files in a clone (``declarations/``, or the path itself)."""
    path = Path(path)
    if (path / "declarations").is_dir():
        return path / "declarations"
    if path.is_dir() and any(path.glob("*.json")):
        return path
    raise CatalogError(
        f"{path}: no declarations/ folder and no *.json files; give the path of a local "
        "clone of an Open Terms Archive declarations repository (git clone it first)"
    )


def _url_key(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def _pages(doc: DocumentSpec) -> list[tuple[str, list, list, bool]]:
    """What is fetched and extracted, page by page (filters left out: we cannot run them)."""
    return [
        (_url_key(p.url) + ("#" + urlsplit(p.url).fragment if urlsplit(p.url).fragment else ""),
         list(p.select), list(p.remove), p.execute_client_scripts)
        for p in doc.pages
    ]  # fmt: skip


def _parse_entry(service: str, terms_type: str, entry: Any, source: str) -> DocumentSpec | None:
    if not isinstance(entry, dict):
        return None
    clean = {k: v for k, v in entry.items() if k != "validUntil"}
    docs, _problems = parse_declaration({"name": service, "terms": {terms_type: clean}}, source)
    return docs[0] if docs else None


def read_theirs(path: str | Path, warnings: list[str]) -> list[Theirs]:
    """Every terms entry of their declarations (with its history), in file order."""
    directory = declarations_dir(path)
    out: list[Theirs] = []
    for file in sorted(directory.glob("*.json")):
        if file.name.endswith(".history.json") or file.name.startswith("."):
            continue
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            warnings.append(f"{file}: skipped: {exc}")
            continue
        name = data.get("name") if isinstance(data, dict) else None
        terms = (data.get("terms") or data.get("documents")) if isinstance(data, dict) else None
        if not isinstance(name, str) or not isinstance(terms, dict):
            warnings.append(f'{file}: skipped: expected an object with "name" and "terms"')
            continue
        try:
            history = read_history(file)
        except CatalogError as exc:
            warnings.append(str(exc))
            history = {}
        for terms_type, entry in terms.items():
            problems: list[str] = []
            docs, problems = parse_declaration(
                {"name": name, "terms": {terms_type: entry}}, str(file)
            )
            out.append(
                Theirs(
                    name, terms_type, entry if isinstance(entry, dict) else {}, str(file),
                    docs[0] if docs else None, problems, list(history.get(terms_type) or []),
                )
            )  # fmt: skip
    return out


def _history_pages(service: str, terms_type: str, entries: list[Any], source: str) -> list:
    pages = []
    for entry in entries:
        doc = _parse_entry(service, terms_type, entry, source)
        if doc is not None:
            pages.append((_pages(doc), entry.get("validUntil")))
    return pages


def _differences(ours: DocumentSpec, theirs: DocumentSpec) -> list[str]:
    mine, other = _pages(ours), _pages(theirs)
    if len(mine) != len(other):
        return [f"pages: ours {len(mine)}, theirs {len(other)} (combine)"]
    out = []
    names = ("fetch", "select", "remove", "executeClientScripts")
    for i, (a, b) in enumerate(zip(mine, other, strict=True)):
        where = f"page {i + 1} " if len(mine) > 1 else ""
        for name, x, y in zip(names, a, b, strict=True):
            if x != y:
                out.append(f"{where}{name}: ours {json.dumps(x)}, theirs {json.dumps(y)}")
    return out


def _compare(ours: DocumentSpec, theirs: Theirs, our_history: list[Any]) -> Match:
    if theirs.doc is None:
        return Match(
            ours, theirs, "", "unusable", list(theirs.problems), "theirs does not load here"
        )
    mine, other = _pages(ours), _pages(theirs.doc)
    match = Match(ours, theirs, "", "same", _differences(ours, theirs.doc))
    if mine == other:
        return match
    for pages, until in _history_pages(
        theirs.service, theirs.terms_type, theirs.history, theirs.file
    ):
        if pages == mine:
            match.state, match.why = (
                "theirs_newer",
                f"ours is their declaration valid until {until}",
            )
            return match
    for pages, until in _history_pages(
        ours.service, ours.terms_type, our_history, ours.source_file
    ):
        if pages == other:
            match.state, match.why = "ours_newer", f"theirs is our declaration valid until {until}"
            return match
    match.state, match.why = "conflict", "they differ, and neither is in the other's history"
    return match


def _adopted_fields(entry: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Their extraction fields without ``filter`` (also inside ``combine``), and what to drop."""
    fields = {k: v for k, v in entry.items() if k in EXTRACTION_FIELDS and k != "filter"}
    if isinstance(fields.get("combine"), list):
        fields["combine"] = [
            {k: v for k, v in p.items() if k != "filter"} if isinstance(p, dict) else p
            for p in fields["combine"]
        ]
    drop = tuple(k for k in EXTRACTION_FIELDS if k not in fields)
    return fields, drop


def sync_ota(
    their_path: str | Path,
    catalog_dir: str | Path,
    *,
    apply: bool = False,
    take_theirs: bool = False,
    only: list[str] | tuple[str, ...] = (),
) -> SyncReport:
    """Compare our catalog with a local clone of theirs; with ``apply``, adopt theirs.

    ``apply`` writes their declaration where they are newer (``take_theirs``: in
    conflicts too); ``only`` limits the comparison to our services (or
    ``"Service/Type"``).  Raises :class:`~tracker.errors.CatalogError` when either
    catalog cannot be read.
    """
    report = SyncReport(str(their_path))
    theirs = read_theirs(their_path, report.warnings)
    catalog = load_catalog(catalog_dir, only or None)
    by_name = {(slugify(t.service), t.terms_type): t for t in theirs}
    by_url: dict[str, Theirs] = {}
    for t in theirs:
        for page in t.doc.pages if t.doc else []:
            by_url.setdefault(_url_key(page.url), t)
    matched: set[int] = set()
    for doc in sorted(catalog.documents, key=lambda d: (d.service.casefold(), d.terms_type)):
        found, by = by_name.get((slugify(doc.service), doc.terms_type)), "name"
        if found is None:
            hits = [by_url[_url_key(p.url)] for p in doc.pages if _url_key(p.url) in by_url]
            found, by = (hits[0], "url") if hits else (None, "")
        if found is None:
            report.only_ours.append(doc.key)
            continue
        matched.add(id(found))
        match = _compare(doc, found, read_history(Path(doc.source_file)).get(doc.terms_type, []))
        match.by = by
        report.matches.append(match)
        if apply and (match.state == "theirs_newer" or (take_theirs and match.state == "conflict")):
            fields, drop = _adopted_fields(found.entry)
            read_entry(doc.source_file, doc.terms_type)  # a clear error if ours is unreadable
            replace_entry(doc.source_file, doc.terms_type, fields, utcnow(), drop)
            match.applied = True
    services = {slugify(o.split("/")[0]) for o in only}
    report.only_theirs = [
        t.key
        for t in theirs
        if id(t) not in matched and (not only or slugify(t.service) in services)
    ]
    ours_services = {slugify(d.service): d.service for d in catalog.documents}
    their_services = {slugify(t.service): t.service for t in theirs}
    linked = {slugify(m.ours.service) for m in report.matches}
    linked_theirs = {slugify(m.theirs.service) for m in report.matches}
    report.services_only_ours = sorted(
        (n for k, n in ours_services.items() if k not in their_services and k not in linked),
        key=str.casefold,
    )
    report.services_only_theirs = sorted(
        (
            n
            for k, n in their_services.items()
            if k not in ours_services and k not in linked_theirs and (not only or k in services)
        ),
        key=str.casefold,
    )
    return report
