"""A main-content selector for a page we know nothing about (``catalog add``, ``try URL``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from tracker.catalog.selectors import PLAIN, UTILITY, generated_name
from tracker.errors import ExtractionError

# Chrome that is never part of a document, inside or around it.
CHROME_TAGS = ("nav", "header", "footer", "aside")

CHROME_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search")

NOISE_WORDS = (
    "cookie",
    "consent",
    "breadcrumb",
    "newsletter",
    "share",
    "social",
    "feedback",
    "skip-link",
    "back-to-top",
)


@dataclass
class Suggestion:
    select: str
    remove: list[str]
    reason: str
    chars: int = 0
    share: float = 0.0  # of the page's visible text
    candidates: list[tuple[str, int]] = field(default_factory=list)


def _clean_tree(html: str | bytes) -> Any:
    from tracker.extract import parse_html

    root = parse_html(html)
    etree.strip_elements(
        root, "script", "style", "noscript", "template", "svg", etree.Comment, with_tail=False
    )
    return root


def _is_chrome(el: Any) -> bool:
    if not isinstance(el.tag, str):
        return False
    return el.tag in CHROME_TAGS or (el.get("role") or "") in CHROME_ROLES


def _text_len(el: Any) -> tuple[int, int]:
    """(visible text length outside navigation chrome, of which inside links)."""
    total = links = 0
    stack = [(el, False)]
    while stack:
        node, in_link = stack.pop()
        if node is not el and _is_chrome(node):
            continue
        if not isinstance(node.tag, str):
            continue
        in_link = in_link or node.tag == "a"
        size = len((node.text or "").strip())
        total += size
        links += size if in_link else 0
        for child in node:
            stack.append((child, in_link))
            tail = len((child.tail or "").strip())
            total += tail
            links += tail if in_link else 0
    return total, links


def _stable(name: str) -> bool:
    """A plain name that is neither generated nor a styling class (as the doctor judges)."""
    return bool(PLAIN.match(name)) and not generated_name(name) and not UTILITY.match(name)


def _unique(root: Any, selector: str) -> bool:
    from lxml.cssselect import CSSSelector

    try:
        return len(CSSSelector(selector, translator="html")(root)) == 1
    except Exception:
        return False


def selector_for(root: Any, el: Any) -> str | None:
    """A short CSS selector that matches ``el`` alone, from stable-looking ids and classes."""
    tag = el.tag
    if tag in ("main", "article") and _unique(root, tag):
        return tag
    if el.get("role") == "main" and _unique(root, "[role=main]"):
        return "[role=main]"
    ident = el.get("id") or ""
    if ident and _stable(ident) and _unique(root, f"#{ident}"):
        return f"#{ident}"
    classes = [c for c in (el.get("class") or "").split() if _stable(c)]
    for cls in classes:
        for candidate in (f".{cls}", f"{tag}.{cls}"):
            if _unique(root, candidate):
                return candidate
    for i, first in enumerate(classes):
        for second in classes[i + 1 :]:
            if _unique(root, f"{tag}.{first}.{second}"):
                return f"{tag}.{first}.{second}"
    return None


def _noise_inside(root: Any, el: Any) -> list[str]:
    from lxml.cssselect import CSSSelector

    found: list[str] = []
    for candidate in list(CHROME_TAGS) + [f"[role={r}]" for r in CHROME_ROLES]:
        if CSSSelector(candidate, translator="html")(el):
            found.append(candidate)
    for word in NOISE_WORDS:
        for attr in ("id", "class"):
            sel = f"[{attr}*={word}]"
            if CSSSelector(sel, translator="html")(el):
                found.append(sel)
    return found


def _scored_blocks(root: Any) -> list[tuple[float, int, Any]]:
    """(chars × share of non-link text, chars, element) of text blocks, best first."""
    scored: list[tuple[float, int, Any]] = []
    for el in root.iter("div", "section", "article", "main", "td"):
        if not (el.get("id") or el.get("class") or el.tag in ("main", "article")):
            continue
        if any(_is_chrome(a) for a in el.iterancestors()) or _is_chrome(el):
            continue
        chars, links = _text_len(el)
        if chars < 200:
            continue
        density = 1 - links / chars
        scored.append((chars * density, chars, el))
    scored.sort(key=lambda t: t[0], reverse=True)
    return scored


def _most_specific(scored: list[tuple[float, int, Any]]) -> Any:
    """The deepest element inside the best block that keeps nearly all its text."""
    _best_score, best_chars, best = scored[0]
    chosen, chosen_depth = best, 0
    for _score, chars, el in scored:
        if chars >= 0.85 * best_chars and best in el.iterancestors():
            depth = sum(1 for _ in el.iterancestors())
            if depth > chosen_depth:
                chosen, chosen_depth = el, depth
    return chosen


def suggest_selector(html: str | bytes) -> Suggestion:
    """Guess the selector of a page's main content.

    In order: ``main``, ``[role=main]`` or ``article`` when it holds most of the
    page's text; else the element (with an id or class) that holds most text with few
    links, narrowed down to its most specific descendant that keeps nearly all of it;
    else ``body``.  ``remove`` lists navigation, banners and cookie notices found
    inside the chosen element.
    """
    from lxml.cssselect import CSSSelector

    root = _clean_tree(html)
    body = root.find("body")
    if body is None:
        body = root
    body_chars, _ = _text_len(body)
    if body_chars == 0:
        return Suggestion("body", [], "the page has no visible text", 0, 0.0)

    def share(el: Any) -> float:
        return _text_len(el)[0] / body_chars

    for tag in ("main", "[role=main]", "article"):
        matches = CSSSelector(tag, translator="html")(root)
        if len(matches) == 1 and share(matches[0]) >= 0.5:
            return Suggestion(
                tag,
                _noise_inside(root, matches[0]),
                f"the page's only {tag} holds {share(matches[0]):.0%} of its text",
                _text_len(matches[0])[0],
                share(matches[0]),
            )
    scored = _scored_blocks(root)
    candidates: list[tuple[str, int]] = []
    picked = None
    if scored:
        seen: set[str] = set()
        for el in [_most_specific(scored), scored[0][2]] + [e for _s, _c, e in scored]:
            selector = selector_for(root, el)
            if selector is None or selector in seen:
                continue
            seen.add(selector)
            candidates.append((selector, _text_len(el)[0]))
            picked = el if picked is None else picked
    if candidates and picked is not None:
        selector, chars = candidates[0]
        return Suggestion(
            selector,
            _noise_inside(root, picked),
            f"{selector} holds {share(picked):.0%} of the page's text with few links",
            chars,
            share(picked),
            candidates[:5],
        )
    return Suggestion(
        "body",
        _noise_inside(root, body),
        "no element stands out; review the selector by hand",
        body_chars,
        1.0,
    )


def page_language(html: str | bytes) -> str | None:
    """The primary language subtag of ``<html lang>``, if any (``en-GB`` gives ``en``)."""
    try:
        lang = _clean_tree(html).get("lang") or ""
    except ExtractionError:
        return None
    lang = lang.strip().split("-")[0].split("_")[0].lower()
    return lang if re.fullmatch(r"[a-z]{2,3}", lang) else None
