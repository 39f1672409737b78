"""Render the static site (pages, feeds, search index) from the database.

Every page is written with relative links, so the site works from ``file://`` and
from any static host; only the feeds use the configurable base URL for absolute
links.  Page layout::

    index.html                                    latest substantive changes
    changes/index.html                            every change, minor ones included
    services/index.html                           every service
    services/<service>/index.html                 its documents and timeline
    services/<service>/<doc>/index.html           current text, versions, changes
    services/<service>/<doc>/versions/<n>.html    archived version n
    services/<service>/<doc>/changes/<n>.html     the change that produced version n
    categories/index.html, categories/<id>.html   flag categories and their changes
    matrix.html                                   services × categories present now
    feeds/index.html                              every feed, how to subscribe
    search.html, search-index.json                client-side search

A change's page is named after the number of the version it produced, never after a
database row id, so its URL (and its feed id) survive ``clausewatch reextract``.

Builds are incremental: every page has a fingerprint of its inputs (the data it
shows, the templates and this code), kept in ``.clausewatch-build.json``; a page whose
fingerprint is unchanged is not even rendered, and a rendered page is written only
when its bytes differ.  Pages carry no build timestamp, so a rebuild after one new
change rewrites only the pages that show it.  Files of an earlier build that the
site no longer has are deleted (only files listed in the manifest are ever deleted).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracker.store import _rows, list_changes
from tracker.templating import TEMPLATES, environment, safe_url, template_fingerprint

logger = logging.getLogger(__name__)

MANIFEST = ".clausewatch-build.json"
#: bump when the meaning of a fingerprint changes
BUILD_FORMAT = 1
#: how many changes the home page lists
HOME_LIMIT = 30
TAG_AUTHORITY = "tag:clausewatch,2026:"
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
FLAG_STATUS_LABEL = {
    "added": "Added",
    "removed": "Removed",
    "modified": "Changed",
    "unchanged": "Unchanged",
}
ENTITY_LABEL = {
    "money": "Amount",
    "court": "Court",
    "venue": "Venue",
    "governing_law": "Governing law",
    "age": "Age",
    "notice_period": "Notice period",
    "date": "Date",
}
KIND_LABEL = {
    "added": "Added",
    "removed": "Removed",
    "modified": "Changed",
    "moved": "Moved",
    "unchanged": "Unchanged",
}


@dataclass
class BuildReport:
    """What a build did: pages written (site-relative paths), left alone, deleted."""

    out: Path
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def pages(self) -> int:
        return len(self.written) + self.unchanged


def _write(report: BuildReport, rel: str, content: str | bytes) -> None:
    """Write a file only when its bytes differ (so rebuilds touch only what changed)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = report.out / rel
    if path.exists() and path.read_bytes() == data:
        report.unchanged += 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    report.written.append(rel)


def _root(rel: str) -> str:
    depth = rel.count("/")
    return "../" * depth if depth else "./"


# --- paths and ids -------------------------------------------------------------------


def service_path(service_slug: str) -> str:
    return f"services/{service_slug}/index.html"


def document_path(service_slug: str, document_slug: str) -> str:
    return f"services/{service_slug}/{document_slug}/index.html"


def change_path(service_slug: str, document_slug: str, to_version: int) -> str:
    """The page of the change that produced version ``to_version`` of a document."""
    return f"services/{service_slug}/{document_slug}/changes/{to_version}.html"


def version_path(service_slug: str, document_slug: str, number: int) -> str:
    return f"services/{service_slug}/{document_slug}/versions/{number}.html"


def category_path(category_id: str) -> str:
    return f"categories/{category_id}.html"


def change_tag(service_slug: str, document_slug: str, to_version: int) -> str:
    """The change's permanent ``tag:`` URI (feed entry id): no database row id in it."""
    return f"{TAG_AUTHORITY}change/{service_slug}/{document_slug}/{to_version}"


def clause_anchor(clause: dict[str, Any]) -> str:
    """The fragment id of a clause in a change page (stable: from the clause id)."""
    if clause.get("kind") == "removed" or not clause.get("new_id"):
        return f"old-{clause.get('old_id') or clause.get('old_position')}"
    return f"c-{clause['new_id']}"


