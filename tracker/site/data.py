"""What the site shows, read from the database: services, documents, changes, flags.

The site reads only the database: flags, headlines and diffs were computed when each
version was recorded (or by ``reextract``); nothing here runs the differ or the flagger.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from tracker.site.paths import (
    change_path,
    change_tag,
    clause_anchor,
    document_path,
    service_path,
)
from tracker.site.templating import safe_url
from tracker.site.text import inline_plain
from tracker.store.queries import (
    current_flags,
    list_changes,
    service_rows,
    site_documents,
    snapshot_hashes,
    version_markdown,
    version_rows,
)

logger = logging.getLogger(__name__)

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


def digest(value: Any) -> str:
    """A stable hash of any JSON-able value (page fingerprints)."""
    data = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def flag_status_label(flag: dict[str, Any]) -> str:
    """How a flag change is named to readers; a protection's loss is named as such."""
    status = flag.get("status", "")
    old_polarity = (flag.get("old") or {}).get("polarity", flag.get("polarity"))
    if status == "removed" and flag.get("polarity") == "restricts":
        return "Protection removed"
    if status == "added" and flag.get("polarity") == "restricts":
        return "Protection added"
    if status == "modified" and old_polarity == "restricts" and flag.get("polarity") == "grants":
        return "Protection removed"
    return FLAG_STATUS_LABEL.get(status, "")


def _enrich_flag(raw: dict[str, Any], clauses: list[dict[str, Any]]) -> dict[str, Any]:
    flag = {"old": None, "polarity": "grants", "entities": [], "evidence": ""} | dict(raw)
    flag["evidence"] = inline_plain(flag.get("evidence"))
    if isinstance(flag.get("old"), dict):
        flag["old"] = flag["old"] | {"evidence": inline_plain(flag["old"].get("evidence"))}
    flag.setdefault("severity", "low")
    flag.setdefault("status", "added")
    info = category_info(flag.get("category", ""))
    flag["title"] = info.title
    flag["explanation"] = info.explanation
    flag["status_label"] = flag_status_label(flag)
    index = flag.get("change_index")
    flag["anchor"] = (
        clause_anchor(clauses[index])
        if isinstance(index, int) and 0 <= index < len(clauses)
        else None
    )
    return flag


def _enrich_change(change: dict[str, Any]) -> dict[str, Any]:
    """Add the paths, ids and display fields every template and feed uses."""
    s, d, n = change["service_slug"], change["document_slug"], change["to_version"]
    change["path"] = change_path(s, d, n)
    change["tag"] = change_tag(s, d, n)
    change["document_path"] = document_path(s, d)
    change["service_path"] = service_path(s)
    clauses = (change.get("diff") or {}).get("changes") or []
    flags = [_enrich_flag(raw, clauses) for raw in change.get("flags") or []]
    flags.sort(key=lambda f: (SEVERITY_RANK.get(f.get("severity", "low"), 3), f["title"]))
    change["flags"] = flags
    active = [f for f in flags if f.get("status") != "unchanged"]
    change["categories"] = sorted({f["category"] for f in active})
    change["severity"] = min(
        (f.get("severity", "low") for f in active),
        key=lambda s: SEVERITY_RANK.get(s, 3),
        default=None,
    )
    change["headline"] = inline_plain(change.get("headline")) or "Text changed"
    change["minor"] = change.get("significance") != "substantive"
    # what feeds and the home page announce: substantive, and not a revert
    change["alert"] = bool(change.get("alert", not change["minor"]))
    change["month"] = (change.get("detected_at") or "")[:7]
    change["effective_date"] = (change.get("effective_date") or "")[:10] or None
    change["fingerprint"] = digest({k: v for k, v in change.items() if k not in ("fingerprint",)})
    return change


