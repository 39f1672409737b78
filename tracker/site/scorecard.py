"""A service's page: its record at a glance, then its documents and every change.

The scorecard shows the clauses its documents hold today, by category, with the words
that were found (in a disclosure that keyboard and touch reach, never a tooltip); an
SVG timeline of its changes (:mod:`tracker.site.timeline`); and the changes announced
with an effective date still to come, as of the day of the build.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.site.builder import Builder
from tracker.site.data import SEVERITY_RANK, SiteData, category_info
from tracker.site.documents import document_pages
from tracker.site.paths import ALL_FEED, feed_links, root_of
from tracker.site.timeline import timeline_svg


def holdings(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The categories a service's documents grant today, each with every document's words."""
    by_cat: dict[str, dict[str, Any]] = {}
    for d in docs:
        for p in d["present"]:
            info = category_info(p["id"])
            entry = by_cat.setdefault(
                p["id"],
                {
                    "id": p["id"],
                    "title": info.title,
                    "severity": p["severity"],
                    "explanation": info.explanation,
                    "where": [],
                },
            )
            if SEVERITY_RANK.get(p["severity"], 3) < SEVERITY_RANK.get(entry["severity"], 3):
                entry["severity"] = p["severity"]
            entry["where"].append(
                {
                    "document": d["terms_type"],
                    "path": d["path"],
                    "evidence": p["evidence"],
                    "section": p.get("section") or "",
                }
            )
    return sorted(by_cat.values(), key=lambda e: (SEVERITY_RANK.get(e["severity"], 3), e["title"]))


def upcoming(changes: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Changes whose stated effective date is after ``today``, soonest first."""
    later = [c for c in changes if (c.get("effective_date") or "") > today.isoformat()]
    return sorted(later, key=lambda c: (c["effective_date"], c["path"]))


def service_pages(
    b: Builder, data: SiteData, summaries: dict[str, dict[str, Any]], today: date
) -> None:
    """Each service's scorecard, and the pages of its documents."""
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
                "first": d["versions"][-1]["fetched_at"] if d["versions"] else None,
                "last_fetch": d["latest"]["fetched_at"] if d["latest"] else None,
                "present": d["present"],
                "feed": f"feeds/document/{service['slug']}/{d['slug']}",
            }
            for d in docs
        ]
        changes = [summaries[c["path"]] for c in data.changes_of(service["slug"])]
        ctx = {
            "service": {"name": service["name"], "slug": service["slug"]},
            "documents": doc_rows,
            "changes": changes,
            "holdings": holdings(docs),
            "upcoming": upcoming(changes, today),
            "high_count": sum(1 for c in changes if c["severity"] == "high"),
            "feed": f"feeds/service/{service['slug']}",
        }
        lanes = [{"slug": d["slug"], "name": d["name"], "first": d["first"]} for d in doc_rows]
        title = f"Timeline of the changes to the documents of {service['name']}"
        b.page(
            "service.html",
            rel,
            ctx,
            lambda ctx=ctx, root=root, service=service, lanes=lanes, title=title: {
                **ctx,
                "timeline": timeline_svg(lanes, ctx["changes"], root, title),
                "nav": "services",
                "feeds": feed_links(
                    root, (f"{service['name']}: all documents", ctx["feed"]), ALL_FEED
                ),
            },
        )
        for doc in docs:
            document_pages(b, data, service, doc, summaries)
