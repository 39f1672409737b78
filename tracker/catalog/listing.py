"""``clausewatch catalog list``: one row per document, with its health from a database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tracker.catalog.parse import load_catalog
from tracker.store.queries import catalog_health


def list_documents(catalog_dir: str | Path, db_path: str | Path | None = None) -> list[dict]:
    """One dict per document of the catalog, with its health when ``db_path`` exists.

    Keys: service, document, url, pages, language, jurisdiction, browser, unverified,
    file; and with a database: status, last_success_at, last_attempt_at,
    last_failure_reason, consecutive_failures, versions (``None`` when never crawled).
    Raises :class:`tracker.catalog.CatalogError` when the folder has no declarations.
    """
    catalog = load_catalog(catalog_dir)
    health = catalog_health(db_path) if db_path and Path(db_path).is_file() else None
    rows = []
    for doc in sorted(catalog.documents, key=lambda d: (d.service.casefold(), d.terms_type)):
        row: dict[str, Any] = {
            "service": doc.service,
            "document": doc.terms_type,
            "url": doc.url,
            "pages": len(doc.pages),
            "language": doc.language,
            "jurisdiction": doc.jurisdiction,
            "browser": doc.needs_browser,
            "unverified": doc.unverified,
            "file": doc.source_file,
        }
        if health is not None:
            row.update(
                health.get(
                    (doc.service, doc.terms_type),
                    {
                        "status": None,
                        "last_success_at": None,
                        "last_attempt_at": None,
                        "last_failure_reason": None,
                        "consecutive_failures": None,
                        "versions": None,
                    },
                )
            )
        rows.append(row)
    return rows
