"""Extraction pipeline: raw pages → Markdown, or an extraction failure.

Two things keep a crawl of thousands of pages fast without skipping any page:

- **Known sources.** The crawl's plan (:class:`tracker.items.CrawlPlan`) holds each
  document's known source.  Every page is parsed and its declaration's selectors applied;
  the selected fragments are hashed with the extractor's own fingerprint
  (:func:`tracker.extract.extract_pages_unless`).  When the hash is the document's
  known source (the last good fetch, whose text is still the latest version's), the
  Markdown conversion, the costly half, is skipped: it would give that same text.
  The storage pipeline checks the hash again in its transaction and records the
  fetch as unchanged, or converts the page after all.
- **Worker processes.** Scrapy's reactor runs on one core; extraction runs in a pool
  of ``CLAUSEWATCH_EXTRACT_WORKERS`` processes (``auto``: one per core but the one the
  crawl process keeps busy, at most 4, for catalogs of at least
  :data:`POOL_MIN_DOCUMENTS` documents on a machine with two cores or more; ``0``: in
  the crawl process).  A broken pool falls back to in-process extraction.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import os
from typing import Any

from scrapy.crawler import Crawler

from tracker.content import content_kind, extract_document
from tracker.errors import ExtractionError
from tracker.extract import decode_html
from tracker.items import CrawlPlan, DocumentItem
from tracker.pdf import PdfError

logger = logging.getLogger(__name__)

POOL_MIN_DOCUMENTS = 16


def page_args(item: DocumentItem) -> list[tuple[str | bytes, dict[str, Any], str]]:
    """``(html, {"select", "remove"}, base_url)`` for every fetched page of ``item``.

    The body is decoded with the HTTP charset first (then ``<meta charset>``, else UTF-8).
    A PDF stays bytes, with ``"pdf": True`` in its spec (:mod:`tracker.content`).
    """
    args: list[tuple[str | bytes, dict[str, Any], str]] = []
    for page, spec in zip(item.pages, item.document.pages, strict=True):
        selectors: dict[str, Any] = {"select": list(spec.select), "remove": list(spec.remove)}
        if content_kind(page.body, page.content_type) == "pdf":
            args.append((page.body, {**selectors, "pdf": True}, page.final_url or page.url))
        else:
            args.append(
                (decode_html(page.body, page.content_type), selectors, page.final_url or page.url)
            )
    return args


def _worker_count(value: Any, documents: int) -> int:
    text = str(value if value is not None else "auto").strip().lower()
    if text in ("", "auto"):
        # the crawl process itself keeps one core busy (network, validation, database)
        cores = os.cpu_count() or 1
        return min(cores - 1, 4) if cores > 1 and documents >= POOL_MIN_DOCUMENTS else 0
    try:
        return max(0, int(text))
    except ValueError:
        logger.warning(
            "CLAUSEWATCH_EXTRACT_WORKERS=%r is not a number; extracting in-process", value
        )
        return 0


class ExtractionPipeline:
    """Turn a document's fetched pages into Markdown with its declaration's selectors.

    A selector that matches nothing fails the item (``selector_no_match``); it never
    becomes an empty version.
    """

    def __init__(
        self, known: dict[str, str] | None = None, workers: Any = "auto", stats: Any = None
    ) -> None:
        self.stats = stats
        self.workers_setting = workers
        self.known: dict[str, str] = dict(known or {})
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionPipeline:
        s = crawler.settings
        plan = CrawlPlan.from_settings(s)
        pipeline = cls(
            plan.known_sources if plan else {},
            s.get("CLAUSEWATCH_EXTRACT_WORKERS", "auto"),
            crawler.stats,
        )
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self, spider: Any = None) -> None:
        spider = spider or getattr(self.crawler, "spider", None)
        catalog = getattr(spider, "catalog", None)
        documents = len(catalog.documents) if catalog is not None else 0
        workers = _worker_count(self.workers_setting, documents)
        if workers:
            self.pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn")
            )

    def close_spider(self, spider: Any = None) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    async def _extract(self, args: list[Any], known: str | None) -> tuple[str, str | None]:
        if self.pool is not None:
            try:
                future = self.pool.submit(extract_document, args, known)
                result = await asyncio.wrap_future(future)
                if self.stats is not None:
                    self.stats.inc_value("clausewatch/extraction/in_workers")
                return result
            except (concurrent.futures.process.BrokenProcessPool, RuntimeError) as exc:
                # RuntimeError: no running asyncio loop (another reactor), or a closed pool
                logger.warning("extraction workers unavailable (%s); extracting in-process", exc)
                self.pool = None
        return extract_document(args, known)

    async def process_item(self, item: DocumentItem) -> DocumentItem:
        if item.failed or item.not_modified:
            return item
        try:
            item.source_hash, item.markdown = await self._extract(
                page_args(item), self.known.get(item.document.key)
            )
            if self.stats is not None:
                kind = "known_source" if item.markdown is None else "converted"
                self.stats.inc_value(f"clausewatch/extraction/{kind}")
        except PdfError as exc:
            url = item.pages[0].final_url if item.pages else item.document.url
            item.fail("unsupported_content_type", f"{url}: {exc}")
        except ExtractionError as exc:
            url = item.pages[0].final_url if item.pages else item.document.url
            item.fail(
                "selector_no_match",
                f"{url}: {exc}; check the declaration's selectors in {item.document.source_file}",
            )
        except Exception as exc:  # a parser crash must be a failed fetch, never a lost one
            url = item.pages[0].final_url if item.pages else item.document.url
            item.fail("internal_error", f"{url}: extraction failed: {type(exc).__name__}: {exc}")
        return item
