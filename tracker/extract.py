"""HTML to clean Markdown: a pure function of (html, select, remove, base_url).

No Scrapy here: the extraction pipeline calls :func:`extract`, and so do
``clausewatch reextract``, ``clausewatch diff`` and ``clausewatch catalog try``.

``select`` and ``remove`` follow the Open Terms Archive declaration format: a CSS
selector, a range object ``{"startBefore"|"startAfter": CSS, "endBefore"|"endAfter": CSS}``,
or a list of those.  ``remove`` is applied first, to the whole page; then every
match of every ``select`` entry is kept, in order.

The output is stable: identical visible text gives identical Markdown, whatever
the markup around it (attribute order, class names, whitespace, no-break spaces,
zero-width characters, Cloudflare e-mail obfuscation, tracking parameters).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

import lxml.html
from lxml import etree

from tracker.errors import ExtractionError
from tracker.normalize import UNSAFE_TEXT, clean_text, text_hygiene

Selector = str | dict[str, str]
SelectorArg = Selector | Sequence[Selector] | None

# Never visible text: these elements go, with what they hold (their tail text stays).
_ALWAYS_REMOVE = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "link", "meta", "head", "input", "select", "textarea",
)  # fmt: skip


_selector_cache: dict[str, etree.XPath] = {}


def _css(selector: str) -> etree.XPath:
    """Compile a CSS selector to XPath with cssselect's HTML translator.

    Not ``lxml.cssselect.CSSSelector``: its ``:contains()`` calls an XPath extension
    function that lxml intermittently fails to resolve (``XPathFunctionError``).
    """
    compiled = _selector_cache.get(selector)
    if compiled is None:
        from cssselect import HTMLTranslator, SelectorError

        try:
            compiled = etree.XPath(HTMLTranslator().css_to_xpath(selector))
        except (SelectorError, etree.XPathSyntaxError) as exc:
            raise ExtractionError(f"invalid CSS selector {selector!r}: {exc}") from exc
        _selector_cache[selector] = compiled
    return compiled


def _as_list(value: SelectorArg) -> list[Selector]:
    if value is None:
        return []
    if isinstance(value, (str, dict)):
        return [value]
    return list(value)


def _describe(selector: Selector) -> str:
    if isinstance(selector, str):
        return repr(selector)
    return "range " + ", ".join(f"{k}={v!r}" for k, v in selector.items())


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """A page's text: BOM, then the HTTP charset, then ``<meta charset>``, else UTF-8.

    (lxml alone would read an undeclared page as Latin-1 and garble every no-break
    space and accent of a UTF-8 page.)
    """
    from w3lib.encoding import html_to_unicode

    return html_to_unicode(content_type, body)[1]


# What lxml (XML 1.0) refuses in a string: C0 controls but tab, newline and carriage
# return; surrogates; U+FFFE and U+FFFF.  One of them anywhere on a page used to stop the
# whole document from being tracked.  Bidi embeddings, overrides and isolates go too:
# they are invisible, and they can make captured text read in another order.
# text_hygiene changes nothing on a page without any of these: _needs_hygiene looks for
# them in the page's UTF-8 bytes with substring searches (a regular expression with such
# a character class takes 5 ns a character, half a millisecond a page).
_C0 = bytes(c for c in range(32) if c not in (9, 10, 13))  # with \x0b, \x0c (form feeds)
_UNSAFE_UTF8 = tuple(
    chr(c).encode() for c in (0xFFFE, 0xFFFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
)
_SURROGATE = re.compile(rb"\xed[\xa0-\xbf]")  # a lone surrogate, as "surrogatepass" writes it
_XML_DECLARATION = re.compile(r"\s*<\?xml[^>]*>")


def _needs_hygiene(html: str) -> bool:
    """Whether :func:`tracker.normalize.text_hygiene` would change ``html``."""
    if "&#" in html:
        return True
    raw = html.encode("utf-8", "surrogatepass")
    if len(raw.translate(None, _C0)) != len(raw):
        return True
    if html.isascii():
        return False
    return any(seq in raw for seq in _UNSAFE_UTF8) or bool(_SURROGATE.search(raw))


def parse_html(html: str | bytes) -> Any:
    """Parse a whole page with lxml (tolerant of broken markup)."""
    if isinstance(html, bytes):
        if not html.strip():
            raise ExtractionError("the page is empty")
        html = decode_html(html)
    if _needs_hygiene(html):
        html = text_hygiene(html)
    if not html or html.isspace():
        raise ExtractionError("the page is empty")
    # lxml refuses str input carrying an XML encoding declaration
    declaration = _XML_DECLARATION.match(html)
    if declaration:
        html = html[declaration.end() :]
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    return lxml.html.document_fromstring(html, parser=parser)


_MARK = "clausewatch-range-{}-{}"


def _range_html(root: Any, rng: dict[str, str], index: int) -> str | None:
    """Return the HTML between a range's start and end points, or None if not found."""
    start_key = "startBefore" if "startBefore" in rng else "startAfter"
    end_key = "endBefore" if "endBefore" in rng else "endAfter"
    starts = _css(rng[start_key])(root)
    ends = _css(rng[end_key])(root)
    if not starts or not ends:
        return None
    start_el, end_el = starts[0], ends[0]
    start_mark = etree.Comment(_MARK.format(index, "start"))
    end_mark = etree.Comment(_MARK.format(index, "end"))
    _insert(start_el, start_mark, before=start_key == "startBefore")
    _insert(end_el, end_mark, before=end_key == "endBefore")
    text = lxml.html.tostring(root, encoding="unicode")
    for mark in (start_mark, end_mark):
        _drop(mark)
    begin = text.find(f"<!--{_MARK.format(index, 'start')}-->")
    end = text.find(f"<!--{_MARK.format(index, 'end')}-->")
    if begin < 0 or end < 0 or end <= begin:
        return None
    return text[begin + len(_MARK.format(index, "start")) + 7 : end]