# --- categories and flags ------------------------------------------------------------


@dataclass(frozen=True)
class CategoryInfo:
    id: str
    title: str
    explanation: str
    severity: str


@lru_cache(maxsize=1)
def categories() -> dict[str, CategoryInfo]:
    """The flagger's categories, by id (empty if the flagger's table is unavailable)."""
    try:
        from diffs.categories import CATEGORIES
    except ImportError:  # pragma: no cover - the flagger is part of the package
        logger.warning("diffs.categories is unavailable: flags are shown by id")
        return {}
    return {
        cid: CategoryInfo(cid, c.title, c.explanation, c.severity) for cid, c in CATEGORIES.items()
    }


def category_info(category_id: str) -> CategoryInfo:
    known = categories().get(category_id)
    if known:
        return known
    return CategoryInfo(category_id, category_id.replace("_", " ").capitalize(), "", "low")


def _enrich_change(change: dict[str, Any]) -> dict[str, Any]:
    """Add the paths, ids and display fields every template and feed uses."""
    s, d, n = change["service_slug"], change["document_slug"], change["to_version"]
    change["path"] = change_path(s, d, n)
    change["tag"] = change_tag(s, d, n)
    change["document_path"] = document_path(s, d)
    change["service_path"] = service_path(s)
    diff = change.get("diff") or {}
    clauses = diff.get("changes") or []
    flags = []
    for raw in change.get("flags") or []:
        flag = {"old": None, "polarity": "grants", "entities": [], "evidence": ""} | dict(raw)
        flag.setdefault("severity", "low")
        flag.setdefault("status", "added")
        info = category_info(flag.get("category", ""))
        flag["title"] = info.title
        flag["explanation"] = info.explanation
        flag["status_label"] = FLAG_STATUS_LABEL.get(flag.get("status", ""), "")
        index = flag.get("change_index")
        flag["anchor"] = (
            clause_anchor(clauses[index])
            if isinstance(index, int) and 0 <= index < len(clauses)
            else None
        )
        flags.append(flag)
    flags.sort(key=lambda f: (SEVERITY_RANK.get(f.get("severity", "low"), 3), f["title"]))
    change["flags"] = flags
    active = [f for f in flags if f.get("status") != "unchanged"]
    change["categories"] = sorted({f["category"] for f in active})
    change["severity"] = min(
        (f.get("severity", "low") for f in active),
        key=lambda s: SEVERITY_RANK.get(s, 3),
        default=None,
    )
    change["headline"] = change.get("headline") or "Text changed"
    change["minor"] = change.get("significance") != "substantive"
    change["fingerprint"] = _digest({k: v for k, v in change.items() if k not in ("fingerprint",)})
    return change


# --- fingerprints --------------------------------------------------------------------


def _digest(value: Any) -> str:
    data = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the templates and of the code that renders them."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(template_fingerprint().encode())
    for name in ("site.py", "feeds.py", "templating.py"):
        path = here / name
        if path.exists():
            digest.update(path.read_bytes())
    digest.update(str(BUILD_FORMAT).encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def flagger_fingerprint() -> str:
    """A hash of the flagger's code and model: cached matrix flags expire when it changes."""
    import diffs

    here = Path(diffs.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*here.glob("*.py"), *(here / "data").glob("*")]):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# --- data ----------------------------------------------------------------------------


@dataclass
class SiteData:
    services: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    changes: list[dict[str, Any]]  # newest first
    versions: dict[int, list[dict[str, Any]]]  # by document id, newest first, no text

    def documents_of(self, service_id: int) -> list[dict[str, Any]]:
        return [d for d in self.documents if d["service_id"] == service_id]

    def changes_of(self, service_slug: str, document_slug: str | None = None) -> list[dict]:
        return [
            c
            for c in self.changes
            if c["service_slug"] == service_slug
            and (document_slug is None or c["document_slug"] == document_slug)
        ]


