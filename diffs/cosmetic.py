"""Is an edit cosmetic, and of which kind?  The basis of a change's significance.

A change is ``minor`` when every clause it touches changed only cosmetically.  This
module decides that for one clause at a time and says *what kind* of cosmetic edit it
was, so that a minor change can be headlined "Spelling only" or "Copyright year only"
rather than with a count.

For a reworded clause (old and new text), :func:`cosmetic_kinds` folds both texts
through the stages of :data:`STAGES`, each of which erases one kind of difference
(whitespace, typography, link targets, Markdown formatting, link labels, page
furniture, numbering, case, punctuation, British/American spelling, copy-editing).
When the folded texts are equal the edit is cosmetic, and its kinds are the stages it
could not do without.  For an added or removed clause the question is whether the
clause itself is furniture (:func:`is_furniture`): a "last updated" or copyright line,
a table-of-contents entry, a language picker, a link to earlier versions, a button
label, a line without words.

Kinds are stable JSON values and the keys of the minor-change messages in
:mod:`diffs.messages`: see :data:`KINDS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from diffs.segment import is_date_line, strip_enumerator
from diffs.spelling import spelling_key
from diffs.typography import TYPOGRAPHY

__all__ = [
    "KINDS",
    "STAGES",
    "CosmeticContext",
    "cosmetic_kinds",
    "headings_context",
    "is_copyright_line",
    "is_furniture",
    "is_junk",
    "loose_key",
]

#: every kind of cosmetic edit, in the order a headline names them
KINDS: tuple[str, ...] = (
    "dates",  # "last updated" lines, dates restating the version date, stale update notices
    "copyright",  # copyright lines
    "formatting",  # Markdown emphasis, escapes, heading levels, re-flowed paragraphs, binary junk
    "links",  # link targets, URL-only link text, links added to or removed from words
    "link_labels",  # the words of a link
    "furniture",  # language pickers, "opens in a new window", contents, button labels
    "numbering",  # list and heading numbers, section references
    "spelling",  # British ↔ American spelling
    "wording",  # copy-editing: contractions, number words, "such as" for "like"
    "typography",  # curly ↔ straight quotes, dashes, ellipses
    "punctuation",
    "case",
    "whitespace",  # spaces, line breaks, <br>, no-break spaces
    "duplicate",  # a clause the document says elsewhere, word for word
    "names",  # a name replaced consistently throughout ("Community Guidelines" → "User …")
)

_WS = re.compile(r"\s+")
_HTML = re.compile(
    r"<\s*br\s*/?\s*>|<\s*/?\s*(?:p|span|div|u|b|i|strong|em|sup|sub|small|mark)\b[^>]*>"
    r"|&nbsp;|&#160;|&#xa0;",
    re.I,
)
_INVISIBLE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\ufeff": "",
        "\u00ad": "",
    }
)
_TYPO = str.maketrans(TYPOGRAPHY)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_EMPHASIS = re.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)|`|~~|^#{1,6}\s+|^>\s*", re.M)
_TABLE_PIPES = re.compile(r"\s*\|\s*")
_IMAGE = re.compile(r"!\[[^\]]*\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
# [label](target "title"); a target may hold one level of parentheses
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_LINK_TARGET = re.compile(r"\]\(([^)\s]*)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_URLISH = re.compile(
    r"(?:https?://|mailto:|www\.)\S*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?",
    re.I,
)
_MAYBE_URL = re.compile(r"@|[a-z0-9]\.[a-z]{2}", re.I)
_BARE_URL = re.compile(r"<(?:https?|mailto):[^>]*>|\b(?:https?://|www\.)[^\s)\]>]+", re.I)
_LABEL_OPEN, _LABEL_CLOSE = "\u27e6", "\u27e7"  # ⟦label⟧ marks a link's words
_LABEL = re.compile(f"{_LABEL_OPEN}([^{_LABEL_CLOSE}]*){_LABEL_CLOSE}")
#: a link label longer than this many words is text, not a label
MAX_LABEL_WORDS = 8

# page furniture: phrases that belong to the page, not to the policy
_FURNITURE_PHRASES = re.compile(
    r"\(?\b(?:opens|open|will open|link opens) in (?:a )?new (?:window|tab)\b\)?"
    r"|\(?\blink is external\b\)?|\(?\bexternal link\b\)?"
    r"|\bcopy as markdown\b|\bcopy (?:page|link|to clipboard)\b|\bcopied!?"
    r"|\bselect (?:your )?(?:language|region|country)\b|\bchange (?:language|region)\b"
    r"|\bskip to (?:main )?content\b|\bback to top\b|\bscroll to top\b|\bjump to (?:section|top)\b"
    r"|\b(?:expand|collapse|show|hide|open|close) (?:the )?"
    r"(?:table of contents|contents|menu|all)\b"
    r"|\btable of contents\b|\bon this page\b|\bin this article\b"
    r"|\b(?:view|show|see|read) (?:more|less|all)\b"
    r"|\b(?:print|download) (?:this page|as pdf|pdf|a pdf)\b|\bview printable version\b"
    r"|\b(?:was this (?:page|article) helpful|share this page|related articles)\??"
    r"|\bother ways to get help\b"
    r"|\b(?:accept|reject|decline) (?:all )?(?:optional )?cookies\b"
    r"|\bcookie (?:settings|preferences|banner)\b|\bmanage (?:cookie )?preferences\b",
    re.I,
)
# a link (or phrase) that only points to other versions of the same document
_VERSION_LINK = re.compile(
    r"\b(?:see|view|read|find|access|download|click here|here)?\b[^.;]{0,40}?"
    r"\b(?:previous|prior|earlier|archived|older|past|printable)\b[^.;]{0,30}?\bversions?\b"
    r"|\barchived versions?\b|\bversion history\b|\b(?:prior|previous) (?:terms|polic(?:y|ies))\b"
    r"|\b(?:vorherige|frühere|ältere) versionen?\b|\bversions? (?:précédentes?|antérieures?)\b"
    r"|\bversi(?:ón|ones) anterior(?:es)?\b",
    re.I,
)
_UI_WORDS = frozenset(
    """
    close menu share print expand collapse back next previous top home search print
    open dismiss ok got it cancel more less toggle navigation sign in log in login help
    feedback yes no
    """.split()
)
_LANGUAGE_NAMES = frozenset(
    """
    english español espanol deutsch français francais italiano português portugues
    nederlands polski русский türkçe turkce svenska dansk norsk suomi čeština cestina
    magyar română romana ελληνικά українська العربية עברית हिन्दी bahasa indonesia melayu
    tiếng việt ไทย 日本語 한국어 中文 简体中文 繁體中文 繁体中文 tagalog filipino català
    hrvatski slovenčina srpski български lietuvių latviešu eesti
    simplified traditional chinese japanese korean german french spanish portuguese
    italian dutch russian arabic hebrew hindi thai vietnamese turkish polish language
    languages region regions country
    us usa uk gb au ca eu eea ch row global international worldwide
    united states kingdom canada australia india ireland brasil brazil méxico mexico
    latinoamérica latinoamerica españa espana france deutschland italia
    """.split()
)
# characters that text does not hold: controls (tabs and line breaks aside), the
# replacement character of an undecodable byte, non-characters
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ufffe\uffff]")
#: a clause at least this share of whose characters are such is not text: binary content
#: read as text, which says nothing and costs every later step dearly
JUNK_SHARE = 0.25
_COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_ALL_RIGHTS = re.compile(r"\ball rights reserved\b", re.I)
_WORDS = re.compile(r"\w+")
_SECTION_REF = re.compile(
    r"(?:\b(?P<word>sections?|clauses?|paragraphs?|parts?)|(?P<sign>§§?))"
    r"(?P<num>\s*(?:\d+(?:\.\d+)*(?:\([a-z0-9]{1,4}\))*|\([a-z0-9]{1,4}\)|[a-z]\b|[ivxlc]{1,5}\b)"
    r"(?:\s*(?:,|and|or|to|-|through)\s*(?:\d+(?:\.\d+)*(?:\([a-z0-9]{1,4}\))*|[a-z]\b))*)",
    re.I,
)
_LEADING_NUMBER = re.compile(
    r"^\s*(?:\d+(?:\.\d+)+\.?|\(?\d+[.)]|\(?[a-z][.)]|\(?[ivxlc]{1,5}[.)])\s+(?=\w)", re.I
)
_NON_WORD = re.compile(r"[^\w]+")
_DOUBLED = re.compile(r"\b(\w+)(?: \1\b)+")
# a notice that a new version takes effect (stale once that date has passed)
_UPDATE_NOTICE = re.compile(
    r"\b(?:updat\w*|new|revised|chang\w*|current)\b[^.]{0,60}\b(?:terms|polic(?:y|ies)|notice|agreement)\b"
    r"|\b(?:until|before|after) the effective date\b|\b(?:take|takes|will take|took) effect\b"
    r"|\beffective (?:on|from|as of)?\b",
    re.I,
)

# copy-editing: words and phrases a copy-editor swaps without changing the meaning,
# folded to one form ("such as" → "like").  Whole words, applied after case folding.
_WORDING: tuple[tuple[str, str], ...] = (
    (r"such as", "like"),
    (r"in order to", "to"),
    (r"so long as", "as long as"),
    (r"regarding|concerning|with regard to|with respect to", "about"),
    (r"find out|learn", "learn"),
    (r"fill in|fill out", "fill"),
    (r"log in to|log into|login to|sign in to|sign into", "log in"),
    (r"log in|login|log on|sign in", "log in"),
    (r"sign up|signup", "sign up"),
    (r"e mail|email address|e mail address", "email"),
    (r"date of birth|birthday|birth date", "birthdate"),
    (r"u s a|u s|usa|united states of america|united states", "us"),
    (r"u k|united kingdom", "uk"),
    (r"e u|european union", "eu"),
    (r"on site|onsite", "onsite"),
    (r"off site|offsite", "offsite"),
    (r"can not|cannot", "can not"),
    (r"whilst", "while"),
    (r"amongst", "among"),
    (r"upon", "on"),
)
_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORDS.update(
    {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "ninety": "90", "hundred": "100"}
)
#: words a copy-editor adds or drops without changing what a sentence says
_FILLER = frozenset("that the a an of for to in on at by with which who whom as also then".split())
_WORDING_MAP: dict[str, str] = {alt: canon for alts, canon in _WORDING for alt in alts.split("|")}
_WORDING_MAP.update(_NUMBER_WORDS)
_WORDING_RX = re.compile(
    r"\b(?:" + "|".join(re.escape(k) for k in sorted(_WORDING_MAP, key=len, reverse=True)) + r")\b"
)
# contractions once punctuation is gone: "we ve" → "we have", "don t" → "do not"
_CONTRACTED = {"t", "ve", "re", "ll", "d", "s", "m"}
_CONTRACTION_WORDS = {
    ("won", "t"): ("will", "not"),
    ("can", "t"): ("can", "not"),
    ("shan", "t"): ("shall", "not"),
    ("let", "s"): ("let", "us"),
    ("i", "m"): ("i", "am"),
}
_CONTRACTION_TAIL = {"ve": "have", "re": "are", "ll": "will", "d": "would", "s": "is"}
_S_IS = frozenset("it that there what here".split())
_PAREN_NUMBER = re.compile(r"\b(\d+) \1\b")  # "thirty (30)" → "30 30" → "30"


@dataclass(frozen=True)
class CosmeticContext:
    """What the classifier knows about the two documents around a clause.

    ``dates`` are ISO dates (yyyy-mm-dd) that only restate the version: the documents'
    own "effective"/"last updated" dates and the date the new version was recorded.
    ``new_date`` is the date of the new version, when known: a notice announcing that
    an update takes effect on an earlier date is stale, and removing it is cosmetic.
    ``headings`` are the loose texts of both versions' headings, so that a table of
    contents entry that repeats one is recognised as furniture.
    """

    dates: frozenset[str] = frozenset()
    headings: frozenset[str] = frozenset()
    new_date: str | None = None


# --- stages ---------------------------------------------------------------------------


def _whitespace(t: str) -> str:
    t = _HTML.sub(" ", t.translate(_INVISIBLE))
    t = _TABLE_PIPES.sub(" | ", t)
    return _WS.sub(" ", t).strip(" |")


def _typography(t: str) -> str:
    return t.translate(_TYPO)


def _link_label(m: re.Match[str]) -> str:
    label = _ESCAPE.sub(r"\1", m.group(1)).strip()
    if not label or _URLISH.fullmatch(label):
        return ""  # a link whose text is its own address
    return f"{_LABEL_OPEN}{label}{_LABEL_CLOSE}"


def _links(t: str) -> str:
    t = _IMAGE.sub(" ", t)
    t = _LINK.sub(_link_label, t)
    t = _REF_LINK.sub(lambda m: f"{_LABEL_OPEN}{m.group(1)}{_LABEL_CLOSE}", t)
    t = _BARE_URL.sub(" ", t)
    if _MAYBE_URL.search(t):  # addresses written out: "legal@example.com", "example.com/terms"
        t = _URLISH.sub(" ", t)
    return _WS.sub(" ", t).strip()


def _formatting(t: str) -> str:
    t = _ESCAPE.sub(r"\1", t)
    t = _EMPHASIS.sub("", t)
    return _WS.sub(" ", t).strip()


def _drop_label(m: re.Match[str]) -> str:
    words = _WORDS.findall(m.group(1))
    return " " if len(words) <= MAX_LABEL_WORDS else f" {m.group(1)} "


# separators and "and"/"or" left dangling at the end once a list of links is dropped
_ORPHANS = re.compile(r"[\s,;:/]*(?:\b(?:and|or)\b[\s,;:/]*)*(?=[.;)]|$)")


def _link_labels(t: str) -> str:
    if _LABEL_OPEN not in t:
        return t
    t = _LABEL.sub(_drop_label, t)
    return _WS.sub(" ", _ORPHANS.sub("", t)).strip()


def _unlabel(t: str) -> str:
    """Link marks removed, words kept."""
    if _LABEL_OPEN not in t:
        return t
    return _WS.sub(" ", t.replace(_LABEL_OPEN, "").replace(_LABEL_CLOSE, "")).strip()


_FURNITURE_HINTS = (
    "window",
    "tab",
    "external",
    "cop",
    "select",
    "change",
    "skip",
    "top",
    "section",
    "contents",
    "menu",
    "all",
    "page",
    "article",
    "more",
    "less",
    "print",
    "pdf",
    "help",
    "cookie",
    "preferences",
    "version",
)


def _furniture(t: str) -> str:
    low = t.lower()
    if not any(h in low for h in _FURNITURE_HINTS):
        return t
    if _LABEL_OPEN in t:
        t = _LABEL.sub(lambda m: " " if _VERSION_LINK.search(m.group(1)) else m.group(0), t)
    return _WS.sub(" ", _FURNITURE_PHRASES.sub(" ", t)).strip(" |")


# "the following sections shall continue to apply: 2, 3, 5, 6"
_SECTION_LIST = re.compile(
    r"\b(sections?\b[^.:;\d]{0,40}:\s*)\d{1,3}(?:\s*(?:,|and|or)\s*\d{1,3})*", re.I
)


def _numbering(t: str) -> str:
    t = strip_enumerator(t)
    t = _LEADING_NUMBER.sub("", t)
    t = _SECTION_LIST.sub(lambda m: m.group(1) + "#", t)
    return _SECTION_REF.sub(lambda m: (m.group("word") or "§").rstrip("s").lower() + " #", t)


def _case(t: str) -> str:
    return t.casefold()


def _punctuation(t: str) -> str:
    t = " ".join(_NON_WORD.sub(" ", t.replace("_", " ")).split())
    return _DOUBLED.sub(r"\1", t)  # "and and" is a typo


_ALPHA_WORD = re.compile(r"[^\W\d_]{5,}")


def _spelling(t: str) -> str:
    return _ALPHA_WORD.sub(lambda m: spelling_key(m.group(0)), t)


def _expand_contractions(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if nxt in _CONTRACTED and out is not None:
            pair = _CONTRACTION_WORDS.get((w, nxt))
            if pair is not None:
                out.extend(pair)
                i += 2
                continue
            if nxt == "t" and w.endswith("n"):
                out.extend((w[:-1], "not"))
                i += 2
                continue
            if nxt in _CONTRACTION_TAIL and (nxt != "s" or w in _S_IS):
                out.extend((w, _CONTRACTION_TAIL[nxt]))
                i += 2
                continue
        out.append(w)
        i += 1
    return out


def _wording(t: str) -> str:
    t = " ".join(_expand_contractions(t.split()))
    t = _WORDING_RX.sub(lambda m: _WORDING_MAP[m.group(0)], t)
    t = _PAREN_NUMBER.sub(r"\1", t)
    words = [
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in t.split()
        if w not in _FILLER
    ]
    return " ".join(words)


#: (kind, fold) in the order they are applied; each erases one kind of difference
STAGES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("whitespace", _whitespace),
    ("typography", _typography),
    ("links", _links),
    ("formatting", _formatting),
    ("link_labels", _link_labels),
    ("furniture", _furniture),
    ("numbering", _numbering),
    ("case", _case),
    ("punctuation", _punctuation),
    ("spelling", _spelling),
    ("wording", _wording),
)
_STAGE_NAMES = tuple(k for k, _ in STAGES)


def _fold(text: str, skip: str | None = None, upto: int = len(STAGES)) -> str:
    for kind, fn in STAGES[:upto]:
        if kind != skip:
            text = fn(text)
    return _unlabel(text)


@lru_cache(maxsize=65536)
def loose_key(text: str) -> str:
    """Every stage applied: the words that matter, for comparing headings and clauses."""
    return _fold(text)


@lru_cache(maxsize=16384)
def _key_with_labels(text: str) -> str:
    return _fold(text, skip="link_labels")


def headings_context(headings: Iterable[str]) -> frozenset[str]:
    """Loose keys of heading texts, for :attr:`CosmeticContext.headings`."""
    return frozenset(k for k in (loose_key(h) for h in headings) if k)


# --- whole clauses ---------------------------------------------------------------------


def is_copyright_line(text: str) -> bool:
    """A short "© 2025 Acme Inc. All rights reserved." line."""
    plain = _fold(text, upto=4)
    if not _COPYRIGHT.search(text) or len(_WORDS.findall(plain)) > 16:
        return False
    return bool(_YEAR.search(plain) or _ALL_RIGHTS.search(plain))


def _is_picker(words: list[str]) -> bool:
    if not words:
        return False
    if len(words) <= 3 and all(w in _UI_WORDS for w in words):
        return True  # a button label: "close", "menu", "share"
    known = sum(w in _LANGUAGE_NAMES for w in words)
    return len(words) >= 2 and known >= 0.7 * len(words)


def _is_stale_notice(text: str, ctx: CosmeticContext | None) -> bool:
    """A notice that an update takes effect on a date on or before the new version's date."""
    if ctx is None or ctx.new_date is None or not _UPDATE_NOTICE.search(text):
        return False
    if len(_WORDS.findall(text)) > 40:
        return False
    from diffs.entities import extract_dates

    dates = [str(e.value.get("date")) for e in extract_dates(text)]
    if not dates:
        return bool(re.search(r"\buntil the effective date\b", text, re.I))
    return all(d <= ctx.new_date for d in dates)


