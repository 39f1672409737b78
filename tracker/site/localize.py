"""What the analysis says, in the page's language: category titles, headlines, document types.

The words of the analysis belong to ``diffs``: a category's title, its "why it matters"
paragraph, and a change's headline rendered from its stored events
(``changes.events``).  This module asks ``diffs`` for them in a language:

- ``diffs.categories.localized(category_id, locale)`` for a category's title and
  explanation;
- ``diffs.headline.headline(events, significance, locale=…)`` for a headline: rendering
  stored events into a sentence is formatting, not analysis (the site never runs the
  differ, the segmenter or the flagger).

Where ``diffs`` cannot say it in that language (a ``diffs`` without that locale, a
change recorded before events were stored), the English words are used, and each text
comes with the language it is really in, so a page marks an English headline on an
Arabic page as English (``lang="en" dir="ltr"``).  English headlines are the ones
stored with each change, as the feeds, alerts and the command line show them.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tracker.site.i18n import DEFAULT_LANGUAGE, N_, translator

__all__ = ["CategoryInfo", "categories", "category_info", "document_name", "headline_for"]

logger = logging.getLogger(__name__)

#: the letters of each script the site is written in, to tell a translation from English
_SCRIPT = {"ar": re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")}


@dataclass(frozen=True)
class CategoryInfo:
    id: str
    title: str
    explanation: str
    severity: str
    lang: str = DEFAULT_LANGUAGE  # the language title and explanation are written in


def written_in(text: str, language: str) -> bool:
    """Whether ``text`` is written in ``language`` (its script), rather than in English."""
    script = _SCRIPT.get(language)
    return bool(script.search(text)) if script is not None else language == DEFAULT_LANGUAGE


def _field(value: Any, name: str) -> str:
    got = value.get(name) if isinstance(value, dict) else getattr(value, name, None)
    return str(got) if got else ""


@lru_cache(maxsize=8)
def categories(language: str = DEFAULT_LANGUAGE) -> dict[str, CategoryInfo]:
    """The flagger's categories, by id, in ``language`` where ``diffs`` has it."""
    try:
        from diffs import categories as table
    except ImportError:  # pragma: no cover - the flagger is part of the package
        logger.warning("diffs.categories is unavailable: flags are shown by id")
        return {}
    localized: Callable[[str, str], Any] | None = getattr(table, "localized", None)
    out = {}
    for cid, c in table.CATEGORIES.items():
        info = CategoryInfo(cid, c.title, c.explanation, c.severity)
        if language != DEFAULT_LANGUAGE and localized is not None:
            try:
                there = localized(cid, language)
            except (KeyError, LookupError, ValueError):
                there = None
            title, explanation = _field(there, "title"), _field(there, "explanation")
            if title and written_in(title, language):
                ok = explanation and written_in(explanation, language)
                info = CategoryInfo(
                    cid, title, explanation if ok else c.explanation, c.severity, language
                )
        out[cid] = info
    return out


def category_info(category_id: str, language: str = DEFAULT_LANGUAGE) -> CategoryInfo:
    """A category's words; an unknown id is shown as a title made from it."""
    known = categories(language).get(category_id)
    if known:
        return known
    return CategoryInfo(category_id, category_id.replace("_", " ").capitalize(), "", "low")


@lru_cache(maxsize=1)
def _headline_renderer() -> Callable[..., str] | None:
    """``diffs.headline.headline`` when it renders in a given locale, else None."""
    try:
        from diffs.headline import headline
    except ImportError:  # pragma: no cover
        return None
    try:
        takes_locale = "locale" in inspect.signature(headline).parameters
    except (TypeError, ValueError):  # pragma: no cover
        takes_locale = False
    return headline if takes_locale else None


def headline_for(
    events: Sequence[dict[str, Any]] | None,
    significance: str | None,
    stored: str,
    language: str,
) -> tuple[str, str]:
    """A change's headline in ``language``, and the language it is really written in.

    English is the stored headline.  Another language is rendered from the stored
    events by ``diffs``; without events (an older change) or without that locale in
    ``diffs``, it is the stored English headline.
    """
    render = _headline_renderer()
    if language == DEFAULT_LANGUAGE or not events or render is None:
        return stored, DEFAULT_LANGUAGE
    from diffs.result import ChangeEvent

    try:
        parsed = [ChangeEvent.from_dict(e) for e in events if isinstance(e, dict)]
        text = render(parsed, significance, locale=language)
    except Exception:  # a stored event diffs cannot read: the English headline is shown
        logger.warning("cannot render a headline in %s; showing English", language, exc_info=True)
        return stored, DEFAULT_LANGUAGE
    if not text or not written_in(text, language):
        return stored, DEFAULT_LANGUAGE
    return text, language


#: Open Terms Archive's terms types (tracker.catalog.TERMS_TYPES), translated on the pages
TERMS_TYPES = (
    N_("Terms of Service"),
    N_("Privacy Policy"),
    N_("Imprint"),
    N_("Trackers Policy"),
    N_("Developer Terms"),
    N_("Community Guidelines"),
    N_("Deceased Users"),
    N_("Acceptable Use Policy"),
    N_("Restricted Use Policy"),
    N_("Commercial Terms"),
    N_("Copyright Claims Policy"),
    N_("Law Enforcement Guidelines"),
    N_("Human Rights Policy"),
    N_("In-App Purchases Policy"),
    N_("Review Guidelines"),
    N_("Brand Guidelines"),
    N_("Quality Guidelines"),
    N_("Data Controller Agreement"),
    N_("Data Processor Agreement"),
    N_("User Consent Policy"),
    N_("Closed Captioning Policy"),
    N_("Seller Warranty"),
    N_("Single Sign-On Policy"),
    N_("Vulnerability Disclosure Policy"),
    N_("Live Policy"),
    N_("Complaints Policy"),
    N_("Conditions of Carriage"),
    N_("General Conditions of Sale"),
    N_("Marketplace Buyers Conditions"),
    N_("Marketplace Sellers Conditions"),
    N_("Ranking Parameters Description"),
    N_("Premium Partner Conditions"),
    N_("Platform to Business Notice"),
    N_("Business Mediation Policy"),
    N_("Business Privacy Policy"),
    N_("Editorial Policy"),
    N_("Advertising Content Policy"),
    N_("Content Monetisation Policy"),
)
_KNOWN_TYPES = frozenset(TERMS_TYPES)


def document_name(terms_type: str, language: str) -> str:
    """A document's name on the pages of ``language``: a known terms type is translated."""
    if language == DEFAULT_LANGUAGE or terms_type not in _KNOWN_TYPES:
        return terms_type
    return translator(language).gettext(terms_type)
