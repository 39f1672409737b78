"""Build the static site (pages, feeds, search index) from the database.

Every page is written with relative links, so the site works from ``file://`` and
from any static host; the feeds, the calendar, canonical links and citations use the
configurable base URL for absolute links.  Page layout::

    index.html                                    recent high-severity and latest changes
    changes/index.html                            every change by month, with filters
    services/index.html                           every service
    services/<service>/index.html                 scorecard: flags today, timeline, changes
    services/<service>/<doc>/index.html           current text, versions, changes
    services/<service>/<doc>/compare.html         any two versions, clause by clause
    services/<service>/<doc>/versions.json, .js   every version's text (downloads, compare)
    services/<service>/<doc>/changes.json, .js    every change as recorded (downloads)
    services/<service>/<doc>/versions/<n>.html    archived version n
    services/<service>/<doc>/changes/<n>.html     the change that produced version n
    categories/index.html, categories/<id>.html   flag categories and their changes
    matrix.html                                   services × categories present now
    feeds/index.html                              every feed, how to subscribe
    health.html, feeds/problems.atom|.rss         each document's tracking health, and
                                                  the maintainers' feed of problems
    feeds/effective-dates.ics                     calendar of announced effective dates
    search.html, search-index.json                client-side search (assets/search-*.js)

Builds are incremental (:mod:`tracker.site.builder`), all or nothing, and never touch
anything outside ``out`` (:mod:`tracker.site.output`).  One document that cannot be
built is reported (:attr:`BuildReport.problems`); every other page is built.

The site reads only the database: it never runs the differ or the flagger.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from tracker.errors import SiteError, describe_os_error
from tracker.normalize import shown, unsafe_characters
from tracker.site import pages
from tracker.site.builder import LEGACY_MANIFEST, Builder, BuildReport, manifest_path
from tracker.site.calendar import write_calendar
from tracker.site.data import SiteData, load_site_data
from tracker.site.feeds import write_feeds
from tracker.site.health import health_page, health_rows, problems_feed
from tracker.site.listing import home_and_lists
from tracker.site.output import Output, check_out
from tracker.site.scorecard import service_pages
from tracker.site.search import search_pages

__all__ = ["BuildReport", "build_site"]

#: the characters a URL keeps as they are when the others are percent-encoded
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def build_date() -> date:
    """The day the site is built for: ``$SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()


def build_site(
    db: Database,
    out: str | Path,
    base_url: str | None = None,
    force: bool = False,
    today: date | None = None,
) -> BuildReport:
    """Render every page and feed of the site into ``out``; return what was written.

    ``today`` (default :func:`build_date`) is the day "the last 90 days" and "not yet in
    effect" are counted from.  Raises :class:`SiteError` for an output folder that must
    not be used (the root folder, the home folder, a non-empty folder an earlier build
    did not make, unless ``force``) and when the disk is full; the published site is
    then left as it was.
    """
    started = time.perf_counter()
    today = today or build_date()
    out = Path(out)
    folder = check_out(out, force, (manifest_path(out), out / LEGACY_MANIFEST))
    _refuse_database_inside(db, folder)
    output = Output(folder)
    try:
        b = Builder(db, out, base_url, output.begin())
        if not output.staged:
            b.save_manifest(complete=False)  # a killed in-place build is resumed, not trusted
        _render(b, load_site_data(db), today)
        b.remove_stale()
        output.commit()
    except OSError as exc:
        staged = output.staged
        output.abort()
        raise SiteError(
            f"cannot build the site {describe_os_error(exc, str(out))}"
            + ("; the published site was left as it was" if staged else "")
        ) from exc
    except BaseException:
        output.abort()
        raise
    b.save_manifest()
    b.report.seconds = round(time.perf_counter() - started, 3)
    return b.report


def _refuse_database_inside(db: Database, folder: Path) -> None:
    """The database must not be inside the site: it would be published with it."""
    for row in db.execute("PRAGMA database_list").fetchall():
        path = Path(row[2]).resolve() if row[2] else None
        if path is not None and (path == folder or folder in path.parents):
            raise SiteError(
                f"{folder}: the database {path} is inside this folder and would be "
                "published with the site; build into another folder"
            )


def _render(b: Builder, data: SiteData, today: date) -> None:
    """Every page and feed, from the site's data."""
    _safe_names(data)
    _drop_colliding_documents(b, data)
    if not b.base_url:
        b.report.notes.append(
            "no --base-url: links in the feeds are relative to each feed file; set "
            "--base-url (or $CLAUSEWATCH_BASE_URL) to the site's public address"
        )
    if data.unflagged:
        b.report.notes.append(
            f"{data.unflagged} current version(s) have no stored flags (recorded by an "
            "older clausewatch): run 'clausewatch reanalyse' to compute them"
        )
    pages.assets(b)
    summaries = pages.summaries(data)
    home_and_lists(b, data, summaries, today)
    pages.services_page(b, data)
    service_pages(b, data, summaries, today)
    by_category = pages.category_pages(b, data, summaries)
    pages.matrix_page(b, data)
    listing = write_feeds(b, data, by_category)
    health = health_rows(b.db)
    health_page(b, health)
    listing.append(problems_feed(b, health))
    write_calendar(b, data)
    pages.feeds_page(b, listing)
    search_pages(b, data)


def _safe_names(data: SiteData) -> None:
    """Names as shown: control and bidi characters as visible escapes (never raw)."""
    for service in data.services:
        service["name"] = shown(service["name"])
    for doc in data.documents:
        doc["service"], doc["terms_type"] = shown(doc["service"]), shown(doc["terms_type"])
        doc["url"] = _safe_url(doc.get("url"))
    for rows in data.versions.values():
        for row in rows:
            row["source_urls"] = [_safe_url(u) for u in row.get("source_urls") or []]
    for change in data.changes:
        change["service"] = shown(change["service"])
        change["document"] = shown(change["document"])
        change["url"] = _safe_url(change.get("url"))


def _safe_url(url: str | None) -> str | None:
    """A URL with control and bidi characters percent-encoded (as a browser would)."""
    if url and unsafe_characters(url):
        return quote(url, safe=_URL_SAFE)
    return url


def _drop_colliding_documents(b: Builder, data: SiteData) -> None:
    """Two documents whose pages would be the same folder: the first is built, one report.

    ``catalog check`` refuses such names; a database may still hold both (a document
    declared as "Terms of Service", later as "terms-of-service").
    """
    first: dict[tuple[str, str], dict] = {}
    dropped: set[tuple[str, str]] = set()
    for doc in data.documents:
        where = (doc["service_slug"], doc["slug"])
        if where not in first:
            first[where] = doc
            continue
        dropped.add((doc["service"], doc["terms_type"]))
        kept = first[where]
        b.report.problems.append(
            f"{b.out / 'services' / where[0] / where[1]}: the documents "
            f'"{kept["terms_type"]}" and "{doc["terms_type"]}" of {doc["service"]} would have '
            f'the same pages; only "{kept["terms_type"]}" is built: rename the other in its '
            "declaration"
        )
    if dropped:
        data.documents = [
            d for d in data.documents if (d["service"], d["terms_type"]) not in dropped
        ]
        data.changes = [c for c in data.changes if (c["service"], c["document"]) not in dropped]
