"""Delivery through Apprise: the outbox's rows become messages, at least once.

For each subscription, the due rows (:data:`tracker.store.outbox.DUE_STATES`) are sent
oldest first, one message per change, or one message for all of them in ``digest``
mode.  Each row is marked ``sending`` (committed) before its message leaves and
``sent`` (committed) once the destination accepted it: a crash in between sends it
again on the next run (at-least-once), and a ``sent`` row is never sent again.

A failed send stops that subscription for this run, keeps the error (secrets scrubbed)
and waits a backoff before the next try: ``outbox.retry_backoff`` seconds, doubled for
every further failure up to ``outbox.retry_backoff_max``.  A row that failed
``outbox.max_attempts`` times is ``failed`` until ``clausewatch alerts retry``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from tracker.alerts.render import message
from tracker.alerts.subscriptions import Subscription, load_apprise, scrubbed_logs
from tracker.store import outbox
from tracker.store.queries import list_changes

logger = logging.getLogger(__name__)

GONE = "the change no longer exists (clausewatch reextract merged its version into another)"


@dataclass
class Backoff:
    """When to try a failing destination again (the ``[outbox]`` settings)."""

    first: float = 300.0
    longest: float = 21600.0
    max_attempts: int = 10

    def delay(self, failures: int) -> float:
        return min(self.first * 2 ** max(0, failures - 1), self.longest)

    @classmethod
    def from_config(cls, config: Any) -> Backoff:
        return cls(
            float(config.get("outbox.retry_backoff")),
            float(config.get("outbox.retry_backoff_max")),
            int(config.get("outbox.max_attempts")),
        )


@dataclass
class DeliveryReport:
    messages: int = 0  # messages accepted by their destination
    sent: int = 0  # outbox rows sent (a digest sends several in one message)
    errors: list[str] = field(default_factory=list)  # "subscription: error", secrets scrubbed
    waiting: list[str] = field(default_factory=list)  # subscriptions in backoff
    cancelled: int = 0


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _asset() -> Any:
    apprise = load_apprise()
    return apprise.AppriseAsset(
        app_id="clausewatch",
        app_desc="clausewatch: terms-of-service change alerts",
        app_url="https://github.com/clausewatch/clausewatch",
        storage_mode="memory",
    )


def send_message(sub: Subscription, title: str, body: str) -> str | None:
    """Send one message to a subscription's destination; the error (scrubbed) or None."""
    apprise = load_apprise()
    with scrubbed_logs(sub.secrets):
        client = apprise.Apprise(asset=_asset())
        if not client.add(sub.url):
            return "Apprise does not understand the destination URL"
        capture = apprise.LogCapture(level=logging.WARNING, fmt="%(message)s")
        with capture as logs:
            try:
                ok = client.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT)
            except Exception as exc:  # a plugin bug must not lose the row
                return sub.scrub(f"{type(exc).__name__}: {exc}")
            captured = logs.getvalue()
    if ok:
        return None
    lines = [line.strip() for line in captured.splitlines() if line.strip()]
    return sub.scrub(lines[-1] if lines else "the destination did not accept the message")


def _changes(db: Database, change_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    ids = list(change_ids)
    for start in range(0, len(ids), 200):
        for change in list_changes(db, include_diff=True, ids=ids[start : start + 200]):
            out[change["id"]] = change
    return out


def deliver(
    db: Database,
    subscriptions: Sequence[Subscription],
    base_url: str | None = None,
    backoff: Backoff | None = None,
    now: datetime | None = None,
) -> DeliveryReport:
    """Send every due row of every subscription (see the module's docstring)."""
    backoff = backoff or Backoff()
    now = now or datetime.now(UTC)
    report = DeliveryReport()
    for sub in subscriptions:
        state = outbox.subscription_state(db, sub.name) or {}
        rows = outbox.due_rows(db, sub.name)
        if not rows:
            continue
        if state.get("retry_after") and _parse(state["retry_after"]) > now:
            report.waiting.append(
                f"{sub.name}: {len(rows)} waiting until {state['retry_after'][:19]}Z "
                f"(last error: {state.get('last_error') or '-'})"
            )
            continue
        current = outbox.current_changes(db, [r["to_version_id"] for r in rows])
        gone = [r["id"] for r in rows if r["to_version_id"] not in current]
        outbox.mark_cancelled(db, gone, GONE)
        report.cancelled += len(gone)
        live = [r for r in rows if r["to_version_id"] in current]
        changes = _changes(db, [current[r["to_version_id"]] for r in live])
        batches = [live] if sub.mode == "digest" else [[r] for r in live]
        for batch in batches:
            if not batch:
                continue
            ids = [r["id"] for r in batch]
            title, body = message(
                [changes[current[r["to_version_id"]]] for r in batch], sub.format, base_url
            )
            outbox.mark_sending(db, ids)
            error = send_message(sub, title, body)
            if error is None:
                outbox.mark_sent(db, ids, sub.name)
                report.messages += 1
                report.sent += len(ids)
                continue
            failures = int(state.get("failures") or 0) + 1
            retry_after = _stamp(now + timedelta(seconds=backoff.delay(failures)))
            outbox.mark_failed(db, ids, sub.name, error, retry_after, backoff.max_attempts)
            report.errors.append(f"{sub.name}: {error}")
            logger.warning("alert to %s not delivered: %s", sub.name, error)
            break
    return report
