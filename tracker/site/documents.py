"""A document's pages: its current text, every archived version, every change."""

from __future__ import annotations

from typing import Any

from tracker.site.builder import Builder
from tracker.site.data import ENTITY_LABEL, KIND_LABEL, SiteData, version_text
from tracker.site.paths import ALL_FEED, clause_anchor, feed_links, root_of, version_path
from tracker.site.templating import safe_url, text_direction


def page_rows(stored: list[dict[str, Any]] | None, clauses: list[dict[str, Any]]) -> list[dict]:
    """A change page's rows from the stored ones (:func:`diffs.context.context_rows`).

    ``{"kind": "change", "clause": …}`` for a changed clause and ``{"kind":
    "unchanged", "clauses": [...]}`` for a run of unchanged ones.  A change recorded
    by an older clausewatch has no stored rows: its changed clauses alone are shown.
    """
    for c in clauses:
        c["anchor"] = clause_anchor(c)
        c["kind_label"] = KIND_LABEL.get(c.get("kind", ""), c.get("kind", ""))
    if not stored:
        return [{"kind": "change", "clause": c} for c in clauses]
    rows: list[dict[str, Any]] = []
    for row in stored:
        if row.get("kind") == "change":
            index = row.get("index")
            if isinstance(index, int) and 0 <= index < len(clauses):
                rows.append({"kind": "change", "clause": clauses[index]})
        else:
            rows.append({"kind": "unchanged", "clauses": row.get("clauses") or []})
    return rows


def document_pages(
    b: Builder,
    data: SiteData,
    service: dict[str, Any],
    doc: dict[str, Any],
    summaries: dict[str, dict[str, Any]],
) -> None:
    """The document page, its archived versions and its change pages."""
    s, d = service["slug"], doc["slug"]
    doc_feed = (f"{service['name']} {doc['terms_type']}", f"feeds/document/{s}/{d}")
    svc_feed = (f"{service['name']}: all documents", f"feeds/service/{s}")
    lang = (doc.get("language") or "").split("-")[0] or None
    text_dir = text_direction(lang)
    changes = data.changes_of(s, d)  # newest first
    by_to = {c["to_version"]: c for c in changes}
    versions = doc["versions"]
    document_ctx = {
        "name": doc["terms_type"],
        "slug": d,
        "url": doc["url"],
        "status": doc["status"],
        "language": lang,
        "text_dir": text_dir,
        "jurisdiction": doc.get("jurisdiction"),
    }
    service_ctx = {"name": service["name"], "slug": s, "path": service["path"]}
    version_rows = [
        {
            "number": v["number"],
            "fetched_at": v["fetched_at"],
            "path": version_path(s, d, v["number"]),
            "source_urls": [u for u in (safe_url(x) for x in v["source_urls"]) if u],
            "change": by_to[v["number"]]["path"] if v["number"] in by_to else None,
            "minor": by_to[v["number"]]["minor"] if v["number"] in by_to else None,
        }
        for v in versions
    ]
    latest = doc["latest"]
    key = {
        "service": service_ctx,
        "document": document_ctx,
        "present": doc["present"],
        "versions": version_rows,
        "changes": [c["path"] for c in changes],
        "text": latest["text_hash"] if latest else None,
        "summaries": [summaries[c["path"]] for c in changes],
    }
    rel = doc["path"]
    root = root_of(rel)
    b.page(
        "document.html",
        rel,
        key,
        lambda: {
            "service": service_ctx,
            "document": document_ctx | {"present": doc["present"]},
            "versions": version_rows,
            "changes": [summaries[c["path"]] for c in changes],
            "current": (
                {"number": latest["number"], "markdown": version_text(b.db, latest["id"])}
                if latest
                else None
            ),
            "nav": "services",
            "feeds": feed_links(root, doc_feed, svc_feed, ALL_FEED),
        },
    )
    for i, v in enumerate(versions):
        row = version_rows[i]
        newer = versions[i - 1]["number"] if i > 0 else None
        older = versions[i + 1]["number"] if i + 1 < len(versions) else None
        rel = row["path"]
        vkey = {
            "service": service_ctx,
            "document": document_ctx,
            "version": row,
            "text": v["text_hash"],
            "newer": newer,
            "older": older,
            "next_change": by_to[newer]["path"] if newer in by_to else None,
        }
        b.page(
            "version.html",
            rel,
            vkey,
            lambda vkey=vkey, v=v, rel=rel: {
                **vkey,
                "markdown": version_text(b.db, v["id"]),
                "nav": "services",
                "feeds": feed_links(root_of(rel), doc_feed, svc_feed, ALL_FEED),
            },
        )
    version_ids = {v["number"]: v for v in versions}
    for i, change in enumerate(changes):
        newer = changes[i - 1]["path"] if i > 0 else None
        older = changes[i + 1]["path"] if i + 1 < len(changes) else None
        from_v = version_ids.get(change["from_version"])
        to_v = version_ids.get(change["to_version"])
        rel = change["path"]
        ckey = {
            "service": service_ctx,
            "document": document_ctx,
            "change": change["fingerprint"],
            "texts": [from_v and from_v["text_hash"], to_v and to_v["text_hash"]],
            "newer": newer and summaries[newer],
            "older": older and summaries[older],
        }

        def context(
            change: dict[str, Any] = change,
            ckey: dict[str, Any] = ckey,
            rel: str = rel,
        ) -> dict[str, Any]:
            clauses = (change.get("diff") or {}).get("changes") or []
            rows = page_rows(change.get("rows"), clauses)
            return {
                "service": ckey["service"],
                "document": ckey["document"],
                "change": change,
                "rows": rows,
                "newer": ckey["newer"],
                "older": ckey["older"],
                "from_path": version_path(s, d, change["from_version"]),
                "to_path": version_path(s, d, change["to_version"]),
                "entity_labels": ENTITY_LABEL,
                "nav": "changes",
                "feeds": feed_links(root_of(rel), doc_feed, svc_feed, ALL_FEED),
            }

        b.page("change.html", rel, ckey, context)
