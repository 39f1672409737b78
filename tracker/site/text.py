"""Text hygiene: captured Markdown as plain words, so no Markdown syntax reaches a reader.

Policy text is captured as Markdown.  Pages render whole documents to safe HTML
(:func:`tracker.site.templating.render_markdown`); everywhere else a piece of text is
shown (a headline, the evidence of a flag, a section name, a clause of a diff, a feed
entry, a search result, a ``.txt`` download) it goes through this module first:

- :func:`plain_text` turns a whole document into plain text (headings, paragraphs,
  "•" list items, tab-separated table rows; a link keeps its words and, when they are
  not the address itself, its web address in parentheses);
- :func:`inline_plain` turns one clause, headline or quote into plain words;
- :func:`plain_ops` does the same to a word-level diff (``[[op, text], ...]``), keeping
  each remaining character's operation, so link targets, emphasis markers, escapes,
  heading hashes and table pipes vanish even when an edit cuts through them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from diffs.markdown import MD_LINK

__all__ = ["inline_plain", "literal_links", "plain_ops", "plain_text"]

#: link syntax Markdown does not accept ("[a](mailto: a@b.c)", a space in the target) but
#: a reader would still see as syntax
_LOOSE_LINK = re.compile(r"(!?)\[([^\[\]]*)\]\(([^()]*)\)")

_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]*)>")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?")
_STRONG = re.compile(r"\*\*+|__+")
_EMPHASIS = re.compile(r"(?<![\w*])[*_](?=[^\s*_])|(?<=[^\s*_])[*_](?![\w*])")
_CODE = re.compile(r"`+")
_STRIKE = re.compile(r"~~")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


#: characters without which a text has no Markdown syntax to remove
_SYNTAX = re.compile(r"[\[\]*_`\\<>|#~]")


def has_syntax(text: str) -> bool:
    """Whether ``text`` may hold Markdown syntax (else it is shown as it is)."""
    return _SYNTAX.search(text) is not None


def _drop(keep: list[str | None], start: int, end: int) -> None:
    for k in range(start, end):
        keep[k] = None


def _strip_chars(text: str) -> list[str | None]:
    """Each character of ``text``, or None where it is Markdown syntax (or its replacement)."""
    keep: list[str | None] = list(text)
    for m in MD_LINK.finditer(text):
        label = m.start("label"), m.end("label")
        _drop(keep, m.start(), label[0])  # "![" or "["
        _drop(keep, label[1], m.end())  # "](target)"
    for m in _LOOSE_LINK.finditer(text):
        if keep[m.start()] is not None:  # not a link MD_LINK took
            _drop(keep, m.start(), m.start(2))
            _drop(keep, m.end(2), m.end())
    for m in _AUTOLINK.finditer(text):
        _drop(keep, m.start(), m.start() + 1)
        _drop(keep, m.end() - 1, m.end())
    escaped = set()  # "\*" is a star, not emphasis
    for m in _ESCAPE.finditer(text):
        _drop(keep, m.start(), m.start() + 1)
        escaped.add(m.start() + 1)
    for pattern in (_STRONG, _CODE, _STRIKE):
        for m in pattern.finditer(text):
            span = range(m.start(), m.end())
            if all(keep[k] is not None and k not in escaped for k in span):
                _drop(keep, m.start(), m.end())
    for m in _EMPHASIS.finditer(text):
        if keep[m.start()] is not None and m.start() not in escaped:
            _drop(keep, m.start(), m.end())
    for pattern in (_HEADING, _QUOTE, _CLOSING_HASHES):
        m = pattern.search(text)
        if m:
            _drop(keep, m.start(), m.end())
    stripped = text.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        first, last = text.index("|"), text.rindex("|")
        _drop(keep, first, first + 1)
        _drop(keep, last, last + 1)
        for k in range(first + 1, last):
            if text[k] == "|" and keep[k] is not None and (k == 0 or text[k - 1] != "\\"):
                keep[k] = "·"
    return keep


def literal_links(text: str) -> str:
    """Text left over by a Markdown parser, with link syntax it refused reduced to words."""
    return _LOOSE_LINK.sub(lambda m: m.group(2), text.replace("**", "")) if "](" in text or "**" in text else text


def plain_ops(ops: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    """A word-level diff with the Markdown syntax of its text removed, op by op.

    The old text (equal and deleted runs) and the new text (equal and inserted runs)
    are each valid Markdown: each is stripped on its own, and a character both share
    is kept only when it is a word in both.
    """
    if not any(has_syntax(text) for _, text in ops):
        return [(op, text) for op, text in ops if text]
    old = "".join(text for op, text in ops if op != "insert")
    new = "".join(text for op, text in ops if op != "delete")
    old_keep, new_keep = _strip_chars(old), _strip_chars(new)
    i = j = 0
    out: list[tuple[str, str]] = []
    for op, text in ops:
        for _ in text:
            if op == "delete":
                char = old_keep[i]
                i += 1
            elif op == "insert":
                char = new_keep[j]
                j += 1
            else:
                a, b = old_keep[i], new_keep[j]
                char = a if a is not None and b is not None else None
                i += 1
                j += 1
            if char is None:
                continue
            if out and out[-1][0] == op:
                out[-1] = (op, out[-1][1] + char)
            else:
                out.append((op, char))
    return out


@lru_cache(maxsize=8192)
def inline_plain(text: str | None) -> str:
    """One clause, headline or quote as plain words: no Markdown syntax, spaces folded."""
    if not text:
        return ""
    if not has_syntax(text):
        return " ".join(text.split())
    plain = "".join(c for c in _strip_chars(text) if c is not None)
    return " ".join(plain.split())


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"^ {0,3}([-=*_])(?:[ \t]*\1)*[ \t]*$")
_LIST = re.compile(r"^([ \t]*)(?:[-*+]|(\d{1,9})[.)])[ \t]+")
_WEB_LINK = re.compile(
    r"(?<!!)\[(?P<label>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<url>https?://[^()\s]*)(?:\s+\"[^\"]*\")?\)"
)


def _with_addresses(line: str) -> str:
    """Links to web pages as "words (address)", so the address survives in plain text."""

    def keep(m: re.Match[str]) -> str:
        label, url = m.group("label"), m.group("url")
        bare = re.sub(r"^https?://(www\.)?", "", url).rstrip("/")
        if bare in label:
            return m.group(0)
        return f"{m.group(0)} ({url})"

    return _WEB_LINK.sub(keep, line)


@lru_cache(maxsize=32768)
def _plain_line(line: str) -> str:
    """One line of a document as plain text ("" for a line that is only syntax)."""
    if not line.strip() or _TABLE_SEP.match(line) or _RULE.match(line):
        return ""
    m = _LIST.match(line)
    if m:
        marker = f"{m.group(2)}. " if m.group(2) else "• "
        return m.group(1) + marker + inline_plain(_with_addresses(line[m.end() :]))
    return inline_plain(_with_addresses(line))


def plain_text(markdown: str | None) -> str:
    """A whole document as plain text, no Markdown syntax: one paragraph a block.

    Line by line (versions of a document share most of their lines, so each is reduced
    once): headings lose their hashes, list items get a "•" (or keep their number),
    table rows become cells between "·", a link keeps its words and, when they are not
    the address itself, its web address in parentheses; code blocks stay as they are.
    """
    if not markdown:
        return ""
    out: list[str] = []
    fence: str | None = None
    for line in markdown.replace("\r\n", "\n").split("\n"):
        m = _FENCE.match(line)
        if m and fence is None:  # the fence itself is syntax; what it holds is text
            fence = m.group(1)[0] * 3
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            else:
                out.append(line)
            continue
        plain = _plain_line(line)
        if plain or (out and out[-1]):
            out.append(plain)
    return "\n".join(out).strip("\n") + "\n"
