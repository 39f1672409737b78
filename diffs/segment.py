"""Split a policy's Markdown into clauses that keep their place in the document.

A *clause* is a heading, a paragraph, a list item or a table row; paragraphs and
list items are split further into sentences (see :data:`SENTENCE_SPLIT_CHARS`), so
that a one-word edit in a long paragraph touches one sentence, not the whole block,
and a sentence added to a paragraph shows as one added clause.

Every clause carries its section path (the headings above it, outermost first)
and a stable id derived from its normalised text and that path, so the same clause
can be recognised in the next version of the document.

The parser understands the Markdown that HTML-to-Markdown converters emit for
policy pages: ATX (``## Title``) and setext (``Title`` underlined with ``===`` or
``---``) headings, bold-only lines used as headings (``**Overview**``), bullet and
numbered lists with indented continuation lines, tables, block quotes, fenced code
and thematic breaks.  It is deliberately forgiving: anything it does not recognise
is a paragraph.

Segmentation is linear in the size of the text, whatever the text: a heading longer than
:data:`MAX_HEADING_CHARS` is running text, and a clause longer than
:data:`WINDOW_OVER_CHARS` (a paragraph with no sentence ends, a huge table row, binary
junk) is cut into *windows* at content-defined word boundaries (:func:`windows`), so
that every later stage works on clauses of bounded size and an edit in a huge paragraph
touches only the windows around it.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field

from diffs.result import Clause

__all__ = [
    "MAX_HEADING_CHARS",
    "SENTENCE_SPLIT_CHARS",
    "WINDOW_OVER_CHARS",
    "clause_id",
    "is_date_line",
    "normalize_ws",
    "segment",
    "split_sentences",
    "strip_enumerator",
    "windows",
]

#: paragraphs and list items longer than this are split into sentences.  0 (the
#: default) splits every one: any threshold makes segmentation unstable, because a
#: paragraph that grows past it would come out as one clause in the old version and
#: as several in the new, and the alignment would see a rewrite instead of an addition.
SENTENCE_SPLIT_CHARS = 0

#: level given to bold-only lines used as headings: below every ATX heading
BOLD_HEADING_LEVEL = 7
#: a heading longer than this many characters is running text (real headings stay under 200)
MAX_HEADING_CHARS = 300
#: a clause longer than this many characters is cut into windows (real clauses, even the
#: longest table rows of real privacy policies, stay under 7,500)
WINDOW_OVER_CHARS = 8000
#: a window is at least this long before a content-defined cut may end it …
WINDOW_MIN_CHARS = 200
#: … and never longer than this (cut inside a word if it must)
WINDOW_MAX_CHARS = 1000
#: a window ends after a pair of words whose CRC-32 is a multiple of this (about one pair
#: in this many, so windows average about 400 characters, the length of a long sentence):
#: the cuts depend on the words around them, not on positions, so an edit moves only the
#: cuts next to it
WINDOW_DIVISOR = 32
#: a sentence needs two words (its numbering aside) within this many characters of its start
SENTENCE_WORDS_WITHIN = 400

_ATX_OPEN = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_THEMATIC = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST_ITEM = re.compile(r"^([ \t]*)([*+-]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TABLE_ROW = re.compile(r"^\s*\|")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BLOCKQUOTE = re.compile(r"^ {0,3}>[ \t]?")
_BOLD_ONLY = re.compile(r"^(\*\*|__)(?P<inner>[^*_].*?)\1:?$")
_WS = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")
_TWO_WORDS = re.compile(r"\w\W+\w")
_WORD_RUN = re.compile(r"(\S+)\s*")
# leading enumerators: "1. ", "1\\. ", "a. ", "(b) ", "iv) ", "2.1 ", also behind "**" or "["
_ENUMERATOR = re.compile(
    r"^(?P<lead>[\s*_\[]*)"
    r"(?:\(?(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z]|[ivxlcIVXLC]{2,5})\\?[.)](?:\s+|(?=[*_\]])))+"
)

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    # German, French, Spanish: policies get republished in the reader's language
    "|januar|februar|märz|maerz|mai|juni|juli|oktober|dezember"
    "|janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre"
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
)
_DATE_WORDS = re.compile(
    r"\b(last\s+(updated|modified|revised|amended|changed|update|modification)|updated|revised|"
    r"effective(\s+date)?|effective\s+(as\s+of|from|until|since)|"
    r"(takes?|took|go(es)?|went)\s+(into\s+)?effect|in\s+effect|version\s+date|dated|"
    r"gültig\s+ab|wirksam\s+ab|stand|zuletzt\s+(aktualisiert|geändert)|aktualisiert|"
    r"en\s+vigueur|mis(e)?\s+à\s+jour|dernière\s+mise\s+à\s+jour|"
    r"en\s+vigor|vigente\s+desde|última\s+actualización|actualizad[oa])\b",
    re.IGNORECASE,
)
_DATE_VALUE = re.compile(
    rf"\b({_MONTHS})\b|\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b",
    re.IGNORECASE,
)

#: words a "last updated" line may have besides the date and its filler words
DATE_LINE_MAX_OTHER_WORDS = 1
_DATE_LINE_FILLER = frozenset(
    """
    a an the this these that it its our of on as at in to for from since until and or by
    is are was will be has have been terms term policy policies notice version
    service services privacy users user new existing all date st nd rd th
    """.split()
)

# words after which a period does not end a sentence (lower-cased, without the dot)
_ABBREVIATIONS = frozenset(
    """
    e.g i.e etc cf vs viz al approx incl esp fig no nos art arts sec secs ss para paras
    ch cl pt pp p vol ed eds rev dept govt inc ltd llc llp co corp plc pty bv gmbh
    mr mrs ms dr prof st jr sr mt ave blvd rd ste u.s u.s.a u.k e.u
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

