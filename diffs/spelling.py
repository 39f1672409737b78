"""British and American spellings of the same word, folded to one form before comparing.

A policy republished for another market often changes only "licence" to "license",
"behavioural" to "behavioral" or "cancelled" to "canceled".  Such an edit changes no
term, so the differ calls it cosmetic; :func:`spelling_key` maps every spelling of a
word to one key (the American one) so that two clauses compare equal.

The regular patterns (``-ise/-ize``, ``-yse/-yze``, ``-our/-or``, ``-tre/-ter``) are
applied by rule, with a guard against words where the pattern is not a spelling
variant ("four", "hour", "acre", "precise").  The irregular ones are listed.

Sources: the Oxford English Dictionary's notes on ``-ize`` and ``-ise``; Oxford
Learner's Dictionaries, "British and American spelling"; Cambridge Dictionary,
"British and American English: spelling"; Wikipedia, "American and British English
spelling differences" (sections on ``-our/-or``, ``-re/-er``, ``-ce/-se``, doubled
consonants, ``-ogue/-og``, ``-ae-/-oe-`` and ``-e-``, and "Different spellings for
different meanings").
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["VARIANTS", "spelling_key"]

#: British spelling → American spelling, for words that no suffix rule covers.  Inflected
#: forms are derived: a key ending in a consonant also covers +s, +ed, +ing, +ment(s)…
#: where the listed stem is followed by one of those endings (see :func:`spelling_key`).
VARIANTS: dict[str, str] = {
    # -ce / -se (nouns)
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "licencing": "licensing",
    "defence": "defense",
    "defences": "defenses",
    "offence": "offense",
    "offences": "offenses",
    "pretence": "pretense",
    "practise": "practice",
    "practised": "practiced",
    "practising": "practicing",
    # doubled l in British inflections
    "cancelled": "canceled",
    "cancelling": "canceling",
    "labelled": "labeled",
    "labelling": "labeling",
    "travelled": "traveled",
    "travelling": "traveling",
    "traveller": "traveler",
    "travellers": "travelers",
    "modelled": "modeled",
    "modelling": "modeling",
    "counselling": "counseling",
    "counsellor": "counselor",
    "signalled": "signaled",
    "signalling": "signaling",
    "totalled": "totaled",
    "totalling": "totaling",
    "fuelled": "fueled",
    "fuelling": "fueling",
    "dialled": "dialed",
    "dialling": "dialing",
    "equalled": "equaled",
    "levelled": "leveled",
    "channelled": "channeled",
    "marvellous": "marvelous",
    "jewellery": "jewelry",
    "fulfil": "fulfill",
    "fulfils": "fulfills",
    "fulfilment": "fulfillment",
    "enrol": "enroll",
    "enrols": "enrolls",
    "enrolment": "enrollment",
    "enrolments": "enrollments",
    "instalment": "installment",
    "instalments": "installments",
    "skilful": "skillful",
    "wilful": "willful",
    "wilfully": "willfully",
    "distil": "distill",
    # -ogue / -og
    "catalogue": "catalog",
    "catalogues": "catalogs",
    "dialogue": "dialog",
    "dialogues": "dialogs",
    "analogue": "analog",
    # -e- in British judgement etc.
    "judgement": "judgment",
    "judgements": "judgments",
    "acknowledgement": "acknowledgment",
    "acknowledgements": "acknowledgments",
    "ageing": "aging",
    # ae / oe
    "paediatric": "pediatric",
    "encyclopaedia": "encyclopedia",
    "anaesthetic": "anesthetic",
    "manoeuvre": "maneuver",
    "oestrogen": "estrogen",
    # other single words
    "programme": "program",
    "programmes": "programs",
    "grey": "gray",
    "cheque": "check",
    "cheques": "checks",
    "tyre": "tire",
    "tyres": "tires",
    "aluminium": "aluminum",
    "sceptical": "skeptical",
    "storey": "story",
    "draught": "draft",
    "plough": "plow",
    "mum": "mom",
    "towards": "toward",
    "afterwards": "afterward",
    "amongst": "among",
    "whilst": "while",
}

# words where a suffix rule would wrongly fold two different words together
_NOT_VARIANTS = frozenset(
    """
    four hour hours your yours tour tours pour pours sour flour flours detour contour
    contours journal amour devour devours scour scours paramour troubadour velour
    acre acres massacre mediocre ogre ogres genre genres lucre
    precise concise excise exercise exercised exercises exercising expertise franchise
    franchised franchisee franchises advise advised advises advising revise revised revises
    revising supervise supervised televise surprise surprised surprises comprise
    comprised comprises compromise compromised devise devised enterprise enterprises
    improvise merchandise premise premises promise promised promises raise raised
    arise arisen arises praise despise disguise chastise wise otherwise likewise
    rise rises noise poise cruise cruises paradise treatise mortise size sizes seize
    prize prizes maize baize
    """.split()
)

_ISE = re.compile(r"^(\w{3,}?)is(e|es|ed|ing|er|ers|ation|ations|able)$")
_YSE = re.compile(r"^(\w{2,}?)ys(e|es|ed|ing|er|ers)$")
_OUR = re.compile(r"^(\w{3,}?)our(|s|ed|ing|able|ably|ful|fully|ite|ites|ist|ists|less)$")
_TRE = re.compile(r"^(\w{2,}?[^aeiou])(t|b|g)re(|s|d)$")
_OUR_KEEP = ("glamour",)  # spelt the same in American usage


@lru_cache(maxsize=16384)
def spelling_key(word: str) -> str:
    """One spelling for British and American variants of ``word`` (lower case in, out).

    >>> spelling_key("behavioural") == spelling_key("behavioral")
    True
    >>> spelling_key("authorised"), spelling_key("centre"), spelling_key("four")
    ('authorized', 'center', 'four')
    """
    w = word.lower()
    if w in VARIANTS:
        return VARIANTS[w]
    if w in _NOT_VARIANTS or len(w) < 5:
        return w
    m = _ISE.match(w)
    if m:
        return f"{m.group(1)}iz{m.group(2)}"
    m = _YSE.match(w)
    if m and m.group(1).endswith(("al", "ly", "aral")):
        return f"{m.group(1)}yz{m.group(2)}"
    m = _OUR.match(w)
    if m and w not in _OUR_KEEP:
        return f"{m.group(1)}or{m.group(2)}"
    if w.endswith("ioural") or w.endswith("iourally"):
        return w.replace("iour", "ior")
    m = _TRE.match(w)
    if m:
        return f"{m.group(1)}{m.group(2)}er{m.group(3)}"
    return w
