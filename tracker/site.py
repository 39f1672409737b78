"""Render the static site from the database.

Every page is written with relative links, so the site works from ``file://`` and from
any static host.  :func:`build_site` returns what it wrote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracker.store import _rows, list_changes
from tracker.templating import TEMPLATES, environment


@dataclass
class BuildReport:
    out: Path
    written: list[str] = field(default_factory=list)
    unchanged: int = 0


def _write(report: BuildReport, rel: str, content: str) -> None:
    """Write a page only when its content differs (so rebuilds touch only what changed)."""
    path = report.out / rel
    if path.exists() and path.read_text(encoding="utf-8") == content:
        report.unchanged += 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    report.written.append(rel)


def _root(rel: str) -> str:
    depth = rel.count("/")
    return "../" * depth if depth else "./"


def document_path(service_slug: str, document_slug: str) -> str:
    return f"services/{service_slug}/{document_slug}/index.html"


def change_path(service_slug: str, document_slug: str, change_id: int) -> str:
    return f"services/{service_slug}/{document_slug}/changes/{change_id}.html"


def version_path(service_slug: str, document_slug: str, number: int) -> str:
    return f"services/{service_slug}/{document_slug}/versions/{number}.html"


def load_site_data(db: Database) -> dict[str, Any]:
    services = _rows(db, "select * from services order by name collate nocase")
    documents = _rows(
        db,
        "select documents.*, services.slug as service_slug, services.name as service, "
        "(select count(*) from versions v where v.document_id = documents.id) as version_count "
        "from documents join services on services.id = documents.service_id "
        "order by documents.terms_type",
    )
    changes = list_changes(db, include_diff=True)
    return {"services": services, "documents": documents, "changes": changes}


def build_site(db: Database, out: str | Path, base_url: str | None = None) -> BuildReport:
    """Render every page of the site into ``out``; return the pages written."""
    env = environment()
    report = BuildReport(Path(out))
    data = load_site_data(db)
    ctx = {"base_url": (base_url or "").rstrip("/")}

    def page(template: str, rel: str, **kwargs: Any) -> None:
        html = env.get_template(template).render(root=_root(rel), path=rel, **ctx, **kwargs)
        _write(report, rel, html)

    _write(report, "assets/style.css", (TEMPLATES / "assets" / "style.css").read_text())
    docs_by_service: dict[int, list[dict[str, Any]]] = {}
    for doc in data["documents"]:
        docs_by_service.setdefault(doc["service_id"], []).append(doc)
    page(
        "index.html",
        "index.html",
        services=data["services"],
        docs_by_service=docs_by_service,
        changes=data["changes"],
    )
    for service in data["services"]:
        docs = docs_by_service.get(service["id"], [])
        page(
            "service.html",
            f"services/{service['slug']}/index.html",
            service=service,
            documents=docs,
            changes=[c for c in data["changes"] if c["service_slug"] == service["slug"]],
        )
        for doc in docs:
            versions = _rows(
                db,
                "select id, number, fetched_at, markdown, source_urls from versions "
                "where document_id = ? order by number desc",
                [doc["id"]],
            )
            doc_changes = [
                c
                for c in data["changes"]
                if c["service_slug"] == service["slug"] and c["document_slug"] == doc["slug"]
            ]
            page(
                "document.html",
                document_path(service["slug"], doc["slug"]),
                service=service,
                document=doc,
                versions=versions,
                current=versions[0] if versions else None,
                changes=doc_changes,
            )
            for version in versions:
                version["source_urls"] = json.loads(version["source_urls"] or "[]")
                page(
                    "version.html",
                    version_path(service["slug"], doc["slug"], version["number"]),
                    service=service,
                    document=doc,
                    version=version,
                )
            for change in doc_changes:
                page(
                    "change.html",
                    change_path(service["slug"], doc["slug"], change["id"]),
                    service=service,
                    document=doc,
                    change=change,
                )
    return report
