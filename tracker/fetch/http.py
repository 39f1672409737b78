"""A plain blocking page fetch for the catalog tools (``catalog try``, ``add``, ``doctor``).

A ``GET`` with clausewatch's User-Agent through ``urllib``, or headless chromium
(:func:`tracker.fetch.browser.render`) for ``executeClientScripts`` pages.  Crawls do
not use this: they go through Scrapy.  The URL policy (:mod:`tracker.fetch.policy`)
applies here too, to the URL and to every redirect.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from tracker.errors import FetchError
from tracker.fetch.policy import HINT, is_web_url, resolved_private

MAX_BODY = 20 * 1024 * 1024


def _allowed(url: str, allow_private: bool) -> None:
    """Raise :class:`FetchError` when the URL policy refuses ``url``."""
    from urllib.parse import urlsplit

    if not is_web_url(url):
        raise FetchError(f"{url}: only http:// and https:// pages are fetched")
    if not allow_private:
        why = resolved_private(urlsplit(url).hostname or "")
        if why:
            raise FetchError(f"{url}: {why}; refused by the URL policy: {HINT}")


class _PolicyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to a URL the policy allows."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        _allowed(newurl, self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class Fetched:
    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str = ""
    seconds: float = 0.0
    browser: bool = False

    @property
    def html(self) -> str | bytes:
        """The body, decoded when the server named its charset."""
        match = re.search(r"charset=([\w-]+)", self.content_type, re.I)
        if match:
            try:
                return self.body.decode(match.group(1), errors="replace")
            except LookupError:
                pass
        return self.body


Fetcher = Callable[[str, bool], Fetched]


def fetch_page(
    url: str,
    user_agent: str,
    timeout: float = 30,
    browser: bool = False,
    chromium: str | None = None,
    allow_private: bool | None = None,
) -> Fetched:
    """GET one page, following redirects; an HTTP error status is returned, not raised.

    With ``browser`` the page is rendered in headless chromium (raises
    :class:`tracker.fetch.browser.BrowserUnavailable` when it cannot be).
    Raises :class:`FetchError` when nothing came back, and when the URL policy refuses
    the URL or a redirect (``allow_private``: default, the setting
    ``crawl.allow_private_addresses``).
    """
    if allow_private is None:
        from tracker.config import load_config

        allow_private = bool(load_config().get("crawl.allow_private_addresses"))
    _allowed(url, allow_private)
    start = time.monotonic()
    if browser:
        from tracker.fetch.browser import render

        try:
            status, final_url, body = render(url, user_agent, int(timeout), chromium)
        except Exception as exc:
            if exc.__class__.__name__ == "BrowserUnavailable":
                raise
            raise FetchError(f"{url}: {exc}") from exc
        return Fetched(
            url, final_url, status, body, "text/html; charset=utf-8",
            time.monotonic() - start, browser=True,
        )  # fmt: skip
    request = urllib.request.Request(
        url, headers={"User-Agent": user_agent, "Accept": "text/html,*/*;q=0.8"}
    )
    opener = urllib.request.build_opener(_PolicyRedirects(allow_private))
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read(MAX_BODY + 1)
            status = getattr(response, "status", None) or 200
            final_url = response.geturl()
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        body = exc.read() if exc.fp is not None else b""
        status, final_url = exc.code, exc.geturl() or url
        content_type = exc.headers.get("Content-Type", "") if exc.headers else ""
        exc.close()
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise FetchError(f"{url}: {reason}") from exc
    if len(body) > MAX_BODY:
        raise FetchError(f"{url}: larger than {MAX_BODY // (1024 * 1024)} MB")
    return Fetched(url, final_url, status, body, content_type, time.monotonic() - start)


def make_fetcher(user_agent: str, timeout: float = 30, chromium: str | None = None) -> Fetcher:
    """A fetcher for :func:`try_document`: ``fetcher(url, browser) -> Fetched``."""

    def fetcher(url: str, browser: bool) -> Fetched:
        return fetch_page(url, user_agent, timeout, browser, chromium)

    return fetcher
