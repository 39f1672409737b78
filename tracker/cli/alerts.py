"""``clausewatch alerts list|send|retry|test``: the alert outbox from the command line."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from tracker.cli.options import base_url_option, config, db_option, open_existing


def _subscriptions(check_urls: bool = True) -> list[Any]:
    from tracker.alerts.subscriptions import load_subscriptions

    return load_subscriptions(config(), check_urls=check_urls)


@click.group("alerts")
def alerts() -> None:
    """Alerts through Apprise: e-mail, Mastodon, Bluesky, Matrix, Slack, webhooks...

    Subscriptions are [[alerts]] tables of the settings file (docs/alerts.md);
    'clausewatch run' queues and sends them after each run.

    \b
    Example:
        clausewatch alerts list
    """


def _row_line(row: dict[str, Any]) -> str:
    change = f"{row.get('service') or '?'} / {row.get('document') or '?'} v{row.get('to_version')}"
    text = (
        f"#{row['id']} {row['subscription']} {row['state']} attempts={row['attempts']} "
        f"{change} ({(row.get('detected_at') or '')[:10]})"
    )
    if row.get("sent_at"):
        text += f" sent {row['sent_at'][:19]}Z"
    if row.get("last_error") and row["state"] != "sent":
        text += f"\n    last error: {row['last_error']}"
    return text


@alerts.command("list")
@db_option()
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice(["pending", "sending", "sent", "retrying", "failed", "cancelled"]),
    help="Only rows in this state. Repeatable.",
)
@click.option("--limit", default=50, show_default=True, help="Most recent rows shown (0: all).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_cmd(db_path: str, states: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Show the subscriptions and the outbox: what was sent, what waits, and why.

    \b
    Example:
        clausewatch alerts list --state retrying --state failed
    """
    from tracker.store import outbox

    subs = _subscriptions(check_urls=False)
    db = open_existing(db_path)
    rows = outbox.outbox_rows(db, list(states) or None, limit or None)
    known = outbox.subscription_states(db)
    counts = outbox.outbox_counts(db)
    if as_json:
        payload = {
            "subscriptions": [
                {
                    "name": s.name,
                    "destination": s.destination,
                    "filters": s.describe_filters(),
                    "format": s.format,
                    "mode": s.mode,
                    "counts": counts.get(s.name, {}),
                    "retry_after": (known.get(s.name) or {}).get("retry_after"),
                    "last_error": (known.get(s.name) or {}).get("last_error"),
                }
                for s in subs
            ],
            "outbox": rows,
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if not subs:
        click.echo("No subscriptions: add [[alerts]] tables to the settings file (docs/alerts.md).")
    for s in subs:
        state = known.get(s.name) or {}
        tally = ", ".join(f"{n} {k}" for k, n in sorted(counts.get(s.name, {}).items()))
        click.echo(f"{s.name}: {s.destination} ({s.format}, {s.mode}; {s.describe_filters()})")
        click.echo(f"    {tally or 'nothing queued yet'}")
        if state.get("retry_after"):
            click.echo(f"    next try after {state['retry_after'][:19]}Z")
        if state.get("last_error"):
            click.echo(f"    last error: {state['last_error']}")
    gone = sorted(set(counts) - {s.name for s in subs})
    for name in gone:
        click.echo(f"{name}: no longer in the settings file; its rows are kept, not sent")
    if rows:
        click.echo("")
    for row in rows:
        click.echo(_row_line(row))


def _report(report: Any) -> None:
    for line in report.delivery.errors:
        click.echo(f"not delivered: {line}", err=True)
    for line in report.delivery.waiting:
        click.echo(f"waiting: {line}")
    click.echo(report.summary())


@alerts.command("send")
@db_option()
@base_url_option
def send_cmd(db_path: str, base_url: str) -> None:
    """Queue the new changes that match a subscription and deliver what is due.

    'clausewatch run' does this after each run; use it after 'crawl' when you crawl
    and publish in separate steps. Exits 1 when a message could not be delivered.

    \b
    Example:
        clausewatch crawl && clausewatch alerts send
    """
    from tracker.alerts.delivery import Backoff
    from tracker.alerts.dispatch import send_alerts

    open_existing(db_path).close()
    report = send_alerts(db_path, _subscriptions(), base_url or None, Backoff.from_config(config()))
    _report(report)
    sys.exit(1 if report.needs_attention else 0)


@alerts.command("retry")
@db_option()
@base_url_option
def retry_cmd(db_path: str, base_url: str) -> None:
    """Send now what failed or waits for its backoff, given-up messages included.

    \b
    Example:
        clausewatch alerts retry
    """
    from tracker.alerts.delivery import Backoff
    from tracker.alerts.dispatch import send_alerts

    open_existing(db_path).close()
    report = send_alerts(
        db_path, _subscriptions(), base_url or None, Backoff.from_config(config()), retry=True
    )
    _report(report)
    sys.exit(1 if report.needs_attention else 0)


@alerts.command("test")
@click.argument("destination")
def test_cmd(destination: str) -> None:
    """Send one sample message (it says it is a test) to DESTINATION.

    DESTINATION is the name of a subscription of the settings file, or an Apprise
    URL (write secrets as ${VARIABLE} and quote it for the shell).

    \b
    Examples:
        clausewatch alerts test press-desk
        clausewatch alerts test 'ntfys://ntfy.sh/${NTFY_TOPIC}'
    """
    from tracker.alerts.dispatch import send_test
    from tracker.alerts.subscriptions import adhoc_subscription, check_destination
    from tracker.errors import ConfigError

    by_name = {s.name: s for s in _subscriptions(check_urls=False)}
    sub = by_name.get(destination)
    if sub is None:
        if "://" not in destination:
            known = ", ".join(by_name) or "none"
            raise ConfigError(
                f"{destination!r} is neither a subscription of the settings file "
                f"(known: {known}) nor an Apprise URL such as json://host/path"
            )
        sub = adhoc_subscription(destination)
    check_destination(sub, f"{sub.name}")
    error = send_test(sub)
    if error:
        click.echo(f"Error: {sub.destination}: not delivered: {error}", err=True)
        sys.exit(1)
    click.echo(f"sent a test message to {sub.destination}")