def load_site_data(db: Database) -> SiteData:
    services = _rows(db, "select id, name, slug from services order by name collate nocase")
    documents = _rows(
        db,
        "select documents.id, documents.service_id, documents.terms_type, documents.slug, "
        "documents.url, documents.status, documents.language, documents.jurisdiction, "
        "documents.last_success_at, services.slug as service_slug, services.name as service "
        "from documents join services on services.id = documents.service_id "
        "order by services.name collate nocase, documents.terms_type",
    )
    versions: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(
        db,
        "select id, document_id, number, fetched_at, text_hash, source_urls from versions "
        "order by document_id, number desc",
    ):
        row["source_urls"] = json.loads(row["source_urls"] or "[]")
        versions.setdefault(row["document_id"], []).append(row)
    for doc in documents:
        doc["path"] = document_path(doc["service_slug"], doc["slug"])
        doc["versions"] = versions.get(doc["id"], [])
        doc["version_count"] = len(doc["versions"])
        doc["latest"] = doc["versions"][0] if doc["versions"] else None
        doc["url"] = safe_url(doc["url"])
    for service in services:
        service["path"] = service_path(service["slug"])
    changes = [_enrich_change(c) for c in list_changes(db, include_diff=True)]
    return SiteData(services, documents, changes, versions)


def _version_text(db: Database, version_id: int) -> str:
    row = db.execute("select markdown from versions where id = ?", [version_id]).fetchone()
    return row[0] if row else ""


# --- the diff with its unchanged context ---------------------------------------------


@lru_cache(maxsize=8)
def _segment(markdown: str) -> tuple[Any, ...]:
    """Clauses of a version; consecutive change pages share a version, hence the cache."""
    from diffs.segment import segment

    return tuple(segment(markdown))


def diff_rows(
    changes: list[dict[str, Any]], old_markdown: str | None, new_markdown: str | None
) -> list[dict[str, Any]]:
    """The stored changed clauses, interleaved with the unchanged clauses around them.

    Returns rows ``{"kind": "change", "clause": ...}`` and ``{"kind": "unchanged",
    "clauses": [...]}`` (a run of unchanged clauses, which the page collapses).  The
    unchanged clauses come from segmenting both versions again; when the segmenter no
    longer reproduces the stored positions, only the changed clauses are returned.
    """
    plain = [{"kind": "change", "clause": c} for c in changes]
    if new_markdown is None or old_markdown is None:
        return plain
    try:
        from diffs.segment import normalize_ws

        new = _segment(new_markdown)
        old = _segment(old_markdown)
    except Exception:  # never fail a build because the segmenter moved on
        logger.exception("could not segment a version for the change page")
        return plain

    def same(text: str | None, clause_text: str) -> bool:
        return normalize_ws(text or "") == normalize_ws(clause_text)

    changed_new: dict[int, dict[str, Any]] = {}
    changed_old: dict[int, dict[str, Any]] = {}
    for c in changes:
        if c.get("kind") != "removed" and c.get("new_position") is not None:
            p = c["new_position"]
            if not (0 <= p < len(new) and same(c.get("new"), new[p].text)):
                return plain
            changed_new[p] = c
        if c.get("old_position") is not None:
            q = c["old_position"]
            if not (0 <= q < len(old) and same(c.get("old"), old[q].text)):
                return plain
            changed_old[q] = c
    new_by_id = {cl.id: cl.position for cl in new}

    def anchor(q: int) -> float:
        """New position after which a removed old clause ``q`` sits (as the differ does)."""
        for i in range(q - 1, -1, -1):
            c = changed_old.get(i)
            if c is None:
                j = new_by_id.get(old[i].id)
                if j is not None and j not in changed_new:
                    return float(j)
                continue
            if c.get("kind") in ("modified", "unchanged") and c.get("new_position") is not None:
                return float(c["new_position"])
        return -1.0

    keyed: list[tuple[tuple[float, int, int], dict[str, Any]]] = []
    for cl in new:
        if cl.position in changed_new:
            keyed.append(((float(cl.position), 0, 0), changed_new[cl.position]))
        else:
            keyed.append(((float(cl.position), 0, 0), {"unchanged": cl}))
    for c in changes:
        if c.get("kind") == "removed":
            q = c.get("old_position")
            keyed.append(((anchor(q) if q is not None else -1.0, 1, q or 0), c))
    keyed.sort(key=lambda kc: kc[0])
    rows: list[dict[str, Any]] = []
    for _, item in keyed:
        if "unchanged" in item:
            cl = item["unchanged"]
            entry = {"text": cl.text, "section": cl.section_label, "id": f"c-{cl.id}"}
            if rows and rows[-1]["kind"] == "unchanged":
                rows[-1]["clauses"].append(entry)
            else:
                rows.append({"kind": "unchanged", "clauses": [entry]})
        else:
            rows.append({"kind": "change", "clause": item})
    return rows


