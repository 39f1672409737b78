"""``clausewatch watch``: run on a schedule in the foreground, for people without cron.

A thin layer over :func:`tracker.schedule.watch` and :func:`tracker.schedule.run_once`
(the same function as ``clausewatch run``).
"""

from __future__ import annotations

import signal
import sys
import threading
from datetime import datetime, timedelta
from typing import Any

import click

from tracker.cli.options import config, run_options


@click.command("watch")
@click.option(
    "--every",
    default=lambda: config().get("watch.every"),
    show_default="$CLAUSEWATCH_WATCH_EVERY or 6h",
    help="Interval between runs: 90s, 30m, 6h, 1d, 1h30m.",
)
@click.option(
    "--jitter",
    default=lambda: config().get("watch.jitter"),
    show_default="$CLAUSEWATCH_WATCH_JITTER or 10%",
    help="Random shift of each wait, up to this share of the interval (10%) or duration (5m).",
)
@click.option("--times", type=click.IntRange(min=1), help="Stop after this many runs.")
@run_options
def watch(
    every: str,
    jitter: str,
    times: int | None,
    catalog_dir: str,
    db_path: str,
    out_dir: str,
    base_url: str,
    only: tuple[str, ...],
    quiet: bool,
    verbose: bool,
) -> None:
    """Run now, then again every --every (with --jitter), until stopped.

    Each run is 'clausewatch run': crawl, then build the site. A failed run is
    reported and the schedule goes on. Ctrl-C or SIGTERM stops it between runs (a
    run in progress finishes first). With --times, exits 1 if the last run needed
    attention.

    \b
    Examples:
        clausewatch watch --every 6h --jitter 10%
        clausewatch watch --every 30m --times 4 --quiet
    """
    from tracker.cli.run import run_and_report
    from tracker.schedule import format_duration, parse_duration, parse_jitter
    from tracker.schedule import watch as schedule

    try:
        interval = parse_duration(every)
        spread = parse_jitter(jitter, interval)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    if interval <= 0:
        raise click.BadParameter("the interval must be positive", param_hint="--every")

    stop = threading.Event()

    def _stop(signum: int, _frame: Any) -> None:
        click.echo(f"watch: {signal.Signals(signum).name}, stopping after this run", err=True)
        stop.set()

    def one_run() -> Any:
        return run_and_report(catalog_dir, db_path, out_dir, base_url, only, quiet, verbose)

    def waiting(delay: float) -> None:
        if not quiet:
            at = (datetime.now() + timedelta(seconds=delay)).strftime("%Y-%m-%d %H:%M:%S")
            click.echo(f"next run at {at} (in {format_duration(delay)})")

    def failed(exc: Exception) -> None:
        click.echo(f"Error: run failed: {exc}", err=True)

    if not quiet:
        click.echo(
            f"watch: every {format_duration(interval)} ± {format_duration(spread)}"
            + (f", {times} runs" if times else ", until stopped")
        )
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, _stop)
    try:
        results = schedule(
            one_run, interval, spread, times=times, stop=stop, on_wait=waiting, on_error=failed
        )
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    last = results[-1] if results else None
    if isinstance(last, Exception) or (last is not None and last.needs_attention):
        sys.exit(1)
    sys.exit(0)