@lru_cache(maxsize=65536)
def is_junk(text: str) -> bool:
    """Whether ``text`` is binary content read as text (see :data:`JUNK_SHARE`)."""
    return bool(text) and len(text) - len(_JUNK.sub("", text)) >= JUNK_SHARE * len(text)


def is_furniture(
    text: str, ctx: CosmeticContext | None = None, removed: bool = False
) -> str | None:
    """The kind of furniture ``text`` is as a whole clause, or None if it says something.

    A clause with no words or that is not text at all (:func:`is_junk`), a "last
    updated" line, a copyright line, a language or region picker, a button label, a
    furniture phrase alone, a link to earlier versions, a table-of-contents entry (an
    in-page link, or a line that repeats a heading of the document), a link alone.  With
    ``removed``, also a stale notice that an update took effect on a date that has passed.
    """
    return _furniture_kind(text, ctx, removed)


#: a clause of more than this many words is never furniture
FURNITURE_MAX_WORDS = 40


@lru_cache(maxsize=16384)
def _furniture_kind(text: str, ctx: CosmeticContext | None, removed: bool) -> str | None:
    if is_junk(text):
        return "formatting"
    stripped = _whitespace(text)
    if not _WORDS.search(stripped):
        return "formatting"
    linked = _links(_typography(stripped))
    plain = _formatting(linked)
    words = [w.casefold() for w in _WORDS.findall(_unlabel(plain))]
    if len(words) > FURNITURE_MAX_WORDS:
        return None
    if is_date_line(_unlabel(plain)) or is_date_line(_furniture(_link_labels(plain))):
        return "dates"
    if is_copyright_line(stripped):
        return "copyright"
    if _is_picker(words):
        return "furniture"
    if not _WORDS.search(_unlabel(_furniture(linked))):
        return "furniture"
    # links alone: contents entries, "related articles", a list of documents
    rest = _formatting(_LABEL.sub(" ", linked))
    if _LABEL_OPEN in linked and not _WORDS.search(strip_enumerator(rest.strip(" *-|·•"))):
        labels = _LABEL.findall(linked)
        if all(len(_WORDS.findall(lb)) <= MAX_LABEL_WORDS for lb in labels):
            targets = _LINK_TARGET.findall(stripped)
            inpage = targets and all(t.startswith("#") for t in targets)
            return "furniture" if inpage else "links"
    if ctx is not None and ctx.headings and len(words) <= 14:
        key = loose_key(text)
        if key and key in ctx.headings:
            return "furniture"
    if len(words) <= 30 and _VERSION_LINK.search(_unlabel(plain)) and _LINK.search(stripped):
        return "furniture"  # "You may find the previous version of these terms here."
    if removed and _is_stale_notice(_unlabel(plain), ctx):
        return "dates"
    return None


