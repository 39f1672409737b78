"""Extraction pipeline: raw pages → Markdown, or an extraction failure.

Three things keep a crawl of thousands of pages fast without skipping any page:

- **Known raw pages.** The crawl's plan (:class:`tracker.items.CrawlPlan`) holds the
  digest of the raw pages that gave each document's known source
  (:func:`tracker.content.raw_source`): the same bytes through the same declaration and
  extractor are that source, and are not even parsed.
- **Known sources.** Otherwise every page is parsed, once, and its declaration's
  selectors applied; the selected fragments are hashed with the extractor's own
  fingerprint (:func:`tracker.extract.extract_pages_unless`).  When the hash is the
  document's known source (the last good fetch, whose text is still the latest
  version's), the Markdown conversion, the costly half, is skipped: it would give that
  same text.  The storage pipeline checks the hash again when it writes the fetch as
  unchanged.
- **Worker processes, for conversions only.** Scrapy's reactor runs on one core; pages
  whose source is new are converted in a pool of ``CLAUSEWATCH_EXTRACT_WORKERS``
  processes (``auto``: one per core but the one the crawl process keeps busy, at most
  4, when at least :data:`POOL_MIN_DOCUMENTS` documents of the catalog have no known
  source, on a machine with two cores or more; ``0``: in the crawl process).  The pool
  starts with the first page that needs it, so a crawl of known sources (every crawl
  but the first) starts no worker: it hashes each page in the crawl process (a
  millisecond or two) rather than sending it to one, and converts the few that
  changed there too, without a worker's start-up and memory.  A broken pool falls
  back to in-process extraction.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import os
from typing import Any

from scrapy.crawler import Crawler

from tracker.content import content_kind, extract_document, known_web_source, raw_source
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


def raw_pages(item: DocumentItem) -> list[tuple[bytes, str, dict[str, Any], str]]:
    """``(body, content type, {"select", "remove"}, base URL)`` of every fetched page."""
    return [
        (
            page.body,
            page.content_type,
            {"select": list(spec.select), "remove": list(spec.remove)},
            page.final_url or page.url,
        )
        for page, spec in zip(item.pages, item.document.pages, strict=True)
    ]


def _worker_count(value: Any, unknown: int) -> int:
    """How many workers a setting asks for, ``unknown`` documents lacking a known source."""
    text = str(value if value is not None else "auto").strip().lower()
    if text in ("", "auto"):
        # the crawl process itself keeps one core busy (network, validation, database)
        cores = os.cpu_count() or 1
        return min(cores - 1, 4) if cores > 1 and unknown >= POOL_MIN_DOCUMENTS else 0
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
        self,
        known: dict[str, str] | None = None,
        workers: Any = "auto",
        stats: Any = None,
        bodies: dict[str, str] | None = None,
    ) -> None:
        self.stats = stats
        self.workers_setting = workers
        self.workers = 0
        self.known: dict[str, str] = dict(known or {})
        self.known_bodies: dict[str, str] = dict(bodies or {})
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
            plan.known_bodies if plan else {},
        )
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self, spider: Any = None) -> None:
        spider = spider or getattr(self.crawler, "spider", None)
        catalog = getattr(spider, "catalog", None)
        documents = catalog.documents if catalog is not None else []
        unknown = sum(1 for doc in documents if doc.key not in self.known)
        self.workers = _worker_count(self.workers_setting, unknown)

    def close_spider(self, spider: Any = None) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def _count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"clausewatch/extraction/{what}")

    async def _extract(self, args: list[Any], known: str | None) -> tuple[str, str | None]:
        if not self.workers:
            return extract_document(args, known)  # parsed once, converted only if new
        if known is not None and known_web_source(args, known):
            return known, None  # parsed once here: no worker for a known source
        if self.pool is None:
            self.pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn")
            )
        try:
            future = self.pool.submit(extract_document, args, known)
            result = await asyncio.wrap_future(future)
            self._count("in_workers")
            return result
        except (concurrent.futures.process.BrokenProcessPool, RuntimeError) as exc:
            # RuntimeError: no running asyncio loop (another reactor), or a closed pool
            logger.warning("extraction workers unavailable (%s); extracting in-process", exc)
            self.pool, self.workers = None, 0
        return extract_document(args, known)

    async def process_item(self, item: DocumentItem) -> DocumentItem:
        if item.failed or item.not_modified:
            return item
        key = item.document.key
        known = self.known.get(key)
        try:
            item.body_hash = raw_source(raw_pages(item))
            if known is not None and self.known_bodies.get(key) == item.body_hash:
                item.source_hash, item.markdown = known, None  # the very same raw pages
                self._count("known_raw_pages")
            else:
                item.source_hash, item.markdown = await self._extract(page_args(item), known)
            self._count("known_source" if item.markdown is None else "converted")
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
