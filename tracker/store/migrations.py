"""Database schema, created and upgraded only through sqlite-utils migrations.

Add a new ``@migrations()`` function for every schema change; never edit one that
has shipped.  ``tracker.store.open_db`` applies pending migrations on open.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from tracker.store.compression import pack_text, unpack_text

migrations = Migrations("clausewatch")


@migrations()
def m001_initial(db: Database) -> None:
    db["services"].create(
        {"id": int, "name": str, "slug": str, "declaration_file": str},
        pk="id",
        not_null={"name", "slug"},
    )
    db["services"].create_index(["slug"], unique=True)
    db["documents"].create(
        {
            "id": int,
            "service_id": int,
            "terms_type": str,
            "slug": str,
            "url": str,
            "declaration": str,  # JSON of the page specs in force
            "language": str,
            "jurisdiction": str,
            "created_at": str,
            # health, kept current by every fetch
            "status": str,  # "pending" | "ok" | "failing" | "skipped"
            "last_attempt_at": str,
            "last_success_at": str,
            "last_failure_reason": str,
            "last_failure_detail": str,
            "consecutive_failures": int,
        },
        pk="id",
        foreign_keys=[("service_id", "services", "id")],
        not_null={"service_id", "terms_type", "slug"},
        defaults={"status": "pending", "consecutive_failures": 0},
    )
    db["documents"].create_index(["service_id", "terms_type"], unique=True)
    db["snapshots"].create(
        {
            "id": int,
            "hash": str,  # sha256 of the raw body
            "body": bytes,  # zlib-compressed raw body
            "size": int,  # raw size in bytes
            "content_type": str,
            "url": str,
            "first_fetched_at": str,
        },
        pk="id",
        not_null={"hash", "body"},
    )
    db["snapshots"].create_index(["hash"], unique=True)
    db["versions"].create(
        {
            "id": int,
            "document_id": int,
            "number": int,  # 1, 2, 3... per document
            "markdown": str,
            "text_hash": str,  # sha256 of tracker.normalize.comparison_key(markdown)
            "fetched_at": str,
            "snapshot_id": int,  # the (first) snapshot this version was extracted from
            "snapshot_ids": str,  # JSON list, one per page of a combined document
            "source_urls": str,  # JSON list of final URLs
            "declaration": str,  # JSON page specs used for extraction
            "extractor": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("snapshot_id", "snapshots", "id")],
        not_null={"document_id", "number", "markdown", "text_hash"},
    )
    db["versions"].create_index(["document_id", "number"], unique=True)
    db["changes"].create(
        {
            "id": int,
            "document_id": int,
            "from_version_id": int,
            "to_version_id": int,
            "detected_at": str,
            "significance": str,  # "substantive" | "minor"
            "headline": str,
            "stats": str,  # JSON
            "diff": str,  # JSON DiffResult.to_dict()
            "flags": str,  # JSON list of flag-change objects
            "effective_date": str,
        },
        pk="id",
        foreign_keys=[
            ("document_id", "documents", "id"),
            ("from_version_id", "versions", "id"),
            ("to_version_id", "versions", "id"),
        ],
    )
    db["changes"].create_index(["to_version_id"], unique=True)
    db["changes"].create_index(["detected_at"])
    db["runs"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "catalog": str,
            "status": str,  # "running" | "ok" | "attention" | "crashed"
            "pid": int,
            "checked": int,
            "unchanged": int,
            "changed": int,
            "failed": int,
            "report": str,  # JSON summary
        },
        pk="id",
    )
    db["fetches"].create(
        {
            "id": int,
            "run_id": int,
            "document_id": int,
            "fetched_at": str,
            "url": str,
            "final_url": str,
            "http_status": int,
            "outcome": str,  # "new_version" | "unchanged" | "failed" | "skipped" | ...
            "reason": str,  # failure reason id, e.g. "http_error", "selector_no_match"
            "detail": str,
            "duration_ms": int,
            "version_id": int,
            "etag": str,
            "last_modified": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id"), ("document_id", "documents", "id")],
    )
    db["fetches"].create_index(["document_id", "fetched_at"])
    db["fetches"].create_index(["run_id"])


@migrations()
def m002_held_back_and_validators(db: Database) -> None:
    """A suspicious shrink is held back until a later run confirms it (store/recorder.py)."""
    db["documents"].add_column("held_text_hash", str)  # comparison-key hash held back
    db["documents"].add_column("held_run_id", int)  # the run that first saw it
    db["documents"].add_column("held_at", str)
    db["documents"].add_column("held_detail", str)
    db["fetches"].create_index(["document_id", "outcome"])


@migrations()
def m003_extraction_source_hash(db: Database) -> None:
    """The source of a document's last good fetch, so an identical one skips Markdown.

    ``source_hash`` digests the selected HTML fragments and the extractor
    (tracker.extract.extract_pages_unless); ``source_text_hash`` is the text hash that
    fetch was found equal to.  A fetch with the same source, while the latest version
    still has that text hash, is unchanged without converting it again.
    """
    db["documents"].add_column("source_hash", str)
    db["documents"].add_column("source_text_hash", str)


@migrations()
def m004_slim_fetch_log(db: Database) -> None:
    """One narrow index on the fetch log, so a no-change crawl adds little per document.

    Every per-document query reads the newest rows first (``order by id desc``), which
    an index on ``document_id`` alone serves (SQLite appends the rowid); the wider
    indexes on (document_id, fetched_at) and (document_id, outcome) doubled the bytes
    each unchanged fetch added.
    """
    db.execute("drop index if exists idx_fetches_document_id_fetched_at")
    db.execute("drop index if exists idx_fetches_document_id_outcome")
    db["fetches"].create_index(["document_id"], if_not_exists=True)


@migrations()
def m005_stored_analysis(db: Database) -> None:
    """Analysis stored once, so the site only reads the database.

    ``versions.flags`` holds the flags of every clause of a version (JSON, computed
    when it is recorded, recomputed by ``reextract``; NULL until then).
    ``changes.rows`` holds the clause-by-clause page of a change: its changed clauses
    (by index into ``diff``) between the runs of unchanged clauses around them.
    """
    db["versions"].add_column("flags", str)
    db["changes"].add_column("rows", str)


@migrations()
def m007_suspect_collapse(db: Database) -> None:
    """A collapsed text is held as *suspect*, never a version; a person may confirm it.

    ``suspects`` has one row per document whose latest fetch collapsed (a broken
    selector, tracker/store/collapse.py): when it started (``since``), the text and
    the snapshots it came from (so ``clausewatch confirm`` can record it, and the
    selector doctor can read the page), and the word counts of the health report.
    ``changes.confirmed_by`` / ``confirmed_at`` say who accepted such a cut, and when.
    """
    db["suspects"].create(
        {
            "document_id": int,
            "since": str,  # the first fetch of this collapse
            "last_seen_at": str,  # the latest fetch that gave a collapse
            "run_id": int,  # the run that first saw it
            "version_id": int,  # the latest version, which it was compared with
            "text_hash": str,  # comparison-key hash of the suspect text
            "markdown": str,  # the suspect text, for clausewatch confirm
            "fetched_at": str,  # the first fetch of this very text
            "snapshot_ids": str,  # JSON list: the pages it was extracted from
            "source_urls": str,  # JSON list of final URLs
            "declaration": str,  # JSON page specs used for extraction
            "words_before": int,
            "words_after": int,
            "detail": str,  # why it is a collapse (tracker.store.collapse.Verdict.detail)
        },
        pk="document_id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["changes"].add_column("confirmed_by", str)
    db["changes"].add_column("confirmed_at", str)


@migrations()
def m011_change_analysis(db: Database) -> None:
    """What a change did, as structured events, and whether it is a revert.

    ``changes.events`` (JSON, :class:`diffs.result.ChangeEvent` objects) is what the
    headline is rendered from, so another language can render its own;
    ``changes.revert_of`` is the date of the earlier version the text went back to;
    ``changes.alert`` is 1 for a substantive change that is not a revert (what feeds
    and alerts announce); ``changes.cosmetic_kinds`` (JSON) says what kind of minor
    edit it was.  ``versions.revert_key`` fingerprints a text up to cosmetic edits, to
    find the earlier version a new text goes back to.
    """
    db["changes"].add_column("events", str)
    db["changes"].add_column("revert_of", str)
    db["changes"].add_column("alert", int)
    db["changes"].add_column("cosmetic_kinds", str)
    db["versions"].add_column("revert_key", str)


@migrations()
def m008_alert_outbox(db: Database) -> None:
    """Alerts through an outbox, and where an imported version came from.

    ``alert_subscriptions`` has one row per ``[[alerts]]`` subscription (by name): the
    highest version id it has considered (``last_version_id``; a new subscription starts
    at the newest version, so it never sends the past) and the backoff of a failing
    destination.  ``alert_outbox`` has one row per change and subscription: its state
    (pending, sending, sent, retrying, failed, cancelled), attempts, last error (never a
    secret) and an idempotency key, unique, so a change is queued once per subscription.
    Rows name the change by the version it produced, which ``reextract`` keeps.

    ``versions.origin`` says where a version came from: NULL for a crawl, ``ota`` (an
    Open Terms Archive change), ``ota_upgrade`` (an archive re-extraction, minor) or
    ``wayback``; ``origin_ref`` is the commit or capture.  Imported history never alerts.
    """
    db["alert_subscriptions"].create(
        {
            "name": str,
            "created_at": str,
            "last_version_id": int,
            "failures": int,  # consecutive failed sends to this destination
            "retry_after": str,  # no send before this time (backoff)
            "last_error": str,
        },
        pk="name",
        not_null={"last_version_id", "failures"},
        defaults={"last_version_id": 0, "failures": 0},
    )
    db["alert_outbox"].create(
        {
            "id": int,
            "subscription": str,
            "idempotency_key": str,
            "document_id": int,
            "to_version_id": int,  # the version the change produced (kept by reextract)
            "change_id": int,  # the change row when queued (reextract may replace it)
            "detected_at": str,
            "state": str,
            "attempts": int,
            "last_error": str,
            "created_at": str,
            "last_attempt_at": str,
            "sent_at": str,
        },
        pk="id",
        not_null={"subscription", "idempotency_key", "to_version_id", "state", "attempts"},
        defaults={"state": "pending", "attempts": 0},
    )
    db["alert_outbox"].create_index(["idempotency_key"], unique=True)
    db["alert_outbox"].create_index(["subscription", "state"])
    db["versions"].add_column("origin", str)
    db["versions"].add_column("origin_ref", str)


@migrations()
def m010_doctor(db: Database) -> None:
    """What the selector doctor needs (``clausewatch catalog doctor``), and what it found.

    ``failed_pages`` keeps the raw pages of each document's latest fetch whose selector
    matched nothing (one row per document, replaced by the next such failure; the
    snapshots it names are dropped with it unless a version uses them), so the doctor
    can work on what the crawl saw.  ``diagnoses`` keeps the doctor's latest result for
    each document: ``status`` (``proposed``, ``moved``, ``no_proposal``…), a one-line
    ``summary``, the ``similarity`` of the proposal to the last version, the whole
    ``result`` (JSON), the ``declaration`` it was made for (a proposal for another
    declaration is stale) and ``fixed_at`` when ``--fix`` wrote it into the catalog.
    """
    db["failed_pages"].create(
        {
            "document_id": int,
            "fetched_at": str,
            "reason": str,
            "detail": str,
            "snapshot_ids": str,  # JSON list, one per page of the document
            "urls": str,  # JSON list of the pages' final URLs
        },
        pk="document_id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["diagnoses"].create(
        {
            "document_id": int,
            "checked_at": str,
            "status": str,
            "summary": str,
            "similarity": float,
            "result": str,  # JSON: tracker.catalog.doctor.Diagnosis.to_dict()
            "declaration": str,  # the documents.declaration it was made for
            "fixed_at": str,
        },
        pk="document_id",
        foreign_keys=[("document_id", "documents", "id")],
    )


@migrations()
def m012_crawl_speed(db: Database) -> None:
    """The raw pages of the fetch that stored a document's known source (issue 17).

    ``documents.body_hash`` digests that fetch's raw bodies with its declaration, URLs,
    content types and the extractor (tracker.content.raw_source): a later fetch with the
    same digest has the same source, and is recorded unchanged without being parsed.
    """
    db["documents"].add_column("body_hash", str)


@migrations()
def m013_compressed_versions(db: Database) -> None:
    """``versions.markdown`` and ``versions.flags`` stored compressed (issue 17).

    Each is now a Zstandard BLOB (tracker.store.compression.pack_text): on the bench's
    long pages a first version kept 67 KB of Markdown and 84 KB of flags JSON beside a
    10.5 KB raw snapshot.  The rows written before are packed here, in batches, each
    checked to unpack to the very text it replaces, so nothing is lost; readers unpack
    through :func:`~tracker.store.compression.unpack_text`, which also reads a plain
    TEXT value.  ``text_hash`` is unchanged (it digests the text, not what is stored).
    The space the plain texts held is reused by later writes; ``VACUUM`` returns it.
    """
    last = 0
    while True:
        rows = db.execute(
            "select id, markdown, flags from versions where id > ? "
            "and (typeof(markdown) = 'text' or typeof(flags) = 'text') order by id limit 200",
            [last],
        ).fetchall()
        if not rows:
            return
        for version_id, markdown, flags in rows:
            packed = [pack_text(t) if isinstance(t, str) else t for t in (markdown, flags)]
            if [unpack_text(p) for p in packed] != [markdown, flags]:  # pragma: no cover
                raise RuntimeError(f"version {version_id} does not survive compression")
            db.execute(
                "update versions set markdown = ?, flags = ? where id = ?", [*packed, version_id]
            )
            last = version_id