# --- reworded clauses --------------------------------------------------------------------


def cosmetic_kinds(
    old: str | None, new: str | None, ctx: CosmeticContext | None = None
) -> tuple[str, ...] | None:
    """The kinds of cosmetic edit that turn ``old`` into ``new``; None if the edit matters.

    ``None`` for ``old`` or ``new`` stands for an absent clause (an addition or a
    removal): cosmetic only when the clause is furniture (:func:`is_furniture`).  An
    empty tuple means the texts are identical.
    """
    if old is None and new is None:
        return ()
    if old is None or new is None:
        text = new if old is None else old
        assert text is not None
        kind = is_furniture(text, ctx, removed=new is None)
        return (kind,) if kind else None
    if old == new:
        return ()
    if is_junk(old) and is_junk(new):
        return ("formatting",)
    kinds = _reworded_kinds(old, new)
    if kinds is not None:
        return kinds
    if _title_suffix_only(old, new):
        return ("furniture",)
    # whole-clause cases: both sides dates, copyright lines or furniture
    old_f, new_f = is_furniture(old, ctx), is_furniture(new, ctx)
    if old_f and new_f:
        return tuple(sorted({old_f, new_f}, key=KINDS.index))
    # dates that restate the version date ("effective as of <the version's date>")
    if ctx is not None and any(d[:4] in old or d[:4] in new for d in ctx.dates):
        o, n = _dates_folded(old, ctx), _dates_folded(new, ctx)
        if (o != old or n != new) and _fold(o) == _fold(n):
            inner = set(_reworded_kinds(o, n) or ()) - {"whitespace"}
            return tuple(sorted({*inner, "dates"}, key=KINDS.index))
    return None


