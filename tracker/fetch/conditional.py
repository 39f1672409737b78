"""Conditional requests: ask for a page only if it changed since the last good fetch.

:class:`ConditionalRequestsMiddleware` adds ``If-None-Match`` / ``If-Modified-Since``
to the first request of each single-page document, from the crawl's
:class:`~tracker.items.CrawlPlan`, and records what it sent in ``request.meta
["validators"]``; a ``304 Not Modified`` to such a request is recorded as
``not_modified``.  Switched off (``NotConfigured``) by ``CLAUSEWATCH_CONDITIONAL =
false`` and for a bare ``scrapy crawl catalog``, which has no plan.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.http import Request

from tracker.items import CrawlPlan


class ConditionalRequestsMiddleware:
    """Send the validators of the last good fetch with each document's first request."""

    def __init__(self, validators: dict[str, dict[str, str]]) -> None:
        self.validators = validators

    @classmethod
    def from_crawler(cls, crawler: Any) -> ConditionalRequestsMiddleware:
        if not crawler.settings.getbool("CLAUSEWATCH_CONDITIONAL", True):
            raise NotConfigured("conditional requests are switched off")
        plan = CrawlPlan.from_settings(crawler.settings)
        if plan is None:
            raise NotConfigured("no crawl plan (a bare scrapy crawl): nothing to compare with")
        return cls(plan.validators)

    def process_request(self, request: Request, spider: Any = None) -> None:
        key = request.meta.get("document_key")
        if key is None or request.meta.get("page_index") != 0 or "validators" in request.meta:
            return None
        headers = self.validators.get(key) or {}
        request.meta["validators"] = headers
        for name, value in headers.items():
            request.headers.setdefault(name, value)
        return None
