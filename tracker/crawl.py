"""Run a crawl of a catalog into a database.

:func:`crawl` is the library entry point behind ``clausewatch crawl`` and ``run``.
Each crawl runs Scrapy in a child process (``python -m tracker.crawl``), because a
Twisted reactor cannot be restarted inside one process; the parent opens the run,
the child's pipelines record every fetch into it, and the parent closes it with a
summary, so a crash of the child is still a closed run with what was committed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.catalog import load_catalog
from tracker.store import finish_run, open_db, start_run, sync_catalog


@dataclass
class CrawlReport:
    run_id: int
    summary: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    returncode: int = 0

    @property
    def needs_attention(self) -> bool:
        return bool(self.summary.get("failed") or self.problems or self.returncode)


def crawl(
    catalog_dir: str | Path,
    db_path: str | Path,
    only: list[str] | None = None,
    settings: dict[str, Any] | None = None,
    log_level: str = "WARNING",
) -> CrawlReport:
    """Fetch every document of ``catalog_dir`` once and record the results in ``db_path``.

    Raises :class:`tracker.catalog.CatalogError` when the catalog cannot be read, and
    :class:`tracker.store.StoreError` when the database cannot be opened.
    """
    catalog = load_catalog(catalog_dir, only)
    db = open_db(db_path)
    sync_catalog(db, catalog)
    run_id = start_run(db, str(catalog_dir), os.getpid())
    cmd = [
        sys.executable,
        "-m",
        "tracker.crawl",
        "--catalog",
        str(catalog_dir),
        "--db",
        str(db_path),
        "--run-id",
        str(run_id),
        "--log-level",
        log_level,
    ]
    if only:
        cmd += ["--only", ",".join(only)]
    for key, value in (settings or {}).items():
        cmd += ["-s", f"{key}={value}"]
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="tracker.settings")
    proc = subprocess.run(cmd, env=env, check=False)
    summary = finish_run(db, run_id, None if proc.returncode == 0 else "crashed")
    summary["catalog_problems"] = catalog.problems
    return CrawlReport(run_id, summary, catalog.problems, proc.returncode)


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tracker.crawl")
    parser.add_argument("--catalog", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--run-id", type=int, default=0)
    parser.add_argument("--only", default="")
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument("-s", dest="settings", action="append", default=[])
    args = parser.parse_args(argv)

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "tracker.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("CLAUSEWATCH_DB", args.db, priority="cmdline")
    settings.set("CLAUSEWATCH_CATALOG", args.catalog, priority="cmdline")
    settings.set("CLAUSEWATCH_RUN_ID", args.run_id, priority="cmdline")
    settings.set("CLAUSEWATCH_ONLY", args.only, priority="cmdline")
    settings.set("LOG_LEVEL", args.log_level, priority="cmdline")
    for pair in args.settings:
        key, _, value = pair.partition("=")
        settings.set(key, value, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("catalog")
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    if stats.get("finish_reason") != "finished" or stats.get("spider_exceptions/count"):
        print(
            f"clausewatch: the crawl did not finish cleanly ({stats.get('finish_reason')})",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main())
