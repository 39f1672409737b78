"""German text for the rules: telling a German sentence from an English one.

Policies get republished in the reader's language; the clause rules have a German
section (:mod:`diffs.rules`, "German") for the categories German privacy policies and
terms commonly state.  The English statistical model of the flagger must not read a
German sentence (its n-grams mean nothing there), and the change analysis reads a
German version only through those rules: :func:`is_german` decides both.
"""

from __future__ import annotations

import re

__all__ = ["is_german"]

_WORD = re.compile(r"[^\W\d_]+")

#: frequent German words that are not English words
_GERMAN = frozenset(
    """
    der die das und ist nicht mit von zu den dem des ein eine einer eines einem einen auf
    für im sich wir sie ihre ihr ihren ihrem ihrer ihres oder auch werden wird kann können
    sind bei nach wenn dass daß uns unsere unser unseren unserem unserer diese dieser dieses
    diesen zur zum über aus nur durch gegen ohne sowie bzw jederzeit haben hat wurde wurden
    keine kein keinen gemäß daten dienste dienstes nutzer nutzung
    """.split()
)
#: frequent English words (a German sentence has few of them)
_ENGLISH = frozenset(
    """
    the of and to is that for it as with be by on not this are or your you we our from
    at an will may have has can if any such these those other their us which when
    """.split()
)


def is_german(text: str) -> bool:
    """Whether ``text`` reads as German: at least two frequent German words, and more
    of them than of frequent English words."""
    words = [w.lower() for w in _WORD.findall(text)]
    german = sum(w in _GERMAN for w in words)
    english = sum(w in _ENGLISH for w in words)
    return german >= 2 and german > english
