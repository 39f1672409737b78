"""Translations of what the analysis says: the ``diffs`` gettext domain, read with Babel.

Every sentence a headline is made of (:mod:`diffs.messages`) and every category's
title, explanation and noun (:mod:`diffs.categories`) is marked for extraction with
:func:`pgettext_noop` or :func:`npgettext_noop`: the context says what a message is
(a message id such as ``"flag.added"``, or ``"category title"``), the English text is
the message id of the catalogue.  ``babel.cfg`` at the project root declares the two
markers, so that

    pybabel extract -F babel.cfg -o diffs/locale/diffs.pot diffs
    pybabel update -D diffs -i diffs/locale/diffs.pot -d diffs/locale -l ar

keep ``diffs/locale/diffs.pot`` and ``diffs/locale/<lang>/LC_MESSAGES/diffs.po`` up to
date (a test fails when the committed ``.pot`` differs from what extraction finds now,
or when a catalogue leaves a message untranslated).

:func:`translations` loads a language's catalogue: the compiled ``diffs.mo`` when the
package build made one (``pybabel compile -D diffs -d diffs/locale``) and it is not older
than its ``.po``, else the ``.po`` compiled in memory with ``babel.messages``, so an
editable install and the tests need no build step.  ``.mo`` files are never edited by
hand nor committed.  English is the source language: it needs no catalogue.
"""

from __future__ import annotations

import gettext
import io
import re
from functools import lru_cache
from pathlib import Path

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "available_locales",
    "catalogue_path",
    "is_english",
    "language",
    "npgettext_noop",
    "pgettext_noop",
    "translations",
]

#: the gettext domain of the analysis (the site's templates have their own)
DOMAIN = "diffs"
#: ``<lang>/LC_MESSAGES/diffs.po`` (and the compiled ``diffs.mo``) live here
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


def pgettext_noop(context: str, message: str) -> str:
    """Mark ``message`` for extraction, with ``context``; return it untranslated.

    The Babel keyword is ``pgettext_noop:1c,2`` (declared in ``babel.cfg``)."""
    return message


def npgettext_noop(context: str, singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a singular and a plural form for extraction; return both.

    The Babel keyword is ``npgettext_noop:1c,2,3``; a translation has as many forms as
    its language needs (six in Arabic)."""
    return singular, plural


def language(locale: str | None) -> str:
    """The language part of a locale tag, lower case: "ar" for "ar_EG" or "ar-EG"."""
    tag = (locale or "en").strip()
    if not _TAG.match(tag):
        raise ValueError(f"not a locale tag: {locale!r} (use e.g. 'en' or 'ar')")
    return re.split(r"[_-]", tag)[0].lower()


def is_english(locale: str | None) -> bool:
    """Whether ``locale`` is English, the language the messages are written in."""
    return language(locale) == "en"


def catalogue_path(lang: str, suffix: str = ".po") -> Path:
    """Where the catalogue of ``lang`` is (``.po``, or ``.mo`` once compiled)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def available_locales() -> list[str]:
    """The languages with a catalogue, English first (it needs none)."""
    found = {
        p.parent.parent.name
        for suffix in (".po", ".mo")
        for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}{suffix}")
    }
    return ["en", *sorted(found - {"en"})]


@lru_cache(maxsize=16)
def _load(lang: str) -> gettext.NullTranslations:
    po, mo = catalogue_path(lang, ".po"), catalogue_path(lang, ".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with open(mo, "rb") as fh:
            return gettext.GNUTranslations(fh)
    if not po.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def translations(locale: str | None = "en") -> gettext.NullTranslations:
    """The ``diffs`` catalogue of ``locale`` ("ar", "ar_EG", …), by its language.

    English, and a language without a catalogue, give the messages as written
    (``gettext.NullTranslations``); a message a catalogue leaves out stays English."""
    lang = language(locale)
    if lang == "en":
        return gettext.NullTranslations()
    return _load(lang)


#: Babel's keywords for the two markers (``pybabel extract -k`` takes the same)
KEYWORDS = {"pgettext_noop": ((1, "c"), 2), "npgettext_noop": ((1, "c"), 2, 3)}
#: the categories' words, with these contexts (diffs.categories holds them in English)
CATEGORY_CONTEXTS = ("category title", "category explanation")
