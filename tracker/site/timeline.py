"""A service's changes as an SVG timeline, drawn at build time (no chart library).

One lane per document, one mark per change at the day it was detected.  The mark's
shape and colour both say its severity (a diamond for high, a square for medium, a
circle for low, a small ring for a change that touched no flagged clause), so colour
is never the only signal; every mark is a link to its change, with the change's
date and headline as its accessible name.  Colours come from the stylesheet's
classes, so dark mode and the page's Content-Security-Policy (no inline styles) hold.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup, escape

__all__ = ["timeline_svg"]

WIDTH = 720
LABEL = 150  # room for the document names on the inline-start side
LANE = 34
TOP = 26

SEVERITY_WORD = {"high": "high severity", "medium": "medium severity", "low": "low severity"}


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def _mark(kind: str, x: float, y: float) -> str:
    if kind == "high":
        return f'<path class="mark sev-high" d="M{x:.1f} {y - 8:.1f}l8 8-8 8-8-8z"/>'
    if kind == "medium":
        return (
            f'<rect class="mark sev-medium" x="{x - 6:.1f}" y="{y - 6:.1f}" '
            'width="12" height="12"/>'
        )
    if kind == "low":
        return f'<circle class="mark sev-low" cx="{x:.1f}" cy="{y:.1f}" r="6"/>'
    return f'<circle class="mark sev-none" cx="{x:.1f}" cy="{y:.1f}" r="4"/>'


def timeline_svg(
    lanes: list[dict[str, Any]], changes: list[dict[str, Any]], root: str, title: str
) -> Markup:
    """The SVG of ``changes`` (summaries) on one lane per document of ``lanes``.

    ``lanes`` are ``{"slug", "name", "first"}`` (first: the date of its first version).
    """
    days = [d for d in (_day(c["detected_at"]) for c in changes) if d]
    days += [d for d in (_day(lane.get("first")) for lane in lanes) if d]
    if not lanes or not days:
        return Markup("")
    start, end = min(days), max(days)
    span = max((end - start).days, 1)
    height = TOP + LANE * len(lanes) + 8
    inner = WIDTH - LABEL - 20

    def x_of(day: date) -> float:
        return LABEL + 10 + inner * (day - start).days / span

    out = [
        f'<svg class="timeline-svg" viewBox="0 0 {WIDTH} {height}" role="group" '
        f'aria-labelledby="tl-title"><title id="tl-title">{escape(title)}</title>'
    ]
    for year in range(start.year + 1, end.year + 1):
        x = x_of(date(year, 1, 1))
        out.append(
            f'<line class="tick" x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{height - 4}"/>'
            f'<text class="tick-label" x="{x + 3:.1f}" y="{TOP - 12}">{year}</text>'
        )
    lane_of = {lane["slug"]: i for i, lane in enumerate(lanes)}
    for i, lane in enumerate(lanes):
        y = TOP + LANE * i + LANE / 2
        out.append(
            f'<text class="lane-label" x="4" y="{y + 4:.1f}">{escape(_short(lane["name"]))}</text>'
            f'<line class="lane" x1="{LABEL}" y1="{y:.1f}" x2="{WIDTH - 6}" y2="{y:.1f}"/>'
        )
    for c in reversed(changes):  # oldest first, so the newest marks are drawn on top
        day = _day(c["detected_at"])
        if day is None or c["document_slug"] not in lane_of:
            continue
        y = TOP + LANE * lane_of[c["document_slug"]] + LANE / 2
        kind = c.get("severity") or "none"
        severity = SEVERITY_WORD.get(kind, "no flagged clause")
        minor = ", minor edit" if c.get("minor") else ""
        label = f"{day.isoformat()}, {c['document']}: {c['headline']} ({severity}{minor})"
        out.append(
            f'<a href="{escape(root + c["path"])}" class="tl-link"><title>{escape(label)}</title>'
            f"{_mark(kind, x_of(day), y)}</a>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def _short(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
