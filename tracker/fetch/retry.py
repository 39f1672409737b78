"""Downloader middlewares: retries that back off.

Scrapy's :class:`~scrapy.downloadermiddlewares.retry.RetryMiddleware` retries a
transient failure (5xx, 429, timeouts, resets) at once.  A server that is struggling
deserves a pause, so :class:`BackoffRetryMiddleware` waits before each retry:
``CLAUSEWATCH_RETRY_BACKOFF`` seconds, doubled on every further retry, capped by
``CLAUSEWATCH_RETRY_BACKOFF_MAX``, and at least what a ``Retry-After`` header asks
for (within that cap).  The wait does not block other downloads.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds asked by a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry middleware, with an exponential pause before each retry."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff = settings.getfloat("CLAUSEWATCH_RETRY_BACKOFF", 1.0)
        self.backoff_max = settings.getfloat("CLAUSEWATCH_RETRY_BACKOFF_MAX", 30.0)

    def delay(self, retry: Request, response: Response | None = None) -> float:
        """How long to wait before sending ``retry`` (its ``retry_times`` is already 1+)."""
        attempt = max(1, int(retry.meta.get("retry_times", 1)))
        wait = self.backoff * 2 ** (attempt - 1)
        if response is not None:
            asked = retry_after_seconds(
                (response.headers.get("Retry-After") or b"").decode("latin-1")
            )
            if asked is not None:
                wait = max(wait, asked)
        return max(0.0, min(wait, self.backoff_max))

    async def _pause(self, seconds: float) -> None:
        if seconds > 0:
            from twisted.internet import reactor, task

            await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._pause(self.delay(result, response))
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._pause(self.delay(result))
        return result
