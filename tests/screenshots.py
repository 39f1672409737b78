"""Screenshots of the site for review (``make screenshots``): not a test, never committed.

Builds the site from the real policy histories when ``../shared/data`` is there (a real
crawl of ten documents, about two minutes), else from the offline demo, and saves the
home page, a service scorecard, a long change, the compare view and the filtered list
of changes, at desktop and phone width, into ``test-artifacts/screenshots/``.

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
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def pages(real: bool) -> dict[str, str]:
    if real:
        return {
            "home": "index.html",
            "scorecard": "services/tiktok/index.html",
            "long-change": "services/pinterest/privacy-policy/changes/2.html",
            "compare": "services/tiktok/terms-of-service/compare.html#from=2&to=9",
            "filters": "changes/index.html#severity=medium&date=detected&from=2025-01-01",
        }
    return {
        "home": "index.html",
        "scorecard": "services/parrot/index.html",
        "long-change": "services/parrot/terms-of-service/changes/3.html",
        "compare": "services/parrot/terms-of-service/compare.html#from=1&to=3",
        "filters": "changes/index.html#service=parrot",
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
            for name, rel in pages(real).items():
                path, _, fragment = rel.partition("#")
                for label, viewport in WIDTHS.items():
                    page = browser.new_page(viewport=viewport)
                    page.goto((site / path).as_uri() + (f"#{fragment}" if fragment else ""))
                    time.sleep(1.5 if name == "compare" else 0.3)  # the compare view computes
                    shot = args.out / f"{name}-{label}.png"
                    page.screenshot(
                        path=str(shot), full_page=name not in ("long-change", "compare")
                    )
                    print(shot)
                    page.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
