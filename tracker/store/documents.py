"""Services and documents: the rows a catalog's declarations stand for."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlite_utils import Database

from tracker.normalize import slugify
from tracker.store.db import utcnow

if TYPE_CHECKING:
    from tracker.catalog import Catalog, DocumentSpec


def ensure_document(db: Database, spec: DocumentSpec) -> int:
    """Insert or update the service and document rows of a declaration; return the doc id."""
    service_slug = slugify(spec.service)
    service = db["services"].rows_where("slug = ?", [service_slug])
    row = next(iter(service), None)
    if row is None:
        service_id = (
            db["services"]
            .insert(
                {"name": spec.service, "slug": service_slug, "declaration_file": spec.source_file}
            )
            .last_pk
        )
    else:
        service_id = row["id"]
        if row["name"] != spec.service or row["declaration_file"] != spec.source_file:
            db["services"].update(
                service_id, {"name": spec.service, "declaration_file": spec.source_file}
            )
    values = {
        "url": spec.url,
        "declaration": json.dumps(spec.declaration(), sort_keys=True),
        "language": spec.language,
        "jurisdiction": spec.jurisdiction,
    }
    doc = next(
        iter(
            db["documents"].rows_where(
                "service_id = ? and terms_type = ?", [service_id, spec.terms_type]
            )
        ),
        None,
    )
    if doc is None:
        return int(
            db["documents"]
            .insert(
                {
                    "service_id": service_id,
                    "terms_type": spec.terms_type,
                    "slug": slugify(spec.terms_type),
                    "created_at": utcnow(),
                    "status": "pending",
                    "consecutive_failures": 0,
                    **values,
                }
            )
            .last_pk
        )
    if any(doc[k] != v for k, v in values.items()):
        db["documents"].update(doc["id"], values)
    return int(doc["id"])


def sync_catalog(db: Database, catalog: Catalog) -> dict[str, int]:
    """Make sure every catalog document has its rows; return ``{doc.key: document_id}``."""
    with db.atomic():
        return {doc.key: ensure_document(db, doc) for doc in catalog.documents}


def ensure_named_document(db: Database, service: str, terms_type: str) -> int:
    """The document rows of a service and terms type that no declaration describes.

    For imported history the catalog lacks: found by the service's slug and the terms
    type (so a declaration added later continues the same document), else inserted
    with no URL and no declaration.  Returns the document id.
    """
    slug = slugify(service)
    row = next(iter(db["services"].rows_where("slug = ?", [slug])), None)
    service_id = (
        row["id"] if row else db["services"].insert({"name": service, "slug": slug}).last_pk
    )
    doc = next(
        iter(
            db["documents"].rows_where(
                "service_id = ? and terms_type = ?", [service_id, terms_type]
            )
        ),
        None,
    )
    if doc is not None:
        return int(doc["id"])
    return int(
        db["documents"]
        .insert(
            {
                "service_id": service_id,
                "terms_type": terms_type,
                "slug": slugify(terms_type),
                "declaration": "{}",
                "created_at": utcnow(),
                "status": "pending",
                "consecutive_failures": 0,
            }
        )
        .last_pk
    )
