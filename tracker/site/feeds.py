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

Titles, channel descriptions and category labels are plain text (:func:`plain_text`):
many readers render a title as HTML, so captured text must carry no markup there, not
even escaped once.  Only an entry's content is HTML (escaped by the template).
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from feedgen.feed import FeedGenerator

from tracker.normalize import strip_links
from tracker.site.data import category_info
from tracker.site.i18n import translator
from tracker.site.paths import category_path, feed_tag, language_tag
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


# Characters XML 1.0 (and so feedgen's lxml) refuses, and bidi controls
_XML_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)


def plain_text(text: str) -> str:
    """A title or description as plain text: no markup, however a reader renders it.

    Entity references are decoded first (``&lt;b&gt;`` is ``<b>``), Markdown links keep
    their words, and angle brackets become ``‹ ›``: no reader can find a tag in it, even
    after decoding it twice.  Control characters go, whitespace is collapsed.
    """
    text = html_lib.unescape(html_lib.unescape(text or ""))
    text = strip_links(text).replace("<", "‹").replace(">", "›")
    return " ".join(_XML_UNSAFE.sub("", text).split())


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML document cannot hold."""
    return _XML_UNSAFE.sub("", text)


def _when(value: str | None) -> datetime:
    if not value:
        return EMPTY_FEED_DATE
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def entry_html(change: dict[str, Any], link: str, language: str = "en") -> str:
    """The entry's content: headline, flags and the changed clauses, as escaped HTML."""
    clauses = [c for c in (change.get("diff") or {}).get("changes") or []]
    return xml_safe(
        environment()
        .get_template("feed_entry.html")
        .render(
            change=change,
            clauses=clauses[:ENTRY_CLAUSES],
            more=max(0, len(clauses) - ENTRY_CLAUSES),
            link=link,
            lang=language,
            dir=translator(language).dir,
        )
    )


class _FeedWriter:
    def __init__(self, builder: Builder) -> None:
        self.b = builder
        # links to this language's pages: the site's address and the language's folder
        self.base = f"{builder.base_url}/{builder.prefix}".rstrip("/") if builder.base_url else ""
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
        lang = self.b.lang
        fg = FeedGenerator()
        fg.id(language_tag(feed_tag(stem), lang))
        fg.title(plain_text(f"clausewatch: {title}"))
        fg.subtitle(plain_text(subtitle))
        fg.description(plain_text(subtitle))
        fg.language(lang)
        fg.author({"name": "clausewatch"})
        fg.generator("clausewatch")
        if self.base:
            fg.link(href=f"{self.base}/{rel}", rel="self")
        fg.link(href=self.url(rel, page), rel="alternate")
        fg.updated(_when(entries[0]["detected_at"]) if entries else EMPTY_FEED_DATE)
        for change in entries:
            link = self.url(rel, change["path"])
            fe = fg.add_entry(order="append")
            fe.id(language_tag(change["tag"], lang))
            fe.guid(language_tag(change["tag"], lang), permalink=False)
            fe.title(
                plain_text(f"{change['service']} · {change['document']}: {change['headline']}")
            )
            fe.link(href=link, rel="alternate")
            fe.updated(_when(change["detected_at"]))
            fe.published(_when(change["detected_at"]))
            fe.author({"name": "clausewatch"})
            for cid in change["categories"]:
                label = next((f["title"] for f in change["flags"] if f["category"] == cid), cid)
                fe.category(term=plain_text(cid), label=plain_text(label))
            memo = (change["fingerprint"], link)
            if memo not in self.content:
                self.content[memo] = entry_html(change, link, lang)
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
    t = builder.t
    substantive = [c for c in data.changes if c["alert"]]  # reverts are not news
    everything, services, documents = (
        t.gettext("Everything"),
        t.gettext("Services"),
        t.gettext("Documents"),
    )
    w.feed(
        everything,
        "feeds/all",
        t.gettext("All substantive changes"),
        t.gettext("Every substantive change to a tracked terms-of-service or policy document."),
        "index.html",
        substantive,
    )
    w.feed(
        everything,
        "feeds/high",
        t.gettext("High-severity changes"),
        t.gettext("Substantive changes that added, removed or changed a high-severity clause."),
        "index.html",
        [c for c in substantive if c["severity"] == "high"],
    )
    for service in data.services:
        w.feed(
            services,
            f"feeds/service/{service['slug']}",
            service["name"],
            t.gettext("Substantive changes to the documents of %(service)s.", service=service["name"]),
            service["path"],
            [c for c in substantive if c["service_slug"] == service["slug"]],
        )
    for doc in data.documents:
        w.feed(
            documents,
            f"feeds/document/{doc['service_slug']}/{doc['slug']}",
            f"{doc['service']} · {doc['terms_type']}",
            t.gettext(
                "Substantive changes to the %(document)s of %(service)s.",
                document=doc["terms_type"],
                service=doc["service"],
            ),
            doc["path"],
            [
                c
                for c in substantive
                if c["service_slug"] == doc["service_slug"] and c["document_slug"] == doc["slug"]
            ],
        )
    for cid in sorted(by_category):
        info = category_info(cid, builder.lang)
        w.feed(
            t.gettext("Categories"),
            f"feeds/category/{cid}",
            info.title,
            t.gettext(
                "Changes that added, removed or changed a clause of this kind: %(category)s.",
                category=info.title,
            ),
            category_path(cid),
            by_category[cid],
        )
    return w.listing
