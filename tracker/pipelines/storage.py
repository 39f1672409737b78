"""Storage pipeline: hand every fetch attempt to the recorder, and nothing else.

A new version, a ``304``, a skip or a failure: the recorder (:mod:`tracker.store.recorder`)
writes each in one transaction.  Unchanged fetches of a known source, the bulk of every
crawl, are written a batch at a time (:class:`tracker.store.fetchlog.UnchangedLog`:
every 200 fetches or 2 seconds, and when the crawl closes).  The analysis of a new
version (diff, flags, headline) is the :class:`~tracker.analysis.Analyser` given to the
recorder, which never imports it; it is made the first time a version changes, so a
crawl where nothing changed loads no differ, flagger or model.  A failed item is
dropped (``DropItem``) once it is recorded, so Scrapy's stats count it as dropped, not
scraped.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from tracker.items import CrawlPlan, DocumentItem
from tracker.store.collapse import ShrinkRule
from tracker.store.db import open_db
from tracker.store.documents import sync_catalog
from tracker.store.fetchlog import Unchanged, UnchangedLog
from tracker.store.lock import RunLock
from tracker.store.recorder import (
    record_failure,
    record_not_modified,
    record_pages,
    record_skip,
)
from tracker.store.runs import finish_run, mark_crashed_runs, start_run

if TYPE_CHECKING:
    from tracker.analysis import Analyser

logger = logging.getLogger(__name__)

#: detail of a known-source fetch that the database no longer agrees with
STALE_SOURCE = (
    "the document's known source changed while this crawl ran; nothing was written for "
    "this fetch, and the next crawl extracts the page in full"
)


def shrink_rule(settings: Any) -> ShrinkRule:
    """The crawl's shrink rule: the ``crawl.*`` settings, or values given with ``-s``."""
    configured = ShrinkRule.from_config()
    return ShrinkRule(
        collapse_share=settings.getfloat("CLAUSEWATCH_COLLAPSE_SHARE", configured.collapse_share),
        collapse_min_words=settings.getint(
            "CLAUSEWATCH_COLLAPSE_MIN_WORDS", configured.collapse_min_words
        ),
        max_shrink=settings.getfloat("CLAUSEWATCH_MAX_SHRINK", configured.max_shrink),
    )


class StoragePipeline:
    """Write every fetch attempt to the database given by ``CLAUSEWATCH_DB``.

    Under ``clausewatch crawl`` the attempts join the run ``CLAUSEWATCH_RUN_ID`` and the
    document ids come from the crawl's plan (the catalog was synced once, before the
    crawl).  A bare ``scrapy crawl catalog`` has neither: the pipeline then takes the
    run lock, syncs the catalog and opens and closes a run of its own.
    """

    def __init__(
        self,
        db_path: str,
        run_id: int,
        catalog_dir: str,
        rule: ShrinkRule | None = None,
        plan: CrawlPlan | None = None,
        analyser: Analyser | None = None,
    ) -> None:
        self.db_path = db_path
        self.rule = rule or ShrinkRule.from_config()
        self.run_id = run_id
        self.catalog_dir = catalog_dir
        self.plan = plan
        self._analyser = analyser
        self.own_run = not run_id
        self.doc_ids: dict[str, int] = dict(plan.document_ids) if plan else {}
        self.db: Any = None
        self.unchanged: UnchangedLog | None = None
        self.lock: RunLock | None = None
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        s = crawler.settings
        pipeline = cls(
            db_path=s.get("CLAUSEWATCH_DB"),
            run_id=s.getint("CLAUSEWATCH_RUN_ID"),
            catalog_dir=s.get("CLAUSEWATCH_CATALOG"),
            rule=shrink_rule(s),
            plan=CrawlPlan.from_settings(s),
        )
        pipeline.crawler = crawler
        return pipeline

    @property
    def analyser(self) -> Analyser:
        """The analysis of new versions, made (and its models loaded) when first needed."""
        if self._analyser is None:
            from tracker.analysis import default_analyser

            self._analyser = default_analyser()
        return self._analyser

    def open_spider(self, spider: Any = None) -> None:
        if self.own_run:
            # a bare `scrapy crawl catalog` takes the run lock itself (LockError if busy)
            self.lock = RunLock(self.db_path).acquire()
        self.db = open_db(self.db_path)
        if self.plan is None:
            # the catalog spider loaded the catalog; sync it once, for this bare crawl
            spider = spider or getattr(self.crawler, "spider", None)
            self.doc_ids = sync_catalog(self.db, spider.catalog)
        if self.own_run:
            mark_crashed_runs(self.db)
            self.run_id = start_run(self.db, str(self.catalog_dir), os.getpid())
        self.unchanged = UnchangedLog(self.db, self.run_id)

    def close_spider(self, spider: Any = None) -> None:
        if self.unchanged is not None:
            self._stale(self.unchanged.flush())
        if self.own_run and self.db is not None:
            finish_run(self.db, self.run_id)
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def process_item(self, item: DocumentItem) -> DocumentItem:
        doc_id = self.doc_ids[item.document.key]
        try:
            self._record(doc_id, item)
        except Exception as exc:  # a bug must show up as a failure, never vanish
            logger.exception("storing %s failed", item.document.key)
            item.fail(
                "internal_error", f"{type(exc).__name__}: {exc}; nothing was written for this fetch"
            )
            record_failure(
                self.db, self.run_id, doc_id, "internal_error", item.error_detail or "", item.pages
            )
        if item.failed:
            raise DropItem(f"{item.document.key}: {item.error_reason}", log_level="INFO")
        return item

    def _record(self, doc_id: int, item: DocumentItem) -> None:
        if item.error_reason == "needs_browser":
            record_skip(self.db, self.run_id, doc_id, item.error_reason, item.error_detail or "")
        elif item.failed:
            record_failure(
                self.db,
                self.run_id,
                doc_id,
                item.error_reason or "unknown",
                item.error_detail or "",
                item.pages,
                url=item.document.url,
            )
        elif item.not_modified:
            record_not_modified(self.db, self.run_id, doc_id, item.pages, item.validators)
        elif item.markdown is None:
            # the extraction pipeline found the document's known source: unchanged
            assert item.source_hash is not None and self.unchanged is not None
            self._stale(
                self.unchanged.add(doc_id, item.pages, item.source_hash, item.body_hash), item
            )
        else:
            record_pages(
                self.db,
                self.run_id,
                doc_id,
                item.pages,
                item.markdown,
                item.document.declaration(),
                analyser=self.analyser,
                rule=self.rule,
                source_hash=item.source_hash,
                body_hash=item.body_hash,
            )

    def _stale(self, stale: list[Unchanged], item: DocumentItem | None = None) -> None:
        """Record as failed the unchanged fetches whose known source changed meanwhile."""
        for fetch in stale:
            if item is not None and self.doc_ids.get(item.document.key) == fetch.document_id:
                item.fail("internal_error", STALE_SOURCE)
            logger.warning("document %s: %s", fetch.document_id, STALE_SOURCE)
            record_failure(self.db, self.run_id, fetch.document_id, "internal_error", STALE_SOURCE)
