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
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from diffs.result import Clause

__all__ = [
    "SENTENCE_SPLIT_CHARS",
    "clause_id",
    "is_date_line",
    "normalize_ws",
    "segment",
    "split_sentences",
    "strip_enumerator",
]

#: paragraphs and list items longer than this are split into sentences.  0 (the
#: default) splits every one: any threshold makes segmentation unstable, because a
#: paragraph that grows past it would come out as one clause in the old version and
#: as several in the new, and the alignment would see a rewrite instead of an addition.
SENTENCE_SPLIT_CHARS = 0

#: level given to bold-only lines used as headings: below every ATX heading
BOLD_HEADING_LEVEL = 7

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
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
# Markdown emphasis, whitespace, then something that starts a sentence
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]*_]*(?=\s+[\"“‘'(\[*_]*[A-Z])")


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
            self.current.kind = "heading"
            self.current.level = 1 if m.group(1).startswith("=") else 2
            self.flush()
            return True
        if _THEMATIC.match(line):
            self.flush()
            return True
        m = _ATX.match(line)
        if m:
            self.flush()
            self.blocks.append(_Block("heading", [m.group(2) or ""], len(m.group(1))))
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
    bracket or Markdown emphasis) does.
    """
    sentences: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()]
        if before.count("[") > before.count("]") or before.count("(") > before.count(")"):
            continue  # inside a link label or a parenthesis
        if len(_WORD_RE.findall(strip_enumerator(before))) < 2:
            # "1. Who may…", "a. Eligibility. To use…": numbering or a run-in label
            continue
        if text[m.start()] == ".":
            word = before.rsplit(None, 1)[-1] if before.split() else ""
            word = word.lstrip("\"“‘'([*_").lower()
            if word in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word):
                continue  # "e.g.", "U.S.", "Inc.", an initial
        end = m.end()
        piece = text[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
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
    of kind ``sentence``, a one-sentence block keeps its kind.  Ids are unique within
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
            sentences = split_sentences(text)
        if len(sentences) > 1:
            out.extend(("sentence", section, sentence) for sentence in sentences)
        else:
            out.append((block.kind, section, text))

    clauses: list[Clause] = []
    seen: dict[str, int] = {}
    for position, (kind, section, text) in enumerate(out):
        base = clause_id(section, text)
        n = seen.get(base, 0) + 1
        seen[base] = n
        cid = base if n == 1 else f"{base}-{n}"
        clauses.append(Clause(cid, section, text, position, kind))
    return clauses
