"""Build the static site (pages, feeds, search index) from the database.

Every page is written with relative links, so the site works from ``file://`` and
from any static host; only the feeds use the configurable base URL for absolute
links.  Page layout::

    index.html                                    latest substantive changes
    changes/index.html                            every change, minor ones included
    services/index.html                           every service
    services/<service>/index.html                 its documents and timeline
    services/<service>/<doc>/index.html           current text, versions, changes
    services/<service>/<doc>/versions/<n>.html    archived version n
    services/<service>/<doc>/changes/<n>.html     the change that produced version n
    categories/index.html, categories/<id>.html   flag categories and their changes
    matrix.html                                   services × categories present now
    feeds/index.html                              every feed, how to subscribe
    health.html, feeds/problems.atom|.rss         each document's tracking health, and
                                                  the maintainers' feed of problems
    search.html, search-index.json                client-side search

Builds are incremental (:mod:`tracker.site.builder`).

The site reads only the database: it never runs the differ or the flagger.
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlite_utils import Database

from tracker.site import pages
from tracker.site.builder import Builder, BuildReport
from tracker.site.data import load_site_data
from tracker.site.feeds import write_feeds
from tracker.site.health import health_page, health_rows, problems_feed

__all__ = ["BuildReport", "build_site"]


def build_site(db: Database, out: str | Path, base_url: str | None = None) -> BuildReport:
    """Render every page and feed of the site into ``out``; return what was written."""
    started = time.perf_counter()
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
    pages.home_and_lists(b, data, summaries)
    pages.service_pages(b, data, summaries)
    by_category = pages.category_pages(b, data, summaries)
    pages.matrix_page(b, data)
    listing = write_feeds(b, data, by_category)
    health = health_rows(db)
    health_page(b, health)
    listing.append(problems_feed(b, health))
    pages.feeds_page(b, listing)
    pages.search_pages(b, data)
    b.remove_stale()
    b.save_manifest()
    b.report.seconds = round(time.perf_counter() - started, 3)
    return b.report
