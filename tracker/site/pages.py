"""The pages of the site, one function per kind, all rendered through a :class:`Builder`.

Each function reads :class:`~tracker.site.data.SiteData` (loaded from the database)
and never runs the differ or the flagger.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from tracker.site.builder import Builder
from tracker.site.data import (
    ENTITY_LABEL,
    SEVERITY_RANK,
    SiteData,
    categories,
    category_info,
)
from tracker.site.documents import document_pages
from tracker.site.paths import (
    ALL_FEED,
    HIGH_FEED,
    category_path,
    feed_links,
    root_of,
)
from tracker.site.templating import TEMPLATES

#: how many changes the home page lists
HOME_LIMIT = 30


def assets(b: Builder) -> None:
    """The stylesheet, scripts and icons, copied as they are."""
    for asset in sorted((TEMPLATES / "assets").iterdir()):
        if asset.is_file():
            content = asset.read_bytes()
            b.emit(f"assets/{asset.name}", hashlib.sha256(content).hexdigest(), lambda c=content: c)


_SUMMARY_KEYS = (
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
_FLAG_SUMMARY_KEYS = ("category", "title", "severity", "status", "status_label")


def summaries(data: SiteData) -> dict[str, dict[str, Any]]:
    """A small summary of every change by path (they enter many page fingerprints)."""
    return {
        c["path"]: {k: c[k] for k in _SUMMARY_KEYS}
        | {
            "flags": [
                {k: f.get(k) for k in _FLAG_SUMMARY_KEYS}
                for f in c["flags"]
                if f.get("status") != "unchanged"
            ]
        }
        for c in data.changes
    }


def home_and_lists(b: Builder, data: SiteData, summaries: dict[str, dict[str, Any]]) -> None:
    """The home page (latest substantive changes), every change, every service."""
    substantive = [c for c in data.changes if not c["minor"]]
    home = substantive[:HOME_LIMIT]
    since = home[-1]["detected_at"] if len(home) == HOME_LIMIT else ""
    home_paths = {c["path"] for c in home}
    # minor changes from the same period are listed too, hidden until asked for
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
        "categories": [{"id": c.id, "title": c.title} for c in categories().values()],
    }
    b.page(
        "index.html",
        "index.html",
        home_ctx,
        lambda: {**home_ctx, "nav": "home", "feeds": feed_links("./", ALL_FEED, HIGH_FEED)},
    )
    all_ctx = {"changes": list(summaries.values())}
    b.page(
        "changes.html",
        "changes/index.html",
        all_ctx,
        lambda: {**all_ctx, "nav": "changes", "feeds": feed_links("../", ALL_FEED, HIGH_FEED)},
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
        lambda: {**services_ctx, "nav": "services", "feeds": feed_links("../", ALL_FEED)},
    )


def service_pages(b: Builder, data: SiteData, summaries: dict[str, dict[str, Any]]) -> None:
    """Each service's page, and the pages of its documents."""
    for service in data.services:
        docs = data.documents_of(service["id"])
        rel = service["path"]
        root = root_of(rel)
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
                "feeds": feed_links(
                    root, (f"{service['name']}: all documents", ctx["feed"]), ALL_FEED
                ),
            },
        )
        for doc in docs:
            document_pages(b, data, service, doc, summaries)


def _category_entries(
    cid: str, changes: list[dict[str, Any]], summaries: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
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
    return entries


def category_pages(
    b: Builder, data: SiteData, summaries: dict[str, dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """A page per clause type and their index; returns each category's changes."""
    by_category: dict[str, list[dict[str, Any]]] = {cid: [] for cid in categories()}
    for c in data.changes:
        for cid in c["categories"]:
            by_category.setdefault(cid, []).append(c)
    rows = []
    for cid, changes in by_category.items():
        info = category_info(cid)
        where = [
            {"service": d["service"], "document": d["terms_type"], "path": d["path"]}
            for d in data.documents
            if any(p["id"] == cid for p in d["present"])
        ]
        rows.append(
            {
                "id": cid,
                "title": info.title,
                "severity": info.severity,
                "explanation": info.explanation,
                "changes": len(changes),
                "where": where,
            }
        )
        ctx = {
            "category": {
                "id": cid,
                "title": info.title,
                "explanation": info.explanation,
                "severity": info.severity,
            },
            "entries": _category_entries(cid, changes, summaries),
            "where": where,
            "flagger_ok": data.flags_known,
        }
        b.page(
            "category.html",
            category_path(cid),
            ctx,
            lambda ctx=ctx, info=info: {
                **ctx,
                "nav": "categories",
                "entity_labels": ENTITY_LABEL,
                "feeds": feed_links(
                    "../", (f"Changes: {info.title}", f"feeds/category/{info.id}"), ALL_FEED
                ),
            },
        )
    rows.sort(key=lambda r: (SEVERITY_RANK.get(r["severity"], 3), r["title"]))
    data.category_rows = rows
    cats_ctx = {"categories": rows, "flagger_ok": data.flags_known}
    b.page(
        "categories.html",
        "categories/index.html",
        cats_ctx,
        lambda: {**cats_ctx, "nav": "categories", "feeds": feed_links("../", ALL_FEED)},
    )
    return by_category


def matrix_page(b: Builder, data: SiteData) -> None:
    """Services × categories present in their documents today."""
    columns = [r for r in data.category_rows if r["where"]]
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
        "absent": [
            {"id": r["id"], "title": r["title"]} for r in data.category_rows if not r["where"]
        ],
        "flagger_ok": data.flags_known,
    }
    b.page(
        "matrix.html",
        "matrix.html",
        matrix_ctx,
        lambda: {**matrix_ctx, "nav": "matrix", "feeds": feed_links("./", ALL_FEED)},
    )


def feeds_page(b: Builder, listing: list[dict[str, Any]]) -> None:
    """The page that lists every feed and says how to subscribe."""
    feeds_ctx = {"feeds": listing}
    b.page(
        "feeds.html",
        "feeds/index.html",
        feeds_ctx,
        lambda: {
            "listing": listing,
            "nav": "feeds",
            "feeds": feed_links("../", ALL_FEED, HIGH_FEED),
        },
    )


def search_pages(b: Builder, data: SiteData) -> None:
    """The search page and its prebuilt index (JSON, and a script for ``file://``)."""
    index = search_index(data, data.category_rows)
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
        lambda: {"nav": "search", "feeds": feed_links("./", ALL_FEED)},
    )


def search_index(data: SiteData, cat_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
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
