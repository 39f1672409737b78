"""Scheduled runs: one run (crawl, build the site, send alerts) and a foreground scheduler.

:func:`run_once` is what ``clausewatch run`` does, and what ``clausewatch watch``
repeats every ``--every`` with a random ``--jitter``, so that many trackers started
at the same minute do not hit the same sites together.  For cron, systemd timers and
GitHub Actions, see ``docs/scheduling.md``.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])", re.I)


def parse_duration(text: str) -> float:
    """Seconds in a duration: ``90`` or ``90s``, ``30m``, ``6h``, ``1d``, ``1h30m``.

    Raises ValueError with a readable message.
    """
    value = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        return float(value)
    parts = _DURATION.findall(value)
    if not parts or _DURATION.sub("", value).strip():
        raise ValueError(f"{text!r} is not a duration; write e.g. 90s, 30m, 6h, 1d or 1h30m")
    return sum(float(number) * _UNITS[unit.lower()] for number, unit in parts)


def parse_jitter(text: str, interval: float) -> float:
    """The largest random shift of a wait: a share of ``interval`` (``10%``) or a duration."""
    value = text.strip()
    if value.endswith("%"):
        try:
            share = float(value[:-1])
        except ValueError:
            raise ValueError(f"{text!r} is not a percentage; write e.g. 10%") from None
        if not 0 <= share <= 100:
            raise ValueError(f"{text!r}: a jitter share is between 0% and 100%")
        return interval * share / 100
    seconds = parse_duration(value)
    if seconds > interval:
        raise ValueError(f"{text!r}: the jitter must not exceed the interval")
    return seconds


def format_duration(seconds: float) -> str:
    """``5h 52m``, ``3m 10s``, ``4s``."""
    seconds = int(round(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{days}d"] * bool(days) + [f"{hours}h"] * bool(hours)
    parts += [f"{minutes}m"] * bool(minutes) + [f"{secs}s"] * bool(secs and not days)
    return " ".join(parts[:2]) or "0s"


def next_delay(interval: float, jitter: float, rng: random.Random | None = None) -> float:
    """``interval`` shifted by a uniform random amount in ``[-jitter, +jitter]``, never < 0."""
    rng = rng or random.Random()
    return max(0.0, interval + rng.uniform(-jitter, jitter)) if jitter else interval


@dataclass
class RunOutcome:
    """One ``clausewatch run``: the crawl report, the site build and the alerts sent."""

    report: Any  # tracker.crawl.CrawlReport
    pages_written: int
    out_dir: str
    build_problems: list[str] = field(default_factory=list)  # pages that were not built
    alerts: Any = None  # tracker.alerts.dispatch.AlertReport, when subscriptions exist

    @property
    def needs_attention(self) -> bool:
        """A document failed or collapsed, a page was not built, or an alert was not sent."""
        return bool(
            self.report.needs_attention
            or self.build_problems
            or (self.alerts and self.alerts.needs_attention)
        )


def run_once(
    catalog_dir: str | Path,
    db_path: str | Path,
    out_dir: str | Path,
    base_url: str | None = None,
    only: list[str] | None = None,
    log_level: str = "WARNING",
    settings: dict[str, Any] | None = None,
    progress: bool = False,
    force: bool = False,
    alerts: bool = True,
) -> RunOutcome:
    """Crawl the catalog once, build the site, then queue and send alerts: ``clausewatch run``.

    ``progress`` shows the crawl's progress bar on standard error; ``force`` builds into
    a non-empty folder that no earlier build made (see :func:`tracker.site.build_site`).
    The alerts are the ``[[alerts]]`` subscriptions of the settings file (none: nothing
    is sent); a subscription seen for the first time is registered before the crawl, so
    it starts with this run's changes.

    Raises what :func:`tracker.crawl.crawl` raises (a broken catalog, a database in
    use by another run, a database that cannot be opened), and
    :class:`~tracker.errors.ConfigError` for a broken subscription, before crawling.
    """
    from tracker.crawl import crawl
    from tracker.site.build import build_site
    from tracker.store.db import open_db

    subscriptions = _subscriptions() if alerts else []
    if subscriptions:
        from tracker.alerts.dispatch import register_alerts

        db = open_db(db_path)
        try:
            register_alerts(db, subscriptions)
        finally:
            db.close()
    report = crawl(
        catalog_dir, db_path, only, settings=settings, log_level=log_level, progress=progress
    )
    db = open_db(db_path, create=False)
    try:
        build = build_site(db, out_dir, base_url or None, force=force)
    finally:
        db.close()
    outcome = RunOutcome(report, len(build.written), str(out_dir), build.problems)
    if subscriptions:
        outcome.alerts = _send(db_path, subscriptions, base_url)
    return outcome


def _subscriptions() -> list[Any]:
    from tracker.alerts.subscriptions import load_subscriptions
    from tracker.config import load_config

    return load_subscriptions(load_config())


def _send(db_path: str | Path, subscriptions: list[Any], base_url: str | None) -> Any:
    """Queue and deliver; a run that started meanwhile only postpones them to the next."""
    from tracker.alerts.delivery import Backoff
    from tracker.alerts.dispatch import AlertReport, send_alerts
    from tracker.config import load_config
    from tracker.errors import LockError

    try:
        return send_alerts(
            db_path, subscriptions, base_url or None, Backoff.from_config(load_config())
        )
    except LockError as exc:
        report = AlertReport()
        report.delivery.waiting.append(f"not sent in this run, they wait for the next: {exc}")
        return report


def watch(
    run: Callable[[], T],
    every: float,
    jitter: float = 0.0,
    times: int | None = None,
    stop: threading.Event | None = None,
    rng: random.Random | None = None,
    on_wait: Callable[[float], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
) -> list[T | Exception]:
    """Call ``run`` now, then again after every ``every`` ± ``jitter`` seconds.

    Stops after ``times`` runs, or when ``stop`` is set (checked while waiting, so a
    signal ends the wait at once but never interrupts a run).  An exception from one
    run is passed to ``on_error`` and recorded; the next run still happens.
    Returns each run's result (or exception), in order.
    """
    if every <= 0:
        raise ValueError("the interval must be positive")
    stop = stop or threading.Event()
    rng = rng or random.Random()
    results: list[T | Exception] = []
    while not stop.is_set():
        try:
            results.append(run())
        except Exception as exc:  # one bad run must not end the schedule
            results.append(exc)
            if on_error is not None:
                on_error(exc)
        if times is not None and len(results) >= times:
            break
        delay = next_delay(every, jitter, rng)
        if on_wait is not None:
            on_wait(delay)
        if stop.wait(delay):
            break
    return results