def _insert(element: Any, mark: Any, before: bool) -> None:
    if before:
        element.addprevious(mark)
    else:
        element.addnext(mark)
        # addnext moves the element's tail onto the mark; keep text order intact
        mark.tail, element.tail = element.tail, None
        if mark.tail is None:
            mark.tail = ""


def _drop(element: Any) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    prev = element.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _remove(root: Any, remove: list[Selector]) -> Any:
    for index, sel in enumerate(remove):
        if isinstance(sel, str):
            for el in _css(sel)(root):
                if el.getparent() is not None:
                    _drop(el)
        else:
            inner = _range_html(root, sel, 1000 + index)
            if inner is None:
                continue
            whole = lxml.html.tostring(root, encoding="unicode")
            root = parse_html(whole.replace(inner, "", 1))
    return root


_WS = re.compile(r"\s+")
_PRE = {"pre", "textarea", "code"}


def _normalise_text_nodes(root: Any) -> None:
    """Collapse source whitespace in text nodes, as a browser does; keep <pre> as is."""
    protected: set[Any] = set()
    for pre in root.iter(*_PRE):
        protected.update(pre.iter())
    for el in root.iter():
        if el.text and el not in protected:
            el.text = _WS.sub(" ", clean_text(el.text))
        if el.tail and el.getparent() not in protected:
            el.tail = _WS.sub(" ", clean_text(el.tail))
        # named or malformed references a parser decoded into a control character
        if el.text and UNSAFE_TEXT.search(el.text):
            el.text = UNSAFE_TEXT.sub("", el.text)
        if el.tail and UNSAFE_TEXT.search(el.tail):
            el.tail = UNSAFE_TEXT.sub("", el.tail)


