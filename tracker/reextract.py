"""``clausewatch reextract``: rebuild every version from its stored snapshots.

Snapshots first, versions derived: when extraction improves, the versions (and the
changes between them) are recomputed from the raw pages that were kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from tracker.analysis import analyse_history
from tracker.errors import ExtractionError, StoreError
from tracker.extract import extract_markdown, extract_pages
from tracker.normalize import comparison_key
from tracker.store.db import sha256
from tracker.store.queries import document_ids, versions_of
from tracker.store.recorder import Analyser, replace_history
from tracker.store.snapshots import snapshot_is_markdown, snapshot_text


@dataclass
class ReextractReport:
    documents: int = 0
    versions_before: int = 0
    versions_after: int = 0
    changed_texts: int = 0
    errors: list[str] = field(default_factory=list)


def _extracted_texts(db: Database, versions: list[dict[str, Any]]) -> list[str]:
    """Every version's text, extracted again from its stored snapshots.

    An imported version's snapshot is the archive's Markdown (``text/markdown``,
    ``clausewatch import ota``): it goes through :func:`tracker.extract.extract_markdown`.
    """
    texts: list[str] = []
    for v in versions:
        if snapshot_is_markdown(db, v["snapshot_id"]):
            texts.append(extract_markdown(snapshot_text(db, v["snapshot_id"])))
            continue
        decl = json.loads(v["declaration"] or "{}").get("pages") or []
        ids = json.loads(v["snapshot_ids"] or "[]") or [v["snapshot_id"]]
        urls = json.loads(v["source_urls"] or "[]")
        if len(decl) != len(ids):
            raise ExtractionError("the stored declaration does not match the snapshots")
        pages = [
            (snapshot_text(db, sid), spec, urls[i] if i < len(urls) else spec["fetch"])
            for i, (sid, spec) in enumerate(zip(ids, decl, strict=True))
        ]
        texts.append(extract_pages(pages))
    return texts


def _merged(versions: list[dict[str, Any]], texts: list[str]) -> list[tuple[dict[str, Any], str]]:
    """Consecutive versions whose texts are now equal become one (the first of them)."""
    keep: list[tuple[dict[str, Any], str]] = []
    for v, text in zip(versions, texts, strict=True):
        if keep and sha256(comparison_key(keep[-1][1])) == sha256(comparison_key(text)):
            continue
        keep.append((v, text))
    return keep


def reextract(db: Database, analyser: Analyser, dry_run: bool = False) -> ReextractReport:
    """Rebuild every version from its stored snapshots with the current extractor.

    Consecutive snapshots that now extract to the same visible text are merged into
    one version, and every version's flags and every change between versions are
    recomputed with ``analyser`` (:func:`tracker.analysis.default_analyser`).  A
    document whose snapshots no longer extract is left exactly as it was, and reported.
    """
    report = ReextractReport()
    for doc in document_ids(db):
        versions = versions_of(db, doc["id"])
        if not versions:
            continue
        report.documents += 1
        report.versions_before += len(versions)
        try:
            texts = _extracted_texts(db, versions)
        except (ExtractionError, StoreError) as exc:
            report.errors.append(f"document {doc['id']} ({doc['slug']}): {exc}; left unchanged")
            report.versions_after += len(versions)
            continue
        keep = _merged(versions, texts)
        report.versions_after += len(keep)
        report.changed_texts += sum(1 for v, t in keep if t != v["markdown"])
        if dry_run:
            continue
        kept, changes = analyse_history(analyser, keep)
        replace_history(db, doc["id"], versions, kept, changes)
    return report
