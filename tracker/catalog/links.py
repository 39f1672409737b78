"""Where a moved document went: the links of a page that may lead to it.

When no part of a page gives the document's text, the doctor follows, best first, a
``<meta http-equiv="refresh">`` redirect, a ``<link rel="canonical">`` to another
address, and links whose text (or address) names the document: "Terms of Service",
"Privacy", "Legal notice"…  The same page (another ``#fragment`` of it) is skipped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from tracker.errors import ExtractionError

# Words that name each terms type on a page (the type's own name is always first).
_NAMES = {
    "Terms of Service": (
        "terms of service", "terms of use", "terms and conditions", "user agreement",
        "terms", "conditions", "tos",
    ),
    "Privacy Policy": (
        "privacy policy", "privacy notice", "privacy statement", "data protection", "privacy",
    ),
    "Imprint": ("imprint", "legal notice", "impressum", "mentions legales", "legal"),
    "Trackers Policy": ("cookie policy", "cookies policy", "cookie notice", "cookies", "cookie"),
    "Community Guidelines": ("community guidelines", "community standards", "rules"),
    "Acceptable Use Policy": ("acceptable use", "usage policies", "usage policy", "use policy"),
    "Developer Terms": ("developer terms", "developer agreement", "api terms", "developer"),
    "Copyright Claims Policy": ("copyright", "dmca", "intellectual property"),
    "Commercial Terms": ("commercial terms", "business terms", "enterprise terms"),
}  # fmt: skip

_MAX_TEXT = 120  # characters of link text read


@dataclass(frozen=True)
class Lead:
    """A page that may hold the document, and why it was picked."""

    url: str
    why: str
    rank: float


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def names_for(terms_type: str) -> tuple[str, ...]:
    """The phrases that name ``terms_type`` on a page, most specific first."""
    own = _fold(terms_type)
    extra = _NAMES.get(terms_type, ())
    words = tuple(w for w in own.split() if len(w) > 3 and w not in ("policy", "terms"))
    return tuple(dict.fromkeys((own, *map(_fold, extra), *words)))


def _same_page(a: str, b: str) -> bool:
    def key(url: str) -> tuple[str, str, str]:
        parts = urlsplit(url)
        return (parts.netloc.lower(), parts.path.rstrip("/") or "/", parts.query)

    return key(a) == key(b)


def _text_rank(text: str, names: tuple[str, ...]) -> float:
    folded = _fold(text[:_MAX_TEXT])
    if not folded:
        return 0.0
    if folded == names[0] or folded.startswith(names[0] + " "):
        return 3.0
    padded = f" {folded} "
    for i, name in enumerate(names):
        if f" {name} " in padded:
            return 2.5 if i == 0 else 2.0
    return 0.0


def _url_rank(url: str, names: tuple[str, ...]) -> float:
    path = _fold(urlsplit(url).path + " " + urlsplit(url).fragment)
    padded = f" {path} "
    return 1.0 if any(f" {name} " in padded for name in names) else 0.0


def _refresh_target(root: Any) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            match = re.search(r"url\s*=\s*['\"]?([^'\";]+)", meta.get("content") or "", re.I)
            if match:
                return match.group(1).strip()
    return None


def leads(html: str | bytes, page_url: str, terms_type: str, limit: int = 5) -> list[Lead]:
    """Up to ``limit`` pages the document may have moved to, best first."""
    from tracker.extract import parse_html

    try:
        root = parse_html(html)
    except ExtractionError:
        return []
    base = page_url
    for el in root.iter("base"):
        if el.get("href"):
            base = urljoin(page_url, el.get("href"))
            break
    names = names_for(terms_type)
    found: dict[str, Lead] = {}

    def add(href: str | None, why: str, rank: float) -> None:
        if not href or rank <= 0:
            return
        url = urljoin(base, href.strip())
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return
        if _same_page(url, page_url):
            return
        url = urlunsplit(parts)
        if url not in found or found[url].rank < rank:
            found[url] = Lead(url, why, rank)

    add(_refresh_target(root), "the page's redirect (meta refresh)", 5.0)
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            add(link.get("href"), "the page's canonical address", 4.0)
    for order, a in enumerate(root.iter("a")):
        href = a.get("href")
        text = " ".join(a.text_content().split())
        rank = max(_text_rank(text, names), _url_rank(urljoin(base, href or ""), names))
        why = f"the link {text[:60]!r}" if text else "a link to it"
        add(href, why, rank - order / 100_000)  # earlier links first among equals
    ranked = sorted(found.values(), key=lambda lead: lead.rank, reverse=True)
    return ranked[:limit]
