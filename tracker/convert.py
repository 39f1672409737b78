"""An HTML fragment to clean Markdown: markdownify, links cleaned, layout tables unwrapped.

Only a page whose selected source is new is converted (:mod:`tracker.extract`), so this
module and what it imports (Beautiful Soup, markdownify) load the first time a page
needs it, not with every crawl.  Its source is part of
:func:`tracker.extract.extractor_fingerprint`.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

from tracker.normalize import clean_markdown, clean_url, decode_cf_email


class _Converter(MarkdownConverter):
    """markdownify with our link and e-mail clean-up."""

    def __init__(self, base_url: str | None, **options: Any) -> None:
        super().__init__(**options)
        self.base_url = base_url

    def convert_a(self, el: Any, text: str, parent_tags: Any) -> str:
        href = el.get("href") or ""
        if "/cdn-cgi/l/email-protection" in href:
            # Cloudflare e-mail obfuscation: the text was decoded below; link to mailto
            encoded = href.split("#", 1)[1] if "#" in href else ""
            email = decode_cf_email(encoded) if encoded else None
            if email:
                el["href"] = "mailto:" + email
            else:
                del el["href"]
        elif href:
            el["href"] = clean_url(href, self.base_url)
        return super().convert_a(el, text, parent_tags)

    def convert_span(self, el: Any, text: str, parent_tags: Any) -> str:
        if el.get("data-cfemail"):
            return decode_cf_email(el["data-cfemail"]) or text
        return text

    def convert_img(self, el: Any, text: str, parent_tags: Any) -> str:
        return ""  # images are not text; their URLs rotate


_OPTIONS = {
    "heading_style": "ATX",
    "bullets": "-",
    "strong_em_symbol": "*",
    "escape_asterisks": False,
    "escape_underscores": False,
    "escape_misc": False,
}


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_PROSE = ("p", "ul", "ol", "blockquote", "pre", "dl")
_LONG_CELL = 200  # characters: a cell holding a paragraph this long is page layout


def _table_rows(table: Any) -> list[list[Any]]:
    """The cells of each row of ``table`` itself (not of tables nested in it)."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    return [tr.find_all(("td", "th"), recursive=False) for tr in rows]


def _is_layout_table(table: Any) -> bool:
    """A table used for page layout, not for data.

    Layout: no cell has text (a spacer); one column; or, without a header row, a
    cell holding a heading, a nested table, several paragraphs or a long one.  Data:
    a header row (``<thead>`` or ``<th>`` cells first), or several columns of short
    cells.
    """
    rows = [r for r in _table_rows(table) if r]
    cells = [c for r in rows for c in r]
    if not cells or not any(c.get_text(strip=True) for c in cells):
        return True
    if max(len(r) for r in rows) <= 1:
        return True
    if table.find("thead") is not None or all(c.name == "th" for c in rows[0]):
        return False
    for cell in cells:
        if cell.find(_HEADINGS) is not None or cell.find("table") is not None:
            return True
        blocks = cell.find_all(_PROSE)
        if len(blocks) >= 2 or any(len(b.get_text(" ", strip=True)) >= _LONG_CELL for b in blocks):
            return True
    return False


def unwrap_layout_tables(soup: Any) -> int:
    """Replace each layout table of ``soup`` by its cells' content, in reading order.

    A page laid out with a table (a whole policy in one cell, a sidebar and the text
    side by side, spacer rows) would otherwise become one Markdown table row, or leak
    rows such as ``|  |  |``.  Data tables (:func:`_is_layout_table`) stay tables.
    Innermost tables first.  Returns how many tables were unwrapped.
    """
    unwrapped = 0
    for table in reversed(soup.find_all("table")):
        if not _is_layout_table(table):
            continue
        box = soup.new_tag("div")
        for caption in table.find_all("caption", recursive=False):
            part = soup.new_tag("div")
            part.extend(list(caption.contents))
            box.append(part)
        for row in _table_rows(table):
            for cell in row:
                part = soup.new_tag("div")
                part.extend(list(cell.contents))
                box.append(part)
        table.replace_with(box)
        unwrapped += 1
    return unwrapped


def html_to_markdown(fragment: str, base_url: str | None = None) -> str:
    """Convert an HTML fragment to clean, normalised Markdown (layout tables unwrapped)."""
    soup = BeautifulSoup(fragment, "lxml")
    unwrap_layout_tables(soup)
    converter = _Converter(base_url, **_OPTIONS)
    return clean_markdown(converter.convert_soup(soup))
