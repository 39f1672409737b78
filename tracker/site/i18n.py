"""The site's languages: message catalogs (gettext, Babel) and dates and numbers per locale.

The site is bilingual: English at the root, Arabic under ``ar/`` (:data:`LANGUAGES`).
Every word of the interface comes from the ``site`` message domain:
``tracker/site/locale/site.pot`` (extracted with Babel from the templates and from the
site's Python modules, see ``babel.cfg``) and one ``<lang>/LC_MESSAGES/site.po`` per
language.  The package build compiles each ``.po`` into a ``.mo`` (``setup.py``); where
no ``.mo`` exists, or it is older than its ``.po`` (a translator's edit in a source
checkout), the ``.po`` is compiled in memory, so a checkout works without a build step.

Dates and numbers are formatted by Babel for the page's locale.  English keeps the
formats the site always had (ISO dates in lists, "November 15, 2026" in prose).
"""

from __future__ import annotations

import gettext as gettext_module
import io
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

__all__ = [
    "LANGUAGES",
    "Language",
    "N_",
    "Translator",
    "catalog_translations",
    "translator",
]

logger = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "site"


@dataclass(frozen=True)
class Language:
    """One language of the site: where its pages live and how it is written."""

    code: str  # BCP 47 / ISO 639-1, as in <html lang>
    name: str  # the language's name in itself, for the language switch
    dir: str  # "ltr" or "rtl"
    prefix: str  # the folder of its pages inside the site: "" or "ar/"


#: the languages of the site, the default (at the root of the site) first
LANGUAGES: dict[str, Language] = {
    "en": Language("en", "English", "ltr", ""),
    "ar": Language("ar", "العربية", "rtl", "ar/"),
}
DEFAULT_LANGUAGE = "en"


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker
    """Mark a string for extraction; it is translated where it is shown."""
    return message


def catalog_translations(
    directory: Path, domain: str, language: str
) -> gettext_module.NullTranslations:
    """The ``domain`` messages of ``language`` under ``directory`` (gettext's layout).

    A compiled ``.mo`` is used when it is at least as new as its ``.po``; otherwise the
    ``.po`` is compiled in memory.  With neither, messages stay as written (English).
    """
    folder = directory / language / "LC_MESSAGES"
    mo, po = folder / f"{domain}.mo", folder / f"{domain}.po"
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as handle:
                return Translations(handle, domain=domain)
        if po.is_file():
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=language, domain=domain)
            compiled = io.BytesIO()
            write_mo(compiled, catalog, use_fuzzy=False)
            compiled.seek(0)
            return Translations(compiled, domain=domain)
    except (OSError, ValueError) as exc:  # a broken catalog must not take the site down
        logger.warning("cannot read the %s messages of %r: %s", domain, language, exc)
    return gettext_module.NullTranslations()


def _iso_day(value: str | date | None) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def _timestamp(value: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class Translator:
    """The messages, dates and numbers of one language of the site."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self.info = LANGUAGES[self.language]
        self.locale = Locale.parse(self.language)
        self.messages = (
            gettext_module.NullTranslations()
            if self.language == DEFAULT_LANGUAGE
            else catalog_translations(LOCALE_DIR, DOMAIN, self.language)
        )

    @property
    def dir(self) -> str:
        return self.info.dir

    # --- messages -------------------------------------------------------------------

    def gettext(self, message: str, **params: object) -> str:
        """``message`` translated; ``%(name)s`` placeholders filled from ``params``."""
        text = self.messages.gettext(message)
        return text % self.values(params) if params else text

    def ngettext(self, singular: str, plural: str, num: int, **params: object) -> str:
        """The plural form for ``num`` (``%(num)s`` is ``num``, formatted)."""
        text = self.messages.ngettext(singular, plural, num)
        return text % self.values({"num": num, **params})

    def values(self, params: dict[str, Any]) -> dict[str, Any]:
        """Placeholder values, numbers formatted for the locale."""
        return {
            k: self.number(v) if isinstance(v, int) and not isinstance(v, bool) else v
            for k, v in params.items()
        }

    # --- numbers and dates ----------------------------------------------------------

    def number(self, value: int | float) -> str:
        """``1,234`` in the locale's digits and separators."""
        if self.language == DEFAULT_LANGUAGE and isinstance(value, int):
            return str(value)
        return format_decimal(value, locale=self.locale)

    def percent(self, share: float) -> str:
        """``62%`` (``share`` is 0.62), as the locale writes it."""
        return format_percent(share, locale=self.locale)

    def short_date(self, value: str | None) -> str:
        """A day in lists: ISO ``2026-11-21`` in English, the locale's medium date else."""
        if self.language == DEFAULT_LANGUAGE:
            return (value or "")[:10]
        day = _iso_day(value)
        return format_date(day, "medium", locale=self.locale) if day else (value or "")

    def long_date(self, value: str | date | None) -> str:
        """``November 15, 2026``; anything that is not a date is shown as it is."""
        day = _iso_day(value)
        if day is None:
            return str(value or "")
        if self.language == DEFAULT_LANGUAGE:
            return f"{day:%B} {day.day}, {day.year}"
        return format_date(day, "long", locale=self.locale)

    def month_name(self, value: str | None) -> str:
        """``August 2026`` from ``2026-08`` (or any ISO date)."""
        day = _iso_day((value or "")[:7] + "-01")
        if day is None:
            return value or self.gettext("Undated")
        if self.language == DEFAULT_LANGUAGE:
            return f"{day:%B} {day.year}"
        return format_date(day, "LLLL y", locale=self.locale)

    def short_time(self, value: str | None) -> str:
        """``2026-11-21 06:26 UTC`` from an ISO 8601 timestamp (the locale's date and time)."""
        if not value:
            return ""
        utc = value.endswith("Z") or "+00:00" in value
        when = _timestamp(value) if self.language != DEFAULT_LANGUAGE else None
        if when is None:
            text = value[:16].replace("T", " ")
            return f"{text} UTC" if utc else text
        text = self.gettext(
            "%(date)s, %(time)s",
            date=format_date(when, "medium", locale=self.locale),
            time=format_time(when, "HH:mm", locale=self.locale),
        )
        return f"{text} UTC" if utc else text


@lru_cache(maxsize=8)
def translator(language: str) -> Translator:
    """The (cached) translator of a language of the site."""
    return Translator(language)
