"""Text and link normalisation, so that markup noise never looks like a change.

Two levels:

- :func:`clean_markdown` runs on every extraction.  It removes what is never visible
  (zero-width characters, soft hyphens), turns every kind of space into a plain space,
  applies Unicode NFC and tidies Markdown whitespace.  It never drops visible text.
- :func:`comparison_key` is what the store compares to decide whether a fetch is a new
  version.  On top of the above it folds typographic quotes and dashes, link targets,
  and Markdown presentation (heading levels, emphasis, bullets, list numbering), so
  that a curly-quote round trip, a moved link or a redesign is not a "change".

Links are cleaned at extraction (:func:`clean_url`): tracking parameters and session
ids are dropped, and signed-CDN parameters when the URL carries a signature.
Cloudflare e-mail obfuscation is decoded (:func:`decode_cf_email`).  See docs/noise.md.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from diffs.arabic import fold_for_comparison
from diffs.markdown import MD_LINK
from diffs.typography import TYPOGRAPHY

# Invisible characters: zero-width space/joiners, word joiner, BOM, soft hyphen,
# bidi marks that some CMSs sprinkle around.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"),
    None,
)
# Every Unicode space separator and odd whitespace becomes a plain space.
_SPACES = dict.fromkeys(
    map(
        ord,
        "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
        "\u200a\u202f\u205f\u3000\t\x0b\x0c",
    ),
    " ",
)
_QUOTES = str.maketrans(TYPOGRAPHY)

_MULTI_SPACE = re.compile(r" {2,}")
_MANY_BLANKS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """NFC, no invisible characters, plain spaces. Keeps every visible character."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_INVISIBLE).translate(_SPACES)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_markdown(markdown: str) -> str:
    """Normalise whitespace in Markdown produced by the converter."""
    text = clean_text(markdown)
    lines = []
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        body = _MULTI_SPACE.sub(" ", line.strip())
        if body in ("-", "*", "#", "##", "###", "####", "#####", "######"):
            body = ""  # a bullet or heading left empty by removed content
        lines.append((" " * indent + body) if body else "")
    text = "\n".join(lines)
    text = _MANY_BLANKS.sub("\n\n", text)
    return text.strip()


_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^>\s]+>")
_URL_TEXT = re.compile(r"^(?:https?://|www\.)\S+$")


def _fold_link(match: re.Match[str]) -> str:
    text = match.group("label")
    return match.group("bang") + ("<link>" if _URL_TEXT.match(text.strip()) else text)


def strip_links(markdown: str) -> str:
    """Markdown with link targets removed: ``[text](url)`` → ``text``; URL-only text → ``<link>``.

    A link's target, and link text that only repeats a URL, are link metadata: a
    page that moves a link from one URL to another has not changed its terms.
    """
    text = MD_LINK.sub(_fold_link, markdown)
    return _AUTOLINK.sub("<link>", text)


_BLOCK_MARKER = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+)?(?:[-*+]\s+|\d+[.)]\s+)?")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+(?=[.,;:!?)\]}])")
_SPACE_AFTER_OPEN = re.compile(r"(?<=[(\[{])\s+")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])")


def _fold_line(line: str) -> str:
    line = _BLOCK_MARKER.sub("", line, count=1)
    line = _STRONG.sub(r"\2", line)
    line = _EMPHASIS.sub(r"\2", line)
    line = line.replace("`", "")
    # markup moves spaces around inline elements: "<a>x </a>." reads "x ." or "x."
    line = _SPACE_AFTER_OPEN.sub("", _SPACE_BEFORE_PUNCT.sub("", line))
    return _MULTI_SPACE.sub(" ", line.strip())


def comparison_key(markdown: str) -> str:
    """The text as compared between versions: the words a reader sees, and nothing else.

    Folded: typography (curly quotes, dashes), whitespace and blank lines (and spaces
    before punctuation or inside brackets, which inline markup moves), link targets
    (and link text that only repeats a URL), and Markdown presentation (heading
    levels, bold and italics, bullets, list numbering, rules), so only a change of
    visible words makes a new version.  Arabic writing variants are folded too
    (:func:`diffs.arabic.fold_for_comparison`: Arabic-Indic digits, ، ؛ ؟, tatweel,
    optional diacritics, bidi controls).  Never shown to readers: the stored Markdown
    keeps everything.
    """
    text = fold_for_comparison(strip_links(clean_text(markdown)).translate(_QUOTES))
    lines = (_fold_line(line) for line in text.split("\n") if not _RULE.match(line))
    return "\n".join(line for line in lines if line)


# --- links -------------------------------------------------------------------

