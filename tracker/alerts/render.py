"""The words of an alert, from change dicts (:func:`tracker.store.queries.list_changes`).

Two forms.  ``short``: at most 300 characters (Bluesky's limit, under Mastodon's), the
service, the document, the headline and a link, for microblogs.  ``full``, for e-mail
and chat: the headline, the flag events with their evidence and the amounts, places
and dates they name, an annotated excerpt of the diff (``[-removed-]{+added+}``) and
the link.  A digest puts several changes in one message.  Plain text only: captured
text goes out as text, never as markup a mail client would render.

Every function takes the change dict, so fields added to changes later (events, a
revert marker) can be shown without changing the callers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tracker.alerts.subscriptions import flag_events
from tracker.site.paths import change_path

SHORT_LIMIT = 300
EXCERPT_CLAUSES = 6
STATUS_WORD = {"added": "Added", "removed": "Removed", "modified": "Changed"}
ENTITY_WORD = {
    "money": "amount",
    "court": "court",
    "venue": "venue",
    "governing_law": "governing law",
    "age": "age",
    "notice_period": "notice period",
    "date": "date",
}


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…" if limit > 0 else ""


def change_link(change: Mapping[str, Any], base_url: str | None) -> str:
    """The change's page on the published site, else the policy page itself."""
    if base_url:
        path = change_path(change["service_slug"], change["document_slug"], change["to_version"])
        return base_url.rstrip("/") + "/" + path
    return str(change.get("url") or "")


def _title(change: Mapping[str, Any]) -> str:
    return f"{change['service']} {change['document']}"


def short_text(change: Mapping[str, Any], link: str) -> str:
    """One post of at most 300 characters: ``Service Document: headline link``."""
    headline = change.get("headline") or "the text changed"
    tail = f" {link}" if link and len(link) <= SHORT_LIMIT // 2 else ""
    return clip(f"{_title(change)}: {headline}", SHORT_LIMIT - len(tail)) + tail


def _category_title(category: str) -> str:
    from diffs.categories import CATEGORIES

    known = CATEGORIES.get(category)
    return known.title if known else category.replace("_", " ").capitalize()


def _entities(flag: Mapping[str, Any]) -> str:
    names = [
        f"{ENTITY_WORD.get(e.get('kind', ''), e.get('kind', ''))}: {clip(e.get('text', ''), 80)}"
        for e in flag.get("entities") or []
        if e.get("text")
    ]
    return f" [{'; '.join(names)}]" if names else ""


def flag_lines(change: Mapping[str, Any]) -> list[str]:
    """One line per flag event: what happened to which kind of clause, with its evidence."""
    lines = []
    for flag in flag_events(change):
        status = STATUS_WORD.get(flag.get("status", ""), str(flag.get("status", "")).capitalize())
        head = f"- {status}: {_category_title(flag.get('category', ''))} ({flag.get('severity')})"
        evidence = clip(flag.get("evidence") or "", 240)
        old = flag.get("old") or {}
        if flag.get("status") == "modified" and old.get("evidence"):
            head += f': "{clip(old["evidence"], 160)}" → "{evidence}"'
        elif evidence:
            head += f': "{evidence}"'
        lines.append(head + _entities(flag))
    return lines


def _inline(clause: Mapping[str, Any], limit: int = 500) -> str:
    parts = []
    for op, text in clause.get("inline") or []:
        if op == "delete":
            parts.append(f"[-{text}-]")
        elif op == "insert":
            parts.append(f"{{+{text}+}}")
        elif len(text) > 120:  # long unchanged text: keep the words next to the edits
            parts.append(f"{text[:50]}…{text[-50:]}")
        else:
            parts.append(text)
    return clip("".join(parts), limit)


def clause_excerpt(clause: Mapping[str, Any]) -> str:
    kind = clause.get("kind")
    if kind == "added":
        body = f"{{+{clip(clause.get('new') or '', 400)}+}}"
    elif kind == "removed":
        body = f"[-{clip(clause.get('old') or '', 400)}-]"
    elif kind == "moved":
        body = f"(moved) {clip(clause.get('new') or '', 300)}"
    else:
        body = _inline(clause) or clip(clause.get("new") or "", 400)
    section = clause.get("section") or clause.get("old_section")
    return (f"§ {clip(section, 100)}\n" if section else "") + f"  {body}"


