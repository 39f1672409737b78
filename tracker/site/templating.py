"""The one Jinja2 environment (autoescaping on) and the safe Markdown renderer.

Everything captured from a policy page is untrusted.  Templates autoescape every
value; the only HTML that enters a page unescaped comes from :func:`render_markdown`,
which runs markdown-it with raw HTML disabled and allows links only to ``http``,
``https`` and ``mailto`` URLs.  Images are never loaded (no tracking pixels): they
become a link to the image.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from tracker.site.i18n import DEFAULT_LANGUAGE, LOCALE_DIR, Translator, translator
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
    return translator(DEFAULT_LANGUAGE).short_date(value)


def long_date(value: str | None, language: str = DEFAULT_LANGUAGE) -> str:
    """``November 15, 2026`` from an ISO date; anything else is shown as it is."""
    return translator(language).long_date(value)


def month_name(value: str | None) -> str:
    """``August 2026`` from ``2026-08`` (or any ISO date); anything else as it is."""
    return translator(DEFAULT_LANGUAGE).month_name(value)


def short_time(value: str | None) -> str:
    """``2026-11-21 06:26 UTC`` from an ISO 8601 timestamp."""
    return translator(DEFAULT_LANGUAGE).short_time(value)


def _page_translator(ctx: Context) -> Translator:
    return translator(ctx.get("lang") or DEFAULT_LANGUAGE)


def _formatter(name: str) -> Callable[..., str]:
    """A filter that formats a value for the page's language (``Translator.<name>``)."""

    @pass_context
    def apply(ctx: Context, value: Any) -> str:
        return str(getattr(_page_translator(ctx), name)(value))

    apply.__name__ = name
    return apply


@pass_context
def _gettext(ctx: Context, message: str, **variables: Any) -> str:
    """Jinja's new-style ``gettext``: translated, autoescaped, ``%(name)s`` filled."""
    t = _page_translator(ctx)
    text = t.messages.gettext(message)
    if ctx.eval_ctx.autoescape:
        text = Markup(text)
    return text % t.values(variables)


@pass_context
def _ngettext(ctx: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
    """Jinja's new-style ``ngettext``: the plural form for ``num``, numbers formatted."""
    t = _page_translator(ctx)
    text = t.messages.ngettext(singular, plural, num)
    if ctx.eval_ctx.autoescape:
        text = Markup(text)
    return text % t.values({"num": num, **variables})


@pass_context
def in_language(ctx: Context, text: str | None, language: str | None) -> Markup:
    """``text`` marked with its language when it is not the page's (else just escaped).

    A headline or a category title that has no translation yet is shown in English on
    an Arabic page: ``<span lang="en" dir="ltr">``, so it is read and laid out as English.
    """
    if not text:
        return Markup("")
    if not language or language == ctx.get("lang"):
        return escape(text)
    return Markup('<span lang="{}" dir="{}">{}</span>').format(
        language, text_direction(language), text
    )


def text_attrs(language: str | None) -> Markup:
    """The ``lang`` and ``dir`` attributes of captured text (``dir="auto"`` when unknown)."""
    if not language:
        return Markup('dir="auto"')
    return Markup('lang="{}" dir="{}"').format(language, text_direction(language))


@pass_context
def language_name(ctx: Context, code: str | None) -> str:
    """A language's name in the page's language ("Arabic", «العربية»)."""
    if not code:
        return ""
    name = _page_translator(ctx).locale.languages.get(code.split("-")[0].lower())
    return name or code


@pass_context
def isolate(ctx: Context, name: str | None) -> Markup:
    """A name (of a service, a document) isolated from the text around it on RTL pages."""
    if ctx.get("dir") != "rtl" or not name:
        return escape(name or "")
    return Markup("<bdi>{}</bdi>").format(name)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        extensions=["jinja2.ext.i18n"],
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
    for name in ("short_date", "short_time", "long_date", "month_name", "number", "percent"):
        env.filters[name] = _formatter(name)
    env.filters["safe_url"] = safe_url
    env.filters["bidi"] = isolate
    env.globals["text_direction"] = text_direction
    env.globals["in_language"] = in_language
    env.globals["text_attrs"] = text_attrs
    env.globals["language_name"] = language_name
    # the i18n extension's new-style calls: {{ _("…", name=…) }}, {% trans count=n %}
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(gettext=_gettext, ngettext=_ngettext)
    env.policies["ext.i18n.trimmed"] = True
    return env


def template_fingerprint() -> str:
    """A hash of every template, asset and translation, so an edit invalidates cached pages."""
    import hashlib

    digest = hashlib.sha256()
    files = [(TEMPLATES, p) for p in TEMPLATES.rglob("*")]
    files += [(LOCALE_DIR, p) for p in LOCALE_DIR.rglob("*.po")]
    for folder, path in sorted(files, key=lambda f: f[1]):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
