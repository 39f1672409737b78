"""Text and link normalisation, so that markup noise never looks like a change.

Two levels:

- :func:`clean_markdown` runs on every extraction.  It removes what is never visible
  (zero-width characters, soft hyphens), turns every kind of space into a plain space,
  applies Unicode NFC and tidies Markdown whitespace.  It never drops visible text.
- :func:`comparison_key` is what the store compares to decide whether a fetch is a new
  version.  On top of the above it folds typographic quotes and dashes, so that a
  curly-quote round trip is not a "change".
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

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
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)

_MULTI_SPACE = re.compile(r" {2,}")
_MANY_BLANKS = re.compile(r"\n{3,}")
_LIST_NUMBER = re.compile(r"^(\s*)\d+[.)](\s+)", re.M)


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


_MD_LINK = re.compile(
    r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"
)
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^>\s]+>")
_URL_TEXT = re.compile(r"^(?:https?://|www\.)\S+$")


def _fold_link(match: re.Match[str]) -> str:
    text = match.group(1)
    return "<link>" if _URL_TEXT.match(text.strip()) else text


def strip_links(markdown: str) -> str:
    """Markdown with link targets removed: ``[text](url)`` → ``text``; URL-only text → ``<link>``.

    A link's target, and link text that only repeats a URL, are link metadata: a
    page that moves a link from one URL to another has not changed its terms.
    """
    text = _MD_LINK.sub(_fold_link, markdown)
    return _AUTOLINK.sub("<link>", text)


def comparison_key(markdown: str) -> str:
    """The text as compared between versions.

    Typography (curly quotes, dashes), list numbering, whitespace and link targets
    are folded, so only a change of visible words makes a new version.
    """
    text = strip_links(clean_text(markdown)).translate(_QUOTES)
    text = _LIST_NUMBER.sub(r"\g<1>1.\g<2>", text)
    return "\n".join(
        _MULTI_SPACE.sub(" ", line.strip()) for line in text.split("\n") if line.strip()
    )


# --- links -------------------------------------------------------------------

# Query parameters that identify a visit, not a page.
TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|gclsrc|dclid|msclkid|mc_cid|mc_eid|yclid|igshid|_ga|_gl|"
    r"_hsenc|_hsmi|mkt_tok|ref_src|ref_url|s_cid|trk|trkCampaign|si|spm|"
    r"sessionid|session_id|sid|phpsessid|jsessionid|"
    # signed and expiring CDN URLs (CloudFront, S3, GCS, Akamai)
    r"expires|signature|key-pair-id|policy|x-amz-[a-z-]+|x-goog-[a-z-]+|hdnts|token|"
    r"__cf_chl_[a-z_]+|nonce|cb|_)$",
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
        kept = [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMS.match(k)
        ]
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
