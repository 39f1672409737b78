"""Downloads and citations: every version as Markdown and plain text, every change as JSON.

Each document has four data files beside its page: ``versions.json`` (every version:
number, capture time, the text exactly as archived, in Markdown) and ``changes.json``
(every change: what clausewatch recorded about it), for scripts; and the same two as
scripts, ``versions.js`` and ``changes.js``, which load from ``file://`` too.  A version
page's "Markdown" and "plain text" buttons and a change page's "JSON" button make the
file in the browser from those scripts (``assets/site.js``), so a download needs no
file of its own: a site of 5,000 versions is 15,000 files lighter, and builds as fast.
The plain text is made by ``ClauseDiff.plainText`` in ``assets/clausediff.js``.

A "cite this" block names the service, the document, the versions and their capture
dates, the page's permanent address (with ``--base-url``) and the SHA-256 of the raw
page each version was extracted from, as kept in the archive's snapshots table.
"""

from __future__ import annotations

import json
from typing import Any

from tracker.site.templating import long_date

__all__ = ["change_record", "changes_files", "citation", "versions_files"]


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


def change_record(
    change: dict[str, Any], base_url: str, snapshots: dict[int, list[str]]
) -> dict[str, Any]:
    """What clausewatch recorded about one change (an entry of ``changes.json``)."""
    flags = [
        {k: v for k, v in f.items() if k not in ("anchor", "title", "explanation", "status_label")}
        for f in change["flags"]
    ]
    return {
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


def _as_script(name: str, payload: str) -> str:
    safe = payload.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{name} = {safe};\n"


def changes_files(service: str, document: str, records: list[dict[str, Any]]) -> tuple[str, str]:
    """``changes.json`` and ``changes.js`` of a document: every change, newest first."""
    data = {"service": service, "document": document, "changes": records}
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return payload + "\n", _as_script("CLAUSEWATCH_CHANGES", payload)


def versions_files(
    service: str, document: str, versions: list[tuple[int, str | None, str]]
) -> tuple[str, str]:
    """``versions.json`` and ``versions.js`` of a document: every version's text, oldest first.

    ``versions`` are ``(number, fetched_at, markdown)``.  The script is what the compare
    view and the download buttons read.
    """
    table = {
        str(number): {"number": number, "fetched_at": fetched_at, "markdown": markdown}
        for number, fetched_at, markdown in versions
    }
    data = {"service": service, "document": document, "versions": table}
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return payload + "\n", _as_script("CLAUSEWATCH_VERSIONS", payload)
