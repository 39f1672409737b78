"""``clausewatch reextract``: rebuild every version from its stored snapshots.

Snapshots first, versions derived: when extraction improves, the versions (and the
changes between them) are recomputed from the raw pages that were kept.  The shrink
rule of the crawl (:mod:`tracker.store.collapse`) applies to the re-extracted texts
too: a version that is a collapse of the one before it leaves the history (unless a
person confirmed it), and a held suspect never becomes a version.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from tracker.analysis import analyse_history
from tracker.content import content_kind, extract_document
from tracker.errors import ExtractionError, StoreError
from tracker.extract import extract_markdown
from tracker.normalize import comparison_key
from tracker.store.analyser import Analyser
from tracker.store.collapse import ShrinkRule, Verdict, assess
from tracker.store.db import sha256
from tracker.store.history import confirmations, replace_history
from tracker.store.queries import document_ids, versions_of
from tracker.store.snapshots import snapshot_body, snapshot_is_markdown, snapshot_text
from tracker.store.suspects import end_suspect, suspect_of


@dataclass
class ReextractReport:
    documents: int = 0
    versions_before: int = 0
    versions_after: int = 0
    changed_texts: int = 0
    collapses: int = 0  # versions taken out of the history as collapses
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _extract(
    db: Database, declaration: str | None, snapshot_ids: list[int], urls: list[str]
) -> str:
    decl = json.loads(declaration or "{}").get("pages") or []
    if len(decl) != len(snapshot_ids):
        raise ExtractionError("the stored declaration does not match the snapshots")
    pages = [
        _snapshot_page(db, sid, spec, urls[i] if i < len(urls) else spec["fetch"])
        for i, (sid, spec) in enumerate(zip(snapshot_ids, decl, strict=True))
    ]
    return extract_document(pages, None)[1] or ""


def _snapshot_page(
    db: Database, snapshot_id: int, spec: dict[str, Any], url: str
) -> tuple[str | bytes, dict[str, Any], str]:
    """A stored page as the extraction takes it: decoded HTML, or a PDF's bytes."""
    body = snapshot_body(db, snapshot_id)
    row = db.execute("select content_type from snapshots where id = ?", [snapshot_id]).fetchone()
    if content_kind(body, row[0] if row else None) == "pdf":
        return body, {**spec, "pdf": True}, url
    return snapshot_text(db, snapshot_id), spec, url


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
        texts.append(
            _extract(
                db,
                v["declaration"],
                json.loads(v["snapshot_ids"] or "[]") or [v["snapshot_id"]],
                json.loads(v["source_urls"] or "[]"),
            )
        )
    return texts


def _key(text: str) -> str:
    return sha256(comparison_key(text))


@dataclass
class _History:
    """A document's re-extracted history, judged by the crawl's shrink rule."""

    keep: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    collapsed: list[tuple[dict[str, Any], str, Verdict]] = field(default_factory=list)
    trailing: list[tuple[dict[str, Any], str, Verdict]] = field(default_factory=list)


Measure = Callable[[str], dict[str, int]]


def _judged(
    versions: list[dict[str, Any]],
    texts: list[str],
    measure: Measure,
    rule: ShrinkRule,
    confirmed: set[int],
) -> _History:
    """Merge consecutive equal texts; take out collapses, as a crawl would have held them."""
    history = _History()
    shape: dict[str, int] = {}
    for v, text in zip(versions, texts, strict=True):
        if history.keep and _key(history.keep[-1][1]) == _key(text):
            history.trailing = []  # the full text came back: the collapse ended
            continue
        if history.keep and v["id"] not in confirmed and rule != ShrinkRule.off():
            verdict = assess(shape, measure(text), rule)
            if verdict is not None and verdict.collapse:
                history.collapsed.append((v, text, verdict))
                history.trailing.append((v, text, verdict))
                continue
        history.keep.append((v, text))
        history.trailing = []
        shape = measure(text)
    return history


def _shrink_hints(
    history: _History, measure: Measure, rule: ShrinkRule, confirmed: set[int]
) -> list[str | None]:
    """The ``shrink`` hint of each change: a confirmed collapse, a rewrite, or None."""
    hints: list[str | None] = []
    for (_, old), (new_v, new) in zip(history.keep, history.keep[1:], strict=False):
        if new_v["id"] in confirmed:
            hints.append("collapse")
            continue
        verdict = assess(measure(old), measure(new), rule)
        hints.append(verdict.kind if verdict is not None else None)
    return hints


