"""An iCalendar feed of effective dates: ``feeds/effective-dates.ics``.

One all-day event per change whose text states an effective date later than the day
clausewatch detected it: a change announced ahead, which a calendar app shows as
upcoming.  Built with the ``icalendar`` library; the event's UID is the change's
``tag:`` URI and its DTSTAMP the detection time, so an unchanged calendar is
byte-identical from one build to the next.  With ``--base-url`` each event links to
its change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

from tracker.site.builder import Builder
from tracker.site.data import SiteData

CALENDAR_PATH = "feeds/effective-dates.ics"


def announced(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Changes whose stated effective date comes after the day they were detected."""
    out = []
    for c in changes:
        effective, detected = c.get("effective_date") or "", (c.get("detected_at") or "")[:10]
        if effective and detected and effective > detected:
            out.append(c)
    return sorted(out, key=lambda c: (c["effective_date"], c["path"]))


def _stamp(value: str) -> datetime:
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (
        (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC).replace(microsecond=0)
    )


def calendar_bytes(changes: list[dict[str, Any]], base_url: str) -> bytes:
    """The calendar of ``changes`` (from :func:`announced`)."""
    cal = Calendar()
    cal.add("prodid", "-//clausewatch//effective dates//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "clausewatch: policy changes taking effect")
    for c in changes:
        day = date.fromisoformat(c["effective_date"])
        event = Event()
        event.add("uid", c["tag"])
        event.add("dtstamp", _stamp(c["detected_at"]))
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{c['service']} {c['document']}: changes take effect")
        where = f"{base_url}/{c['path']}" if base_url else c["path"]
        event.add(
            "description",
            f"{c['headline']}\n\nDetected {c['detected_at'][:10]}. Details: {where}",
        )
        if base_url:
            event.add("url", where)
        event.add("categories", sorted(c["categories"]) or ["no-flagged-clause"])
        cal.add_component(event)
    return cal.to_ical()


def write_calendar(b: Builder, data: SiteData) -> None:
    changes = announced(data.changes)
    key = [[c["fingerprint"] for c in changes], b.base_url]
    b.emit(CALENDAR_PATH, key, lambda: calendar_bytes(changes, b.base_url))
