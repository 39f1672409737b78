"""Run a crawl of a catalog into a database.

:func:`crawl` is the library entry point behind ``clausewatch crawl`` and ``run``.
Each crawl runs Scrapy in a child process (``python -m tracker.crawl``), because a
Twisted reactor cannot be restarted inside one process; the parent opens the run,
the child's pipelines record every fetch into it, and the parent closes it with a
summary, so a crash of the child is still a closed run with what was committed.

The parent holds the database's run lock (:mod:`tracker.store.lock`) for the whole run
and shares it with the child, closes runs that an earlier, killed crawl left
"running" (as "crashed"), syncs the catalog into the database once, and hands the
child a :class:`~tracker.items.CrawlPlan` (document ids, conditional headers, known
sources) so that nothing in the child reads them again.  It shows progress on a
terminal by watching the database.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.store.collapse import ShrinkRule

# This module is also the Scrapy child's main module (python -m tracker.crawl), which
# every extraction worker imports again on start (multiprocessing's spawn): what only
# the parent needs (the catalog, the store) is imported inside its functions.


@dataclass
class CrawlReport:
    run_id: int
    summary: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    returncode: int = 0
    #: the health of each document this run found collapsed (``problem`` names it)
    suspects: list[dict[str, Any]] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        """A document failed, was held back or collapsed, the catalog has problems, or the
        crawl crashed."""
        return bool(
            self.summary.get("failed")
            or self.summary.get("held_back")
            or self.summary.get("suspect")
            or self.problems
            or self.returncode
        )


def crawl(
    catalog_dir: str | Path,
    db_path: str | Path,
    only: list[str] | None = None,
    settings: dict[str, Any] | None = None,
    log_level: str = "WARNING",
    progress: bool = False,
) -> CrawlReport:
    """Fetch every document of ``catalog_dir`` once and record the results in ``db_path``.

    ``settings`` are Scrapy settings for the child (``-s NAME=VALUE``); ``progress``
    shows a progress bar on standard error.

    Raises :class:`tracker.catalog.CatalogError` when the catalog cannot be read,
    :class:`tracker.lock.LockError` when another run holds the database, and
    :class:`tracker.store.StoreError` when the database cannot be opened.
    """
    from tracker.catalog import load_catalog
    from tracker.store.db import open_db
    from tracker.store.documents import sync_catalog
    from tracker.store.lock import RunLock
    from tracker.store.queries import crawl_plan, run_suspects
    from tracker.store.runs import finish_run, mark_crashed_runs, start_run

    catalog = load_catalog(catalog_dir, only)
    shrink_rule(settings)  # a bad threshold is a clear error here, not a crash in the child
    with RunLock(db_path) as lock, tempfile.TemporaryDirectory(prefix="clausewatch-") as tmp:
        plan_path = Path(tmp) / "plan.json"
        assert lock.fd is not None
        # The child imports Scrapy, the longest part of a crawl's start, while this
        # process syncs the catalog and reads the plan; it crawls once given the run id.
        proc = _start_child(catalog_dir, db_path, plan_path, only, settings, log_level, lock.fd)
        try:
            db = open_db(db_path)
            crashed = mark_crashed_runs(db)
            ids = sync_catalog(db, catalog)
            conditional = settings_flag(settings, "CLAUSEWATCH_CONDITIONAL", "crawl.conditional")
            plan = crawl_plan(
                db,
                ids,
                {
                    doc.key: doc.declaration()
                    for doc in catalog.documents
                    if conditional and len(doc.pages) == 1 and not doc.needs_browser
                },
            )
            plan.dump(plan_path)
            run_id = start_run(db, str(catalog_dir), os.getpid())
            assert proc.stdin is not None
            proc.stdin.write(f"{run_id}\n".encode())
            proc.stdin.close()
        except BaseException:
            _stop(proc)  # no run id: the child leaves without crawling
            raise
        try:
            if progress:
                _show_progress(db, run_id, len(catalog.documents), proc)
            returncode = proc.wait()
        except BaseException:
            _stop(proc)
            finish_run(db, run_id, "interrupted")
            raise
        summary = finish_run(db, run_id, None if returncode == 0 else "crashed")
        suspects = run_suspects(db, run_id)
    summary["catalog_problems"] = catalog.problems
    summary["crashed_runs_closed"] = crashed
    return CrawlReport(run_id, summary, catalog.problems, returncode, suspects)


def _start_child(
    catalog_dir: str | Path,
    db_path: str | Path,
    plan_path: Path,
    only: list[str] | None,
    settings: dict[str, Any] | None,
    log_level: str,
    lock_fd: int,
) -> subprocess.Popen[bytes]:
    """The Scrapy child, waiting for its run id on standard input."""
    cmd = [sys.executable, "-m", "tracker.crawl", "--catalog", str(catalog_dir)]
    cmd += ["--db", str(db_path), "--run-id-from-stdin", "--log-level", log_level]
    cmd += ["-s", f"CLAUSEWATCH_PLAN={plan_path}"]
    if only:
        cmd += ["--only", ",".join(only)]
    for key, value in (settings or {}).items():
        cmd += ["-s", f"{key}={value}"]
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="tracker.settings")
    return subprocess.Popen(cmd, env=env, pass_fds=(lock_fd,), stdin=subprocess.PIPE)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """End the child: at once if it still waits for its run id, else as Ctrl-C would."""
    if proc.stdin is not None and not proc.stdin.closed:
        proc.stdin.close()  # end of input before a run id: the child leaves, crawling nothing
    else:
        proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def shrink_rule(settings: dict[str, Any] | None = None) -> ShrinkRule:
    """The shrink rule of a crawl: the ``crawl.*`` settings, or values given for it.

    Raises :class:`~tracker.errors.ConfigError` naming the setting of a bad threshold.
    """
    from tracker.errors import ConfigError
    from tracker.store.collapse import ShrinkRule

    given = settings or {}

    def number(name: str, kind: type) -> Any:
        if name not in given:
            return None
        try:
            return kind(given[name])
        except (TypeError, ValueError):
            raise ConfigError(f"{name}: expected a number, got {given[name]!r}") from None

    return ShrinkRule.from_config(
        max_shrink=number("CLAUSEWATCH_MAX_SHRINK", float),
        collapse_share=number("CLAUSEWATCH_COLLAPSE_SHARE", float),
        collapse_min_words=number("CLAUSEWATCH_COLLAPSE_MIN_WORDS", int),
    )


def settings_flag(settings: dict[str, Any] | None, name: str, key: str) -> bool:
    """A boolean crawl setting: given for this crawl, else from the settings file."""
    from tracker.config import load_config

    if settings and name in settings:
        return str(settings[name]).strip().lower() in ("1", "true", "yes", "on")
    return bool(load_config().get(key))


def _show_progress(db: Any, run_id: int, total: int, proc: subprocess.Popen[bytes]) -> None:
    """A rich progress bar on stderr, fed by the run's rows in the database."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn())
    with Progress(
        *columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True
    ) as bar:
        task = bar.add_task("crawling", total=total)
        while proc.poll() is None:
            done = db.execute("select count(*) from fetches where run_id = ?", [run_id])
            bar.update(task, completed=done.fetchone()[0])
            time.sleep(0.3)


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tracker.crawl")
    parser.add_argument("--catalog", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--run-id", type=int, default=0)
    parser.add_argument(
        "--run-id-from-stdin",
        action="store_true",
        help="import Scrapy, then read the run id from standard input (nothing: do nothing)",
    )
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
    if args.log_level.upper() not in ("DEBUG", "INFO"):
        # the versions would not be shown; looking them up runs `uname -p` and reads the
        # metadata of every package
        settings.set("LOG_VERSIONS", [], priority="cmdline")
    for pair in args.settings:
        key, _, value = pair.partition("=")
        settings.set(key, value, priority="cmdline")
    if settings.getpriority("USER_AGENT") < settings.getpriority("CLAUSEWATCH_CONTACT"):
        # the contact URL was given at run time: say it in the User-Agent
        from tracker.config import user_agent

        settings.set(
            "USER_AGENT", user_agent(settings.get("CLAUSEWATCH_CONTACT")), priority="cmdline"
        )
    if args.run_id_from_stdin:
        # what the crawl loads anyway, loaded while the parent syncs the catalog
        import lxml.html  # noqa: F401

        import spiders.catalog  # noqa: F401
        import tracker.pipelines.extraction  # noqa: F401
        import tracker.pipelines.storage  # noqa: F401
        import tracker.pipelines.validation  # noqa: F401

        line = sys.stdin.readline().strip()
        if not line:
            return 0  # the parent stopped before the run began
        settings.set("CLAUSEWATCH_RUN_ID", int(line), priority="cmdline")
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