def _prepared(html: str | bytes, remove: SelectorArg) -> Any:
    """The parsed page without what is never visible and without ``remove``."""
    root = parse_html(html)
    # in one pass in C; the same tree as dropping each element with _drop
    etree.strip_elements(root, *_ALWAYS_REMOVE, with_tail=False)
    return _remove(root, _as_list(remove))


def _chosen(root: Any, sel: str) -> list[Any]:
    matches = _css(sel)(root)
    # keep outermost matches only, so nested matches are not repeated
    chosen = [m for m in matches if not any(a in matches for a in m.iterancestors())]
    if not chosen:
        raise ExtractionError(f"select {_describe(sel)} matched nothing on the page")
    return chosen


def _selected(root: Any, selectors: list[Selector]) -> str:
    parts: list[str] = []
    for index, sel in enumerate(selectors):
        if isinstance(sel, str):
            parts.extend(
                lxml.html.tostring(m, encoding="unicode", with_tail=False)
                for m in _chosen(root, sel)
            )
        else:
            fragment = _range_html(root, sel, index)
            if fragment is None:
                raise ExtractionError(f"select {_describe(sel)} matched nothing on the page")
            parts.append(fragment)
    return "\n".join(parts)


def select_html(html: str | bytes, select: SelectorArg, remove: SelectorArg = None) -> str:
    """Apply ``remove`` then ``select``; return the selected HTML fragment.

    Raises :class:`ExtractionError` when a selector matches nothing.
    """
    root = _prepared(html, remove)
    _normalise_text_nodes(root)
    return _selected(root, _as_list(select) or ["body"])


def extract(
    html: str | bytes,
    select: SelectorArg = None,
    remove: SelectorArg = None,
    base_url: str | None = None,
) -> str:
    """Extract the document's Markdown from a page.

    >>> extract('<main><h1>Terms</h1><p>Be nice.</p></main>', select="main")
    '# Terms\\n\\nBe nice.'

    Raises :class:`ExtractionError` when a selector matches nothing or no text is left.
    """
    return _fragment_markdown(select_html(html, select, remove), select, base_url)


def _fragment_markdown(fragment: str, select: SelectorArg, base_url: str | None) -> str:
    from tracker.convert import html_to_markdown

    markdown = html_to_markdown(fragment, base_url)
    if not markdown.strip():
        raise ExtractionError(
            f"select {', '.join(_describe(s) for s in _as_list(select)) or 'body'} "
            "matched only empty content"
        )
    return markdown


def extract_pages(pages: Sequence[tuple[str | bytes, dict[str, Any], str | None]]) -> str:
    """Extract and join several pages (a ``combine`` declaration) into one document.

    Each entry is ``(html, page_spec, base_url)`` where ``page_spec`` has ``select``
    and ``remove``.
    """
    parts = [
        extract(html, spec.get("select"), spec.get("remove"), base_url)
        for html, spec, base_url in pages
    ]
    return "\n\n".join(parts)


def extract_markdown(text: str, base_url: str | None = None) -> str:
    """An archive's Markdown (an Open Terms Archive version) in clausewatch's own Markdown.

    The archive wrote its Markdown from the page with another converter (setext
    headings, escaped list numbers...).  It is rendered as CommonMark, with its tables
    and the raw HTML the archive kept, then extracted like a page, so imported and
    crawled versions of a document compare word for word.  Raises
    :class:`ExtractionError` when no text is left.
    """
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    page = f"<html><body>{renderer.render(text)}</body></html>"
    return extract(page, "body", base_url=base_url)


_FINGERPRINT: list[bytes] = []