def _suspect_row(document_id: int, history: _History, held: dict[str, Any] | None) -> dict | None:
    """The ``suspects`` row of a history that now ends in a collapse (else None)."""
    if not history.trailing:
        return None
    first, (last, text, verdict) = history.trailing[0][0], history.trailing[-1]
    since = min(first["fetched_at"], held["since"]) if held else first["fetched_at"]
    row = {
        "document_id": document_id,
        "since": since,
        "last_seen_at": last["fetched_at"],
        "version_id": history.keep[-1][0]["id"],
        "words_before": verdict.words_before,
        "words_after": verdict.words_after,
        "detail": verdict.detail(),
    }
    if held is None:  # a suspect held by a crawl is newer than these versions
        row.update(
            text_hash=_key(text),
            markdown=text,
            fetched_at=last["fetched_at"],
            snapshot_ids=last["snapshot_ids"] or json.dumps([last["snapshot_id"]]),
            source_urls=last["source_urls"],
            declaration=last["declaration"],
        )
    return row


def _recheck_held(
    db: Database, doc: dict[str, Any], latest: str, analyser: Analyser, rule: ShrinkRule,
    report: ReextractReport, dry_run: bool,
) -> None:  # fmt: skip
    """Extract a held suspect again: still a collapse, or no longer one.

    A suspect never becomes a version here: when its text is no longer a collapse the
    state ends, and the next crawl records the page as it is then.
    """
    held = suspect_of(db, doc["id"])
    if held is None:
        return
    try:
        text = _extract(
            db,
            held["declaration"],
            json.loads(held["snapshot_ids"] or "[]"),
            json.loads(held["source_urls"] or "[]"),
        )
    except (ExtractionError, StoreError) as exc:
        report.errors.append(f"document {doc['id']} ({doc['slug']}): suspect text: {exc}")
        return
    verdict = assess(analyser.shape(latest), analyser.shape(text), rule)
    if verdict is not None and verdict.collapse:
        if not dry_run:
            db["suspects"].update(
                doc["id"],
                {
                    "markdown": text,
                    "text_hash": _key(text),
                    "words_before": verdict.words_before,
                    "words_after": verdict.words_after,
                    "detail": verdict.detail(),
                },
            )
        return
    report.notes.append(
        f"document {doc['id']} ({doc['slug']}): its held text is no longer a collapse; "
        "the suspect state ends and the next crawl records the page as it is then"
    )
    if not dry_run:
        end_suspect(db, doc["id"])


def reextract(
    db: Database, analyser: Analyser, dry_run: bool = False, rule: ShrinkRule | None = None
) -> ReextractReport:
    """Rebuild every version from its stored snapshots with the current extractor.

    Consecutive snapshots that now extract to the same visible text are merged into
    one version; a version whose text is now a collapse of the one before it is taken
    out (a crawl would have held it as suspect; a cut confirmed by a person stays),
    and when the history ends in one the document is suspect.  Every version's flags
    and every change between versions are recomputed with ``analyser``
    (:func:`tracker.analysis.default_analyser`), a large shrink with a "largely
    rewritten" headline.  ``rule`` defaults to the ``crawl.*`` settings.  A document
    whose snapshots no longer extract is left exactly as it was, and reported.
    """
    rule = rule or ShrinkRule.from_config()
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
        confirmed = set(confirmations(db, doc["id"]))
        measure = lru_cache(maxsize=None)(analyser.shape)  # each text is measured once
        history = _judged(versions, texts, measure, rule, confirmed)
        keep = history.keep
        report.versions_after += len(keep)
        report.collapses += len(history.collapsed)
        report.changed_texts += sum(1 for v, t in keep if t != v["markdown"])
        suspect = _suspect_row(doc["id"], history, suspect_of(db, doc["id"]))
        if not dry_run:
            hints = _shrink_hints(history, measure, rule, confirmed)
            kept, changes = analyse_history(analyser, keep, hints)
            collapsed = [(v, verdict.detail()) for v, _, verdict in history.collapsed]
            replace_history(db, doc["id"], versions, kept, changes, collapsed, suspect)
        if suspect is None:
            _recheck_held(db, doc, keep[-1][1], analyser, rule, report, dry_run)
    return report
