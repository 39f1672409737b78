"""The health page and the maintainers' feed of tracking problems.

``health.html`` lists every document's health: its last good fetch, why the last
fetch failed, a suspect collapse (a selector that broke in a redesign: the text shrank
to a heading or a fragment) and the selector doctor's proposal when there is one.
``feeds/problems.atom`` / ``.rss`` carry one entry per current problem (failing,
held back, suspect), for the people who keep the catalog working.

A suspect document appears nowhere else on the site: its collapsed text is never a
version, a change or an entry of the readers' feeds.  Everything here is read from
the database (:func:`tracker.store.queries.document_health`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from feedgen.feed import FeedGenerator

from tracker.normalize import shown
from tracker.site.feeds import EMPTY_FEED_DATE
from tracker.site.paths import ALL_FEED, document_path, feed_links, feed_tag
from tracker.store.queries import document_health, problem_started

if TYPE_CHECKING:
    from tracker.site.builder import Builder

HEALTH_PAGE = "health.html"
PROBLEMS_FEED = ("Tracking problems", "feeds/problems")

STATUS_LABEL = {
    "ok": "ok",
    "pending": "not fetched yet",
    "failing": "failing",
    "held_back": "held back",
    "suspect": "suspect collapse",
    "skipped": "skipped",
}


def _when(value: str | None) -> datetime:
    if not value:
        return EMPTY_FEED_DATE
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def anchor(row: dict[str, Any]) -> str:
    """The fragment id of a document's row on the health page."""
    return f"h-{row['service_slug']}-{row['document_slug']}"


def _what_to_do(row: dict[str, Any]) -> str | None:
    if row["status"] == "suspect":
        return (
            "Fix the declaration's selector (try one with clausewatch catalog try URL "
            "--select SELECTOR; the next crawl then ends the suspect state), or, if the "
            "publisher really cut the document, accept the cut with "
            f'clausewatch confirm "{row["service"]}" "{row["document"]}"'
        )
    if row["status"] == "failing":
        return (
            "Check the page and its declaration: clausewatch catalog try DECLARATION.json "
            f'--type "{row["document"]}"'
        )
    if row["status"] == "held_back":
        return "Nothing: the next run records the shorter text if the page still gives it."
    return None


def health_rows(db: Any) -> list[dict[str, Any]]:
    """Every document's health with what the page and the feed show (problems first)."""
    rows = []
    for row in document_health(db):
        rows.append(
            {
                # names as shown: control and bidi characters as visible escapes
                "service": shown(row["service"]),
                "document": shown(row["document"]),
                "path": document_path(row["service_slug"], row["document_slug"]),
                "slug": f"{row['service_slug']}/{row['document_slug']}",
                "anchor": anchor(row),
                "status": row["status"] or "pending",
                "status_label": STATUS_LABEL.get(row["status"] or "pending", row["status"]),
                "needs_attention": row["needs_attention"],
                "last_success_at": row["last_success_at"],
                "last_attempt_at": row["last_attempt_at"],
                "reason": row["last_failure_description"] if row["needs_attention"] else None,
                "detail": row["last_failure_detail"] if row["needs_attention"] else None,
                "problem": row["problem"],
                "feed_title": _feed_title(row),
                "started": problem_started(db, row),
                "proposal": row["proposal"],
                "what_to_do": _what_to_do(row),
                "versions": row["versions"],
            }
        )
    rows.sort(key=lambda r: not r["needs_attention"])  # stable: by service, then type
    return rows


def _feed_title(row: dict[str, Any]) -> str | None:
    """A problem's entry title: stable while the problem lasts (no counts that grow)."""
    if not row["needs_attention"]:
        return None
    if row["status"] == "failing":
        since = (row["last_success_at"] or "")[:10] or "never"
        problem = f"not tracked since {since}: {row['last_failure_description']}"
    else:
        problem = row["problem"]
    return f"{row['service']} · {row['document']}: {problem}"


def health_page(b: Builder, rows: list[dict[str, Any]]) -> None:
    """``health.html``: every document's health, problems first."""
    ctx = {
        "documents": rows,
        "problems": [r for r in rows if r["needs_attention"]],
    }
    b.page(
        "health.html",
        HEALTH_PAGE,
        ctx,
        lambda: {**ctx, "nav": "health", "feeds": feed_links("./", PROBLEMS_FEED, ALL_FEED)},
    )


def _entry_html(row: dict[str, Any]) -> str:
    from tracker.site.templating import environment

    return environment().get_template("problem_entry.html").render(row=row)


def problems_feed(b: Builder, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """``feeds/problems.atom`` / ``.rss``: one entry per current tracking problem.

    An entry's id names the document, the kind of problem and when it began, so a
    problem that lasts is one entry, and a new one is a new entry.  Returns the
    feeds page's listing entry.
    """
    title, stem = PROBLEMS_FEED
    problems = sorted(
        (r for r in rows if r["needs_attention"]),
        key=lambda r: (r["started"] or "", r["service"], r["document"]),
        reverse=True,
    )
    entries = [
        {
            "id": f"{feed_tag(stem)}/{r['slug']}/{r['status']}/{r['started'] or ''}",
            "title": r["feed_title"],
            "when": r["started"],
            "anchor": r["anchor"],
            "html": _entry_html(r),
        }
        for r in problems
    ]
    key = [stem, entries]
    cache: dict[str, FeedGenerator] = {}

    def generator(fmt: str) -> FeedGenerator:
        if fmt not in cache:
            cache[fmt] = _generator(b.base_url, stem, fmt, title, entries)
        return cache[fmt]

    b.emit(f"{stem}.atom", key, lambda: generator("atom").atom_str(pretty=True))
    b.emit(f"{stem}.rss", key, lambda: generator("rss").rss_str(pretty=True))
    return {
        "group": "Maintainers",
        "title": title,
        "atom": f"{stem}.atom",
        "rss": f"{stem}.rss",
        "page": HEALTH_PAGE,
        "count": len(entries),
        "unit": "problem",
    }


def _generator(
    base: str, stem: str, fmt: str, title: str, entries: list[dict[str, Any]]
) -> FeedGenerator:
    rel = f"{stem}.{fmt}"

    def url(site_rel: str) -> str:
        return f"{base}/{site_rel}" if base else "../" * rel.count("/") + site_rel

    fg = FeedGenerator()
    fg.id(feed_tag(stem))
    fg.title(f"clausewatch: {title}")
    subtitle = (
        "Documents whose tracking needs a person: failing fetches, held-back shrinks and "
        "suspect collapses (a selector that probably broke). For maintainers."
    )
    fg.subtitle(subtitle)
    fg.description(subtitle)
    fg.language("en")
    fg.author({"name": "clausewatch"})
    fg.generator("clausewatch")
    if base:
        fg.link(href=f"{base}/{rel}", rel="self")
    fg.link(href=url(HEALTH_PAGE), rel="alternate")
    fg.updated(max((_when(e["when"]) for e in entries), default=EMPTY_FEED_DATE))
    for e in entries:
        fe = fg.add_entry(order="append")
        fe.id(e["id"])
        fe.guid(e["id"], permalink=False)
        fe.title(e["title"])
        fe.link(href=url(f"{HEALTH_PAGE}#{e['anchor']}"), rel="alternate")
        fe.updated(_when(e["when"]))
        fe.published(_when(e["when"]))
        fe.author({"name": "clausewatch"})
        fe.content(e["html"], type="html")
        if fmt == "rss":
            fe.description(e["html"])
    return fg