# --- the cross-service matrix --------------------------------------------------------


def _flag_markdown(markdown: str) -> list[dict[str, Any]]:
    """Flags present in a document's text: one ``{category, severity, evidence}`` per hit.

    Only clauses that grant something count: "we do not train AI on your posts" is a
    protection, not an AI-training licence.
    """
    from diffs import flagger
    from diffs.segment import segment

    found: list[dict[str, Any]] = []
    if hasattr(flagger, "flag_document"):
        result = flagger.flag_document(markdown)
        items: Iterable[Any] = result if isinstance(result, list) else getattr(result, "flags", [])
        pairs = []
        for item in items:
            if isinstance(item, tuple) and len(item) == 2:  # (clause, [flags])
                pairs.extend((item[0], f) for f in item[1])
            elif hasattr(item, "flags"):  # a flagged clause object
                pairs.extend((item, f) for f in item.flags)
            else:
                pairs.append((None, item))
        flags = [f for _, f in pairs]
    else:
        flags = [f for clause in segment(markdown) for f in flagger.flag_text(clause.text)]
    for f in flags:
        d = f.to_dict() if hasattr(f, "to_dict") else dict(f)
        if d.get("polarity", "grants") != "grants":
            continue
        found.append(
            {"category": d["category"], "severity": d["severity"], "evidence": d["evidence"]}
        )
    return found


# --- the builder ---------------------------------------------------------------------


class _Builder:
    def __init__(self, db: Database, out: Path, base_url: str | None) -> None:
        self.db = db
        self.out = out
        self.base_url = (base_url or "").rstrip("/")
        self.env = environment()
        self.report = BuildReport(out)
        self.salt = _digest([code_fingerprint(), self.base_url])
        old = self._load_manifest()
        self.old_pages: dict[str, str] = old.get("pages", {}) if old.get("salt") else {}
        self.old_salt = old.get("salt")
        self.flag_cache: dict[str, list[dict[str, Any]]] = old.get("flags", {})
        self.pages: dict[str, str] = {}
        self.used_flag_keys: set[str] = set()
        self.flagger_broken = False

    def _load_manifest(self) -> dict[str, Any]:
        path = self.out / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) and data.get("format") == BUILD_FORMAT else {}

    def save_manifest(self) -> None:
        flags = {k: v for k, v in self.flag_cache.items() if k in self.used_flag_keys}
        data = {"format": BUILD_FORMAT, "salt": self.salt, "pages": self.pages, "flags": flags}
        path = self.out / MANIFEST
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, sort_keys=True, indent=0), encoding="utf-8")

    def emit(self, rel: str, key: Any, render: Callable[[], str | bytes]) -> None:
        """Render and write ``rel`` unless its inputs are the same as at the last build."""
        if rel in self.pages:
            raise ValueError(f"two pages want the same path: {rel}")
        fingerprint = _digest([self.salt, key])
        self.pages[rel] = fingerprint
        if self.old_pages.get(rel) == fingerprint and (self.out / rel).exists():
            self.report.unchanged += 1
            return
        _write(self.report, rel, render())

    def page(self, template: str, rel: str, key: Any, context: Callable[[], dict]) -> None:
        def render() -> str:
            ctx = {
                "root": _root(rel),
                "path": rel,
                "base_url": self.base_url,
                "feeds": [],
                "nav": "",
                "lang": "en",
                "dir": "ltr",
            }
            ctx.update(context())
            return self.env.get_template(template).render(**ctx)

        self.emit(rel, [template, key], render)

    def remove_stale(self) -> None:
        for rel in sorted(set(self.old_pages) - set(self.pages)):
            path = self.out / rel
            if path.is_file():
                path.unlink()
                self.report.removed.append(rel)

    # -- flags currently present ------------------------------------------------------

    def present_flags(self, doc: dict[str, Any]) -> list[dict[str, Any]] | None:
        """Flags in the latest version of a document (cached by text hash), or None."""
        latest = doc["latest"]
        if latest is None:
            return []
        try:
            from diffs import flagger  # noqa: F401
        except ImportError:
            return None
        key = f"{latest['text_hash']}:{flagger_fingerprint()}"
        self.used_flag_keys.add(key)
        if key not in self.flag_cache:
            if self.flagger_broken:
                return None
            try:
                self.flag_cache[key] = _flag_markdown(_version_text(self.db, latest["id"]))
            except Exception:
                logger.exception("the flagger failed on %s; the matrix is left empty", doc["path"])
                self.flagger_broken = True
                return None
        return self.flag_cache[key]


