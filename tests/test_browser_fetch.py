"""Browser fetching: a page whose text only exists after its JavaScript ran.

Uses Debian's chromium (``/usr/bin/chromium``, or ``$CLAUSEWATCH_CHROMIUM``) and the
``browser`` extra (scrapy-playwright); skipped with the reason when either is absent.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from tracker.crawl import crawl
from tracker.errors import BrowserUnavailable
from tracker.extract import extract
from tracker.fetch.browser import (
    BrowserAddon,
    apply_browser_settings,
    browser_settings,
    find_chromium,
    render,
)
from tracker.store.db import open_db
from tracker.store.queries import unpacked

JS_PAGE = b"""<!doctype html><html><head><title>Acme terms</title></head><body>
<nav>Home</nav><main id="terms"><p>Loading...</p></main>
<script>
  // the terms arrive after the page loaded, as on a single-page app
  window.addEventListener("load", function () {
    setTimeout(function () {
      document.getElementById("terms").innerHTML =
        "<h1>Acme Terms</h1><p>Rendered by JavaScript: you must be 13 or older.</p>";
    }, 200);
  });
</script></body></html>"""

needs_chromium = pytest.mark.skipif(
    find_chromium() is None, reason="chromium not installed (apt-get install chromium)"
)
needs_extra = pytest.mark.skipif(
    importlib.util.find_spec("scrapy_playwright") is None,
    reason="scrapy-playwright not installed (pip install '.[browser]')",
)


def write_catalog(directory: Path, base_url: str) -> Path:
    directory.mkdir()
    declaration = {
        "name": "Acme",
        "terms": {
            "Terms of Service": {
                "fetch": f"{base_url}/tos",
                "select": "main#terms",
                "executeClientScripts": True,
            }
        },
    }
    (directory / "Acme.json").write_text(json.dumps(declaration))
    return directory


def test_without_javascript_the_text_is_not_there() -> None:
    assert extract(JS_PAGE, "main#terms") == "Loading..."


@pytest.mark.browser
@needs_chromium
@needs_extra
def test_crawl_renders_the_page_in_chromium(tmp_path: Path, loopback) -> None:
    loopback.pages = {"/tos": JS_PAGE}
    catalog = write_catalog(tmp_path / "catalog", loopback.base_url)
    report = crawl(catalog, tmp_path / "cw.db", settings={"CLAUSEWATCH_BROWSER": "1"})
    assert report.summary["failed"] == 0, report.summary
    assert report.summary["changed"] == 1
    version = unpacked(next(open_db(tmp_path / "cw.db")["versions"].rows))
    assert version["markdown"] == (
        "# Acme Terms\n\nRendered by JavaScript: you must be 13 or older."
    )


def test_without_the_browser_setting_the_document_is_skipped_with_needs_browser(
    tmp_path: Path, loopback
) -> None:
    loopback.pages = {"/tos": JS_PAGE}
    catalog = write_catalog(tmp_path / "catalog", loopback.base_url)
    report = crawl(catalog, tmp_path / "cw.db")
    assert report.summary["skipped"] == 1 and report.summary["failed"] == 0
    db = open_db(tmp_path / "cw.db")
    assert db["versions"].count == 0
    assert next(db["fetches"].rows)["reason"] == "needs_browser"


@pytest.mark.browser
@needs_chromium
def test_render_for_catalog_try(loopback) -> None:
    loopback.pages = {"/tos": JS_PAGE}
    status, final_url, html = render(f"{loopback.base_url}/tos", "clausewatch-test/1")
    assert status == 200 and final_url == f"{loopback.base_url}/tos"
    assert "Rendered by JavaScript" in extract(html, "main#terms")


@needs_extra
def test_settings_are_added_only_when_the_browser_is_on(tmp_path: Path) -> None:
    from scrapy.settings import Settings

    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    off = Settings({"CLAUSEWATCH_BROWSER": False})
    assert apply_browser_settings(off) is False
    assert "PLAYWRIGHT_LAUNCH_OPTIONS" not in off
    on = Settings({"CLAUSEWATCH_BROWSER": "1", "CLAUSEWATCH_CHROMIUM": str(chromium)})
    assert apply_browser_settings(on) is True
    assert on.getdict("DOWNLOAD_HANDLERS")["https"].startswith("scrapy_playwright.")
    options = on.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    assert options["executable_path"] == str(chromium)
    assert "--no-sandbox" in options["args"] and options["headless"] is True
    assert "tracker.fetch.browser.BrowserRequestMiddleware" in on.getdict("DOWNLOADER_MIDDLEWARES")
    # as an add-on, next to the project's own middlewares (set at a higher priority)
    project = Settings({"CLAUSEWATCH_BROWSER": True, "CLAUSEWATCH_CHROMIUM": str(chromium)})
    project.set("DOWNLOADER_MIDDLEWARES", {"tracker.fetch.retry.Backoff": 550}, "project")
    BrowserAddon().update_settings(project)
    assert project.getdict("DOWNLOADER_MIDDLEWARES") == {
        "tracker.fetch.retry.Backoff": 550,
        "tracker.fetch.browser.BrowserRequestMiddleware": 540,
    }


def test_a_missing_chromium_turns_the_browser_off_with_a_reason(tmp_path: Path) -> None:
    from scrapy.settings import Settings

    with pytest.raises(BrowserUnavailable, match="apt-get install chromium"):
        browser_settings(str(tmp_path / "no-such-chromium"))
    settings = Settings(
        {"CLAUSEWATCH_BROWSER": True, "CLAUSEWATCH_CHROMIUM": str(tmp_path / "nope")}
    )
    BrowserAddon().update_settings(settings)
    assert settings.getbool("CLAUSEWATCH_BROWSER") is False
    assert "chromium" in settings.get("CLAUSEWATCH_BROWSER_ERROR")
