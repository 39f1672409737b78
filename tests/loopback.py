"""Crawl-test helpers around the project's one loopback server (:mod:`tracker.loopback`).

Used by the fault, noise, crash, lock and status tests.  Everything stays on
127.0.0.1; the real crawler (``tracker.crawl.crawl``) fetches from it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tracker.loopback import LoopbackServer, Reply

__all__ = ["FAST", "LoopbackServer", "Reply", "fetch_rows", "page", "versions", "write_declaration"]

# Fast crawls: no throttling, short timeouts, one quick retry; the loopback server is a
# loopback address, which the URL policy refuses unless allowed.
FAST = {
    "CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES": True,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 2,  # small, yet safe on two busy cores
    "RETRY_TIMES": 1,
    "CLAUSEWATCH_RETRY_BACKOFF": 0.05,
    "CLAUSEWATCH_RETRY_BACKOFF_MAX": 0.1,
}


def page(body: bytes | str, **kwargs: Any) -> Reply:
    return Reply(body.encode() if isinstance(body, str) else body, **kwargs)


def write_declaration(catalog: Path, name: str, terms: dict[str, dict[str, Any]]) -> Path:
    catalog.mkdir(parents=True, exist_ok=True)
    path = catalog / f"{name}.json"
    path.write_text(json.dumps({"name": name, "terms": terms}, indent=2), encoding="utf-8")
    return path


def versions(db_path: Path) -> list[tuple[str, str, int, str]]:
    """(service, terms type, number, markdown) of every version, in order."""
    from tracker.store.db import open_db

    db = open_db(db_path, create=False)
    try:
        from tracker.store.compression import unpack_text

        return [
            (*row[:3], unpack_text(row[3]))  # type: ignore[misc]
            for row in db.execute(
                "select services.name, documents.terms_type, versions.number, versions.markdown "
                "from versions join documents on documents.id = versions.document_id "
                "join services on services.id = documents.service_id "
                "order by services.name, documents.terms_type, versions.number"
            ).fetchall()
        ]
    finally:
        db.close()


def fetch_rows(db_path: Path, run_id: int | None = None) -> list[dict[str, Any]]:
    from tracker.store.db import open_db

    db = open_db(db_path, create=False)
    try:
        sql = "select * from fetches" + (" where run_id = ?" if run_id else "") + " order by id"
        cursor = db.execute(sql, [run_id] if run_id else [])
        cols = [c[0] for c in cursor.description]
        return [dict(zip(cols, row, strict=True)) for row in cursor.fetchall()]
    finally:
        db.close()
