"""Runs: one row per crawl, opened before it and closed with a summary after it."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from tracker.store.db import utcnow


def start_run(db: Database, catalog: str, pid: int | None = None) -> int:
    return int(
        db["runs"]
        .insert({"started_at": utcnow(), "catalog": catalog, "status": "running", "pid": pid})
        .last_pk
    )


def run_summary(db: Database, run_id: int) -> dict[str, Any]:
    """Counts of a run's fetches by outcome, and failures by reason."""
    outcomes: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for row in db.execute(
        "select outcome, reason, count(*) from fetches where run_id = ? group by outcome, reason",
        [run_id],
    ).fetchall():
        outcomes[row[0]] = outcomes.get(row[0], 0) + row[2]
        if row[0] == "failed":
            reasons[row[1]] = reasons.get(row[1], 0) + row[2]
    changed = outcomes.get("new_version", 0)
    failed = outcomes.get("failed", 0)
    return {
        "checked": sum(outcomes.values()) - outcomes.get("skipped", 0),
        "unchanged": outcomes.get("unchanged", 0) + outcomes.get("not_modified", 0),
        "not_modified": outcomes.get("not_modified", 0),
        "changed": changed,
        "failed": failed,
        "skipped": outcomes.get("skipped", 0),
        "held_back": outcomes.get("held_back", 0),
        "suspect": outcomes.get("suspect", 0),
        "failed_by_reason": reasons,
    }


def finish_run(
    db: Database, run_id: int, status: str | None = None, finished_at: str | None = None
) -> dict[str, Any]:
    """Close a run: store its summary and status ("ok", "attention" or given).

    The status is "attention" when a fetch failed, a shrink was held back or a text
    collapsed (a suspect).
    """
    summary = run_summary(db, run_id)
    run = db["runs"].get(run_id)
    started = datetime.fromisoformat(run["started_at"].replace("Z", "+00:00"))
    finished = finished_at or utcnow()
    summary["seconds"] = round(
        (datetime.fromisoformat(finished.replace("Z", "+00:00")) - started).total_seconds(), 2
    )
    if status is None:
        attention = summary["failed"] or summary["held_back"] or summary["suspect"]
        status = "attention" if attention else "ok"
    summary["status"] = status
    db["runs"].update(
        run_id,
        {
            "finished_at": finished,
            "status": status,
            "checked": summary["checked"],
            "unchanged": summary["unchanged"],
            "changed": summary["changed"],
            "failed": summary["failed"],
            "report": json.dumps(summary),
        },
    )
    return summary


def pid_alive(pid: int | None) -> bool:
    """Whether a process with this id exists (on this machine)."""
    if not pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_crashed_runs(db: Database, keep: Iterable[int] = ()) -> list[int]:
    """Close runs left "running" by a process that no longer exists, as "crashed".

    What such a run committed stays; its summary counts it.  Returns the run ids.
    """
    keep = set(keep)
    crashed = [
        int(row[0])
        for row in db.execute("select id, pid from runs where status = 'running'").fetchall()
        if row[0] not in keep and not pid_alive(row[1])
    ]
    for run_id in crashed:
        last = db.execute(
            "select max(fetched_at) from fetches where run_id = ?", [run_id]
        ).fetchone()[0]
        with db.atomic():
            finish_run(db, run_id, "crashed", finished_at=last)
    return crashed
