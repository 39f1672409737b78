"""The alerts use case: queue the new changes that match, then deliver the outbox.

:func:`send_alerts` is what ``clausewatch run`` (and ``watch``) do after each run, and
what ``clausewatch alerts send`` does on its own.  It holds the database's run lock, so
two deliveries never send the same row at once.  :func:`register_alerts` runs before a
crawl, so that a subscription seen for the first time starts with the changes that
crawl records (and never sends the past).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracker.alerts.delivery import Backoff, DeliveryReport, deliver, send_message
from tracker.alerts.render import message, sample_change
from tracker.alerts.subscriptions import Subscription
from tracker.store import outbox
from tracker.store.db import open_db
from tracker.store.lock import RunLock
from tracker.store.queries import list_changes


@dataclass
class AlertReport:
    queued: int = 0
    delivery: DeliveryReport = field(default_factory=DeliveryReport)
    new_subscriptions: list[str] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        """A message could not be delivered in this run."""
        return bool(self.delivery.errors)

    def summary(self) -> str:
        d = self.delivery
        text = f"alerts: {self.queued} queued, {d.sent} sent in {d.messages} messages"
        if d.errors:
            text += f", {len(d.errors)} failed (see 'clausewatch alerts list')"
        if d.waiting:
            text += f", {len(d.waiting)} destinations waiting to retry"
        if d.cancelled:
            text += f", {d.cancelled} cancelled"
        return text


def register_alerts(db: Database, subscriptions: Sequence[Subscription]) -> list[str]:
    """Start each new subscription at the newest version (see the module's docstring)."""
    return outbox.register_subscriptions(db, [s.name for s in subscriptions])


def queue_alerts(db: Database, subscriptions: Sequence[Subscription]) -> int:
    """Put the changes each subscription has not seen and that match it into the outbox.

    Returns the rows added.  Changes that do not match are passed over for good (the
    subscription's cursor moves past them).
    """
    added = 0
    for sub in subscriptions:
        rows, cursor = outbox.new_changes(db, sub.name)
        by_id = {r["id"]: r for r in rows}
        matching: list[dict[str, Any]] = []
        ids = list(by_id)
        for start in range(0, len(ids), 500):
            for change in list_changes(db, ids=ids[start : start + 500]):
                if sub.matches(change):
                    matching.append(by_id[change["id"]])
        matching.sort(key=lambda r: r["to_version_id"])
        added += outbox.enqueue(db, sub.name, matching, cursor)
    return added


def send_alerts(
    db_path: str | Path,
    subscriptions: Sequence[Subscription],
    base_url: str | None = None,
    backoff: Backoff | None = None,
    now: datetime | None = None,
    retry: bool = False,
) -> AlertReport:
    """Register, queue and deliver, holding the database's run lock.

    ``retry`` first makes every retrying or failed row due at once (``alerts retry``).
    Raises :class:`~tracker.errors.LockError` when a crawl holds the database.
    """
    report = AlertReport()
    if not subscriptions:
        return report
    with RunLock(db_path):
        db = open_db(db_path, create=False)
        try:
            report.new_subscriptions = register_alerts(db, subscriptions)
            report.queued = queue_alerts(db, subscriptions)
            if retry:
                outbox.retry_now(db, [s.name for s in subscriptions])
            report.delivery = deliver(db, subscriptions, base_url, backoff, now)
        finally:
            db.close()
    return report


def send_test(sub: Subscription) -> str | None:
    """Send one sample message (it says it is a test) to a destination; the error or None."""
    title, body = message([sample_change()], sub.format, None)
    return send_message(sub, title, body)
