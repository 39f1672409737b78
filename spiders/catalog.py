"""The catalog spider: fetch every document of a catalog, and nothing else.

It yields one :class:`tracker.items.DocumentItem` per document, carrying each page's
raw body, status, final URL, headers and fetch time, or the reason the fetch failed.
Extraction, validation, storage and diffing happen in the item pipelines.

It never opens the database: the conditional headers of single-page documents are
added by :mod:`tracker.fetch.conditional` from the crawl's plan, and a ``304`` is
recorded as ``not_modified`` by the storage pipeline.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from tracker.catalog import Catalog, DocumentSpec, load_catalog
from tracker.fetch.failures import classify_exception
from tracker.fetch.policy import is_web_url
from tracker.items import DocumentItem, PageFetch, utcnow

HANDLED_STATUSES = [304, *range(400, 600)]


class CatalogSpider(scrapy.Spider):
    name = "catalog"

    def __init__(self, catalog: str | None = None, only: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._catalog_arg = catalog
        self._only = only
        self.catalog: Catalog | None = None
        # body bytes received per request in flight: a chunked body cut at the download
        # cap fails with a bare DownloadCancelledError, and only the count says why
        self._received: dict[int, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> CatalogSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        directory = spider._catalog_arg or crawler.settings.get("CLAUSEWATCH_CATALOG")
        if not directory:
            from tracker.catalog import default_catalog_dir

            directory = str(default_catalog_dir())
        only = spider._only or crawler.settings.get("CLAUSEWATCH_ONLY") or ""
        spider.catalog = load_catalog(directory, [o for o in only.split(",") if o.strip()])
        for problem in spider.catalog.problems:
            spider.logger.error("catalog: %s", problem)
        crawler.signals.connect(spider._count_bytes, signal=signals.bytes_received)
        return spider

    def _count_bytes(self, data: bytes, request: Request, **kwargs: Any) -> None:
        self._received[id(request)] = self._received.get(id(request), 0) + len(data)

    async def start(self) -> AsyncIterator[Any]:
        assert self.catalog is not None
        for doc in self.catalog.documents:
            if not all(is_web_url(p.url) for p in doc.pages):
                # load_catalog already refuses these; a spec built elsewhere must not
                # read the crawling machine's files either
                yield DocumentItem(doc).fail(
                    "unsupported_url",
                    f'{doc.source_file}: terms "{doc.terms_type}": field "fetch": only '
                    "http:// and https:// pages are fetched",
                )
                continue
            if doc.needs_browser and not self.settings.getbool("CLAUSEWATCH_BROWSER"):
                yield DocumentItem(doc).fail(
                    "needs_browser",
                    f'{doc.source_file}: terms "{doc.terms_type}" sets executeClientScripts; '
                    "install the browser extra (see README) and set CLAUSEWATCH_BROWSER=1",
                )
                continue
            yield self._request(DocumentItem(doc), 0)

    def _request(self, item: DocumentItem, index: int) -> Request:
        doc: DocumentSpec = item.document
        page = doc.pages[index]
        meta: dict[str, Any] = {
            "item": item,
            "index": index,
            # tracker.fetch.conditional adds the validators of the last good fetch
            "document_key": doc.key,
            "page_index": index,
            # error statuses reach the callback (the validation pipeline judges them);
            # redirects are still followed (handle_httpstatus_all would stop that)
            "handle_httpstatus_list": HANDLED_STATUSES,
            "fetched_at": utcnow(),
        }
        if doc.ignore_robots_txt:
            meta["dont_obey_robotstxt"] = True
        if page.execute_client_scripts:
            meta["playwright"] = True
        return Request(
            page.url,
            callback=self.parse_page,
            errback=self.failed,
            meta=meta,
            dont_filter=True,
        )

    def parse_page(self, response: Response) -> Any:
        self._received.pop(id(response.request), None)
        item: DocumentItem = response.meta["item"]
        index: int = response.meta["index"]
        if index == 0:
            item.validators = response.meta.get("validators") or {}
        item.pages.append(
            PageFetch(
                url=item.document.pages[index].url,
                final_url=response.url,
                status=response.status,
                body=response.body,
                headers={
                    k.decode("latin-1").lower(): b", ".join(v).decode("latin-1")
                    for k, v in response.headers.items()
                },
                fetched_at=response.meta["fetched_at"],
                flags=tuple(response.flags),
            )
        )
        if response.meta.get("redirect_urls"):
            item.pages[-1].headers["x-clausewatch-redirected-from"] = response.meta[
                "redirect_urls"
            ][0]
        if index + 1 < len(item.document.pages) and response.status < 400:
            yield self._request(item, index + 1)
        else:
            yield item

    def failed(self, failure: Failure) -> Any:
        request = failure.request  # type: ignore[attr-defined]
        item: DocumentItem = request.meta["item"]
        received = self._received.pop(id(request), 0)
        maxsize = int(request.meta.get("download_maxsize") or 0) or self.settings.getint(
            "DOWNLOAD_MAXSIZE"
        )
        reason, detail = classify_exception(failure.value, received, maxsize)
        yield item.fail(reason, f"{request.url}: {detail}")
