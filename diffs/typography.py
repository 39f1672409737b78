"""One table of typographic look-alikes, folded to their ASCII forms before comparing.

Curly and low quotes, primes and guillemets become ``'`` or ``"``; hyphens, dashes and
the minus sign become ``-``; the ellipsis becomes ``...``.  Used by the differ, the
flagger and ``tracker.normalize``, so a clause compares the same everywhere.
"""

from __future__ import annotations

__all__ = ["TYPOGRAPHY"]

TYPOGRAPHY: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
}