# a candidate sentence end: terminal punctuation, optional closing quotes/brackets or
# Markdown emphasis, whitespace, then something that starts a sentence: a capital, or an
# Arabic letter or digit after Arabic punctuation or a period (Arabic has no capitals;
# ؟ is its question mark, ۔ a full stop some writers use)
_SENTENCE_END = re.compile(
    r"[.!?؟۔][\"”’')\]*_»]*(?=\s+[\"“‘'(\[*_«]*[A-Z\u0621-\u064a\u0660-\u0669\u06f0-\u06f9])"
)


@dataclass
class _Block:
    kind: str  # "heading", "paragraph", "list_item", "table_row", "code"
    lines: list[str] = field(default_factory=list)
    level: int = 0  # heading level, or list indentation

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines).strip()


def normalize_ws(text: str) -> str:
    """Collapse every run of whitespace (no-break spaces included) into one space."""
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


def strip_enumerator(text: str) -> str:
    """``text`` without its leading list numbering ("1. ", "a. ", "(iv) ", "2.1 ")."""
    return _ENUMERATOR.sub(r"\g<lead>", text)


def _atx(line: str) -> tuple[int, str] | None:
    """An ATX heading line's level and raw title ("## Title ##" → (2, "Title")), or None.

    The line has no trailing whitespace.  Same as the CommonMark-style pattern
    ``^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$``, without its backtracking.
    """
    m = _ATX_OPEN.match(line)
    if m is None:
        return None
    body = line[m.end() :].lstrip(" \t")
    if not body:
        return len(m.group(1)), ""
    closing = body.rstrip("#")
    if closing != body and closing and closing[-1] in " \t":
        body = closing.rstrip(" \t")
    return len(m.group(1)), body


def _heading_title(raw: str) -> str:
    """A heading's display text: Markdown emphasis and backslash escapes removed."""
    title = raw.strip()
    title = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", title)
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)
    title = title.replace("**", "").replace("__", "")
    title = title.strip("*_ \t").rstrip(":").strip()
    return normalize_ws(title)


def is_date_line(text: str) -> bool:
    """True for short "Last updated: May 5, 2024" / "Effective: …" style lines.

    Changes that touch only such lines are minor: they move every time a policy is
    republished, whether or not any term changed.  The line must name a date, use a
    word such as "updated" or "effective", and say little else (at most
    :data:`DATE_LINE_MAX_OTHER_WORDS` words beyond those and a few filler words), so
    "These Terms are effective as of 1 May 2025 and replace the arbitration agreement"
    is not one.
    """
    plain = normalize_ws(re.sub(r"[*_#`>]", " ", text))
    if not plain or len(plain) > 200:
        return False
    if not (_DATE_WORDS.search(plain) and _DATE_VALUE.search(plain)):
        return False
    rest = _DATE_VALUE.sub(" ", _DATE_WORDS.sub(" ", plain))
    other = [w for w in _WORD_RE.findall(rest.lower()) if not w.isdigit()]
    return sum(w not in _DATE_LINE_FILLER for w in other) <= DATE_LINE_MAX_OTHER_WORDS


def _is_bold_heading(block: _Block) -> bool:
    if block.kind != "paragraph" or len(block.lines) != 1:
        return False
    line = block.lines[0].strip()
    m = _BOLD_ONLY.match(line)
    if not m:
        return False
    inner = m.group("inner").strip()
    if "**" in inner or "__" in inner or len(inner) > 120 or len(inner) < 2:
        return False
    if inner.rstrip("*_").endswith((".", ";", ",")):
        return False
    return not is_date_line(inner)


