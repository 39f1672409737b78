"""Extraction pipeline: raw pages → Markdown, or an extraction failure."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from tracker.extract import ExtractionError, extract_pages
from tracker.items import DocumentItem


class ExtractionPipeline:
    """Turn a document's fetched pages into Markdown with its declaration's selectors.

    A selector that matches nothing fails the item (``selector_no_match``); it never
    becomes an empty version.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionPipeline:
        return cls()

    def process_item(self, item: DocumentItem, spider: Any = None) -> DocumentItem:
        if item.failed or item.not_modified:
            return item
        specs = item.document.pages
        try:
            item.markdown = extract_pages(
                [
                    (
                        page.body,
                        {"select": list(spec.select), "remove": list(spec.remove)},
                        page.final_url or page.url,
                    )
                    for page, spec in zip(item.pages, specs, strict=True)
                ]
            )
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
