"""What makes a long change readable: a summary box, a jump menu, folded runs.

- :func:`summary` says how much of the document changed, and when at least
  :data:`REWRITE_SHARE` of the new version's clauses are new or reworded, that the
  document was largely rewritten, with the share.
- :func:`jump_menu` lists every flagged clause the change added, removed or changed,
  each a link to its clause in the diff.
- :func:`fold_runs` folds every run of more than :data:`FOLD_RUN` consecutive added (or
  removed) clauses behind a count; a permalink or a jump into a folded run opens it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FOLD_RUN", "REWRITE_SHARE", "fold_runs", "jump_menu", "summary"]

#: runs of more added (or removed) clauses than this are folded behind a count
FOLD_RUN = 20
#: share of the new version's clauses, new or reworded, from which a document is "rewritten"
REWRITE_SHARE = 0.5


def summary(stats: dict[str, Any] | None) -> dict[str, Any]:
    """Counts of the change, and the rewritten share (None when below the threshold)."""
    st = {k: int((stats or {}).get(k) or 0) for k in ("added", "removed", "modified", "moved")}
    unchanged = int((stats or {}).get("unchanged") or 0)
    new_total = unchanged + st["added"] + st["modified"] + st["moved"]
    share = (st["added"] + st["modified"]) / new_total if new_total else 0.0
    return st | {
        "unchanged": unchanged,
        "new_total": new_total,
        "changed": st["added"] + st["removed"] + st["modified"] + st["moved"],
        "rewritten": round(100 * share) if new_total and share >= REWRITE_SHARE else None,
    }


def jump_menu(flags: list[dict[str, Any]], clauses: list[dict[str, Any]]) -> list[dict]:
    """Every flagged clause the change touched, in document order, with its anchor."""
    entries = []
    for f in flags:
        if f.get("status") == "unchanged" or not f.get("anchor"):
            continue
        index = f.get("change_index")
        clause = clauses[index] if isinstance(index, int) and 0 <= index < len(clauses) else {}
        entries.append(
            {
                "anchor": f["anchor"],
                "title": f["title"],
                "severity": f.get("severity", "low"),
                "status_label": f.get("status_label", ""),
                "section": clause.get("section") or "",
                "order": index if isinstance(index, int) else len(clauses),
            }
        )
    entries.sort(key=lambda e: (e["order"], e["title"]))
    return entries


def fold_runs(rows: list[dict[str, Any]], flagged: set[str]) -> list[dict[str, Any]]:
    """``rows`` with every run of more than :data:`FOLD_RUN` added or removed clauses folded.

    A folded run is ``{"kind": "run_open", "clause_kind": "added"|"removed", "count": n,
    "section": …, "flagged": k}`` (``k`` flagged clauses inside), its clauses' rows, then
    ``{"kind": "run_close"}``: one flat list, which the page renders in a single loop.
    """
    out: list[dict[str, Any]] = []
    run: list[dict[str, Any]] = []

    def close() -> None:
        if len(run) > FOLD_RUN:
            first = run[0]["clause"]
            hits = sum(1 for r in run if r["clause"].get("anchor") in flagged)
            out.append(
                {
                    "kind": "run_open",
                    "clause_kind": first["kind"],
                    "count": len(run),
                    "section": first.get("section") or "",
                    "flagged": hits,
                }
            )
            out.extend(run)
            out.append({"kind": "run_close"})
        else:
            out.extend(run)
        run.clear()

    for row in rows:
        kind = row["clause"].get("kind") if row["kind"] == "change" else None
        if kind in ("added", "removed") and (not run or run[0]["clause"]["kind"] == kind):
            run.append(row)
            continue
        close()
        if kind in ("added", "removed"):
            run.append(row)
        else:
            out.append(row)
    close()
    return out
