"""The one Jinja2 environment (autoescaping on) and the safe Markdown renderer.

Everything captured from a policy page is untrusted.  Templates autoescape every
value; the only HTML that enters a page unescaped comes from :func:`render_markdown`,
which runs markdown-it with raw HTML disabled and allows links only to ``http``,
``https`` and ``mailto`` URLs.  Images are never loaded (no tracking pixels): they
become a link to the image.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from tracker.site.text import has_syntax, inline_plain, literal_links, plain_ops

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

#: languages written right to left (ISO 639-1 and a few 639-3 codes)
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"}
)

_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:)", re.I)


def text_direction(language: str | None) -> str:
    """``rtl`` for right-to-left languages, ``auto`` when unknown, else ``ltr``."""
    if not language:
        return "auto"
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute ``http(s)``/``mailto`` one, else None."""
    if not url:
        return None
    url = url.strip()
    return url if _SAFE_SCHEME.match(url) else None


class _SafeRenderer(RendererHTML):
    """markdown-it's HTML renderer with links restricted and images turned into links."""

    def link_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        href = safe_url(str(token.attrGet("href") or ""))
        if href is None:
            # relative or unsafe link: keep the words, drop the link
            token.attrs.pop("href", None)
            token.tag = "span"
            token.attrSet("class", "dead-link")
            _mark_close(tokens, idx)
        else:
            token.attrSet("href", href)
            token.attrSet("rel", "nofollow noopener noreferrer ugc")
        return self.renderToken(tokens, idx, options, env)

    def heading_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return self.renderToken(_demote(tokens, idx), idx, options, env)

    def heading_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return self.renderToken(_demote(tokens, idx), idx, options, env)

    def text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        # unbalanced "**", or a link markdown-it refused, is syntax, not words
        return str(escape(literal_links(tokens[idx].content)))

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env) or "image"
        src = safe_url(str(token.attrGet("src") or ""))
        if src is None:
            return f'<span class="image-ref">[image: {escape(alt)}]</span>'
        return (
            f'<a class="image-ref" href="{escape(src)}" rel="nofollow noopener noreferrer ugc">'
            f"[image: {escape(alt)}]</a>"
        )


def _demote(tokens: Sequence[Token], idx: int) -> Sequence[Token]:
    """Captured headings start at h3: the page's own h1 and h2 come first."""
    token = tokens[idx]
    level = int(token.tag[1:]) if token.tag[1:].isdigit() else 6
    token.tag = f"h{min(level + 2, 6)}"
    return tokens


def _mark_close(tokens: Sequence[Token], idx: int) -> None:
    depth = 0
    for token in tokens[idx + 1 :]:
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            if depth == 0:
                token.tag = "span"
                return
            depth -= 1


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        {"html": False, "linkify": False, "typographer": False},
        renderer_cls=_SafeRenderer,
    )
    md.enable("table")
    md.enable("strikethrough")
    md.validateLink = lambda url: safe_url(url) is not None or not re.match(r"^\s*\w+:", url)
    return md


def render_markdown(text: str | None) -> Markup:
    """Untrusted Markdown as safe HTML: raw HTML escaped, only web and mail links kept."""
    if not text:
        return Markup("")
    return Markup(_markdown().render(text))


_BLOCK_PREFIX = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")


def _table_cells(text: str) -> str:
    stripped = text.strip()
    if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
        cells = re.split(r"(?<!\\)\|", stripped[1:-1])
        return " · ".join(c.strip() for c in cells)
    return text


@lru_cache(maxsize=8192)
def inline_markdown(text: str | None) -> Markup:
    """One clause's Markdown as safe inline HTML (links, emphasis), block syntax removed."""
    if not text:
        return Markup("")
    if not has_syntax(text):
        return escape(text)
    text = _CLOSING_HASHES.sub("", _BLOCK_PREFIX.sub("", _table_cells(text)))
    return Markup(_markdown().renderInline(text))


def clause_text(text: str | None) -> str:
    """A clause as plain words (kept for templates of older builds: see inline_plain)."""
    return inline_plain(text)


def inline_diff(ops: Sequence[Sequence[str]]) -> Markup:
    """A word-level diff ``[[op, text], ...]`` as plain words with ``<ins>``/``<del>``."""
    out = []
    for op, text in plain_ops(ops):
        if not text:
            continue
        if op == "insert":
            out.append(Markup("<ins>{}</ins>").format(text))
        elif op == "delete":
            out.append(Markup("<del>{}</del>").format(text))
        else:
            out.append(escape(text))
    return Markup("").join(out)


def short_date(value: str | None) -> str:
    """``2026-11-21`` from an ISO 8601 timestamp."""
    return (value or "")[:10]


def long_date(value: str | None) -> str:
    """``November 15, 2026`` from an ISO date; anything else is shown as it is."""
    from datetime import date

    try:
        day = date.fromisoformat((value or "")[:10])
    except ValueError:
        return value or ""
    return f"{day:%B} {day.day}, {day.year}"


def month_name(value: str | None) -> str:
    """``August 2026`` from ``2026-08`` (or any ISO date); anything else as it is."""
    from datetime import date

    try:
        day = date.fromisoformat((value or "")[:7] + "-01")
    except ValueError:
        return value or "Undated"
    return f"{day:%B} {day.year}"


def short_time(value: str | None) -> str:
    """``2026-11-21 06:26 UTC`` from an ISO 8601 timestamp."""
    if not value:
        return ""
    text = value[:16].replace("T", " ")
    return f"{text} UTC" if value.endswith("Z") or "+00:00" in value else text


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "xml", "atom", "rss"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = render_markdown
    env.filters["inline_diff"] = inline_diff
    env.filters["clause"] = clause_text
    env.filters["plain"] = inline_plain
    env.filters["inline_md"] = inline_markdown
    env.filters["short_date"] = short_date
    env.filters["short_time"] = short_time
    env.filters["long_date"] = long_date
    env.filters["month_name"] = month_name
    env.filters["safe_url"] = safe_url
    env.globals["text_direction"] = text_direction
    return env


def template_fingerprint() -> str:
    """A hash of every template and asset, so a template edit invalidates cached pages."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(TEMPLATES)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
