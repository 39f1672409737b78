"""Rewrite a terms entry of a declaration file, keeping the old one in its history file.

As Open Terms Archive does: ``<Service>.json`` holds the declaration in force and
``<Service>.history.json`` the earlier ones, ``{TERMS TYPE: [entry, ...]}`` oldest
first, each with ``validUntil`` (the time it was last known to work).  Used by
``catalog doctor --fix`` and ``catalog sync-ota --apply``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tracker.catalog.parse import parse_declaration
from tracker.errors import CatalogError

# The fields that say what to fetch and extract; the others (language, note…) are ours.
EXTRACTION_FIELDS = ("fetch", "select", "remove", "combine", "executeClientScripts", "filter")


def history_path(path: Path) -> Path:
    """``catalog/X.json`` → ``catalog/X.history.json``."""
    return path.with_name(path.name[: -len(".json")] + ".history.json")


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise CatalogError(f"{path}: the {what} is not valid JSON ({exc}); fix it first") from exc


def _write_json(path: Path, data: Any) -> None:
    """Write atomically: a crash never leaves half a declaration."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def read_history(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The history of a declaration file (``{}`` when it has none)."""
    history = history_path(path)
    if not history.exists():
        return {}
    data = _read_json(history, "declaration history")
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise CatalogError(
            f"{history}: expected an object of terms types, each a list of earlier "
            "declarations with validUntil"
        )
    return data


def extraction_fields(entry: dict[str, Any]) -> dict[str, Any]:
    """The part of a terms entry that says what to fetch and extract."""
    return {k: entry[k] for k in EXTRACTION_FIELDS if k in entry}


def replace_entry(
    path: str | Path,
    terms_type: str,
    new_fields: dict[str, Any],
    valid_until: str,
    drop: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Set ``new_fields`` on a terms entry of the declaration file ``path``.

    The entry as it was goes to the end of its list in ``<Service>.history.json`` with
    ``validUntil``; fields named in ``drop`` are removed from the entry (``remove``
    when a proposal has none).  Our own fields (``language``, ``note``…) stay.  The new
    declaration is validated before anything is written.  Returns the new entry.
    Raises :class:`CatalogError` naming the file when it cannot be read or the result
    would not load.
    """
    path = Path(path)
    data = _read_json(path, "declaration")
    terms = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(terms, dict) or terms_type not in terms:
        raise CatalogError(f'{path}: terms "{terms_type}" is not declared in this file')
    old = terms[terms_type]
    entry = {k: v for k, v in old.items() if k not in drop and k != "validUntil"}
    entry.update(new_fields)
    terms[terms_type] = entry
    _docs, problems = parse_declaration(data, str(path))
    if problems:
        raise CatalogError("the new declaration would not load:\n" + "\n".join(problems))
    history = read_history(path)
    history.setdefault(terms_type, []).append(
        {**{k: v for k, v in old.items() if k != "validUntil"}, "validUntil": valid_until}
    )
    history[terms_type].sort(key=lambda e: str(e.get("validUntil", "")))
    _write_json(history_path(path), history)
    _write_json(path, data)
    return entry


def read_entry(path: str | Path, terms_type: str) -> dict[str, Any]:
    """A terms entry of a declaration file, as written (raises :class:`CatalogError`)."""
    path = Path(path)
    data = _read_json(path, "declaration")
    terms = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(terms, dict) or not isinstance(terms.get(terms_type), dict):
        raise CatalogError(f'{path}: terms "{terms_type}" is not declared in this file')
    return dict(terms[terms_type])


def replace_page_rules(
    path: str | Path, terms_type: str, rules: dict[int, dict[str, Any]], valid_until: str
) -> dict[str, Any]:
    """Set ``select``, ``remove`` (and ``fetch``) of pages of a terms entry.

    ``rules`` maps a page index (0 for a single-page entry, else the index in its
    ``combine`` list) to ``{"select", "remove", "fetch"}``: an empty ``remove`` drops the
    page's own, a ``fetch`` of None keeps the URL.  The old entry goes to the history file
    (:func:`replace_entry`).  Returns the new entry.
    """
    entry = read_entry(path, terms_type)

    def updated(page: dict[str, Any], rule: dict[str, Any]) -> tuple[dict[str, Any], tuple]:
        fields = {"select": rule["select"]}
        if rule.get("fetch"):
            fields["fetch"] = rule["fetch"]
        if rule.get("remove"):
            fields["remove"] = rule["remove"]
        drop = () if rule.get("remove") else ("remove",)
        return {**{k: v for k, v in page.items() if k not in drop}, **fields}, drop

    if "combine" not in entry:
        fields, drop = updated({}, rules[0])
        return replace_entry(path, terms_type, fields, valid_until, drop)
    combine = [dict(p) for p in entry["combine"]]
    for index, rule in rules.items():
        combine[index], _drop = updated(combine[index], rule)
    return replace_entry(path, terms_type, {"combine": combine}, valid_until)