class _BlockParser:
    """Groups Markdown lines into blocks, one line at a time (see :func:`_parse_blocks`)."""

    def __init__(self) -> None:
        self.blocks: list[_Block] = []
        self.current: _Block | None = None
        self.fence: str | None = None

    def flush(self) -> None:
        if self.current is not None and self.current.text:
            self.blocks.append(self.current)
        self.current = None

    def feed(self, raw_line: str) -> None:
        line = raw_line.rstrip()
        if self.fence is not None:  # inside fenced code: everything verbatim
            self._code_line(line)
            return
        if not line.strip():
            self.flush()
            return
        m = _FENCE.match(line)
        if m:
            self.flush()
            self.fence = m.group(1)
            self.current = _Block("code", [line])
            return
        quote = _BLOCKQUOTE.match(line)
        if quote:
            line = line[quote.end() :]
            if not line.strip():
                self.flush()
                return
        if not self._structure(line):
            # continuation of the current paragraph or list item (lazy continuation too)
            if self.current is None:
                self.current = _Block("paragraph", [])
            self.current.lines.append(line.strip())

    def _code_line(self, line: str) -> None:
        assert self.current is not None and self.fence is not None
        self.current.lines.append(line)
        if line.strip().startswith(self.fence):
            self.fence = None
            self.flush()

    def _structure(self, line: str) -> bool:
        """Handle a line that opens or closes a block; False for running text."""
        m = _SETEXT.match(line)
        if m and self.current is not None and self.current.kind == "paragraph":
            if len(self.current.text) <= MAX_HEADING_CHARS:
                self.current.kind = "heading"
                self.current.level = 1 if m.group(1).startswith("=") else 2
            self.flush()
            return True
        if _THEMATIC.match(line):
            self.flush()
            return True
        atx = _atx(line)
        if atx is not None and len(atx[1]) <= MAX_HEADING_CHARS:
            self.flush()
            self.blocks.append(_Block("heading", [atx[1]], atx[0]))
            return True
        if _TABLE_ROW.match(line):
            self.flush()
            if not _TABLE_SEP.match(line):
                self.blocks.append(_Block("table_row", [line.strip()]))
            return True
        m = _LIST_ITEM.match(line)
        if m and m.group(3) is not None:
            self.flush()
            indent = len(m.group(1).expandtabs(4))
            self.current = _Block("list_item", [m.group(3)], indent)
            return True
        return False