def diff_excerpt(change: Mapping[str, Any], limit: int = EXCERPT_CLAUSES) -> tuple[list[str], int]:
    """The changed clauses worth showing (flagged ones first), and how many were left out."""
    clauses = (change.get("diff") or {}).get("changes") or []
    flagged = [f.get("change_index") for f in flag_events(change)]
    order = [i for i in dict.fromkeys(flagged) if isinstance(i, int) and 0 <= i < len(clauses)]
    order += [i for i, c in enumerate(clauses) if i not in order and not c.get("minor")]
    order += [i for i, c in enumerate(clauses) if i not in order]
    shown = sorted(order[:limit])
    return [clause_excerpt(clauses[i]) for i in shown], max(0, len(clauses) - len(shown))


def _when(change: Mapping[str, Any]) -> str:
    stamp = str(change.get("detected_at") or "")
    return stamp[:16].replace("T", " ") + " UTC" if len(stamp) >= 16 else stamp


def full_body(change: Mapping[str, Any], link: str) -> str:
    """The full message of one change (plain text)."""
    versions = f"version {change.get('from_version')} → {change.get('to_version')}"
    lines = [
        change.get("headline") or "The text changed.",
        "",
        f"{change['service']} changed its {change['document']} ({versions}, "
        f"{change.get('significance', 'substantive')}), detected {_when(change)}.",
    ]
    if change.get("effective_date"):
        lines.append(f"Effective date printed in the new text: {change['effective_date']}.")
    events = flag_lines(change)
    if events:
        lines += ["", "Flagged clauses:", *events]
    excerpt, more = diff_excerpt(change)
    if excerpt:
        lines += ["", "What changed ([-removed-] {+added+}):", *excerpt]
        if more:
            lines.append(f"  … and {more} more changed clause{'s' if more != 1 else ''}")
    if link:
        lines += ["", f"Full change: {link}"]
    return "\n".join(lines)


def message(
    changes: Sequence[Mapping[str, Any]], form: str, base_url: str | None
) -> tuple[str, str]:
    """``(title, body)`` of the message for one change, or a digest of several.

    The short form has no title: some services put the title before the body, and
    the 300 characters are for both.
    """
    if len(changes) == 1:
        change = changes[0]
        link = change_link(change, base_url)
        if form == "short":
            return "", short_text(change, link)
        return clip(f"{_title(change)}: {change.get('headline') or 'text changed'}", 200), (
            full_body(change, link)
        )
    count = f"{len(changes)} terms-of-service changes"
    if form == "short":
        tail = f" {base_url}" if base_url and len(base_url) <= SHORT_LIMIT // 2 else ""
        names = "; ".join(f"{_title(c)}: {c.get('headline') or 'changed'}" for c in changes)
        return "", clip(f"{count}: {names}", SHORT_LIMIT - len(tail)) + tail
    blocks = [
        f"{i}. {_title(c)}\n{full_body(c, change_link(c, base_url))}"
        for i, c in enumerate(changes, 1)
    ]
    title = clip(f"clausewatch: {count} ({', '.join(_title(c) for c in changes)})", 200)
    return title, "\n\n----------\n\n".join(blocks)


def sample_change() -> dict[str, Any]:
    """A made-up change for ``alerts test``, which says plainly that it is a test."""
    return {
        "id": 0,
        "service": "Example Service",
        "service_slug": "example-service",
        "document": "Terms of Service",
        "document_slug": "terms-of-service",
        "detected_at": "2026-01-01T00:00:00Z",
        "significance": "substantive",
        "headline": "Test message from clausewatch: no terms changed; this destination works",
        "flags": [
            {
                "category": "ai_training",
                "severity": "high",
                "status": "added",
                "evidence": "(sample) we may use your content to train our AI models",
                "entities": [],
                "change_index": 0,
            }
        ],
        "diff": {
            "changes": [
                {
                    "kind": "modified",
                    "section": "Sample section",
                    "inline": [
                        ["equal", "We may use your content "],
                        ["delete", "to run the service"],
                        ["insert", "to train our AI models"],
                        ["equal", "."],
                    ],
                    "minor": False,
                }
            ]
        },
        "from_version": 1,
        "to_version": 2,
        "url": "https://example.org/terms",
        "effective_date": None,
    }