# Query parameters that identify a visit, a click or a session, never a page.
TRACKING_PARAMS = re.compile(
    r"^(?:utm_[a-z_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|ttclid|twclid|li_fat_id|"
    r"mc_cid|mc_eid|yclid|igshid|srsltid|_ga|_gl|_hsenc|_hsmi|__hssc|__hstc|__hsfp|hsctatracking|"
    r"mkt_tok|ref_src|ref_url|s_cid|s_kwcid|ef_id|irclickid|trk|trkcampaign|si|spm|"
    r"oly_anon_id|oly_enc_id|vero_id|_kx|wt\.mc_id|cmpid|"
    r"sessionid|session_id|sid|phpsessid|jsessionid|aspsessionid[a-z]*|cfid|cftoken|"
    r"__cf_chl_[a-z_]+|nonce|cb|_)$",
    re.I,
)
# Signed, expiring CDN URLs (CloudFront, S3, Google Cloud Storage, Akamai, Azure SAS):
# their parameters are dropped only when the URL carries a signature, so that a
# meaningful "policy=" or "expires=" on an ordinary link is kept.
_SIGNATURE_PARAMS = re.compile(
    r"^(?:signature|x-amz-signature|x-goog-signature|hdnts|__token__|sig|key-pair-id)$", re.I
)
_SIGNED_URL_PARAMS = re.compile(
    r"^(?:expires|signature|key-pair-id|policy|x-amz-[a-z-]+|x-goog-[a-z-]+|hdnts|__token__|"
    r"token|sig|se|sp|sv|sr|st|ss|srt|spr|skoid|sktid|skt|ske|sks|skv)$",
    re.I,
)


def clean_url(href: str, base_url: str | None = None) -> str:
    """Absolute URL without tracking parameters, session tokens or signatures."""
    href = href.strip()
    if base_url and not href.startswith(("mailto:", "tel:", "#")):
        href = urljoin(base_url, href)
    if href.lower().startswith("javascript:"):
        return ""  # never carry script URLs into our Markdown (or our site)
    parts = urlsplit(href)
    if parts.query:
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        signed = any(_SIGNATURE_PARAMS.match(k) for k, _ in pairs)
        kept = [
            (k, v)
            for k, v in pairs
            if not TRACKING_PARAMS.match(k) and not (signed and _SIGNED_URL_PARAMS.match(k))
        ]
        if len(kept) != len(pairs):
            parts = parts._replace(query=urlencode(kept))
    # ;jsessionid=... path parameters
    path = re.sub(r";jsessionid=[^/?#]*", "", parts.path, flags=re.I)
    return urlunsplit(parts._replace(path=path))


def decode_cf_email(encoded: str) -> str | None:
    """Decode Cloudflare's e-mail obfuscation (``data-cfemail`` hex string)."""
    try:
        data = bytes.fromhex(encoded.strip())
    except ValueError:
        return None
    if len(data) < 2:
        return None
    key = data[0]
    try:
        return bytes(b ^ key for b in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None


def slugify(text: str) -> str:
    """The lower-case, hyphenated form of a name used in paths and URLs."""
    slug = re.sub(r"[^\w]+", "-", text.casefold(), flags=re.UNICODE).strip("-")
    return slug or "x"


# --- names shown to people ---------------------------------------------------

#: characters that reorder the text around them (bidi embeddings, overrides, isolates
#: and marks): in a name they can make "Evil\u202egnp.exe" read as "Evilexe.png"
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _unsafe_char(char: str) -> bool:
    code = ord(char)
    return (
        char in BIDI_CONTROLS
        or unicodedata.category(char) in ("Cc", "Cs")
        or (0xFDD0 <= code <= 0xFDEF)
        or (code & 0xFFFE) == 0xFFFE
    )


def unsafe_characters(text: str) -> list[str]:
    """The control, bidi-control and non-characters of ``text``, as ``U+XXXX`` codes."""
    return sorted({f"U+{ord(c):04X}" for c in text if _unsafe_char(c)})


def shown(text: str) -> str:
    """``text`` safe to print or display: control and bidi characters as visible escapes.

    ``"Evil\\u202eCorp"`` is shown as ``Evil\\u202eCorp`` (the six characters), so a name
    can neither reorder the text around it on a terminal or a page nor hide a control
    character; every other character is kept as it is.
    """
    if not any(_unsafe_char(c) for c in text):
        return text
    out = []
    for c in text:
        if not _unsafe_char(c):
            out.append(c)
        elif ord(c) < 0x100:
            out.append(f"\\x{ord(c):02x}")
        elif ord(c) < 0x10000:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(f"\\U{ord(c):08x}")
    return "".join(out)


# --- raw page text, before parsing -------------------------------------------------

_FORM_FEEDS = str.maketrans("\x0b\x0c", "  ")
UNSAFE_TEXT = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_CHAR_REF = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,8})|0*([0-9]{1,10}));?")


def _unsafe_code(code: int) -> bool:
    return (
        code < 0x20
        and code not in (0x09, 0x0A, 0x0D)
        or 0xD800 <= code <= 0xDFFF
        or code in (0xFFFE, 0xFFFF)
        or 0x202A <= code <= 0x202E
        or 0x2066 <= code <= 0x2069
        or code > 0x10FFFF
    )


def _char_ref(match: re.Match[str]) -> str:
    hexa, decimal = match.groups()
    code = int(hexa, 16) if hexa else int(decimal)
    if code in (0x0B, 0x0C):
        return " "
    return "" if _unsafe_code(code) else match.group(0)


def text_hygiene(html: str) -> str:
    """``html`` without the characters no parser of ours accepts, and no bidi controls.

    Vertical tabs and form feeds (raw or as ``&#12;``) become spaces; the other C0
    controls, surrogates, U+FFFE/U+FFFF and bidi embeddings, overrides and isolates
    are dropped, raw or written as numeric character references (``&#27;``).  They are
    never visible, so every visible character of the page is kept.  Pure.
    """
    if "&#" in html:
        html = _CHAR_REF.sub(_char_ref, html)
    html = html.translate(_FORM_FEEDS)
    return UNSAFE_TEXT.sub("", html) if UNSAFE_TEXT.search(html) else html
