"""The crawler's side of the URL policy: no request to a loopback or private address.

See :mod:`tracker.fetch.policy` for the rules and the setting that lifts them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest, NotConfigured

from tracker.fetch.policy import HINT, SETTING, private_host, private_ip


class PrivateAddressRefused(IgnoreRequest):
    """A request to a loopback or private address, refused by the URL policy."""


class PrivateAddressMiddleware:
    """Refuse requests to loopback and private addresses, unless the setting allows them.

    A downloader middleware placed before robots.txt (priority 50), so not even the
    robots.txt of such a host is asked for.  The refusal reaches the spider's errback as
    :class:`PrivateAddressRefused`, recorded with the reason ``private_address``.
    """

    @classmethod
    def from_crawler(cls, crawler: Any) -> PrivateAddressMiddleware:
        if crawler.settings.getbool(SETTING):
            raise NotConfigured  # no message: Scrapy would log it as a warning
        return cls()

    async def process_request(self, request: Any, spider: Any = None) -> None:
        host = urlsplit(request.url).hostname
        why = private_host(host)
        if why is None and host:
            address = await self._resolve(host)
            if address is not None and private_ip(address):
                why = f"{host} resolves to {address}, a loopback or private address"
        if why is not None:
            raise PrivateAddressRefused(f"{why}; refused by the URL policy: {HINT}")
        return None

    async def _resolve(self, host: str) -> str | None:
        """Resolve through the reactor's (Scrapy's caching) resolver; None when it fails."""
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor
        from twisted.internet.defer import Deferred

        try:
            deferred: Deferred[str] = reactor.resolve(host)  # type: ignore[attr-defined]
            return str(await maybe_deferred_to_future(deferred))
        except Exception:  # DNS failure: the download itself reports it as dns_error
            return None
