"""The home page and the list of every change, with its filters.

The list of changes is one static page grouped by month; ``assets/filters.js`` narrows
it in the browser (service, clause type, severity, significance, and a range of
detection or effective dates), from ``file://`` too, and keeps the query in the URL's
fragment so that a filtered view can be shared and survives a reload.  Each item
carries what the filters read as ``data-`` attributes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tracker.site.builder import Builder
from tracker.site.data import SEVERITY_RANK, SiteData, categories
from tracker.site.paths import ALL_FEED, HIGH_FEED, feed_links

#: how many changes the home page lists under "Latest changes"
HOME_LIMIT = 30
#: the home page leads with the high-severity changes of this many days
RECENT_DAYS = 90


def _filter_options(data: SiteData) -> dict[str, Any]:
    used = {cid for c in data.changes for cid in c["categories"]}
    cats = sorted(
        (info for cid, info in categories().items() if cid in used),
        key=lambda i: (SEVERITY_RANK.get(i.severity, 3), i.title),
    )
    return {
        "services": [{"slug": s["slug"], "name": s["name"]} for s in data.services],
        "categories": [{"id": c.id, "title": c.title} for c in cats],
    }


def home_and_lists(
    b: Builder, data: SiteData, summaries: dict[str, dict[str, Any]], today: date
) -> None:
    """The home page (recent high-severity changes, latest changes) and every change."""
    since = (today - timedelta(days=RECENT_DAYS)).isoformat()
    substantive = [c for c in data.changes if not c["minor"]]
    recent_high = [
        summaries[c["path"]]
        for c in substantive
        if c["severity"] == "high" and since <= (c["detected_at"] or "")[:10] <= today.isoformat()
    ]
    latest = substantive[:HOME_LIMIT]
    oldest = latest[-1]["detected_at"] if len(latest) == HOME_LIMIT else ""
    latest_paths = {c["path"] for c in latest}
    # minor changes from the same period are listed too, hidden until asked for
    latest_items = [
        summaries[c["path"]]
        for c in data.changes
        if c["path"] in latest_paths or (c["minor"] and c["detected_at"] >= oldest)
    ]
    home_ctx = {
        "recent_high": recent_high,
        "recent_days": RECENT_DAYS,
        "today": today.isoformat(),
        "since": since,
        "changes": latest_items,
        "minor_count": sum(1 for c in latest_items if c["minor"]),
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
    all_ctx = {"changes": list(summaries.values()), "options": _filter_options(data)}
    b.page(
        "changes.html",
        "changes/index.html",
        all_ctx,
        lambda: {**all_ctx, "nav": "changes", "feeds": feed_links("../", ALL_FEED, HIGH_FEED)},
    )
