"""The benchmark workload: page generator and loopback server (no timings here)."""

from __future__ import annotations

import difflib
import http.client
import importlib
import re
import sys
from pathlib import Path

import pytest

from tracker.catalog import load_catalog
from tracker.extract import extract

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def workload():
    sys.path.insert(0, str(ROOT))
    try:
        yield importlib.import_module("bench.workload")
    finally:
        sys.path.remove(str(ROOT))


def _get(port: int, path: str, headers: dict[str, str] | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def _main_text(html: bytes) -> str:
    return html[html.index(b"<main") : html.index(b"</main>")].decode()


def test_pages_are_realistic_deterministic_and_in_size(workload) -> None:
    for i in range(8):
        page = workload.render_page(i)
        assert workload.MIN_SIZE <= len(page) <= workload.MAX_SIZE
        assert page == workload.render_page(i)
        for part in (b"<nav", b"<svg", b"<script", b"<main", b"<footer", b"<h2", b"<ul>"):
            assert part in page
        # the nonce lives in scripts outside <main> only
        assert workload.NONCE in page and workload.NONCE not in _main_text(page).encode()
    assert workload.render_page(1) != workload.render_page(2)


def test_a_revision_changes_exactly_one_sentence_of_the_terms(workload) -> None:
    old, new = workload.render_page(5), workload.render_page(5, revision=1)
    assert old.split(b"<main")[0] == new.split(b"<main")[0]  # nothing else moves
    split = lambda html: _main_text(html).replace("<", "\n<").split(". ")  # noqa: E731
    changed = [
        line for line in difflib.ndiff(split(old), split(new)) if line.startswith(("+ ", "- "))
    ]
    assert len(changed) == 2 and "amendment 1" in changed[-1]
    assert workload.render_page(5, revision=2) not in (old, new)


def test_dynamic_mode_sends_a_fresh_nonce_and_no_validators(workload, tmp_path: Path) -> None:
    workload.write_pages(tmp_path, 3)
    with workload.Server(tmp_path, "dynamic") as server:
        status, headers, first = _get(server.port, "/p/1.html")
        _, _, second = _get(server.port, "/p/1.html")
        assert status == 200 and first != second
        assert "ETag" not in headers and "Last-Modified" not in headers
        assert workload.NONCE not in first
        assert extract(first, "main", ".share") == extract(second, "main", ".share")
        assert _get(server.port, "/robots.txt")[0] == 200
        assert _get(server.port, "/p/99.html")[0] == 404
        assert server.stats()["200"] == 2
        assert server.cpu_seconds() >= 0


def test_static_mode_answers_conditional_requests_with_304(workload, tmp_path: Path) -> None:
    workload.write_pages(tmp_path, 3)
    with workload.Server(tmp_path, "static") as server:
        status, headers, body = _get(server.port, "/p/2.html")
        assert status == 200 and headers["ETag"] and headers["Last-Modified"]
        assert body == _get(server.port, "/p/2.html")[2]
        assert _get(server.port, "/p/2.html", {"If-None-Match": headers["ETag"]})[0] == 304
        since = {"If-Modified-Since": headers["Last-Modified"]}
        assert _get(server.port, "/p/2.html", since)[0] == 304
        workload.change_pages(tmp_path, {2: 1})
        status, new_headers, new_body = _get(
            server.port, "/p/2.html", {"If-None-Match": headers["ETag"]}
        )
        assert status == 200 and new_headers["ETag"] != headers["ETag"] and new_body != body
        assert _get(server.port, "/p/2.html", since)[0] == 200
        assert server.stats()["304"] == 2


def test_catalog_declares_every_page(workload, tmp_path: Path) -> None:
    catalog = load_catalog(workload.write_catalog(tmp_path, "http://127.0.0.1:9", 4))
    assert not catalog.problems
    assert [d.url for d in catalog.documents] == [
        f"http://127.0.0.1:9/p/{i}.html" for i in range(4)
    ]


def test_urlwatch_report_parsing(workload) -> None:
    bench_crawl = importlib.import_module("bench.bench_crawl")
    text = (
        "=====\n01. CHANGED: Bench Service 00003\n=====\n"
        "CHANGED: Bench Service 00003 ( http://127.0.0.1:1/p/3.html )\n"
        "NEW: Bench Service 00004 ( http://127.0.0.1:1/p/4.html )\n"
        "ERROR: Bench Service 00005 ( http://127.0.0.1:1/p/5.html )\n"
    )
    found = bench_crawl.parse_urlwatch_report(text)
    assert found["CHANGED"] == ["Bench Service 00003"]
    assert found["NEW"] == ["Bench Service 00004"]
    assert found["ERROR"] == ["Bench Service 00005"]


def test_the_long_shape_is_mostly_terms_with_a_tracked_nav(workload) -> None:
    for i in range(4):
        page = workload.render_long_page(i)
        assert page == workload.render_long_page(i)
        assert 80_000 <= len(page) <= 100_000
        main = _main_text(page)
        words = len(re.sub(r"<[^>]+>", " ", main).split())
        assert 10_000 <= words <= 11_600 and len(main) > 0.7 * len(page)
        nav = page[page.index(b"<nav") : page.index(b"</nav>")]
        assert nav.count(b"<a ") == workload.LONG_NAV_LINKS and b"utm_campaign=" in nav
        assert b"<svg" in page and b'type="application/json"' in page
        assert workload.NONCE in page and workload.NONCE not in main.encode()
    old, new = workload.render_long_page(3), workload.render_long_page(3, revision=1)
    assert old.split(b"<main")[0] == new.split(b"<main")[0] and old != new


def test_pages_spread_over_loopback_hosts(workload, tmp_path: Path) -> None:
    workload.write_pages(tmp_path, 4, shape="long")
    with workload.Server(tmp_path, "dynamic", hosts=3) as server:
        hosts = [url.split("//")[1].split(":")[0] for url in server.base_urls]
        assert hosts == ["127.0.0.2", "127.0.0.3", "127.0.0.4"]
        assert server.page_url(4).startswith(server.base_urls[1])
        for i in range(4):
            url = server.page_url(i)
            host, port = url.split("//")[1].split("/")[0].split(":")
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            conn.request("GET", f"/p/{i}.html")
            resp = conn.getresponse()
            assert resp.status == 200 and b"<main" in resp.read()
            conn.close()
    catalog = load_catalog(workload.write_catalog(tmp_path / "c", server.base_urls, 4))
    assert [d.url for d in catalog.documents][1] == server.page_url(1)


def test_the_loopback_server_listens_on_loopback_addresses_only() -> None:
    from tracker.loopback import LoopbackServer

    with LoopbackServer(host="127.0.0.9") as server:
        assert server.base_url.startswith("http://127.0.0.9:")
    for host in ("0.0.0.0", "10.0.0.1", "192.168.1.1", "::1", "localhost", "128.0.0.1"):
        with pytest.raises(ValueError):
            LoopbackServer(host=host)