def _feed_links(root: str, *feeds: tuple[str, str]) -> list[dict[str, str]]:
    """``<link rel=alternate>`` entries: (title, site-relative path without extension)."""
    out = []
    for title, stem in feeds:
        out.append({"title": title, "href": f"{root}{stem}.atom", "type": "application/atom+xml"})
        out.append(
            {"title": f"{title} (RSS)", "href": f"{root}{stem}.rss", "type": "application/rss+xml"}
        )
    return out


def build_site(db: Database, out: str | Path, base_url: str | None = None) -> BuildReport:
    """Render every page and feed of the site into ``out``; return what was written."""
    from tracker import feeds as feedmod

    started = time.perf_counter()
    out = Path(out)
    b = _Builder(db, out, base_url)
    data = load_site_data(db)
    cats = categories()
    all_feed = ("All substantive changes", "feeds/all")
    high_feed = ("High-severity changes", "feeds/high")

    # assets
    for asset in sorted((TEMPLATES / "assets").iterdir()):
        if asset.is_file():
            content = asset.read_bytes()
            b.emit(f"assets/{asset.name}", hashlib.sha256(content).hexdigest(), lambda c=content: c)

    # flags currently present, per document (for the matrix, categories, documents)
    present: dict[int, list[dict[str, Any]] | None] = {
        d["id"]: b.present_flags(d) for d in data.documents
    }
    flagger_ok = all(v is not None for v in present.values())

    def present_categories(doc_id: int) -> list[dict[str, Any]]:
        """One entry per category present in a document, highest severity first."""
        seen: dict[str, dict[str, Any]] = {}
        for f in present.get(doc_id) or []:
            if f["category"] not in seen:
                info = category_info(f["category"])
                seen[f["category"]] = {
                    "id": f["category"],
                    "title": info.title,
                    "severity": f["severity"],
                    "evidence": f["evidence"],
                }
        return sorted(seen.values(), key=lambda x: (SEVERITY_RANK.get(x["severity"], 3), x["id"]))

    for doc in data.documents:
        doc["present"] = present_categories(doc["id"])

    # summaries used on many pages (kept small: they enter many fingerprints)
    def summary(c: dict[str, Any]) -> dict[str, Any]:
        return {
            k: c[k]
            for k in (
                "path",
                "service",
                "document",
                "headline",
                "detected_at",
                "significance",
                "minor",
                "severity",
                "to_version",
            )
        } | {
            "flags": [
                {k: f.get(k) for k in ("category", "title", "severity", "status", "status_label")}
                for f in c["flags"]
                if f.get("status") != "unchanged"
            ]
        }

    summaries = {c["path"]: summary(c) for c in data.changes}
    substantive = [c for c in data.changes if not c["minor"]]

    # home: the latest substantive changes; minor ones from the same period, hidden
    home = substantive[:HOME_LIMIT]
    since = home[-1]["detected_at"] if len(home) == HOME_LIMIT else ""
    home_paths = {c["path"] for c in home}
    home_items = [
        summaries[c["path"]]
        for c in data.changes
        if c["path"] in home_paths or (c["minor"] and c["detected_at"] >= since)
    ]
    home_ctx = {
        "changes": home_items,
        "minor_count": sum(1 for c in home_items if c["minor"]),
        "total": len(data.changes),
        "services": [
            {"name": s["name"], "path": s["path"], "documents": len(data.documents_of(s["id"]))}
            for s in data.services
        ],
        "categories": [{"id": c.id, "title": c.title} for c in cats.values()],
    }
    b.page(
        "index.html",
        "index.html",
        home_ctx,
        lambda: {**home_ctx, "nav": "home", "feeds": _feed_links("./", all_feed, high_feed)},
    )

    all_ctx = {"changes": list(summaries.values())}
    b.page(
        "changes.html",
        "changes/index.html",
        all_ctx,
        lambda: {**all_ctx, "nav": "changes", "feeds": _feed_links("../", all_feed, high_feed)},
    )

    services_ctx = {
        "services": [
            {
                "name": s["name"],
                "path": s["path"],
                "documents": [d["terms_type"] for d in data.documents_of(s["id"])],
                "changes": len(data.changes_of(s["slug"])),
                "last": next((c["detected_at"] for c in data.changes_of(s["slug"])), None),
            }
            for s in data.services
        ]
    }
    b.page(
        "services.html",
        "services/index.html",
        services_ctx,
        lambda: {**services_ctx, "nav": "services", "feeds": _feed_links("../", all_feed)},
    )

    for service in data.services:
        docs = data.documents_of(service["id"])
        rel = service["path"]
        root = _root(rel)
        doc_rows = [
            {
                "name": d["terms_type"],
                "path": d["path"],
                "slug": d["slug"],
                "versions": d["version_count"],
                "status": d["status"],
                "last_fetch": d["latest"]["fetched_at"] if d["latest"] else None,
                "present": d["present"],
                "feed": f"feeds/document/{service['slug']}/{d['slug']}",
            }
            for d in docs
        ]
        ctx = {
            "service": {"name": service["name"], "slug": service["slug"]},
            "documents": doc_rows,
            "changes": [summaries[c["path"]] for c in data.changes_of(service["slug"])],
            "feed": f"feeds/service/{service['slug']}",
        }
        b.page(
            "service.html",
            rel,
            ctx,
            lambda ctx=ctx, root=root, service=service: {
                **ctx,
                "nav": "services",
                "feeds": _feed_links(
                    root, (f"{service['name']}: all documents", ctx["feed"]), all_feed
                ),
            },
        )
        for doc in docs:
            _document_pages(b, data, service, doc, summaries, all_feed)

    # categories
    cat_changes: dict[str, list[dict[str, Any]]] = {cid: [] for cid in cats}
    for c in data.changes:
        for cid in c["categories"]:
            cat_changes.setdefault(cid, [])
            cat_changes[cid].append(c)
    cat_rows = []
    for cid, changes in cat_changes.items():
        info = category_info(cid)
        where = [
            {"service": d["service"], "document": d["terms_type"], "path": d["path"]}
            for d in data.documents
            if any(p["id"] == cid for p in d["present"])
        ]
        cat_rows.append(
            {
                "id": cid,
                "title": info.title,
                "severity": info.severity,
                "explanation": info.explanation,
                "changes": len(changes),
                "where": where,
            }
        )
        entries = []
        for c in changes:
            for f in c["flags"]:
                if f["category"] == cid and f.get("status") != "unchanged":
                    entries.append(
                        {
                            "change": summaries[c["path"]],
                            "status": f.get("status"),
                            "status_label": f["status_label"],
                            "severity": f.get("severity"),
                            "polarity": f.get("polarity", "grants"),
                            "evidence": f.get("evidence", ""),
                            "old_evidence": (f.get("old") or {}).get("evidence"),
                            "entities": f.get("entities") or [],
                            "anchor": f.get("anchor"),
                        }
                    )
        ctx = {
            "category": {
                "id": cid,
                "title": info.title,
                "explanation": info.explanation,
                "severity": info.severity,
            },
            "entries": entries,
            "where": where,
            "flagger_ok": flagger_ok,
        }
        b.page(
            "category.html",
            category_path(cid),
            ctx,
            lambda ctx=ctx, info=info: {
                **ctx,
                "nav": "categories",
                "entity_labels": ENTITY_LABEL,
                "feeds": _feed_links(
                    "../", (f"Changes: {info.title}", f"feeds/category/{info.id}"), all_feed
                ),
            },
        )
    cat_rows.sort(key=lambda r: (SEVERITY_RANK.get(r["severity"], 3), r["title"]))
    cats_ctx = {"categories": cat_rows, "flagger_ok": flagger_ok}
    b.page(
        "categories.html",
        "categories/index.html",
        cats_ctx,
        lambda: {**cats_ctx, "nav": "categories", "feeds": _feed_links("../", all_feed)},
    )

    # the matrix: services × categories present now
    columns = [r for r in cat_rows if r["where"]]
    matrix_rows = []
    for service in data.services:
        cells = []
        for col in columns:
            docs_here = [
                {
                    "document": d["terms_type"],
                    "path": d["path"],
                    "evidence": next(p["evidence"] for p in d["present"] if p["id"] == col["id"]),
                }
                for d in data.documents_of(service["id"])
                if any(p["id"] == col["id"] for p in d["present"])
            ]
            cells.append({"category": col["id"], "docs": docs_here})
        matrix_rows.append({"name": service["name"], "path": service["path"], "cells": cells})
    matrix_ctx = {
        "columns": [{k: c[k] for k in ("id", "title", "severity")} for c in columns],
        "rows": matrix_rows,
        "absent": [{"id": r["id"], "title": r["title"]} for r in cat_rows if not r["where"]],
        "flagger_ok": flagger_ok,
    }
    b.page(
        "matrix.html",
        "matrix.html",
        matrix_ctx,
        lambda: {**matrix_ctx, "nav": "matrix", "feeds": _feed_links("./", all_feed)},
    )

    # feeds and the feeds page
    listing = feedmod.write_feeds(b, data, cat_changes)
    feeds_ctx = {"feeds": listing}
    b.page(
        "feeds.html",
        "feeds/index.html",
        feeds_ctx,
        lambda: {
            "listing": listing,
            "nav": "feeds",
            "feeds": _feed_links("../", all_feed, high_feed),
        },
    )

    # search
    index = _search_index(data, cat_rows)
    index_json = json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    b.emit("search-index.json", index_json, lambda: index_json + "\n")
    b.emit(
        "assets/search-index.js",
        index_json,
        lambda: "window.CLAUSEWATCH_SEARCH = " + index_json.replace("</", "<\\/") + ";\n",
    )
    b.page(
        "search.html",
        "search.html",
        {},
        lambda: {"nav": "search", "feeds": _feed_links("./", all_feed)},
    )

    b.remove_stale()
    b.save_manifest()
    b.report.seconds = round(time.perf_counter() - started, 3)
    return b.report