def present_categories(flags: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per category a version grants, highest severity first.

    Only clauses that grant something count: "we do not train AI on your posts" is a
    protection, not an AI-training licence.
    """
    seen: dict[str, dict[str, Any]] = {}
    for f in flags:
        if f.get("polarity", "grants") != "grants" or f["category"] in seen:
            continue
        info = category_info(f["category"])
        seen[f["category"]] = {
            "id": f["category"],
            "title": info.title,
            "severity": f["severity"],
            "evidence": inline_plain(f["evidence"]),
            "section": inline_plain(f.get("section")),
        }
    return sorted(seen.values(), key=lambda x: (SEVERITY_RANK.get(x["severity"], 3), x["id"]))


@dataclass
class SiteData:
    services: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    changes: list[dict[str, Any]]  # newest first
    versions: dict[int, list[dict[str, Any]]]  # by document id, newest first, no text
    unflagged: int = 0  # current versions whose flags were never computed
    category_rows: list[dict[str, Any]] = field(default_factory=list)  # set by the pages
    _by: Any = field(default=None, repr=False)  # indexes by service and document

    @property
    def flags_known(self) -> bool:
        """Whether every document's current flags are stored (else the matrix is partial)."""
        return not self.unflagged

    def documents_of(self, service_id: int) -> list[dict[str, Any]]:
        return self._index()[0].get(service_id, [])

    def changes_of(self, service_slug: str, document_slug: str | None = None) -> list[dict]:
        """A service's (or one of its documents') changes, newest first."""
        return self._index()[1].get((service_slug, document_slug), [])

    def _index(self) -> tuple[dict[int, list[dict]], dict[tuple[str, str | None], list[dict]]]:
        if self._by is None:
            docs: dict[int, list[dict[str, Any]]] = {}
            for d in self.documents:
                docs.setdefault(d["service_id"], []).append(d)
            changes: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
            for c in self.changes:
                changes.setdefault((c["service_slug"], None), []).append(c)
                changes.setdefault((c["service_slug"], c["document_slug"]), []).append(c)
            self._by = (docs, changes)
        return self._by


def load_site_data(db: Database) -> SiteData:
    """Everything the site shows, from the database alone."""
    services = service_rows(db)
    documents = site_documents(db)
    versions: dict[int, list[dict[str, Any]]] = {}
    rows = version_rows(db)
    for row in rows:
        row["source_urls"] = json.loads(row["source_urls"] or "[]")
        row["snapshot_ids"] = json.loads(row["snapshot_ids"] or "[]")
    hashes = snapshot_hashes(
        db, (i for row in rows if len(row["snapshot_ids"]) > 1 for i in row["snapshot_ids"])
    )
    for row in rows:
        ids = row.pop("snapshot_ids")
        row["snapshot_hashes"] = (
            [hashes[i] for i in ids if i in hashes] if len(ids) > 1 else [row["snapshot_hash"]]
        )
        row["snapshot_hashes"] = [h for h in row["snapshot_hashes"] if h]
        versions.setdefault(row["document_id"], []).append(row)
    flags = current_flags(db)
    unflagged = 0
    for doc in documents:
        if doc["status"] == "suspect":
            # a collapsed text is shown on the health page only (tracker/site/health.py)
            doc["status"] = "ok"
        doc["path"] = document_path(doc["service_slug"], doc["slug"])
        doc["versions"] = versions.get(doc["id"], [])
        doc["version_count"] = len(doc["versions"])
        doc["latest"] = doc["versions"][0] if doc["versions"] else None
        doc["url"] = safe_url(doc["url"])
        stored = flags.get(doc["id"])
        if doc["latest"] is not None and stored is None:
            unflagged += 1
        doc["present"] = present_categories(json.loads(stored) if stored else [])
    for service in services:
        service["path"] = service_path(service["slug"])
    changes = [_enrich_change(c) for c in list_changes(db, include_diff=True)]
    return SiteData(services, documents, changes, versions, unflagged)


def version_text(db: Database, version_id: int) -> str:
    """The Markdown of one version."""
    return version_markdown(db, version_id)
