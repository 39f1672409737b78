"""``clausewatch reanalyse``: recompute what clausewatch says about every stored change.

When the analysis improves (new categories, better headlines), the stored versions
are analysed again: every version's flags, every change's significance, events, flags
and headline.  Nothing is extracted again and nothing is renumbered, so page URLs and
feed ids stay the same; ``reextract`` is the command that also re-reads snapshots.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from tracker.analysis import COLLAPSE, analyse_history
from tracker.store.analyser import Analyser
from tracker.store.collapse import ShrinkRule, assess
from tracker.store.history import confirmations, update_analysis
from tracker.store.queries import change_headlines, document_ids, versions_of


@dataclass
class ReanalyseReport:
    documents: int = 0
    versions: int = 0
    changes: int = 0
    headlines_changed: int = 0


def _shrinks(
    db: Database, document_id: int, history: list[tuple[dict, str]], analyser: Analyser
) -> list[str | None]:
    """The ``shrink`` hint of each stored change, judged as the crawl judged it."""
    confirmed = confirmations(db, document_id)
    rule = ShrinkRule.from_config()
    hints: list[str | None] = []
    for (_, old), (new_v, new) in zip(history, history[1:], strict=False):
        if new_v["id"] in confirmed:
            hints.append(COLLAPSE)
            continue
        verdict = assess(analyser.shape(old), analyser.shape(new), rule)
        hints.append(verdict.kind if verdict is not None else None)
    return hints


def reanalyse(db: Database, analyser: Analyser) -> ReanalyseReport:
    """Recompute the flags of every version and the analysis of every change, in place."""
    report = ReanalyseReport()
    for doc in document_ids(db):
        versions = versions_of(db, doc["id"])
        if not versions:
            continue
        before = change_headlines(db, doc["id"])
        history = [(v, v["markdown"]) for v in versions]
        kept, changes = analyse_history(
            analyser, history, _shrinks(db, doc["id"], history, analyser)
        )
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
