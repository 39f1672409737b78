"""Atom and RSS 2.0 feeds of changes, built with feedgen.

Feeds (each as ``.atom`` and ``.rss``)::

    feeds/all                         every substantive change
    feeds/high                        substantive changes with a high-severity flag
    feeds/service/<service>           one service's substantive changes
    feeds/document/<service>/<doc>    one document's substantive changes
    feeds/category/<category id>      every change that added, removed or changed a
                                      clause of that category

Each entry carries the headline, the flags and a compact annotated diff as HTML.  Its
id is the change's ``tag:`` URI (:func:`tracker.site.paths.change_tag`), which names the
service, the document and the version the change produced, so it stays the same
across rebuilds and across ``clausewatch reextract``.  Links are absolute when the
site has a base URL, else relative to the feed file.  A feed's ``updated`` is the time
of its newest entry, so an unchanged feed is byte-identical from one build to the next.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from feedgen.feed import FeedGenerator

from tracker.site.data import category_info
from tracker.site.paths import category_path, feed_tag
from tracker.site.templating import environment

if TYPE_CHECKING:
    from tracker.site.builder import Builder
    from tracker.site.data import SiteData

#: entries per feed (newest first)
FEED_LIMIT = 50
#: changed clauses shown in an entry before "… and N more"
ENTRY_CLAUSES = 12
#: a fixed date for a feed with no entry yet (never the build time)
EMPTY_FEED_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def _when(value: str | None) -> datetime:
    if not value:
        return EMPTY_FEED_DATE
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def entry_html(change: dict[str, Any], link: str) -> str:
    """The entry's content: headline, flags and the changed clauses, as escaped HTML."""
    clauses = [c for c in (change.get("diff") or {}).get("changes") or []]
    return (
        environment()
        .get_template("feed_entry.html")
        .render(
            change=change,
            clauses=clauses[:ENTRY_CLAUSES],
            more=max(0, len(clauses) - ENTRY_CLAUSES),
            link=link,
        )
    )


class _FeedWriter:
    def __init__(self, builder: Builder) -> None:
        self.b = builder
        self.base = builder.base_url
        self.content: dict[tuple[str, str], str] = {}  # (change, link) -> entry HTML
        self.listing: list[dict[str, Any]] = []

    def url(self, feed_rel: str, site_rel: str) -> str:
        """A link to ``site_rel`` as written in the feed file ``feed_rel``."""
        if self.base:
            return f"{self.base}/{site_rel}"
        return "../" * feed_rel.count("/") + site_rel

    def feed(
        self,
        group: str,
        stem: str,
        title: str,
        subtitle: str,
        page: str,
        changes: list[dict[str, Any]],
    ) -> None:
        entries = changes[:FEED_LIMIT]
        key = [stem, title, subtitle, page, [c["fingerprint"] for c in entries]]
        self.listing.append(
            {
                "group": group,
                "title": title,
                "atom": f"{stem}.atom",
                "rss": f"{stem}.rss",
                "page": page,
                "count": len(changes),
            }
        )
        cache: dict[str, FeedGenerator] = {}

        def generator(fmt: str) -> FeedGenerator:
            if fmt not in cache:
                cache[fmt] = self._generator(stem, fmt, title, subtitle, page, entries)
            return cache[fmt]

        self.b.emit(
            f"{stem}.atom", key, lambda: self._with_base(generator("atom").atom_str(pretty=True))
        )
        self.b.emit(f"{stem}.rss", key, lambda: generator("rss").rss_str(pretty=True))

    def _with_base(self, atom: bytes) -> bytes:
        """Put ``xml:base`` (the site's address) on the Atom root when there is a base URL."""
        if not self.base:
            return atom
        base = escape(self.base + "/", {'"': "&quot;"}).encode("utf-8")
        return atom.replace(b"<feed ", b'<feed xml:base="' + base + b'" ', 1)

    def _generator(
        self,
        stem: str,
        fmt: str,
        title: str,
        subtitle: str,
        page: str,
        entries: list[dict[str, Any]],
    ) -> FeedGenerator:
        rel = f"{stem}.{fmt}"
        fg = FeedGenerator()
        fg.id(feed_tag(stem))
        fg.title(f"clausewatch: {title}")
        fg.subtitle(subtitle)
        fg.description(subtitle)
        fg.language("en")
        fg.author({"name": "clausewatch"})
        fg.generator("clausewatch")
        if self.base:
            fg.link(href=f"{self.base}/{rel}", rel="self")
        fg.link(href=self.url(rel, page), rel="alternate")
        fg.updated(_when(entries[0]["detected_at"]) if entries else EMPTY_FEED_DATE)
        for change in entries:
            link = self.url(rel, change["path"])
            fe = fg.add_entry(order="append")
            fe.id(change["tag"])
            fe.guid(change["tag"], permalink=False)
            fe.title(f"{change['service']} · {change['document']}: {change['headline']}")
            fe.link(href=link, rel="alternate")
            fe.updated(_when(change["detected_at"]))
            fe.published(_when(change["detected_at"]))
            fe.author({"name": "clausewatch"})
            for cid in change["categories"]:
                fe.category(
                    term=cid,
                    label=next((f["title"] for f in change["flags"] if f["category"] == cid), cid),
                )
            memo = (change["fingerprint"], link)
            if memo not in self.content:
                self.content[memo] = entry_html(change, link)
            html = self.content[memo]
            fe.content(html, type="html")
            if fmt == "rss":
                fe.description(html)
        return fg


def write_feeds(
    builder: Builder, data: SiteData, by_category: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Write every feed through the builder; return the listing for the feeds page."""

    w = _FeedWriter(builder)
    substantive = [c for c in data.changes if c["alert"]]  # reverts are not news
    w.feed(
        "Everything",
        "feeds/all",
        "All substantive changes",
        "Every substantive change to a tracked terms-of-service or policy document.",
        "index.html",
        substantive,
    )
    w.feed(
        "Everything",
        "feeds/high",
        "High-severity changes",
        "Substantive changes that added, removed or changed a high-severity clause.",
        "index.html",
        [c for c in substantive if c["severity"] == "high"],
    )
    for service in data.services:
        w.feed(
            "Services",
            f"feeds/service/{service['slug']}",
            service["name"],
            f"Substantive changes to the documents of {service['name']}.",
            service["path"],
            [c for c in substantive if c["service_slug"] == service["slug"]],
        )
    for doc in data.documents:
        w.feed(
            "Documents",
            f"feeds/document/{doc['service_slug']}/{doc['slug']}",
            f"{doc['service']} · {doc['terms_type']}",
            f"Substantive changes to the {doc['terms_type']} of {doc['service']}.",
            doc["path"],
            [
                c
                for c in substantive
                if c["service_slug"] == doc["service_slug"] and c["document_slug"] == doc["slug"]
            ],
        )
    for cid in sorted(by_category):
        info = category_info(cid)
        w.feed(
            "Categories",
            f"feeds/category/{cid}",
            info.title,
            f"Changes that added, removed or changed a clause of this kind: {info.title}.",
            category_path(cid),
            by_category[cid],
        )
    return w.listing
