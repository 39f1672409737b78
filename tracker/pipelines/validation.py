"""Validation pipeline: a fetched page that is not the document fails here, before extraction."""

from __future__ import annotations

from scrapy.crawler import Crawler

from tracker.fetch.failures import classify_page
from tracker.items import DocumentItem


class ValidationPipeline:
    """Fail items whose pages are HTTP errors, bot walls, login redirects or error pages.

    The rules live in :func:`tracker.fetch.failures.classify_page`; a ``304 Not Modified``
    passes only as the answer to a conditional request.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        return cls()

    def process_item(self, item: DocumentItem) -> DocumentItem:
        if item.failed or item.not_modified:
            return item
        for page in item.pages:
            if page.status == 304:
                return item.fail(
                    "http_error",
                    f"{page.url}: HTTP 304 Not Modified to a request that was not conditional",
                )
            verdict = classify_page(page)
            if verdict is not None:
                reason, detail = verdict
                return item.fail(reason, f"{page.final_url or page.url}: {detail}")
        return item
