"""Browser fetching: declarations with ``executeClientScripts: true`` through headless chromium.

Optional: it needs the ``browser`` extra (scrapy-playwright) and a chromium binary.
We use the distribution's chromium (Debian: ``apt-get install chromium``), never a
browser downloaded by ``playwright install``.  Turn it on with ``CLAUSEWATCH_BROWSER=1``
(or ``[crawl] browser = true`` in ``clausewatch.toml``); the spider then marks such
requests ``meta["playwright"] = True`` and :func:`apply_browser_settings` routes them
through scrapy-playwright.  Other requests keep Scrapy's plain HTTP downloader.

:func:`render` fetches one page the same way, without Scrapy, for ``clausewatch catalog try``.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from tracker.errors import BrowserUnavailable

# Debian's chromium runs as root in containers only without its sandbox; the rest keeps
# a headless run quiet and free of background traffic.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Resource types a terms page does not need for its text.
BLOCKED_RESOURCES = frozenset({"image", "media", "font"})
SETTLE_MS = 10_000
logger = logging.getLogger(__name__)

INSTALL_HINT = (
    "install the browser extra and Debian's chromium: "
    "pip install 'clausewatch[browser]' && apt-get install chromium "
    "(see README, 'Pages that need a browser')"
)


def find_chromium(configured: str | None = None) -> str | None:
    """The chromium binary: the configured path, ``$CLAUSEWATCH_CHROMIUM``, else on PATH."""
    path = configured or os.environ.get("CLAUSEWATCH_CHROMIUM")
    if path:
        return path if Path(path).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def launch_options(chromium: str | None = None) -> dict[str, Any]:
    """Playwright ``launch()`` options for Debian's chromium."""
    executable = find_chromium(chromium)
    if executable is None:
        raise BrowserUnavailable(f"no chromium binary found; {INSTALL_HINT}")
    return {"executable_path": executable, "headless": True, "args": list(LAUNCH_ARGS)}


def browser_settings(chromium: str | None = None, timeout_s: int = 30) -> dict[str, Any]:
    """The Scrapy settings that send ``meta["playwright"]`` requests through chromium."""
    try:
        import scrapy_playwright  # noqa: F401
    except ImportError as exc:
        raise BrowserUnavailable(f"scrapy-playwright is not installed; {INSTALL_HINT}") from exc
    handler = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
    return {
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch_options(chromium),
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout_s * 1000,
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 2,
        "PLAYWRIGHT_ABORT_REQUEST": "tracker.fetch.browser.abort_request",
        "DOWNLOADER_MIDDLEWARES": {"tracker.fetch.browser.BrowserRequestMiddleware": 540},
    }


def apply_browser_settings(settings: Any, priority: str = "cmdline") -> bool:
    """Add :func:`browser_settings` to a Scrapy ``Settings`` when ``CLAUSEWATCH_BROWSER`` is on.

    Returns whether the browser is on.  Raises :class:`BrowserUnavailable` when it is on
    but cannot work, so the run says how to fix it instead of failing every page.
    """
    if not settings.getbool("CLAUSEWATCH_BROWSER"):
        return False
    extra = browser_settings(
        settings.get("CLAUSEWATCH_CHROMIUM") or None, settings.getint("DOWNLOAD_TIMEOUT", 30)
    )
    from scrapy.settings import SETTINGS_PRIORITIES

    # merged into the project's own middlewares and handlers (which switch off file:,
    # data: and ftp:), so at least at their priority
    for name in ("DOWNLOADER_MIDDLEWARES", "DOWNLOAD_HANDLERS"):
        merged = dict(settings.getdict(name))
        merged.update(extra.pop(name))
        level = max(SETTINGS_PRIORITIES[priority], settings.getpriority(name) or 0)
        settings.set(name, merged, priority=level)
    for key, value in extra.items():
        settings.set(key, value, priority=priority)
    return True


class BrowserAddon:
    """Scrapy add-on (``ADDONS`` in tracker/settings.py): browser settings when asked for.

    An add-on sees the final settings (``-s CLAUSEWATCH_BROWSER=1`` included), so
    ``clausewatch crawl``, ``scrapy crawl catalog`` and Scrapyd all behave alike.  When
    the browser cannot work, the run goes on without it: browser pages then fail with
    the reason ``needs_browser`` and the install hint, and every other page is fetched.
    """

    def update_settings(self, settings: Any) -> None:
        try:
            apply_browser_settings(settings, priority="addon")
        except BrowserUnavailable as exc:
            logger.error("browser fetching is off: %s", exc)
            settings.set("CLAUSEWATCH_BROWSER", False, priority="cmdline")
            settings.set("CLAUSEWATCH_BROWSER_ERROR", str(exc), priority="cmdline")


def abort_request(request: Any) -> bool:
    """scrapy-playwright hook: skip images, media and fonts (not text, and heavy)."""
    return request.resource_type in BLOCKED_RESOURCES


async def settle(page: Any, timeout_ms: int = SETTLE_MS) -> None:
    """Wait until the page stops loading things (scripts that fill in the text), at most 10 s."""
    try:
        await page.wait_for_load_state("networkidle", timeout=timeout_ms)
    except Exception:  # a page that keeps polling is still worth reading
        pass


class BrowserRequestMiddleware:
    """Let a browser-fetched page settle before its HTML is read."""

    def process_request(self, request: Any) -> None:
        if request.meta.get("playwright") and "playwright_page_methods" not in request.meta:
            from scrapy_playwright.page import PageMethod

            request.meta["playwright_page_methods"] = [PageMethod(settle)]
        return None


def render(
    url: str, user_agent: str, timeout_s: int = 30, chromium: str | None = None
) -> tuple[int, str, bytes]:
    """Fetch ``url`` in headless chromium; return (status, final URL, rendered HTML).

    Raises :class:`BrowserUnavailable` when playwright or chromium is missing.
    """
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BrowserUnavailable(f"playwright is not installed; {INSTALL_HINT}") from exc
    options = launch_options(chromium)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**options)
        try:
            page = browser.new_page(user_agent=user_agent)
            page.route(
                "**/*",
                lambda route: (
                    route.abort()
                    if route.request.resource_type in BLOCKED_RESOURCES
                    else route.continue_()
                ),
            )
            response = page.goto(url, timeout=timeout_s * 1000, wait_until="load")
            try:
                page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
            except PlaywrightError:
                pass
            status = response.status if response is not None else 0
            return status, page.url, page.content().encode("utf-8")
        finally:
            browser.close()
