"""``clausewatch reanalyse``: recompute what clausewatch says about every stored change.

When the analysis improves (new categories, better headlines), the stored versions
are analysed again: every version's flags, every change's significance, events, flags
and headline.  Nothing is extracted again and nothing is renumbered, so page URLs and
feed ids stay the same; ``reextract`` is the command that also re-reads snapshots.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from tracker.analysis import analyse_history
from tracker.store.queries import change_headlines, document_ids, versions_of
from tracker.store.recorder import Analyser, update_analysis


@dataclass
class ReanalyseReport:
    documents: int = 0
    versions: int = 0
    changes: int = 0
    headlines_changed: int = 0


def reanalyse(db: Database, analyser: Analyser) -> ReanalyseReport:
    """Recompute the flags of every version and the analysis of every change, in place."""
    report = ReanalyseReport()
    for doc in document_ids(db):
        versions = versions_of(db, doc["id"])
        if not versions:
            continue
        before = change_headlines(db, doc["id"])
        kept, changes = analyse_history(analyser, [(v, v["markdown"]) for v in versions])
        update_analysis(db, kept, changes)
        report.documents += 1
        report.versions += len(kept)
        report.changes += len(changes)
        report.headlines_changed += sum(
            1
            for k, c in zip(kept[1:], changes, strict=True)
            if before.get(k.version["id"]) != c["headline"]
        )
    return report
