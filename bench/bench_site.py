"""Benchmark: build the site for a generated database of 100 services × 50 versions.

The database is filled through the real store functions (``open_db``,
``ensure_document``, ``record_pages``), so every version after the first records a
change with the real differ and flagger.  It is cached under ``bench/out/`` (keyed by
its size) because generating it takes longer than building the site.

Measured: a full build into an empty folder, a rebuild with nothing new, and an
incremental build after one new version of one document.

    python bench/bench_site.py [--services 100] [--versions 50]
    python bench/bench_site.py --before ../main-checkout [--rounds 3]

With ``--before DIR`` (a checkout of another version of clausewatch, e.g. ``git worktree
add ../base main``) the same benchmark runs on that code and on this one, alternately,
``--rounds`` times each, on the same database, and the medians are printed side by
side: on a machine shared with other work, only runs that alternate are comparable.
The figures of issue 15's change are in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
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


def run(
    services: int = 100, versions: int = 50, languages: list[str] | None = None
) -> dict[str, Any]:
    """Full, no-op and incremental builds (in every site language, or ``languages``)."""
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
    full = build_site(db, out, "https://example.org/tos", languages=languages)
    noop = build_site(db, out, "https://example.org/tos", languages=languages)
    # one new version of one document
    target = services // 2
    url = f"https://service-{target:03d}.example/terms"
    spec = DocumentSpec(f"Service {target:03d}", "Terms of Service", (PageSpec(url),), "bench")
    doc_id = ensure_document(db, spec)
    md = version_text(target, versions) + "\n\nWe may sell your data to anyone.\n"
    page = PageFetch(url, url, 200, md.encode(), {}, "2030-01-01T00:00:00Z")
    record_pages(db, None, doc_id, [page], md, spec.declaration(), analyser=default_analyser())
    incremental = build_site(db, out, "https://example.org/tos", languages=languages)
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


FIGURES = ("full_build_seconds", "noop_build_seconds", "incremental_build_seconds")


def _one_run(code: Path, services: int, versions: int) -> dict[str, Any]:
    """One benchmark run of the clausewatch in ``code``, in its own process, on our database."""
    db_path, _ = database(services, versions)
    theirs = code / "bench" / "out" / db_path.name
    if theirs.resolve() != db_path.resolve() and not theirs.exists():
        theirs.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(db_path, theirs)
    env = dict(os.environ, PYTHONPATH=str(code))
    cmd = [sys.executable, "bench/bench_site.py", "--json"]
    cmd += ["--services", str(services), "--versions", str(versions)]
    done = subprocess.run(cmd, cwd=code, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def compare(before: Path, services: int, versions: int, rounds: int) -> dict[str, Any]:
    """Alternate runs of the code in ``before`` and of this code; medians of each figure."""
    here = Path(__file__).resolve().parent.parent
    runs: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
    for _ in range(rounds):
        runs["before"].append(_one_run(before.resolve(), services, versions))
        runs["after"].append(_one_run(here, services, versions))
    out: dict[str, Any] = {"rounds": rounds}
    for name in FIGURES:
        b = statistics.median(r[name] for r in runs["before"])
        a = statistics.median(r[name] for r in runs["after"])
        out[name] = {"before": b, "after": a, "change": round(a / b - 1, 3) if b else None}
    out["files_written"] = {
        "before": runs["before"][0]["full_build_files_written"],
        "after": runs["after"][0]["full_build_files_written"],
    }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100)
    parser.add_argument("--versions", type=int, default=50)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--lang", action="append", help="build only this language (repeatable; default: all)"
    )
    parser.add_argument(
        "--before", type=Path, metavar="DIR", help="a checkout of the code to compare with"
    )
    parser.add_argument("--rounds", type=int, default=3, help="with --before: runs of each")
    args = parser.parse_args(argv)
    if args.before:
        figures = compare(args.before, args.services, args.versions, args.rounds)
        if args.json:
            print(json.dumps(figures, indent=2))
            return 0
        print(
            f"site for {args.services} services × {args.versions} versions, "
            f"median of {args.rounds} alternating runs each"
        )
        for name in FIGURES:
            f = figures[name]
            print(
                f"  {name:27s} before {f['before']:7.2f} s   after {f['after']:7.2f} s   "
                f"{f['change']:+.0%}"
            )
        files = figures["files_written"]
        print(f"  files written by a full build: before {files['before']}, after {files['after']}")
        return 0
    result = run(args.services, args.versions, args.lang)
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
