"""A change's page, clause by clause: the changed clauses among the unchanged ones.

:func:`context_rows` is computed once, when a change is recorded, and stored with it,
so the site renders a change's page without segmenting or diffing anything again.
"""

from __future__ import annotations

from typing import Any

from diffs.result import DiffResult

__all__ = ["context_rows"]


def context_rows(result: DiffResult) -> list[dict[str, Any]]:
    """Rows in new-document order (removals where they were), as plain JSON.

    ``{"kind": "change", "index": i}`` points at ``result.changed()[i]`` (the stored
    ``diff["changes"][i]``); ``{"kind": "unchanged", "clauses": [...]}`` is a run of
    unchanged clauses, each ``{"text", "section", "id"}`` (``id`` is the clause's
    permalink fragment), which a page can fold away.
    """
    rows: list[dict[str, Any]] = []
    index = 0
    for change in result.changes:
        if change.kind != "unchanged":
            rows.append({"kind": "change", "index": index})
            index += 1
            continue
        entry = {"text": change.new or "", "section": change.section, "id": f"c-{change.new_id}"}
        if rows and rows[-1]["kind"] == "unchanged":
            rows[-1]["clauses"].append(entry)
        else:
            rows.append({"kind": "unchanged", "clauses": [entry]})
    return rows
