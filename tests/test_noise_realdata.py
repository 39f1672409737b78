"""Real x.com HTML through a real crawl: the markup-only snapshot records nothing.

``x_tos__snap2025-05-09__..__noise_only_change.html`` differs from the snapshot two
days earlier only in markup (Cloudflare e-mail hashes, attributes, one link moved):
Open Terms Archive's data says it must not be a change.  A one-word edit of the same
page must be.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from loopback import FAST, LoopbackServer, fetch_rows, page, versions, write_declaration

from tracker.crawl import crawl

pytestmark = pytest.mark.realdata

BEFORE = "x_tos__snap2025-05-07__eff2024-11-15__india.html"
NOISE = "x_tos__snap2025-05-09__eff2024-11-15__india__noise_only_change.html"


def _x_catalog(shared_data: Path, catalog: Path, url: str) -> None:
    declaration = json.loads((shared_data / "declarations" / "X.json").read_text())
    tos = dict(declaration["terms"]["Terms of Service"], fetch=url)
    write_declaration(catalog, "X", {"Terms of Service": tos})


def test_noise_only_snapshot_records_no_version(shared_data: Path, tmp_path: Path) -> None:
    html = shared_data / "x" / "html"
    before, noise = (html / BEFORE).read_bytes(), (html / NOISE).read_bytes()
    assert before != noise
    with LoopbackServer() as server:
        catalog = tmp_path / "catalog"
        _x_catalog(shared_data, catalog, server.url("/en/tos"))
        db_path = tmp_path / "x.db"
        server.routes["/en/tos"] = page(before)
        first = crawl(catalog, db_path, settings=FAST)
        assert first.summary["changed"] == 1, first.summary
        server.routes["/en/tos"] = page(noise)
        second = crawl(catalog, db_path, settings=FAST)
        assert second.summary["unchanged"] == 1, second.summary
        assert len(versions(db_path)) == 1
        # and back again: still nothing
        server.routes["/en/tos"] = page(before)
        assert crawl(catalog, db_path, settings=FAST).summary["unchanged"] == 1

        # a real one-word edit in the same noisy page is recorded
        edited = noise.replace(b"15,000", b"25,000", 1)
        assert edited != noise
        server.routes["/en/tos"] = page(edited)
        third = crawl(catalog, db_path, settings=FAST)
        assert third.summary["changed"] == 1, third.summary
        history = versions(db_path)
        assert [v[2] for v in history] == [1, 2]
        assert "25,000" in history[-1][3] and "25,000" not in history[0][3]
        assert [r["outcome"] for r in fetch_rows(db_path)] == [
            "new_version",
            "unchanged",
            "unchanged",
            "new_version",
        ]


def test_x_pages_keep_their_decoded_emails_and_no_tracking_params(shared_data: Path) -> None:
    from tracker.extract import extract

    declaration = json.loads((shared_data / "declarations" / "X.json").read_text())
    tos = declaration["terms"]["Terms of Service"]
    for name in (BEFORE, NOISE):
        markdown = extract(
            (shared_data / "x" / "html" / name).read_bytes(),
            tos["select"],
            tos["remove"],
            "https://x.com/en/tos",
        )
        assert "[email protected]" not in markdown and "email-protection" not in markdown
        assert "@x.com" in markdown or "@twitter.com" in markdown
        assert "utm_" not in markdown and "\u00c2" not in markdown
