"""What the store needs from an analysis, and how it tells a revert.

The store never imports the differ or the flagger: a use case hands the recorder an
object with this interface (:class:`tracker.analysis.Analyser` is the real one), and
the store writes what it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class Analyser(Protocol):
    """What the recorder is given to analyse a new version (see :mod:`tracker.analysis`).

    The store never imports the differ or the flagger; it writes what this returns.
    """

    def change(
        self,
        old_markdown: str,
        new_markdown: str,
        *,
        new_date: str | None = None,
        revert_of: str | None = None,
        shrink: str | None = None,
    ) -> dict[str, Any]:
        """The ``changes`` columns: significance, headline, events, diff, flags, rows…

        ``new_date`` is when the new version was recorded, ``revert_of`` the date of
        the earlier version the new text goes back to, and ``shrink`` the verdict on a
        large cut (:mod:`tracker.store.collapse`): its headline then says what
        happened instead of listing every removed flag.
        """
        ...

    def shape(self, markdown: str) -> dict[str, int]:
        """``words``, ``clauses`` (not headings) and ``sections`` of a text."""
        ...

    def version_flags(self, markdown: str) -> str | None:
        """The ``versions.flags`` column (JSON), or None when it cannot be computed."""
        ...

    def revert_key(self, markdown: str) -> str | None:
        """The ``versions.revert_key`` column: equal for texts equal up to cosmetic edits."""
        ...


def revert_date(
    earlier: Sequence[dict[str, Any]],
    previous: dict[str, Any],
    text_hash: str,
    key: str | None,
) -> str | None:
    """When a new text goes back to an earlier version: that version's date, else None.

    ``earlier`` are the versions before ``previous`` (each with ``fetched_at``,
    ``text_hash`` and ``revert_key``).  A text equal to one of them (the same
    comparison key) is a revert, even of a cosmetic edit; a text equal to one only up
    to cosmetic edits is one when it differs from ``previous`` by more than that.
    """
    same = [v["fetched_at"] for v in earlier if v["text_hash"] == text_hash]
    if not same and key is not None and key != previous.get("revert_key"):
        same = [v["fetched_at"] for v in earlier if v.get("revert_key") == key]
    return max(same) if same else None
