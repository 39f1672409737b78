"""The shipped catalog: it validates, covers the platforms users ask for, and is consistent."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tracker.catalog import TERMS_TYPES, load_catalog
from tracker.catalog.check import check_catalog
from tracker.extract import extract

CATALOG = Path(__file__).resolve().parent.parent / "catalog"
PLATFORMS = [
    "X", "Bluesky", "Threads", "Facebook", "Instagram", "WhatsApp", "Reddit", "TikTok",
    "YouTube", "Google", "LinkedIn", "Snapchat", "Pinterest", "Discord", "Telegram", "Twitch",
    "Tumblr", "mastodon.social", "Microsoft", "Apple", "Amazon",
    "OpenAI", "Anthropic", "Google Gemini", "Meta AI", "Microsoft Copilot", "Mistral AI",
    "Perplexity", "xAI",
    "Zoom", "Dropbox", "Spotify",
]  # fmt: skip
REGIONAL = {"X": "X (EU)", "WhatsApp": "WhatsApp (EU)", "TikTok": "TikTok (EU)"}
#: issue 18: the terms of X, Meta (Facebook) and Google in Arabic, each a service of its own
ARABIC = {"X": "X (Arabic)", "Facebook": "Facebook (Arabic)", "Google": "Google (Arabic)"}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(CATALOG)


def test_catalog_check_passes_without_problems_or_warnings() -> None:
    report = check_catalog(CATALOG)
    assert report.problems == []
    assert report.warnings == []
    assert report.services >= 30 and report.documents >= 100


def test_the_cli_check_passes_on_the_default_catalog() -> None:
    program = "from tracker.cli import cli; cli()"
    result = subprocess.run(
        [sys.executable, "-c", program, "catalog", "check", str(CATALOG)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("documents: OK")


def test_every_platform_asked_for_is_covered(catalog) -> None:
    services = {d.service for d in catalog.documents}
    assert set(PLATFORMS) <= services
    types = {(d.service, d.terms_type) for d in catalog.documents}
    for platform in PLATFORMS:
        mine = {t for s, t in types if s == platform}
        assert "Terms of Service" in mine or "Acceptable Use Policy" in mine, platform
    # the main documents, where the platform has them
    for platform in ("X", "Bluesky", "Reddit", "TikTok", "LinkedIn", "Discord", "Twitch"):
        assert {"Terms of Service", "Privacy Policy", "Community Guidelines"} <= {
            t for s, t in types if s == platform
        }, platform
    for platform in ("X", "Reddit", "Google", "LinkedIn", "Telegram", "Discord", "YouTube"):
        assert (platform, "Developer Terms") in types
    for platform in ("OpenAI", "Anthropic", "Google Gemini", "Meta AI", "Microsoft Copilot"):
        assert (platform, "Acceptable Use Policy") in types, platform


def test_regional_versions_carry_their_jurisdiction(catalog) -> None:
    docs = catalog.by_key()
    for platform, eu in REGIONAL.items():
        assert docs[f"{eu} / Terms of Service"].jurisdiction == "EU"
        assert docs[f"{platform} / Terms of Service"].jurisdiction in ("non-EU", "US")


def test_entries_are_well_formed(catalog) -> None:
    for doc in catalog.documents:
        assert doc.terms_type in TERMS_TYPES, doc.key
        # issue 18 changed this: the Arabic documents are in Arabic, the rest in English
        assert doc.language == ("ar" if doc.service in ARABIC.values() else "en"), doc.key
        for page in doc.pages:
            parts = urlsplit(page.url)
            assert parts.scheme == "https" and parts.netloc, doc.key
        # every page that needs a browser is flagged, so `catalog list` shows the risky ones;
        # so is every Arabic page, which nobody could check offline
        assert doc.unverified == (doc.needs_browser or doc.language == "ar"), doc.key


def test_arabic_terms_are_the_english_entries_in_arabic(catalog) -> None:
    """X, Meta and Google in Arabic: their documented Arabic pages, the same extraction."""
    docs = catalog.by_key()
    urls = {
        "X (Arabic)": "https://x.com/ar/tos",
        "Facebook (Arabic)": "https://www.facebook.com/legal/terms/plain_text_terms?locale=ar_AR",
        "Google (Arabic)": "https://policies.google.com/terms?hl=ar",
    }
    for english, arabic in ARABIC.items():
        en, ar = docs[f"{english} / Terms of Service"], docs[f"{arabic} / Terms of Service"]
        assert ar.language == "ar" and ar.unverified and ar.url == urls[arabic]
        assert [(p.select, p.remove) for p in ar.pages] == [(p.select, p.remove) for p in en.pages]
        assert ar.needs_browser == en.needs_browser and ar.jurisdiction == en.jurisdiction
    assert {d.service for d in catalog.documents if d.language == "ar"} == set(ARABIC.values())


def test_one_file_per_service_named_after_it() -> None:
    for path in CATALOG.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert path.stem == data["name"]
        assert list(data) == ["name", "terms"]


def test_bluesky_matches_open_terms_archive(shared_data: Path, catalog) -> None:
    ota = json.loads((shared_data / "declarations" / "Bluesky.json").read_text())["terms"]
    docs = catalog.by_key()
    for terms_type, spec in ota.items():
        page = docs[f"Bluesky / {terms_type}"].pages[0]
        assert page.url == spec["fetch"]
        assert list(page.select) == [spec["select"]] and list(page.remove) == [spec["remove"]]


@pytest.mark.realdata
def test_x_terms_split_into_eu_and_non_eu_on_a_real_page(shared_data: Path, catalog) -> None:
    html = (shared_data / "x/html/x_tos__snap2025-05-07__eff2024-11-15__india.html").read_bytes()
    docs = catalog.by_key()
    texts = {}
    for key in ("X / Terms of Service", "X (EU) / Terms of Service"):
        page = docs[key].pages[0]
        texts[key] = extract(html, page.select, page.remove, page.url)
    world, eu = texts["X / Terms of Service"], texts["X (EU) / Terms of Service"]
    assert "If you live outside the European Union" in world
    assert "If you live in the European Union" not in world
    assert "If you live in the European Union" in eu
    assert "If you live outside the European Union" not in eu
    for text in (world, eu):
        assert "Liquidated Damages" in text and 20_000 < len(text) < 30_000
    assert "Summary of our Terms" not in world + eu  # the summary is not part of either


@pytest.mark.realdata
def test_x_links_its_arabic_terms_from_the_english_page(shared_data: Path) -> None:
    """x.com/ar/tos exists: X's own page lists it among its languages (May 2025 snapshot)."""
    html = (shared_data / "x/html/x_tos__snap2025-05-07__eff2024-11-15__india.html").read_text(
        encoding="utf-8"
    )
    link = re.search(r'<a href="https://x\.com/ar/tos"[^>]*>\s*([^<]+?)\s*</a>', html)
    assert link and link.group(1) == "العربية"


@pytest.mark.realdata
def test_x_privacy_policy_on_a_real_page(shared_data: Path, catalog) -> None:
    html = shared_data / "x/html/x_privacy__snap2025-05-07__eff2024-11-15__india.html"
    page = catalog.by_key()["X / Privacy Policy"].pages[0]
    text = extract(html.read_bytes(), page.select, page.remove, page.url)
    assert text.startswith("# X Privacy Policy") and "How To Contact X" in text