_TITLE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+[^|\n]{1,40}$")


def _title_suffix_only(old: str, new: str) -> bool:
    """A page title that gained or lost a site name: "Privacy Policy | Acme Help"."""
    short, long_ = sorted((old.strip(), new.strip()), key=len)
    if short.startswith("|") or len(_WORDS.findall(short)) > 8:
        return False
    m = _TITLE_SUFFIX.search(long_)
    return bool(m) and long_[: m.start()].strip() == short and len(_WORDS.findall(m.group())) <= 5


def _dates_folded(text: str, ctx: CosmeticContext) -> str:
    """``text`` with every date that restates a version date replaced by a placeholder."""
    from diffs.entities import extract_dates

    out = text
    for e in extract_dates(text):
        if e.value.get("date") in ctx.dates:
            out = out.replace(e.text, "versiondate")
    return out


def _reworded_kinds(old: str, new: str) -> tuple[str, ...] | None:
    if loose_key(old) != loose_key(new) and _key_with_labels(old) != _key_with_labels(new):
        return None  # differ even with every stage applied (link labels dropped or kept)
    a, b = old, new
    for k, (_kind, fn) in enumerate(STAGES):
        a, b = fn(a), fn(b)
        if _unlabel(a) == _unlabel(b):
            return _needed(old, new, k + 1)
    return None


def _needed(old: str, new: str, upto: int) -> tuple[str, ...]:
    """The stages among the first ``upto`` without which the texts would differ."""
    needed = [kind for kind, _ in STAGES[:upto] if _fold(old, kind, upto) != _fold(new, kind, upto)]
    if "links" in needed and "link_labels" in needed:
        needed.remove("links")  # a relabelled link usually has a new target too
    return tuple(sorted(needed, key=KINDS.index)) or ("whitespace",)
