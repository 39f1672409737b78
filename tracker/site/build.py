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
    feeds/effective-dates.ics                     calendar of announced effective dates
    search.html, search-index.json                client-side search (assets/search-*.js)

Builds are incremental (:mod:`tracker.site.builder`).

The site reads only the database: it never runs the differ or the flagger.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlite_utils import Database

from tracker.site import pages
from tracker.site.builder import Builder, BuildReport
from tracker.site.calendar import write_calendar
from tracker.site.data import load_site_data
from tracker.site.feeds import write_feeds
from tracker.site.listing import home_and_lists
from tracker.site.scorecard import service_pages
from tracker.site.search import search_pages

__all__ = ["BuildReport", "build_site"]


def build_date() -> date:
    """The day the site is built for: ``$SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()


def build_site(
    db: Database, out: str | Path, base_url: str | None = None, today: date | None = None
) -> BuildReport:
    """Render every page and feed of the site into ``out``; return what was written.

    ``today`` (default :func:`build_date`) is the day "the last 90 days" and "not yet in
    effect" are counted from.
    """
    started = time.perf_counter()
    today = today or build_date()
    b = Builder(db, Path(out), base_url)
    data = load_site_data(db)
    if not b.base_url:
        b.report.notes.append(
            "no --base-url: links in the feeds are relative to each feed file; set "
            "--base-url (or $CLAUSEWATCH_BASE_URL) to the site's public address"
        )
    if data.unflagged:
        b.report.notes.append(
            f"{data.unflagged} current version(s) have no stored flags (recorded by an "
            "older clausewatch): run 'clausewatch reextract' to compute them"
        )
    pages.assets(b)
    summaries = pages.summaries(data)
    home_and_lists(b, data, summaries, today)
    pages.services_page(b, data)
    service_pages(b, data, summaries, today)
    by_category = pages.category_pages(b, data, summaries)
    pages.matrix_page(b, data)
    listing = write_feeds(b, data, by_category)
    write_calendar(b, data)
    pages.feeds_page(b, listing)
    search_pages(b, data)
    b.remove_stale()
    b.save_manifest()
    b.report.seconds = round(time.perf_counter() - started, 3)
    return b.report
