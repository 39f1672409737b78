"""Each Scrapy component on its own, as Scrapy's own tests do: ``get_crawler`` and real
``HtmlResponse`` objects, no network and no child process.

The crawl tests (tests/test_pipeline.py, test_faults.py) run the same components end
to end; these are the fast checks of what each one does with one item.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from spiders.catalog import CatalogSpider
from tracker.catalog import DocumentSpec, PageSpec
from tracker.fetch.conditional import ConditionalRequestsMiddleware
from tracker.items import CrawlPlan, DocumentItem, PageFetch
from tracker.pipelines.extraction import ExtractionPipeline
from tracker.pipelines.storage import StoragePipeline
from tracker.pipelines.validation import ValidationPipeline
from tracker.store.db import open_db
from tracker.store.documents import sync_catalog
from tracker.store.queries import unpacked

URL = "https://acme.example/terms"
TERMS = (
    "<html><head><title>Terms | Acme</title></head><body><nav>Menu</nav><main>"
    "<h1>Acme Terms</h1>"
    + "".join(f"<p>Clause {i}: you may use Acme if you follow these rules.</p>" for i in range(60))
    + "</main></body></html>"
)
DOC = DocumentSpec("Acme", "Terms of Service", (PageSpec(URL, ("main",)),), "Acme.json")


def _fetched(body: str, status: int = 200, url: str = URL) -> PageFetch:
    """The PageFetch the spider makes of a real Scrapy response."""
    response = HtmlResponse(url, status=status, body=body.encode(), encoding="utf-8")
    return PageFetch(
        URL,
        response.url,
        response.status,
        response.body,
        {"content-type": "text/html; charset=utf-8"},
        "2026-12-01T06:00:00.000000Z",
    )


def _item(body: str = TERMS, status: int = 200) -> DocumentItem:
    return DocumentItem(DOC, pages=[_fetched(body, status)])


def test_validation_fails_error_pages_and_passes_the_document() -> None:
    pipeline = ValidationPipeline.from_crawler(get_crawler())
    assert not pipeline.process_item(_item()).failed
    assert pipeline.process_item(_item("<h1>Service Unavailable</h1>", 503)).error_reason == (
        "http_error"
    )
    wall = "<html><head><title>Just a moment...</title></head><body>_cf_chl_opt</body></html>"
    assert pipeline.process_item(_item(wall)).error_reason == "bot_wall"


def test_extraction_converts_or_recognises_the_known_source(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"CLAUSEWATCH_EXTRACT_WORKERS": "0"})
    pipeline = ExtractionPipeline.from_crawler(crawler)
    pipeline.open_spider()
    item = asyncio.run(pipeline.process_item(_item()))
    assert item.markdown is not None and item.markdown.startswith("# Acme Terms\n\nClause 0")
    assert "Menu" not in item.markdown and item.source_hash
    # with the source hash in the crawl plan, the Markdown conversion is skipped
    plan = tmp_path / "plan.json"
    CrawlPlan(known_sources={DOC.key: item.source_hash}).dump(plan)
    crawler = get_crawler(
        settings_dict={"CLAUSEWATCH_EXTRACT_WORKERS": "0", "CLAUSEWATCH_PLAN": str(plan)}
    )
    known = ExtractionPipeline.from_crawler(crawler)
    known.open_spider()
    again = asyncio.run(known.process_item(_item()))
    assert again.markdown is None and again.source_hash == item.source_hash
    # a selector that matches nothing fails the item; it never becomes an empty version
    empty = asyncio.run(pipeline.process_item(_item("<html><body><p>Hi</p></body></html>")))
    assert empty.error_reason == "selector_no_match" and "Acme.json" in (empty.error_detail or "")


def _storage(tmp_path: Path, db_path: Path) -> StoragePipeline:
    db = open_db(db_path)
    ids = sync_catalog(db, type("C", (), {"documents": [DOC]})())
    db.close()
    plan = tmp_path / "plan.json"
    CrawlPlan(document_ids=ids).dump(plan)
    crawler = get_crawler(
        settings_dict={
            "CLAUSEWATCH_DB": str(db_path),
            "CLAUSEWATCH_RUN_ID": 0,
            "CLAUSEWATCH_PLAN": str(plan),
        }
    )
    pipeline = StoragePipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


def test_storage_records_a_version_then_drops_a_failure(tmp_path: Path) -> None:
    db_path = tmp_path / "cw.db"
    pipeline = _storage(tmp_path, db_path)
    item = _item()
    item.markdown, item.source_hash = "# Acme Terms\n\nClause 0.", "h" * 64
    assert pipeline.process_item(item) is item
    failed = _item().fail("http_error", f"{URL}: HTTP 503")
    with pytest.raises(DropItem, match="Acme / Terms of Service: http_error"):
        pipeline.process_item(failed)
    pipeline.close_spider()
    db = open_db(db_path)
    assert [r["outcome"] for r in db["fetches"].rows] == ["new_version", "failed"]
    version = unpacked(next(db["versions"].rows))
    assert version["markdown"] == "# Acme Terms\n\nClause 0." and version["flags"] == "[]"
    assert [r["status"] for r in db["runs"].rows] == ["attention"]  # it opened its own run


def test_conditional_requests_come_from_the_plan(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        ConditionalRequestsMiddleware.from_crawler(get_crawler())  # a bare crawl: no plan
    plan = tmp_path / "plan.json"
    CrawlPlan(validators={DOC.key: {"If-None-Match": '"abc"'}}).dump(plan)
    off = {"CLAUSEWATCH_PLAN": str(plan), "CLAUSEWATCH_CONDITIONAL": False}
    with pytest.raises(NotConfigured):
        ConditionalRequestsMiddleware.from_crawler(get_crawler(settings_dict=off))
    middleware = ConditionalRequestsMiddleware.from_crawler(
        get_crawler(settings_dict={"CLAUSEWATCH_PLAN": str(plan)})
    )
    first = Request(URL, meta={"document_key": DOC.key, "page_index": 0})
    middleware.process_request(first)
    assert first.headers.get("If-None-Match") == b'"abc"'
    assert first.meta["validators"] == {"If-None-Match": '"abc"'}
    second_page = Request(URL + "/2", meta={"document_key": DOC.key, "page_index": 1})
    middleware.process_request(second_page)
    assert "If-None-Match" not in second_page.headers


def test_the_spider_routes_without_a_database(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "Acme.json").write_text(
        json.dumps(
            {"name": "Acme", "terms": {"Terms of Service": {"fetch": URL, "select": "main"}}}
        )
    )
    crawler = get_crawler(CatalogSpider, settings_dict={"CLAUSEWATCH_DB": str(tmp_path / "no.db")})
    spider = CatalogSpider.from_crawler(crawler, catalog=str(catalog))

    async def first_request() -> Request:
        async for request in spider.start():
            return request
        raise AssertionError("no request")

    request = asyncio.run(first_request())
    assert request.url == URL and request.meta["document_key"] == "Acme / Terms of Service"
    request.meta["validators"] = {"If-None-Match": '"abc"'}
    response = HtmlResponse(URL, body=TERMS.encode(), encoding="utf-8", request=request)
    (item,) = list(spider.parse_page(response))
    assert item.pages[0].body == TERMS.encode() and item.validators == {"If-None-Match": '"abc"'}
    assert not (tmp_path / "no.db").exists()  # routing never opened the database
