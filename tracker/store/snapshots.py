"""Raw snapshots: every body that produced a version, compressed, once per content hash.

Snapshots first, versions derived (as in Open Terms Archive): ``reextract`` rebuilds
every version from them when extraction improves.

Bodies are compressed with Zstandard by :mod:`tracker.store.compression`, the codec
of every compressed column; snapshots written before issue 17 (zlib) are still read.
"""

from __future__ import annotations

from sqlite_utils import Database

from tracker.errors import StoreError
from tracker.items import PageFetch
from tracker.store.compression import compress, decompress
from tracker.store.db import sha256, utcnow


def store_snapshot(db: Database, page: PageFetch) -> int:
    """Insert the raw body once per content hash; return the snapshot id."""
    digest = sha256(page.body)
    existing = db.execute("select id from snapshots where hash = ?", [digest]).fetchone()
    if existing:
        return int(existing[0])
    return int(
        db["snapshots"]
        .insert(
            {
                "hash": digest,
                "body": compress(page.body),
                "size": len(page.body),
                "content_type": page.content_type,
                "url": page.final_url or page.url,
                "first_fetched_at": page.fetched_at or utcnow(),
            }
        )
        .last_pk
    )


def snapshot_body(db: Database, snapshot_id: int) -> bytes:
    row = db.execute("select body from snapshots where id = ?", [snapshot_id]).fetchone()
    if row is None:
        raise StoreError(f"snapshot {snapshot_id} is missing from the database")
    return decompress(row[0])


def snapshot_text(db: Database, snapshot_id: int) -> str:
    """A snapshot's page decoded as the crawl decoded it (HTTP charset, meta, UTF-8)."""
    from tracker.extract import decode_html

    row = db.execute("select content_type from snapshots where id = ?", [snapshot_id]).fetchone()
    return decode_html(snapshot_body(db, snapshot_id), row[0] if row else None)


def snapshot_is_markdown(db: Database, snapshot_id: int | None) -> bool:
    """Whether a snapshot is an archive's Markdown (imported history), not a web page."""
    row = db.execute("select content_type from snapshots where id = ?", [snapshot_id]).fetchone()
    return bool(row and (row[0] or "").startswith("text/markdown"))
