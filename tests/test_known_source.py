"""A fetch whose selected HTML is the known source skips Markdown, never the comparison."""

from __future__ import annotations

from pathlib import Path

from tracker.analysis import default_analyser
from tracker.extract import extract_pages, extract_pages_unless
from tracker.items import PageFetch
from tracker.store.db import open_db
from tracker.store.queries import known_sources
from tracker.store.recorder import record_pages, record_unchanged_source
from tracker.store.runs import start_run

SPEC = {"select": ["main"], "remove": [".share"]}
URL = "https://acme.example/terms"


def page(nonce: str, sentence: str = "We may change these terms.") -> bytes:
    return (
        f'<html><head><script>var nonce="{nonce}";</script></head><body>'
        f"<nav>Home</nav><main><h1>Terms</h1><p>{sentence}</p>"
        f'<div class="share">Share {nonce}</div></main></body></html>'
    ).encode()


def test_nonce_outside_the_selection_keeps_the_source_hash() -> None:
    first, markdown = extract_pages_unless([(page("a1"), SPEC, URL)], None)
    assert markdown == extract_pages([(page("a1"), SPEC, URL)])
    again, skipped = extract_pages_unless([(page("b2"), SPEC, URL)], first)
    assert (again, skipped) == (first, None)


def test_a_changed_sentence_or_base_url_is_converted_again() -> None:
    first, _ = extract_pages_unless([(page("a1"), SPEC, URL)], None)
    source, markdown = extract_pages_unless([(page("a1", "We never sell data."), SPEC, URL)], first)
    assert source != first and markdown is not None and "We never sell data." in markdown
    other, markdown = extract_pages_unless([(page("a1"), SPEC, URL + "?v=2")], first)
    assert other != first and markdown is not None


def _fetch(body: bytes) -> list[PageFetch]:
    return [PageFetch(URL, URL, 200, body, {}, "2024-01-01T00:00:00.000000Z")]


def test_store_accepts_the_known_source_only_while_its_text_is_the_latest(
    tmp_path: Path,
) -> None:
    db = open_db(tmp_path / "cw.db")
    db["services"].insert({"id": 1, "name": "Acme", "slug": "acme"})
    db["documents"].insert({"id": 1, "service_id": 1, "terms_type": "Terms", "slug": "terms"})
    run = start_run(db, "catalog")
    source, markdown = extract_pages_unless([(page("a1"), SPEC, URL)], None)
    assert markdown is not None
    assert record_pages(
        db, run, 1, _fetch(page("a1")), markdown, source_hash=source, analyser=default_analyser()
    ).outcome == ("new_version")
    assert known_sources(db) == {1: source}
    result = record_unchanged_source(db, run, 1, _fetch(page("b2")), source)
    assert result is not None and result.outcome == "unchanged"
    assert record_unchanged_source(db, run, 1, _fetch(page("b2")), "0" * 64) is None

    # a new version from another source: the old source is no longer known
    new_source, new_md = extract_pages_unless([(page("c3", "We sell data."), SPEC, URL)], source)
    assert new_md is not None
    record_pages(
        db,
        run,
        1,
        _fetch(page("c3", "We sell data.")),
        new_md,
        source_hash=new_source,
        analyser=default_analyser(),
    )
    assert record_unchanged_source(db, run, 1, _fetch(page("d4")), source) is None
    assert known_sources(db) == {1: new_source}

    # a version whose text changed behind the hash (as reextract does) forgets the source
    db.execute("update versions set text_hash = 'x' where number = 2")
    assert known_sources(db) == {}
    assert record_unchanged_source(db, run, 1, _fetch(page("d4")), new_source) is None
    outcomes = [r[0] for r in db.execute("select outcome from fetches order by id").fetchall()]
    assert outcomes == ["new_version", "unchanged", "new_version"]


def test_the_hash_knows_whether_the_selection_sits_in_a_pre() -> None:
    inside = b"<html><body><pre><main>  a   b </main></pre></body></html>"
    outside = b"<html><body><main>  a   b </main></body></html>"
    spec = {"select": ["main"]}
    source, markdown = extract_pages_unless([(outside, spec, URL)], None)
    other, kept = extract_pages_unless([(inside, spec, URL)], source)
    assert other != source and kept == extract_pages([(inside, spec, URL)])
    assert markdown == extract_pages([(outside, spec, URL)])


def test_ranges_hash_the_normalised_fragment() -> None:
    spec = {"select": [{"startBefore": "h1", "endBefore": "div.share"}]}
    first, markdown = extract_pages_unless([(page("a1"), spec, URL)], None)
    assert markdown == extract_pages([(page("a1"), spec, URL)])
    assert extract_pages_unless([(page("b2"), spec, URL)], first) == (first, None)


def test_snapshots_are_zstandard_and_old_zlib_ones_still_read(tmp_path: Path) -> None:
    import zlib

    from tracker.store.snapshots import snapshot_body, store_snapshot

    db = open_db(tmp_path / "cw.db")
    body = page("z1") * 20
    new = store_snapshot(db, _fetch(body)[0])
    stored = db.execute("select body from snapshots where id = ?", [new]).fetchone()[0]
    assert stored.startswith(b"\x28\xb5\x2f\xfd") and len(stored) < len(zlib.compress(body, 6))
    assert snapshot_body(db, new) == body
    # a snapshot written by an earlier clausewatch, with zlib
    old = (
        db["snapshots"]
        .insert({"hash": "old", "body": zlib.compress(b"<p>old</p>", 6), "size": 10, "url": URL})
        .last_pk
    )
    assert snapshot_body(db, old) == b"<p>old</p>"