def _document_pages(
    b: _Builder,
    data: SiteData,
    service: dict[str, Any],
    doc: dict[str, Any],
    summaries: dict[str, dict[str, Any]],
    all_feed: tuple[str, str],
) -> None:
    """The document page, its archived versions and its change pages."""
    s, d = service["slug"], doc["slug"]
    doc_feed = (f"{service['name']} {doc['terms_type']}", f"feeds/document/{s}/{d}")
    svc_feed = (f"{service['name']}: all documents", f"feeds/service/{s}")
    lang = (doc.get("language") or "").split("-")[0] or None
    from tracker.templating import text_direction

    text_dir = text_direction(lang)
    changes = data.changes_of(s, d)  # newest first
    by_to = {c["to_version"]: c for c in changes}
    versions = doc["versions"]
    document_ctx = {
        "name": doc["terms_type"],
        "slug": d,
        "url": doc["url"],
        "status": doc["status"],
        "language": lang,
        "text_dir": text_dir,
        "jurisdiction": doc.get("jurisdiction"),
    }
    service_ctx = {"name": service["name"], "slug": s, "path": service["path"]}
    version_rows = [
        {
            "number": v["number"],
            "fetched_at": v["fetched_at"],
            "path": version_path(s, d, v["number"]),
            "source_urls": [u for u in (safe_url(x) for x in v["source_urls"]) if u],
            "change": by_to[v["number"]]["path"] if v["number"] in by_to else None,
            "minor": by_to[v["number"]]["minor"] if v["number"] in by_to else None,
        }
        for v in versions
    ]
    latest = doc["latest"]
    key = {
        "service": service_ctx,
        "document": document_ctx,
        "present": doc["present"],
        "versions": version_rows,
        "changes": [c["path"] for c in changes],
        "text": latest["text_hash"] if latest else None,
        "summaries": [summaries[c["path"]] for c in changes],
    }
    rel = doc["path"]
    root = _root(rel)
    b.page(
        "document.html",
        rel,
        key,
        lambda: {
            "service": service_ctx,
            "document": document_ctx | {"present": doc["present"]},
            "versions": version_rows,
            "changes": [summaries[c["path"]] for c in changes],
            "current": (
                {"number": latest["number"], "markdown": _version_text(b.db, latest["id"])}
                if latest
                else None
            ),
            "nav": "services",
            "feeds": _feed_links(root, doc_feed, svc_feed, all_feed),
        },
    )
    for i, v in enumerate(versions):
        row = version_rows[i]
        newer = versions[i - 1]["number"] if i > 0 else None
        older = versions[i + 1]["number"] if i + 1 < len(versions) else None
        rel = row["path"]
        vkey = {
            "service": service_ctx,
            "document": document_ctx,
            "version": row,
            "text": v["text_hash"],
            "newer": newer,
            "older": older,
            "next_change": by_to[newer]["path"] if newer in by_to else None,
        }
        b.page(
            "version.html",
            rel,
            vkey,
            lambda vkey=vkey, v=v, rel=rel: {
                **vkey,
                "markdown": _version_text(b.db, v["id"]),
                "nav": "services",
                "feeds": _feed_links(_root(rel), doc_feed, svc_feed, all_feed),
            },
        )
    version_ids = {v["number"]: v for v in versions}
    for i, change in enumerate(changes):
        newer = changes[i - 1]["path"] if i > 0 else None
        older = changes[i + 1]["path"] if i + 1 < len(changes) else None
        from_v = version_ids.get(change["from_version"])
        to_v = version_ids.get(change["to_version"])
        rel = change["path"]
        ckey = {
            "service": service_ctx,
            "document": document_ctx,
            "change": change["fingerprint"],
            "texts": [from_v and from_v["text_hash"], to_v and to_v["text_hash"]],
            "newer": newer and summaries[newer],
            "older": older and summaries[older],
        }

        def context(
            change: dict[str, Any] = change,
            from_v: dict[str, Any] | None = from_v,
            to_v: dict[str, Any] | None = to_v,
            ckey: dict[str, Any] = ckey,
            rel: str = rel,
        ) -> dict[str, Any]:
            clauses = (change.get("diff") or {}).get("changes") or []
            for c in clauses:
                c["anchor"] = clause_anchor(c)
                c["kind_label"] = KIND_LABEL.get(c.get("kind", ""), c.get("kind", ""))
            rows = diff_rows(
                clauses,
                _version_text(b.db, from_v["id"]) if from_v else None,
                _version_text(b.db, to_v["id"]) if to_v else None,
            )
            return {
                "service": ckey["service"],
                "document": ckey["document"],
                "change": change,
                "rows": rows,
                "newer": ckey["newer"],
                "older": ckey["older"],
                "from_path": version_path(s, d, change["from_version"]),
                "to_path": version_path(s, d, change["to_version"]),
                "entity_labels": ENTITY_LABEL,
                "nav": "changes",
                "feeds": _feed_links(_root(rel), doc_feed, svc_feed, all_feed),
            }

        b.page("change.html", rel, ckey, context)


def _search_index(data: SiteData, cat_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the client-side search looks through: services, documents, changes, categories."""
    items: list[dict[str, Any]] = []
    for s in data.services:
        items.append({"k": "service", "t": s["name"], "u": s["path"], "x": ""})
    for d in data.documents:
        items.append(
            {
                "k": "document",
                "t": f"{d['service']} · {d['terms_type']}",
                "u": d["path"],
                "x": " ".join(p["title"] for p in d["present"]),
            }
        )
    for r in cat_rows:
        items.append({"k": "category", "t": r["title"], "u": category_path(r["id"]), "x": r["id"]})
    for c in data.changes:
        items.append(
            {
                "k": "change",
                "t": f"{c['service']} · {c['document']}: {c['headline']}",
                "u": c["path"],
                "d": (c["detected_at"] or "")[:10],
                "m": 1 if c["minor"] else 0,
                "x": " ".join(f["title"] for f in c["flags"] if f.get("status") != "unchanged"),
            }
        )
    return items
