"""Screenshots of the site for review (``make screenshots``): not a test, never committed.

Builds the site from the real policy histories when ``../shared/data`` is there (a real
crawl of ten documents, about two minutes), else from the offline demo, and saves the
home page, a service scorecard, a long change, the compare view and the filtered list
of changes, at desktop and phone width, and the Arabic site's home page, a change and
the matrix (``ar-*``), at desktop width and 360 px, into ``test-artifacts/screenshots/``.

    .venv/bin/python tests/screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conftest import shared_data_dir  # noqa: E402
from site_support import demo_database, history_database  # noqa: E402

from tracker.site.build import build_site  # noqa: E402
from tracker.store.db import open_db  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"desktop": DESKTOP, "phone": {"width": 390, "height": 844}}
#: the Arabic pages at the narrowest width the site is checked at (issue 18)
ARABIC_WIDTHS = {"desktop": DESKTOP, "360px": {"width": 360, "height": 740}}
#: pages shown in their first screen only (a long change, the compare view)
FIRST_SCREEN = ("long-change", "compare", "ar-change", "ar-change-english")


def pages(real: bool) -> dict[str, str]:
    if real:
        return {
            "home": "index.html",
            "scorecard": "services/tiktok/index.html",
            "long-change": "services/pinterest/privacy-policy/changes/2.html",
            "compare": "services/tiktok/terms-of-service/compare.html#from=2&to=9",
            "filters": "changes/index.html#severity=medium&date=detected&from=2025-01-01",
        }
    return {  # the demo records two versions of each document
        "home": "index.html",
        "scorecard": "services/parrot/index.html",
        "long-change": "services/parrot/terms-of-service/changes/2.html",
        "compare": "services/parrot/terms-of-service/compare.html#from=1&to=2",
        "filters": "changes/index.html#service=parrot",
    }


def arabic_pages(real: bool) -> dict[str, str]:
    """The Arabic site's home, a change and the matrix (and, in the demo, English terms)."""
    if real:  # the histories are English: their change on the Arabic site
        return {
            "ar-home": "ar/index.html",
            "ar-change": "ar/services/pinterest/privacy-policy/changes/2.html",
            "ar-matrix": "ar/matrix.html",
        }
    return {
        "ar-home": "ar/index.html",
        "ar-change": "ar/services/parrot-arabic/terms-of-service/changes/2.html",
        "ar-change-english": "ar/services/parrot/terms-of-service/changes/2.html",
        "ar-matrix": "ar/matrix.html",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE.parent / "test-artifacts" / "screenshots")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="clausewatch-shots-") as tmp:
        data = shared_data_dir()
        real = (data / "histories" / "index.tsv").exists()
        db_path = history_database(data, Path(tmp)) if real else demo_database(Path(tmp))
        site = Path(tmp) / "site"
        db = open_db(db_path)
        build_site(db, site, today=date(2026, 9, 1) if real else None)
        db.conn.close()
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            shots = [(name, rel, WIDTHS) for name, rel in pages(real).items()]
            shots += [(name, rel, ARABIC_WIDTHS) for name, rel in arabic_pages(real).items()]
            for name, rel, widths in shots:
                path, _, fragment = rel.partition("#")
                if not (site / path).is_file():
                    raise SystemExit(f"{site / path}: no such page in the built site")
                for label, viewport in widths.items():
                    page = browser.new_page(viewport=viewport)
                    page.goto((site / path).as_uri() + (f"#{fragment}" if fragment else ""))
                    time.sleep(1.5 if name == "compare" else 0.3)  # the compare view computes
                    shot = args.out / f"{name}-{label}.png"
                    page.screenshot(path=str(shot), full_page=name not in FIRST_SCREEN)
                    print(shot)
                    page.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
