"""The no-change path of a crawl (issue 17) gives the same verdicts as the slow one.

No timings here (bench/ measures them): each shortcut is checked against what it
replaces: the capped word count against the full one, the hygiene check against
text_hygiene, the raw-page digest against a parse, the batched fetch log against the
recorder's own rows.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from tracker.catalog import DocumentSpec, PageSpec
from tracker.content import raw_source
from tracker.extract import _needs_hygiene, extract_pages_unless
from tracker.fetch import failures
from tracker.items import CrawlPlan, DocumentItem, PageFetch
from tracker.normalize import text_hygiene
from tracker.pipelines.extraction import ExtractionPipeline, raw_pages
from tracker.store.db import open_db
from tracker.store.fetchlog import UnchangedLog
from tracker.store.queries import known_bodies, known_sources
from tracker.store.recorder import record_pages
from tracker.store.runs import start_run

URL = "https://acme.example/terms"
PIECES = [
    b"word ", b"two words ", b"<p>", b"</p>", b"<!-- c -->", b"<!--", b"-->", b"<script>",
    b"</script>", b"<svg x>", b"</svg >", b"<style a=1>", b"</style>", b"&amp;", b"&nbsp;",
    b"&nb", b"<a href='x'>", b"</a>", b"<head>", b"</HEAD>", b"\xc3\xa9t\xc3\xa9 ", b" < ",
    b" > ", b"<SCRIPT>", b"<noscript>", b"</noscript>", b"<br/>", b"x" * 50, b"  \n ",
]  # fmt: skip


def _exact(body: bytes) -> int:
    """The word count as it was before the cap: every block stripped by the regex."""
    text = failures._INVISIBLE_BLOCKS.sub(b" ", failures._COMMENT.sub(b" ", body))
    return len(failures._strip(text).split())


def test_the_capped_word_count_is_exact_up_to_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(17)
    for trial in range(1500):
        body = b"".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 40 if trial % 2 else 900)))
        exact = _exact(body)
        assert failures.visible_words(body) == exact
        for cap in (0, 3, 20, 250):
            monkeypatch.setattr(failures, "_FIRST_CHUNK", rnd.choice([1, 5, 30, 200, 8192]))
            failures._LAST[0] = (None, b"", {})
            got = failures.visible_words(body, cap)
            assert got == exact if exact <= cap else got > cap, (body, cap)
        markup = failures._visible_markup(body)[0]
        for size in range(1, len(markup) + 1, max(1, len(markup) // 20)):
            assert failures._words_at_least(markup[:size]) <= exact


def test_the_hygiene_check_finds_all_text_hygiene_would_change() -> None:
    rnd = random.Random(3)
    alphabet = [
        "a", " ", "&", "#", "x", "1", ";", "\x0b", "\x0c", "\x00", "\x1f", "\x7f", "\ud800",
        "\udfff", "\ufffe", "\uffff", "\u202a", "\u202e", "\u2066", "\u2069", "\u2019",
        "\ud55c", "é", "\x0e", "\t", "\n", "\r", "\u202f", "\u2065",
    ]  # fmt: skip
    for _ in range(50_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 6)))
        if not _needs_hygiene(text):
            assert text_hygiene(text) == text, repr(text)


SPEC = {"select": ["main"], "remove": [".share"]}
DOC = DocumentSpec("Acme", "Terms of Service", (PageSpec(URL, ("main",), (".share",)),), "A.json")


def _page(nonce: str, sentence: str = "We may change these terms.") -> bytes:
    return (
        f'<html><head><script>var n="{nonce}";</script></head><body><main><h1>Terms</h1>'
        f'<p>{sentence}</p><div class="share">{nonce}</div></main></body></html>'
    ).encode()


def _item(body: bytes) -> DocumentItem:
    headers = {"content-type": "text/html; charset=utf-8"}
    return DocumentItem(DOC, pages=[PageFetch(URL, URL, 200, body, headers, "2026-01-01")])


def _pipeline(tmp_path: Path, plan: CrawlPlan, workers: str = "0") -> ExtractionPipeline:
    path = tmp_path / "plan.json"
    plan.dump(path)
    crawler = get_crawler(
        settings_dict={"CLAUSEWATCH_EXTRACT_WORKERS": workers, "CLAUSEWATCH_PLAN": str(path)}
    )
    pipeline = ExtractionPipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


def test_identical_raw_pages_are_their_known_source_without_a_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = asyncio.run(_pipeline(tmp_path, CrawlPlan()).process_item(_item(_page("a1"))))
    assert first.markdown and first.source_hash and first.body_hash
    plan = CrawlPlan(
        known_sources={DOC.key: first.source_hash}, known_bodies={DOC.key: first.body_hash}
    )
    pipeline = _pipeline(tmp_path, plan)

    def no_parse(*args: object) -> None:
        raise AssertionError("the same raw pages were parsed again")

    monkeypatch.setattr("tracker.content.selected_source", no_parse)
    monkeypatch.setattr("tracker.extract.selected_source", no_parse)
    same = asyncio.run(pipeline.process_item(_item(_page("a1"))))
    assert (same.source_hash, same.markdown, same.failed) == (first.source_hash, None, False)
    monkeypatch.undo()
    # another nonce: other raw bytes, the same source, found by a parse
    other = asyncio.run(pipeline.process_item(_item(_page("b2"))))
    assert other.body_hash != first.body_hash
    assert (other.source_hash, other.markdown) == (first.source_hash, None)
    # the digest covers the declaration and the content type, not only the bytes
    pages = raw_pages(_item(_page("a1")))
    assert raw_source(pages) == first.body_hash
    assert raw_source([(pages[0][0], "text/plain", *pages[0][2:])]) != first.body_hash
    assert raw_source([(*pages[0][:2], {"select": ["body"]}, pages[0][3])]) != first.body_hash


def test_a_crawl_of_known_sources_starts_no_worker(tmp_path: Path) -> None:
    source, _ = extract_pages_unless([(_page("a1").decode(), SPEC, URL)], None)
    pipeline = _pipeline(tmp_path, CrawlPlan(known_sources={DOC.key: source}), workers="2")
    item = asyncio.run(pipeline.process_item(_item(_page("c3"))))
    assert item.markdown is None and item.source_hash == source
    assert pipeline.pool is None
    changed = asyncio.run(pipeline.process_item(_item(_page("c3", "We sell data."))))
    assert changed.markdown and "We sell data." in changed.markdown
    pipeline.close_spider()


def _recorded(tmp_path: Path) -> tuple[object, int, str]:
    db = open_db(tmp_path / "cw.db")
    db["services"].insert({"id": 1, "name": "Acme", "slug": "acme"})
    for doc_id in (1, 2):
        db["documents"].insert(
            {"id": doc_id, "service_id": 1, "terms_type": f"T{doc_id}", "slug": f"t{doc_id}"}
        )
    run = start_run(db, "catalog")
    source, markdown = extract_pages_unless([(_page("a1").decode(), SPEC, URL)], None)
    assert markdown is not None
    from tracker.analysis import default_analyser

    for doc_id in (1, 2):
        record_pages(
            db, run, doc_id, _item(_page("a1")).pages, markdown, source_hash=source,
            body_hash="raw" + str(doc_id), analyser=default_analyser(),
        )  # fmt: skip
    return db, run, source


def test_unchanged_fetches_are_written_a_batch_at_a_time(tmp_path: Path) -> None:
    db, run, source = _recorded(tmp_path)
    assert known_bodies(db) == {1: "raw1", 2: "raw2"}
    log = UnchangedLog(db, run, batch=2, seconds=3600)

    def unchanged() -> int:
        return db.execute("select count(*) from fetches where outcome = 'unchanged'").fetchone()[0]

    assert log.add(1, _item(_page("b2")).pages, source, "raw-b2") == []
    # not yet written: a kill -9 now loses this fetch, and the document is as before
    assert unchanged() == 0
    assert db["documents"].get(1)["body_hash"] == "raw1"
    assert log.add(2, _item(_page("b2")).pages, source) == []
    assert unchanged() == 2 and log.pending == []
    assert db["documents"].get(1)["body_hash"] == "raw-b2"  # the newest raw pages
    assert db["documents"].get(2)["body_hash"] == "raw2"  # none given: kept
    assert known_sources(db) == {1: source, 2: source}
    # a known source that changed meanwhile is given back, and nothing is written for it
    db.execute("update documents set source_hash = 'other' where id = 2")
    log.add(1, _item(_page("c3")).pages, source)
    stale = log.add(2, _item(_page("c3")).pages, source)
    assert [s.document_id for s in stale] == [2] and unchanged() == 3
    assert log.flush() == []  # nothing pending


def test_a_failed_batch_write_keeps_the_other_fetches_pending(tmp_path: Path) -> None:
    db, run, source = _recorded(tmp_path)
    log = UnchangedLog(db, run, batch=2, seconds=3600)
    log.add(1, _item(_page("b2")).pages, source)
    db.execute(
        "create trigger no_fetches before insert on fetches begin select raise(abort, 'full'); end"
    )
    with pytest.raises(Exception, match="full"):
        log.add(2, _item(_page("b2")).pages, source)
    assert [u.document_id for u in log.pending] == [1]  # the caller records 2 as failed
    db.execute("drop trigger no_fetches")
    assert log.flush() == [] and log.versions == {1: log.versions[1]}
    rows = db.execute("select document_id from fetches where outcome = 'unchanged'").fetchall()
    assert rows == [(1,)]
