"""A document's pages: its current text, every archived version and its downloads, every
change (with its JSON), and the page that compares any two versions."""

from __future__ import annotations

from typing import Any

from tracker.site.builder import Builder
from tracker.site.changepage import fold_runs, jump_menu, summary
from tracker.site.data import ENTITY_LABEL, KIND_LABEL, SiteData, version_text
from tracker.site.downloads import change_record, changes_files, citation, permanent_url, versions_files
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
    """The document page, its archived versions and downloads, its changes, its compare."""
    s, d = service["slug"], doc["slug"]
    doc_feed = (f"{service['name']} {doc['terms_type']}", f"feeds/document/{s}/{d}")
    svc_feed = (f"{service['name']}: all documents", f"feeds/service/{s}")
    lang = (doc.get("language") or "").split("-")[0] or None
    changes = data.changes_of(s, d)  # newest first
    by_to = {c["to_version"]: c for c in changes}
    versions = doc["versions"]
    document_ctx = {
        "name": doc["terms_type"],
        "slug": d,
        "url": doc["url"],
        "status": doc["status"],
        "language": lang,
        "text_dir": text_direction(lang),
        "jurisdiction": doc.get("jurisdiction"),
    }
    service_ctx = {"name": service["name"], "slug": s, "path": service["path"]}
    version_rows = [
        {
            "number": v["number"],
            "fetched_at": v["fetched_at"],
            "path": version_path(s, d, v["number"]),
            "source_urls": [u for u in (safe_url(x) for x in v["source_urls"]) if u],
            "snapshot_hashes": v.get("snapshot_hashes") or [],
            "change": by_to[v["number"]]["path"] if v["number"] in by_to else None,
            "minor": by_to[v["number"]]["minor"] if v["number"] in by_to else None,
        }
        for v in versions
    ]
    text = _TextCache(b)
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
                {"number": latest["number"], "markdown": text(latest["id"])} if latest else None
            ),
            "nav": "services",
            "feeds": feed_links(root_of(rel), doc_feed, svc_feed, ALL_FEED),
        },
    )
    common = {"service": service_ctx, "document": document_ctx, "doc_feed": doc_feed}
    _version_pages(b, versions, version_rows, by_to, common | {"svc_feed": svc_feed}, text)
    _change_pages(b, changes, version_rows, summaries, common | {"svc_feed": svc_feed})
    if len(versions) > 1:
        compare_rel = f"services/{s}/{d}/compare.html"
        ckey = {"service": service_ctx, "document": document_ctx, "versions": version_rows}
        b.page(
            "compare.html",
            compare_rel,
            ckey,
            lambda: {
                **ckey,
                "nav": "services",
                "feeds": feed_links(root_of(compare_rel), doc_feed, svc_feed, ALL_FEED),
            },
        )


class _TextCache:
    """A version's Markdown, read once for its page and its downloads."""

    def __init__(self, b: Builder) -> None:
        self.b = b
        self.cache: dict[int, str] = {}

    def __call__(self, version_id: int) -> str:
        if version_id not in self.cache:
            self.cache.clear()
            self.cache[version_id] = version_text(self.b.db, version_id)
        return self.cache[version_id]


def _version_pages(
    b: Builder,
    versions: list[dict[str, Any]],
    version_rows: list[dict[str, Any]],
    by_to: dict[int, dict[str, Any]],
    common: dict[str, Any],
    text: _TextCache,
) -> None:
    service, document = common["service"], common["document"]
    for i, v in enumerate(versions):
        row = version_rows[i]
        newer = versions[i - 1]["number"] if i > 0 else None
        older = versions[i + 1]["number"] if i + 1 < len(versions) else None
        rel = row["path"]
        vkey = {
            "service": service,
            "document": document,
            "version": row,
            "text": v["text_hash"],
            "newer": newer,
            "older": older,
            "next_change": by_to[newer]["path"] if newer in by_to else None,
            "compare": len(versions) > 1,
            "cite": citation(
                service["name"],
                document["name"],
                [row],
                permanent_url(b.base_url, rel),
                f"version {row['number']}",
            ),
        }
        b.page(
            "version.html",
            rel,
            vkey,
            lambda vkey=vkey, v=v, rel=rel: {
                **vkey,
                "markdown": text(v["id"]),
                "nav": "services",
                "feeds": feed_links(root_of(rel), common["doc_feed"], common["svc_feed"], ALL_FEED),
            },
        )
    if versions:
        folder = version_rows[0]["path"].rsplit("/versions/", 1)[0]
        bkey = [[v["number"], v["text_hash"], v["fetched_at"]] for v in versions]
        files: dict[str, str] = {}

        def made(which: int) -> str:
            if not files:
                rows = [(v["number"], v["fetched_at"], text(v["id"])) for v in reversed(versions)]
                files["json"], files["js"] = versions_files(service["name"], document["name"], rows)
            return files["json" if which == 0 else "js"]

        b.emit(f"{folder}/versions.json", bkey, lambda: made(0))
        b.emit(f"{folder}/versions.js", bkey, lambda: made(1))


def _change_pages(
    b: Builder,
    changes: list[dict[str, Any]],
    version_rows: list[dict[str, Any]],
    summaries: dict[str, dict[str, Any]],
    common: dict[str, Any],
) -> None:
    service, document = common["service"], common["document"]
    by_number = {v["number"]: v for v in version_rows}
    hashes = {v["number"]: v["snapshot_hashes"] for v in version_rows}
    for i, change in enumerate(changes):
        newer = changes[i - 1]["path"] if i > 0 else None
        older = changes[i + 1]["path"] if i + 1 < len(changes) else None
        pair = [
            by_number[n] for n in (change["from_version"], change["to_version"]) if n in by_number
        ]
        rel = change["path"]
        ckey = {
            "service": service,
            "document": document,
            "change": change["fingerprint"],
            "versions": pair,
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
            jumps = jump_menu(change["flags"], clauses)
            return {
                "service": service,
                "document": document,
                "change": change,
                "summary": summary(change.get("stats")),
                "jumps": jumps,
                "rows": fold_runs(rows, {j["anchor"] for j in jumps}),
                "flagged": {j["anchor"]: j for j in jumps},
                "newer": ckey["newer"],
                "older": ckey["older"],
                "from_path": version_path(
                    service["slug"], document["slug"], change["from_version"]
                ),
                "to_path": version_path(service["slug"], document["slug"], change["to_version"]),
                "cite": citation(
                    service["name"],
                    document["name"],
                    ckey["versions"],
                    permanent_url(b.base_url, rel),
                    f"the change from version {change['from_version']} to version "
                    f"{change['to_version']}",
                ),
                "entity_labels": ENTITY_LABEL,
                "nav": "changes",
                "feeds": feed_links(root_of(rel), common["doc_feed"], common["svc_feed"], ALL_FEED),
            }

        b.page("change.html", rel, ckey, context)
    if changes:
        folder = changes[0]["path"].rsplit("/changes/", 1)[0]
        key = [[c["fingerprint"] for c in changes], sorted(hashes.items()), b.base_url]
        files: dict[str, str] = {}

        def made(which: int) -> str:
            if not files:
                records = [change_record(c, b.base_url, hashes) for c in changes]
                files["json"], files["js"] = changes_files(
                    service["name"], document["name"], records
                )
            return files["json" if which == 0 else "js"]

        b.emit(f"{folder}/changes.json", key, lambda: made(0))
        b.emit(f"{folder}/changes.js", key, lambda: made(1))
