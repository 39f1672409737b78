"""Benchmark: build the site for a generated database of 100 services × 50 versions.

The database is filled through the real store functions (``open_db``,
``ensure_document``, ``record_pages``), so every version after the first records a
change with the real differ and flagger.  It is cached under ``bench/out/`` (keyed by
its size) because generating it takes longer than building the site.

Measured: a full build into an empty folder, a rebuild with nothing new, and an
incremental build after one new version of one document.

    python bench/bench_site.py [--services 100] [--versions 50]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from tracker.analysis import default_analyser
from tracker.catalog import DocumentSpec, PageSpec
from tracker.items import PageFetch
from tracker.site.build import build_site
from tracker.store.db import open_db
from tracker.store.documents import ensure_document
from tracker.store.recorder import record_pages

OUT = Path(__file__).resolve().parent / "out"

CLAUSES = [
    "You must be at least {age} years old to use {name}.",
    "We may change these terms at any time by posting a new version.",
    "You keep ownership of the content you post.",
    "You grant {name} a worldwide, royalty-free, sublicensable licence to use your content.",
    "We may remove any content at our sole discretion.",
    "We may suspend or terminate your account at any time, for any reason.",
    "These terms are governed by the laws of the State of {state}.",
    "Disputes will be resolved in the state or federal courts located in {county} County, {state}.",
    "We may use your posts to train our machine learning and artificial intelligence models.",
    "If you access more than 1,000,000 posts in a day, you agree to pay liquidated damages "
    "of ${fee} per 1,000,000 posts.",
    "We share personal data with our affiliates and advertising partners.",
    "You may not crawl or scrape the service without our written permission.",
    "To the maximum extent permitted by law, our liability is limited to $100.",
    "You can delete your account from the settings page.",
    "We will notify you of material changes {days} days in advance.",
]
STATES = [("Oregon", "Multnomah"), ("Texas", "Tarrant"), ("California", "San Mateo")]


def version_text(service: int, version: int) -> str:
    """A small synthetic policy whose clauses drift from one version to the next."""
    name = f"Service {service:03d}"
    state, county = STATES[(service + version // 10) % len(STATES)]
    values = {
        "name": name,
        "age": 13 + (version // 7) % 6,
        "state": state,
        "county": county,
        "fee": f"{15000 + 1000 * (version // 5):,}",
        "days": 30 - (version % 3) * 10,
    }
    lines = [f"# {name} Terms of Service", "", f"Last updated: version {version}.", ""]
    for i, clause in enumerate(CLAUSES):
        if (i * 7 + service + version // 3) % 5 == 0 and i not in (0, 2):
            continue  # clauses come and go over time
        lines += [f"## Section {i + 1}", "", clause.format(**values), ""]
    return "\n".join(lines)


def generate(path: Path, services: int, versions: int) -> None:
    tmp = path.with_suffix(".tmp")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    db = open_db(tmp)
    for s in range(services):
        url = f"https://service-{s:03d}.example/terms"
        spec = DocumentSpec(f"Service {s:03d}", "Terms of Service", (PageSpec(url),), "bench")
        doc_id = ensure_document(db, spec)
        for v in range(versions):
            when = f"2025-{1 + v // 28:02d}-{1 + v % 28:02d}T{s % 24:02d}:00:00Z"
            md = version_text(s, v)
            page = PageFetch(url, url, 200, md.encode(), {"content-type": "text/html"}, when)
            record_pages(
                db, None, doc_id, [page], md, spec.declaration(), analyser=default_analyser()
            )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    tmp.replace(path)


def database(services: int, versions: int) -> tuple[Path, float | None]:
    """The cached generated database (and the seconds it took, when generated now)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"site-{services}x{versions}.db"
    if path.exists():
        return path, None
    started = time.perf_counter()
    generate(path, services, versions)
    return path, round(time.perf_counter() - started, 1)


def run(services: int = 100, versions: int = 50) -> dict[str, Any]:
    """Full, no-op and incremental builds; returns the figures."""
    db_path, generated = database(services, versions)
    work = OUT / "site-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db_copy = work / "bench.db"
    with sqlite3.connect(str(db_path)) as src, sqlite3.connect(str(db_copy)) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    db = open_db(db_copy)
    out = work / "site"
    full = build_site(db, out, "https://example.org/tos")
    noop = build_site(db, out, "https://example.org/tos")
    # one new version of one document
    target = services // 2
    url = f"https://service-{target:03d}.example/terms"
    spec = DocumentSpec(f"Service {target:03d}", "Terms of Service", (PageSpec(url),), "bench")
    doc_id = ensure_document(db, spec)
    md = version_text(target, versions) + "\n\nWe may sell your data to anyone.\n"
    page = PageFetch(url, url, 200, md.encode(), {}, "2030-01-01T00:00:00Z")
    record_pages(db, None, doc_id, [page], md, spec.declaration(), analyser=default_analyser())
    incremental = build_site(db, out, "https://example.org/tos")
    changes = db.execute("select count(*) from changes").fetchone()[0]
    return {
        "services": services,
        "versions_per_service": versions,
        "changes": changes,
        "database_generated_seconds": generated,
        "full_build_seconds": full.seconds,
        "full_build_files_written": len(full.written),
        "noop_build_seconds": noop.seconds,
        "noop_build_files_written": len(noop.written),
        "incremental_build_seconds": incremental.seconds,
        "incremental_build_files_written": len(incremental.written),
        "incremental_written": sorted(incremental.written),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100)
    parser.add_argument("--versions", type=int, default=50)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = run(args.services, args.versions)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    if result["database_generated_seconds"] is not None:
        print(f"generated database in {result['database_generated_seconds']} s")
    print(
        f"site for {result['services']} services × {result['versions_per_service']} versions "
        f"({result['changes']} changes)"
    )
    print(
        f"  full build:        {result['full_build_seconds']:7.2f} s, "
        f"{result['full_build_files_written']} files written"
    )
    print(
        f"  rebuild, no news:  {result['noop_build_seconds']:7.2f} s, "
        f"{result['noop_build_files_written']} files written"
    )
    print(
        f"  one new change:    {result['incremental_build_seconds']:7.2f} s, "
        f"{result['incremental_build_files_written']} files written:"
    )
    for rel in result["incremental_written"]:
        print(f"    {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
