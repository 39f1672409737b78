"""The pages of the site, one function per kind, all rendered through a :class:`Builder`.

Each function reads :class:`~tracker.site.data.SiteData` (loaded from the database)
and never runs the differ or the flagger.
"""

from __future__ import annotations

import hashlib
from typing import Any

from tracker.site.builder import Builder
from tracker.site.data import (
    ENTITY_LABEL,
    SEVERITY_RANK,
    SiteData,
    categories,
    category_info,
)
from tracker.site.paths import (
    ALL_FEED,
    HIGH_FEED,
    category_path,
    feed_links,
)
from tracker.site.templating import TEMPLATES


def assets(b: Builder) -> None:
    """The stylesheet, scripts and icons, copied as they are."""
    folder = TEMPLATES / "assets"
    for asset in sorted(folder.rglob("*")):
        if asset.is_file():
            content = asset.read_bytes()
            rel = asset.relative_to(folder).as_posix()
            b.emit(f"assets/{rel}", hashlib.sha256(content).hexdigest(), lambda c=content: c)


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
    "from_version",
    "service_slug",
    "document_slug",
    "effective_date",
    "month",
    "categories",
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


def services_page(b: Builder, data: SiteData) -> None:
    """Every service, with its documents, number of changes and last change."""
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