def extractor_fingerprint() -> bytes:
    """A digest of everything that turns a selected fragment into Markdown.

    The source of this module, of :mod:`tracker.convert` and of :mod:`tracker.normalize`,
    the Unicode database version (NFC), and the versions of markdownify, Beautiful Soup
    and lxml: when any of them changes, every source hash changes, so no page is ever
    skipped on the word of an older extractor.
    """
    if not _FINGERPRINT:
        import importlib.util
        import unicodedata
        from importlib import metadata
        from pathlib import Path

        import tracker.normalize

        convert = importlib.util.find_spec("tracker.convert")  # found, not imported
        assert convert is not None and convert.origin is not None
        digest = hashlib.sha256(f"unicode={unicodedata.unidata_version}".encode())
        for path in (Path(__file__), Path(convert.origin), Path(tracker.normalize.__file__)):
            digest.update(path.read_bytes())
        for dist in ("markdownify", "beautifulsoup4", "lxml"):
            try:
                digest.update(f"{dist}={metadata.version(dist)}".encode())
            except metadata.PackageNotFoundError:
                digest.update(dist.encode())
        _FINGERPRINT.append(digest.digest())
    return _FINGERPRINT[0]


def _in_pre(el: Any) -> bool:
    return any(a.tag in _PRE for a in el.iterancestors())


Selection = list[tuple[Any, list[Selector], bool]]  # (page root, selectors, normalised)


def selected_source(
    pages: Sequence[tuple[str | bytes, dict[str, Any], str | None]],
) -> tuple[str, Selection]:
    """The source hash of a document's pages (see :func:`extract_pages_unless`), and
    each page's parsed and selected tree, for :func:`_converted`."""
    digest = hashlib.sha256(extractor_fingerprint())
    roots: Selection = []
    for html, spec, base_url in pages:
        root = _prepared(html, spec.get("remove"))
        selectors = _as_list(spec.get("select")) or ["body"]
        whole = any(not isinstance(s, str) or ":contains" in s for s in selectors)
        digest.update(b"\0page\0" + (base_url or "").encode() + b"\0")
        if whole:
            _normalise_text_nodes(root)
            digest.update(
                b"normalised\0" + _selected(root, selectors).encode("utf-8", "surrogatepass")
            )
        else:
            for sel in selectors:
                for el in _chosen(root, str(sel)):
                    digest.update(b"\0pre\0" if _in_pre(el) else b"\0el\0")
                    digest.update(lxml.html.tostring(el, encoding="utf-8", with_tail=False))
        roots.append((root, selectors, whole))
    return digest.hexdigest(), roots


def _converted(
    roots: Selection, pages: Sequence[tuple[str | bytes, dict[str, Any], str | None]]
) -> str:
    parts = []
    for (root, selectors, whole), (_, spec, base_url) in zip(roots, pages, strict=True):
        if not whole:
            _normalise_text_nodes(root)
        parts.append(_fragment_markdown(_selected(root, selectors), spec.get("select"), base_url))
    return "\n\n".join(parts)


def extract_pages_unless(
    pages: Sequence[tuple[str | bytes, dict[str, Any], str | None]], known_source: str | None
) -> tuple[str, str | None]:
    """Like :func:`extract_pages`, but skip the conversion of a known source.

    Returns ``(source_hash, markdown)``; ``markdown`` is ``None`` when ``source_hash``
    equals ``known_source`` (the hash of a fetch whose text is known).  The hash
    digests :func:`extractor_fingerprint`, each page's base URL and what the Markdown
    is a pure function of:

    - for plain CSS selectors, each selected element as parsed (after ``remove``),
      and whether it sits inside a ``<pre>``: text normalisation only looks inside
      the element (:func:`_normalise_text_nodes`), so it is skipped for a known source;
    - for ranges and ``:contains()``, whose matching depends on the normalised text of
      the whole page, the normalised fragment itself.

    Selection always runs, so a selector that stops matching still fails.
    """
    source, roots = selected_source(pages)
    if known_source is not None and source == known_source:
        return source, None
    return source, _converted(roots, pages)


def __getattr__(name: str) -> Any:
    """The Markdown converter's public names, loaded the first time they are asked for."""
    if name in ("html_to_markdown", "unwrap_layout_tables"):
        import tracker.convert

        return getattr(tracker.convert, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
