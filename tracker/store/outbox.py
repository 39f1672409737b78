"""The alert outbox: one row per change and subscription, and each subscription's cursor.

Writes and reads of ``alert_outbox`` and ``alert_subscriptions`` (migration
``m008_alert_outbox``); the decisions (which change matches, what to send, when to try
again) are :mod:`tracker.alerts`'.  Every state change commits on its own, so that a
process killed at any moment leaves a row either not yet sent, ``sending`` (sent or
not: it is sent again, at-least-once) or ``sent`` (never sent again).

States: ``pending`` (queued), ``sending`` (handed to the destination, not confirmed),
``sent``, ``retrying`` (failed; tried again after the subscription's backoff),
``failed`` (given up after the last attempt; ``alerts retry`` sends it again),
``cancelled`` (the change no longer exists: ``reextract`` merged its version away).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from tracker.store.db import utcnow

STATES = ("pending", "sending", "sent", "retrying", "failed", "cancelled")
#: the rows a delivery sends: queued, left "sending" by a killed process, or retrying
DUE_STATES = ("pending", "sending", "retrying")


def _rows(db: Database, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    cols = [c[0] for c in cursor.description]
    return [dict(zip(cols, row, strict=True)) for row in cursor.fetchall()]


def idempotency_key(subscription: str, document_id: int, to_version_id: int) -> str:
    """The key of one change for one subscription: the same change is never queued twice."""
    raw = f"{subscription}\x1f{document_id}\x1f{to_version_id}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def register_subscriptions(db: Database, names: Iterable[str]) -> list[str]:
    """Give each new subscription a cursor at the newest version; return the new names.

    A new subscription only sends changes recorded after it was first seen.
    """
    added: list[str] = []
    with db.atomic():
        newest = db.execute("select coalesce(max(id), 0) from versions").fetchone()[0]
        for name in names:
            if db.execute("select 1 from alert_subscriptions where name = ?", [name]).fetchone():
                continue
            db["alert_subscriptions"].insert(
                {"name": name, "created_at": utcnow(), "last_version_id": newest, "failures": 0}
            )
            added.append(name)
    return added


def subscription_state(db: Database, name: str) -> dict[str, Any] | None:
    rows = _rows(db, "select * from alert_subscriptions where name = ?", [name])
    return rows[0] if rows else None


def subscription_states(db: Database) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in _rows(db, "select * from alert_subscriptions order by name")}


def new_changes(db: Database, name: str) -> tuple[list[dict[str, Any]], int]:
    """Changes a subscription has not considered yet, oldest first, and the newest version id.

    Each is ``{id, document_id, to_version_id, detected_at}``.  Only changes recorded by
    a crawl: imported history (``versions.origin`` set) never alerts.
    """
    state = subscription_state(db, name)
    cursor = int(state["last_version_id"]) if state else 0
    newest = db.execute("select coalesce(max(id), 0) from versions").fetchone()[0]
    rows = _rows(
        db,
        "select changes.id, changes.document_id, changes.to_version_id, changes.detected_at "
        "from changes join versions on versions.id = changes.to_version_id "
        "where versions.id > ? and versions.origin is null order by versions.id",
        [cursor],
    )
    return rows, max(int(newest), cursor)


def enqueue(db: Database, name: str, changes: Sequence[dict[str, Any]], cursor: int) -> int:
    """Queue ``changes`` (dicts with id, document_id, to_version_id, detected_at) for a
    subscription and move its cursor to ``cursor``, in one transaction; return rows added."""
    added = 0
    now = utcnow()
    with db.atomic():
        for change in changes:
            key = idempotency_key(name, change["document_id"], change["to_version_id"])
            cursor_ = db.execute(
                "insert or ignore into alert_outbox (subscription, idempotency_key, "
                "document_id, to_version_id, change_id, detected_at, state, attempts, "
                "created_at) values (?, ?, ?, ?, ?, ?, 'pending', 0, ?)",
                [name, key, change["document_id"], change["to_version_id"], change["id"],
                 change["detected_at"], now],
            )  # fmt: skip
            added += cursor_.rowcount
        db.execute(
            "update alert_subscriptions set last_version_id = max(last_version_id, ?) "
            "where name = ?",
            [cursor, name],
        )
    return added


def due_rows(db: Database, name: str) -> list[dict[str, Any]]:
    """A subscription's rows to send now (pending, retrying, or left sending), oldest first."""
    marks = ",".join("?" * len(DUE_STATES))
    return _rows(
        db,
        f"select * from alert_outbox where subscription = ? and state in ({marks}) "
        "order by detected_at, id",
        [name, *DUE_STATES],
    )


