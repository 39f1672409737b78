"""Storage pipeline: record a version, an unchanged fetch, or a failure."""

from __future__ import annotations

import logging
import os
from typing import Any

from scrapy.crawler import Crawler

from tracker.catalog import load_catalog
from tracker.items import DocumentItem
from tracker.store import (
    default_max_shrink,
    finish_run,
    mark_crashed_runs,
    open_db,
    record_failure,
    record_not_modified,
    record_pages,
    record_skip,
    record_unchanged_source,
    start_run,
    sync_catalog,
)

logger = logging.getLogger(__name__)


class StoragePipeline:
    """Write every fetch attempt to the database given by ``CLAUSEWATCH_DB``.

    When ``CLAUSEWATCH_RUN_ID`` is set (``clausewatch crawl`` does) the attempts join
    that run; otherwise (a bare ``scrapy crawl catalog``) the pipeline opens and closes
    a run of its own.
    """

    def __init__(
        self, db_path: str, run_id: int, catalog_dir: str, max_shrink: float | None = None
    ) -> None:
        self.db_path = db_path
        self.max_shrink = default_max_shrink() if max_shrink is None else max_shrink
        self.run_id = run_id
        self.catalog_dir = catalog_dir
        self.own_run = not run_id
        self.doc_ids: dict[str, int] = {}
        self.db: Any = None
        self.lock: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        s = crawler.settings
        return cls(
            db_path=s.get("CLAUSEWATCH_DB"),
            run_id=s.getint("CLAUSEWATCH_RUN_ID"),
            catalog_dir=s.get("CLAUSEWATCH_CATALOG"),
            max_shrink=s.getfloat("CLAUSEWATCH_MAX_SHRINK", default_max_shrink()),
        )

    def open_spider(self, spider: Any = None) -> None:
        if self.own_run:
            # a bare `scrapy crawl catalog` takes the run lock itself (LockError if busy)
            from tracker.lock import RunLock

            self.lock = RunLock(self.db_path).acquire()
        self.db = open_db(self.db_path)
        catalog = getattr(spider, "catalog", None) or load_catalog(self.catalog_dir)
        self.doc_ids = sync_catalog(self.db, catalog)
        if self.own_run:
            mark_crashed_runs(self.db)
            self.run_id = start_run(self.db, str(self.catalog_dir), os.getpid())

    def close_spider(self, spider: Any = None) -> None:
        if self.own_run and self.db is not None:
            finish_run(self.db, self.run_id)
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def process_item(self, item: DocumentItem, spider: Any = None) -> DocumentItem:
        doc_id = self.doc_ids[item.document.key]
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
        else:
            try:
                if item.markdown is None:
                    # the extraction pipeline found the document's known source: the
                    # fetch is unchanged, unless the database says otherwise by now
                    assert item.source_hash is not None
                    if record_unchanged_source(
                        self.db, self.run_id, doc_id, item.pages, item.source_hash
                    ):
                        return item
                    from tracker.extract import extract_pages_unless
                    from tracker.pipelines.extraction import page_args

                    item.source_hash, item.markdown = extract_pages_unless(page_args(item), None)
                assert item.markdown is not None
                record_pages(
                    self.db,
                    self.run_id,
                    doc_id,
                    item.pages,
                    item.markdown,
                    item.document.declaration(),
                    max_shrink=self.max_shrink,
                    source_hash=item.source_hash,
                )
            except Exception as exc:  # a bug must show up as a failure, never vanish
                logger.exception("storing %s failed", item.document.key)
                record_failure(
                    self.db,
                    self.run_id,
                    doc_id,
                    "internal_error",
                    f"{type(exc).__name__}: {exc}; nothing was written for this fetch",
                    item.pages,
                )
        return item
