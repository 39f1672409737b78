"""The words the page scripts show (filters, search, compare, downloads), in each language.

Scripts build some text in the browser ("3 of 12 changes match the filters").  Their
messages are in the ``site`` catalog like every other word of the site, and the build
writes them for each language as ``assets/messages-<lang>.js``
(``window.CLAUSEWATCH_I18N``), which ``assets/i18n.js`` reads: ``CW.t(message, values)``
and ``CW.n(singular, count, values)``.  A plural message is given in every plural
category of the language (Arabic has six: zero, one, two, few, many, other), and the
browser picks one with ``Intl.PluralRules``, as gettext picks a form from the count.
"""

from __future__ import annotations

import json

from tracker.site.i18n import DEFAULT_LANGUAGE, N_, Translator

__all__ = ["MESSAGES", "PLURALS", "messages_payload"]


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - a gettext marker
    """Mark a plural message for extraction (Babel keyword ``NP_:1,2``)."""
    return singular, plural


MESSAGES = (
    # site.js
    N_("Show unchanged text"),
    N_("Fold unchanged text"),
    N_("Before"),
    N_("After"),
    N_("Download failed: %(error)s"),
    N_("Copied"),
    N_("Select the text above to copy it"),
    # search.js
    N_("Service"),
    N_("Document"),
    N_("Clause type"),
    N_("Change"),
    N_("In the text"),
    N_("Loading the search index…"),
    N_("No result for “%(query)s”."),
    N_("Search is unavailable: %(error)s"),
    # compare.js
    N_("Added"),
    N_("Removed"),
    N_("Changed"),
    N_("Moved"),
    N_("from %(section)s"),
    N_("from the top"),
    N_("Pick two different versions."),
    N_("Comparing version %(old)s with version %(new)s…"),
    N_("Could not compare: %(error)s"),
    N_("minor"),
)

PLURALS = (
    # filters.js
    NP_("%(num)s change.", "%(num)s changes."),
    NP_(
        "%(shown)s of %(num)s change matches the filters.",
        "%(shown)s of %(num)s changes match the filters.",
    ),
    # search.js
    NP_("%(num)s result.", "%(num)s results."),
    NP_(
        "%(num)s result, showing the first %(limit)s.",
        "%(num)s results, showing the first %(limit)s.",
    ),
    # compare.js
    NP_("%(num)s unchanged clause", "%(num)s unchanged clauses"),
    NP_("%(num)s added clause", "%(num)s added clauses"),
    NP_("%(num)s removed clause", "%(num)s removed clauses"),
    NP_(
        "Version %(old)s (%(old_date)s) → version %(new)s (%(new_date)s): %(num)s clause "
        "added, %(removed)s removed, %(changed)s changed, %(moved)s moved; %(unchanged)s "
        "unchanged.",
        "Version %(old)s (%(old_date)s) → version %(new)s (%(new_date)s): %(num)s clauses "
        "added, %(removed)s removed, %(changed)s changed, %(moved)s moved; %(unchanged)s "
        "unchanged.",
    ),
)

#: CLDR's plural categories, as Intl.PluralRules names them
CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def _samples(t: Translator) -> dict[str, int]:
    """A count in each plural category of the language (for ``ngettext``)."""
    found: dict[str, int] = {}
    for n in range(0, 1000):
        found.setdefault(t.locale.plural_form(n), n)
    return {c: found[c] for c in CATEGORIES if c in found}


def messages_payload(t: Translator) -> str:
    """The JSON of ``window.CLAUSEWATCH_I18N`` for the language of ``t``."""
    samples = _samples(t)
    data = {
        "lang": t.language,
        # digits and grouping as the build writes numbers (tracker.site.i18n.Translator)
        "numbering": t.locale.default_numbering_system,
        "grouping": t.language != DEFAULT_LANGUAGE,
        "messages": {m: t.messages.gettext(m) for m in MESSAGES},
        "plurals": {
            singular: {c: t.messages.ngettext(singular, plural, n) for c, n in samples.items()}
            for singular, plural in PLURALS
        },
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
