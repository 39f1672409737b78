"""Downloads and citations: every version as Markdown and plain text, every change as JSON.

Beside each archived version's page (``versions/<n>.html``) the site has
``versions/<n>.md`` (the text exactly as archived), ``versions/<n>.txt`` (the same as
plain text, :func:`tracker.site.text.plain_text`) and ``versions/<n>.js`` (the text for
the compare view, as a script so that it loads from ``file://`` too).  Beside each
change's page, ``changes/<n>.json`` holds what clausewatch recorded about it.  A
"cite this" block names the service, the document, the versions and their capture
dates, the page's permanent address (with ``--base-url``) and the SHA-256 of the raw
page each version was extracted from, as kept in the archive's snapshots table.
"""

from __future__ import annotations

import json
from typing import Any

from tracker.site.templating import long_date

__all__ = ["change_json", "citation", "versions_script"]


def permanent_url(base_url: str, rel: str) -> str | None:
    """The page's address on the published site, when the build knows it."""
    return f"{base_url}/{rel}" if base_url else None


def citation(
    service: str,
    document: str,
    versions: list[dict[str, Any]],
    url: str | None,
    what: str,
) -> dict[str, Any]:
    """The "cite this" block: the fields and one line of plain text to copy.

    ``versions`` are ``{"number", "fetched_at", "snapshot_hashes"}``, oldest first;
    ``what`` names the page ("Change to version 7", "Version 7").
    """
    captured = "; ".join(
        f"version {v['number']} captured {long_date(v['fetched_at'])}" for v in versions
    )
    hashes = [h for v in versions for h in v.get("snapshot_hashes") or []]
    parts = [f"{service}, “{document}”: {what} ({captured})", "archived by clausewatch"]
    if url:
        parts.append(url)
    if hashes:
        parts.append("snapshot SHA-256 " + ", ".join(hashes))
    return {
        "service": service,
        "document": document,
        "versions": versions,
        "url": url,
        "hashes": hashes,
        "text": ". ".join(parts) + ".",
    }


def change_json(change: dict[str, Any], base_url: str, snapshots: dict[int, list[str]]) -> str:
    """What clausewatch recorded about one change, as JSON (the ``changes/<n>.json`` file)."""
    flags = [
        {k: v for k, v in f.items() if k not in ("anchor", "title", "explanation", "status_label")}
        for f in change["flags"]
    ]
    data = {
        "id": change["tag"],
        "service": change["service"],
        "document": change["document"],
        "page": permanent_url(base_url, change["path"]) or change["path"],
        "live_url": change.get("url"),
        "from_version": change["from_version"],
        "to_version": change["to_version"],
        "from_snapshot_sha256": snapshots.get(change["from_version"], []),
        "to_snapshot_sha256": snapshots.get(change["to_version"], []),
        "detected_at": change["detected_at"],
        "effective_date": change.get("effective_date"),
        "significance": change["significance"],
        "headline": change["headline"],
        "flags": flags,
        "stats": change.get("stats") or {},
        "diff": change.get("diff") or {},
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


def versions_script(versions: list[tuple[int, str | None, str]]) -> str:
    """``versions.js``: every version's text, for the compare view (works from file://).

    ``versions`` are ``(number, fetched_at, markdown)``.
    """
    table = {
        str(number): {"number": number, "fetched_at": fetched_at, "markdown": markdown}
        for number, fetched_at, markdown in versions
    }
    payload = json.dumps(table, ensure_ascii=False, sort_keys=True)
    payload = payload.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.CLAUSEWATCH_VERSIONS = {payload};\n"