def _parse_blocks(markdown: str) -> list[_Block]:
    """Group Markdown lines into heading, paragraph, list-item, table-row and code blocks."""
    parser = _BlockParser()
    for raw_line in markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        parser.feed(raw_line)
    parser.flush()
    return parser.blocks


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences, keeping abbreviations, initials and decimals whole.

    "e.g. this", "X Corp. is", "U.S. law" and "1.5 million" do not end a sentence;
    a period followed by whitespace and a capital letter (optionally behind a quote,
    bracket or Markdown emphasis) does.  A sentence needs two words besides its
    numbering (within its first :data:`SENTENCE_WORDS_WITHIN` characters), and does
    not end inside a link label or a parenthesis.  Linear in the length of ``text``.
    """
    sentences: list[str] = []
    start = scanned = 0
    brackets = parens = 0  # "[" minus "]" and "(" minus ")" in text[start:scanned]
    prefix_words: bool | None = None  # two words in the first characters, once read
    for m in _SENTENCE_END.finditer(text):
        pos = m.start()
        chunk = text[scanned:pos]
        brackets += chunk.count("[") - chunk.count("]")
        parens += chunk.count("(") - chunk.count(")")
        scanned = pos
        if brackets > 0 or parens > 0:
            continue  # inside a link label or a parenthesis
        if pos - start <= SENTENCE_WORDS_WITHIN:
            words = _has_two_words(text[start:pos])
        else:
            if prefix_words is None:
                prefix_words = _has_two_words(text[start : start + SENTENCE_WORDS_WITHIN])
            words = prefix_words
        if not words:
            # "1. Who may…", "a. Eligibility. To use…": numbering or a run-in label
            continue
        if text[pos] == "." and _abbreviation_before(text, start, pos):
            continue  # "e.g.", "U.S.", "Inc.", an initial
        end = m.end()
        piece = text[start:end].strip()
        if piece:
            sentences.append(piece)
        start = scanned = end
        brackets = parens = 0
        prefix_words = None
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    # glue back fragments too short to be sentences ("1." or "A.")
    merged: list[str] = []
    for s in sentences:
        if merged and len(s) < 4:
            merged[-1] = f"{merged[-1]} {s}"
        elif merged and len(merged[-1]) < 4:
            merged[-1] = f"{merged[-1]} {s}"
        else:
            merged.append(s)
    return merged


def _has_two_words(text: str) -> bool:
    """Whether ``text``, its leading numbering stripped, has two words."""
    return _TWO_WORDS.search(strip_enumerator(text)) is not None


def _abbreviation_before(text: str, start: int, pos: int) -> bool:
    """Whether the word before the period at ``pos`` is an abbreviation or an initial."""
    end = pos
    while end > start and text[end - 1].isspace():
        end -= 1
    begin = end
    while begin > start and not text[begin - 1].isspace():
        begin -= 1
    word = text[begin:end].lstrip("\"“‘'([*_").lower()
    return word in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word) is not None


def windows(text: str) -> list[str]:
    """``text`` cut into windows of :data:`WINDOW_MIN_CHARS` to :data:`WINDOW_MAX_CHARS`.

    A window ends after a word when it is long enough and the CRC-32 of that word and
    the one before it (UTF-8, joined by a space) is a multiple of :data:`WINDOW_DIVISOR`;
    it ends after the last word that fits when it would grow past the maximum, and
    inside a word longer than that.  The cuts depend only on the words next to them, so
    two versions of a huge paragraph share every window that no edit touched.
    """
    pieces: list[str] = []
    start = 0
    previous = ""
    for m in _WORD_RUN.finditer(text):
        word_start, end = m.start(), m.end()
        while end - start > WINDOW_MAX_CHARS:  # too long: cut before this word, or inside it
            cut = word_start if word_start > start else start + WINDOW_MAX_CHARS
            pieces.append(text[start:cut])
            start = cut
        word = m.group(1)
        pair = f"{previous} {word}".encode("utf-8", "surrogatepass")
        previous = word
        if end - start >= WINDOW_MIN_CHARS and zlib.crc32(pair) % WINDOW_DIVISOR == 0:
            pieces.append(text[start:end])
            start = end
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def clause_id(section: tuple[str, ...], text: str) -> str:
    """A stable id from the normalised section path and normalised clause text."""
    key = "\x1e".join(normalize_ws(s).casefold() for s in section) + "\x1f" + normalize_ws(text)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def segment(markdown: str, sentence_split_chars: int = SENTENCE_SPLIT_CHARS) -> list[Clause]:
    """Split a document's Markdown into clauses, in document order.

    Headings become clauses of kind ``heading`` whose section is the path of their
    parent headings; every other clause's section is the path of headings above it.
    Lines such as "Last updated: …" that are marked up as headings do not open a
    section.  Paragraphs and list items longer than ``sentence_split_chars`` (by
    default all) are split into sentences; a block of several sentences gives clauses
    of kind ``sentence``, a one-sentence block keeps its kind.  A clause longer than
    :data:`WINDOW_OVER_CHARS` is cut into :func:`windows` (of kind ``sentence`` for a
    paragraph or list item, of its own kind for a table row or code).  Ids are unique within
    the document: a text repeated in the same section gets a ``-2``, ``-3`` … suffix.
    """
    stack: list[tuple[int, str]] = []
    out: list[tuple[str, tuple[str, ...], str]] = []  # (kind, section, text)

    for block in _parse_blocks(markdown):
        text = block.text
        if block.kind == "paragraph" and _is_bold_heading(block):
            block = _Block("heading", block.lines, BOLD_HEADING_LEVEL)
        if block.kind == "heading":
            title = _heading_title(text)
            if not title:
                continue
            if is_date_line(title):
                out.append(("heading", tuple(t for _, t in stack), text))
                continue
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            out.append(("heading", tuple(t for _, t in stack), text))
            stack.append((block.level, title))
            continue
        section = tuple(t for _, t in stack)
        sentences = [text]
        if block.kind in ("paragraph", "list_item") and len(text) > sentence_split_chars:
            split = split_sentences(text)
            if len(split) > 1:
                sentences = split
        kind = "sentence" if len(sentences) > 1 else block.kind
        for sentence in sentences:
            if len(sentence) <= WINDOW_OVER_CHARS:
                out.append((kind, section, sentence))
                continue
            piece_kind = "sentence" if kind in ("paragraph", "list_item") else kind
            out.extend((piece_kind, section, window) for window in windows(sentence))

    clauses: list[Clause] = []
    seen: dict[str, int] = {}
    for position, (kind, section, text) in enumerate(out):
        base = clause_id(section, text)
        n = seen.get(base, 0) + 1
        seen[base] = n
        cid = base if n == 1 else f"{base}-{n}"
        clauses.append(Clause(cid, section, text, position, kind))
    return clauses