def current_changes(db: Database, version_ids: Iterable[int]) -> dict[int, int]:
    """``{to_version_id: change id}`` of the changes that produced these versions now."""
    wanted = sorted(set(version_ids))
    out: dict[int, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            f"select to_version_id, id from changes where to_version_id in ({marks})", chunk
        ).fetchall():
            out[int(row[0])] = int(row[1])
    return out


def _set(db: Database, ids: Sequence[int], sql: str, params: Sequence[Any]) -> None:
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    with db.atomic():
        db.execute(f"update alert_outbox set {sql} where id in ({marks})", [*params, *ids])


def mark_sending(db: Database, ids: Sequence[int]) -> None:
    """Committed before the message leaves: a crash now means "send it again"."""
    _set(
        db,
        ids,
        "state = 'sending', attempts = attempts + 1, last_attempt_at = ?",
        [utcnow()],
    )


def mark_sent(db: Database, ids: Sequence[int], name: str) -> None:
    """Committed once the destination accepted the message: never sent again."""
    with db.atomic():
        _set(db, ids, "state = 'sent', sent_at = ?, last_error = null", [utcnow()])
        db.execute(
            "update alert_subscriptions set failures = 0, retry_after = null, last_error = null "
            "where name = ?",
            [name],
        )


def mark_failed(
    db: Database, ids: Sequence[int], name: str, error: str, retry_after: str, max_attempts: int
) -> None:
    """A failed send: the rows retry after ``retry_after``, or fail for good at the limit."""
    with db.atomic():
        _set(
            db,
            ids,
            "state = case when attempts >= ? then 'failed' else 'retrying' end, last_error = ?",
            [max_attempts, error],
        )
        db.execute(
            "update alert_subscriptions set failures = failures + 1, retry_after = ?, "
            "last_error = ? where name = ?",
            [retry_after, error, name],
        )


def mark_cancelled(db: Database, ids: Sequence[int], reason: str) -> None:
    _set(db, ids, "state = 'cancelled', last_error = ?", [reason])


def retry_now(db: Database, names: Iterable[str] | None = None) -> int:
    """Make retrying and failed rows due at once (``alerts retry``); return how many."""
    names = list(names) if names is not None else None
    where, params = "", []
    if names is not None:
        if not names:
            return 0
        where = f" and subscription in ({','.join('?' * len(names))})"
        params = names
    with db.atomic():
        count = db.execute(
            "update alert_outbox set state = 'retrying' where state in ('retrying', 'failed')"
            + where,
            params,
        ).rowcount
        db.execute(
            "update alert_subscriptions set retry_after = null"
            + (f" where name in ({','.join('?' * len(names))})" if names is not None else ""),
            names or [],
        )
    return int(count)


def outbox_rows(
    db: Database, states: Sequence[str] | None = None, limit: int | None = 50
) -> list[dict[str, Any]]:
    """Outbox rows, newest first, with the service, document and version of their change."""
    where, params = "", []
    if states:
        where = f"where alert_outbox.state in ({','.join('?' * len(states))})"
        params = list(states)
    sql = (
        "select alert_outbox.*, services.name as service, documents.terms_type as document, "
        "versions.number as to_version, "
        "(select headline from changes where changes.to_version_id = alert_outbox.to_version_id)"
        " as headline "
        "from alert_outbox left join documents on documents.id = alert_outbox.document_id "
        "left join services on services.id = documents.service_id "
        "left join versions on versions.id = alert_outbox.to_version_id "
        f"{where} order by alert_outbox.id desc"
    )
    if limit:
        sql += f" limit {int(limit)}"
    return _rows(db, sql, params)


def outbox_counts(db: Database) -> dict[str, dict[str, int]]:
    """``{subscription: {state: count}}``."""
    out: dict[str, dict[str, int]] = {}
    for name, state, count in db.execute(
        "select subscription, state, count(*) from alert_outbox group by subscription, state"
    ).fetchall():
        out.setdefault(name, {})[state] = int(count)
    return out
