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
from tracker.site.i18n import N_, Translator, translator
from tracker.site.localize import document_name
from tracker.site.paths import ALL_FEED, document_path, feed_links, feed_tag, language_tag
from tracker.store.queries import document_health, problem_started

if TYPE_CHECKING:
    from tracker.site.builder import Builder

HEALTH_PAGE = "health.html"
PROBLEMS_FEED = (N_("Tracking problems"), "feeds/problems")

STATUS_LABEL = {
    "ok": N_("ok"),
    "pending": N_("not fetched yet"),
    "failing": N_("failing"),
    "held_back": N_("held back"),
    "suspect": N_("suspect collapse"),
    "skipped": N_("skipped"),
}


def _when(value: str | None) -> datetime:
    if not value:
        return EMPTY_FEED_DATE
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def anchor(row: dict[str, Any]) -> str:
    """The fragment id of a document's row on the health page."""
    return f"h-{row['service_slug']}-{row['document_slug']}"


def _what_to_do(row: dict[str, Any], t: Translator) -> str | None:
    """What a maintainer should do (the commands name the document as declared)."""
    if row["status"] == "suspect":
        return t.gettext(
            "Fix the declaration's selector (try one with clausewatch catalog try URL "
            "--select SELECTOR; the next crawl then ends the suspect state), or, if the "
            "publisher really cut the document, accept the cut with %(command)s",
            command=f'clausewatch confirm "{row["service"]}" "{row["terms_type"]}"',
        )
    if row["status"] == "failing":
        return t.gettext(
            "Check the page and its declaration: %(command)s",
            command=f'clausewatch catalog try DECLARATION.json --type "{row["terms_type"]}"',
        )
    if row["status"] == "held_back":
        return t.gettext(
            "Nothing: the next run records the shorter text if the page still gives it."
        )
    return None


def _status_label(status: str, t: Translator) -> str:
    label = STATUS_LABEL.get(status)
    return t.gettext(label) if label else status


def in_language(rows: list[dict[str, Any]], t: Translator) -> list[dict[str, Any]]:
    """The rows with their labels, advice and document names in ``t``'s language.

    What went wrong (``problem``, ``reason``, ``detail``) is recorded in English by the
    crawler and stays so (the page marks it as English).
    """
    return [
        row
        | {
            "document": document_name(row["terms_type"], t.language),
            "status_label": _status_label(row["status"], t),
            "what_to_do": _what_to_do(row, t),
            "feed_title": _feed_title(row, t),
        }
        for row in rows
    ]


def health_rows(db: Any) -> list[dict[str, Any]]:
    """Every document's health with what the page and the feed show (problems first)."""
    english = translator("en")
    rows = []
    for row in document_health(db):
        rows.append(
            {
                # names as shown: control and bidi characters as visible escapes
                "service": shown(row["service"]),
                "document": shown(row["document"]),
                "terms_type": shown(row["document"]),
                "path": document_path(row["service_slug"], row["document_slug"]),
                "slug": f"{row['service_slug']}/{row['document_slug']}",
                "anchor": anchor(row),
                "status": row["status"] or "pending",
                "status_label": _status_label(row["status"] or "pending", english),
                "needs_attention": row["needs_attention"],
                "last_success_at": row["last_success_at"],
                "last_attempt_at": row["last_attempt_at"],
                "reason": row["last_failure_description"] if row["needs_attention"] else None,
                "detail": row["last_failure_detail"] if row["needs_attention"] else None,
                "problem": row["problem"],
                "feed_title": None,
                "started": problem_started(db, row),
                "proposal": row["proposal"],
                "what_to_do": None,
                "versions": row["versions"],
            }
        )
    rows.sort(key=lambda r: not r["needs_attention"])  # stable: by service, then type
    return in_language(rows, english)


def _feed_title(row: dict[str, Any], t: Translator) -> str | None:
    """A problem's entry title: stable while the problem lasts (no counts that grow)."""
    if not row["needs_attention"]:
        return None
    if row["status"] == "failing":
        since = t.short_date(row["last_success_at"]) if row["last_success_at"] else None
        problem = t.gettext(
            "not tracked since %(since)s: %(reason)s",
            since=since or t.gettext("never"),
            reason=row["reason"],
        )
    else:
        problem = row["problem"]
    name = document_name(row["terms_type"], t.language)
    return f"{row['service']} · {name}: {problem}"


def health_page(b: Builder, rows: list[dict[str, Any]]) -> None:
    """``health.html``: every document's health, problems first."""
    rows = in_language(rows, b.t)
    ctx = {
        "documents": rows,
        "problems": [r for r in rows if r["needs_attention"]],
    }
    b.page(
        "health.html",
        HEALTH_PAGE,
        ctx,
        lambda: {
            **ctx,
            "nav": "health",
            "feeds": feed_links("./", b.t, PROBLEMS_FEED, ALL_FEED),
        },
    )


def _entry_html(row: dict[str, Any], language: str) -> str:
    from tracker.site.templating import environment

    return environment().get_template("problem_entry.html").render(row=row, lang=language)


def problems_feed(b: Builder, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """``feeds/problems.atom`` / ``.rss``: one entry per current tracking problem.

    An entry's id names the document, the kind of problem and when it began, so a
    problem that lasts is one entry, and a new one is a new entry.  Returns the
    feeds page's listing entry.
    """
    rows = in_language(rows, b.t)
    title, stem = b.t.gettext(PROBLEMS_FEED[0]), PROBLEMS_FEED[1]
    problems = sorted(
        (r for r in rows if r["needs_attention"]),
        key=lambda r: (r["started"] or "", r["service"], r["document"]),
        reverse=True,
    )
    entries = [
        {
            "id": language_tag(
                f"{feed_tag(stem)}/{r['slug']}/{r['status']}/{r['started'] or ''}", b.lang
            ),
            "title": r["feed_title"],
            "when": r["started"],
            "anchor": r["anchor"],
            "html": _entry_html(r, b.lang),
        }
        for r in problems
    ]
    key = [stem, entries]
    cache: dict[str, FeedGenerator] = {}
    base = f"{b.base_url}/{b.prefix}".rstrip("/") if b.base_url else ""

    def generator(fmt: str) -> FeedGenerator:
        if fmt not in cache:
            cache[fmt] = _generator(base, stem, fmt, title, entries, b.t)
        return cache[fmt]

    b.emit(f"{stem}.atom", key, lambda: generator("atom").atom_str(pretty=True))
    b.emit(f"{stem}.rss", key, lambda: generator("rss").rss_str(pretty=True))
    return {
        "group": b.t.gettext("Maintainers"),
        "title": title,
        "atom": f"{stem}.atom",
        "rss": f"{stem}.rss",
        "page": HEALTH_PAGE,
        "count": len(entries),
        "unit": "problem",
    }


def _generator(
    base: str, stem: str, fmt: str, title: str, entries: list[dict[str, Any]], t: Translator
) -> FeedGenerator:
    rel = f"{stem}.{fmt}"

    def url(site_rel: str) -> str:
        return f"{base}/{site_rel}" if base else "../" * rel.count("/") + site_rel

    fg = FeedGenerator()
    fg.id(language_tag(feed_tag(stem), t.language))
    fg.title(f"clausewatch: {title}")
    subtitle = t.gettext(
        "Documents whose tracking needs a person: failing fetches, held-back shrinks and "
        "suspect collapses (a selector that probably broke). For maintainers."
    )
    fg.subtitle(subtitle)
    fg.description(subtitle)
    fg.language(t.language)
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
