"""Candidate selectors on a page, scored against a document's last good version.

The selector doctor's search (``catalog doctor``, and ``catalog try`` when a selector
fails).  Given a page and the text the document had, it:

1. cleans the page as extraction does (scripts, styles, forms… dropped) and keeps the
   old declaration's ``remove`` rules that still match;
2. gathers candidates: every block element whose text is about the size of the last
   version (from ``main``, ``article`` and ``[role=main]`` to elements with ids or class
   names, and the body), plus the main text block that `trafilatura
   <https://trafilatura.readthedocs.io>`_ finds on its own;
3. scores each one's words against the last version's (:mod:`tracker.catalog.score`),
   and, for the best, tries removing the blocks inside it that the last version did not
   have (headers, footers, cookie banners, tables of contents);
4. gives each candidate a CSS selector: stable ids and class names first; a class that
   looks generated (``footer--JPmRP55e``, ``css-1x2y3z``) or a position
   (``:nth-of-type``) is used only when nothing else matches, and is marked fragile;
5. extracts the best few for real with :func:`tracker.extract.extract` and scores the
   Markdown, so that what is proposed is exactly what a crawl would record.

Nothing here fetches or writes: it is a function of the page and the last text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from rapidfuzz.distance import Indel

from tracker.catalog.score import Score, score_text, similarity, unaligned
from tracker.catalog.selectors import PLAIN, fragile_parts, generated_name, name_kind
from tracker.errors import ExtractionError

_TOKEN = re.compile(r"\w+")
# What extraction always drops (tracker.extract._ALWAYS_REMOVE), dropped here too.
_NEVER_TEXT = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object",
    "embed", "link", "meta", "head", "input", "select", "textarea",
)  # fmt: skip

# Inline elements are never the document, nor a block to remove.
_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    "wbr", "img", "label", "button", "font", "li", "p", "dt", "dd", "td", "th", "tr",
    "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip

_CHROME_TAGS = ("header", "footer", "nav", "aside")
_CHROME_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search", "dialog")

# Candidates are elements whose text has between these shares of the last version's words.
_SMALLEST, _LARGEST = 0.4, 4.0
_POOL = 400  # at most this many candidates are scored
_REFINED = 6  # the best this many, and this many with a stable selector, are refined
_EXTRACTED = 5  # the best this many are extracted for real
_CLOSE = 0.01  # within this of the best similarity, prefer stable and simple selectors
_BUDGET = 2_000_000_000  # word steps of LCS spent on scoring candidates, about a second


@dataclass
class Proposal:
    """A selector (and what to remove) for a page, with its score against the last version."""

    select: list[str]
    remove: list[str]
    score: Score
    how: str
    fragile: list[str] = field(default_factory=list)  # the fragile parts, and why
    kind: int = 0  # of the select (see _select_options): lower names the text better
    on_previous: bool | None = None  # the same rules gave the last version on its own page
    markdown: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "select": list(self.select),
            "remove": list(self.remove),
            **self.score.to_dict(),
            "how": self.how,
            "fragile": list(self.fragile),
            "works_on_last_good_page": self.on_previous,
        }


def _xpath(selector: str) -> Any:
    from cssselect import HTMLTranslator

    return etree.XPath(HTMLTranslator().css_to_xpath(selector))


def _drop(el: Any) -> None:
    """Remove an element, keeping its tail text (as extraction does)."""
    parent = el.getparent()
    if parent is None:
        return
    tail, prev = el.tail or "", el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


@dataclass
class _Group:
    """Elements that hold the same text (nested wrappers), outermost first."""

    members: list[Any]
    start: int
    end: int
    similarity: float = 0.0
    sources: set[str] = field(default_factory=set)
    remove: list[str] = field(default_factory=list)


class _Page:
    """A cleaned page, its words in document order, and where each element's words are."""

    def __init__(self, html: str | bytes, keep_remove: list[str]) -> None:
        from tracker.extract import parse_html

        self.root = parse_html(html)
        etree.strip_elements(self.root, *_NEVER_TEXT, etree.Comment, with_tail=False)
        self.kept_remove = []
        for sel in keep_remove:
            try:
                matches = _xpath(sel)(self.root)
            except Exception:
                continue
            if matches:
                self.kept_remove.append(sel)
            for el in matches:
                _drop(el)
        self.vocab: dict[str, int] = {}
        self.tokens: list[int] = []
        self.span: dict[Any, tuple[int, int]] = {}
        self.elements: list[Any] = []
        for event, el in etree.iterwalk(self.root, events=("start", "end")):
            if not isinstance(el.tag, str):
                continue
            if event == "start":
                self.span[el] = (len(self.tokens), -1)
                self.elements.append(el)
                self._add(el.text)
            else:
                self.span[el] = (self.span[el][0], len(self.tokens))
                if el is not self.root:
                    self._add(el.tail)
        self.ids = Counter(el.get("id") for el in self.elements if el.get("id"))
        self.classes: Counter[str] = Counter()
        self.tag_classes: Counter[tuple[str, str]] = Counter()
        for el in self.elements:
            for cls in set((el.get("class") or "").split()):
                self.classes[cls] += 1
                self.tag_classes[(el.tag, cls)] += 1
        self.tags = Counter(el.tag for el in self.elements)
        self.roles = Counter(el.get("role") for el in self.elements if el.get("role"))

    def _add(self, text: str | None) -> None:
        if text:
            self.tokens.extend(self.word_ids(text))

    def word_ids(self, text: str) -> list[int]:
        vocab = self.vocab
        return [vocab.setdefault(w, len(vocab)) for w in _TOKEN.findall(text.lower())]

    def size(self, el: Any) -> int:
        start, end = self.span[el]
        return end - start

    def words_without(self, start: int, end: int, holes: list[tuple[int, int]]) -> list[int]:
        out, at = [], start
        for hole_start, hole_end in sorted(holes):
            if hole_start >= at:
                out.extend(self.tokens[at:hole_start])
                at = hole_end
            else:
                at = max(at, hole_end)
        out.extend(self.tokens[at:end])
        return out


def _groups(page: _Page, reference: list[int]) -> list[_Group]:
    """Block elements about the size of the reference, grouped by the words they hold."""
    low, high = _SMALLEST * len(reference), _LARGEST * len(reference)
    by_span: dict[tuple[int, int], _Group] = {}
    for el in page.elements:
        if el.tag in _INLINE or not low <= page.size(el) <= high:
            continue
        start, end = page.span[el]
        group = by_span.get((start, end))
        if group is None:
            by_span[(start, end)] = _Group([el], start, end)
        else:
            group.members.append(el)
    ranked = sorted(by_span.values(), key=lambda g: abs((g.end - g.start) - len(reference)))
    groups, cost = [], 0
    for group in ranked[:_POOL]:
        # the LCS costs about n·m/64 word steps: a 50,000-word policy scores fewer blocks
        cost += (group.end - group.start) * len(reference) // 64
        if len(groups) >= 30 and cost > _BUDGET:
            break
        group.similarity = similarity(page.tokens[group.start : group.end], reference)
        groups.append(group)
    return groups


def _library_block(html: str | bytes, page: _Page, groups: list[_Group]) -> _Group | None:
    """The group holding the main text block that trafilatura finds (or None)."""
    import trafilatura

    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    try:
        found = trafilatura.extract(
            text, favor_recall=True, include_comments=False, include_tables=True
        )
    except Exception:  # a library failure only loses one candidate
        return None
    if not found:
        return None
    target = page.word_ids(found)
    best, best_sim = None, 0.0
    for group in groups:
        sim = Indel.normalized_similarity(page.tokens[group.start : group.end], target)
        if sim > best_sim:
            best, best_sim = group, sim
    if best is None:
        # the block may be outside the size range of the last version: look at every block
        for el in page.elements:
            if el.tag in _INLINE or not 0.5 * len(target) <= page.size(el) <= 2 * len(target):
                continue
            start, end = page.span[el]
            sim = Indel.normalized_similarity(page.tokens[start:end], target)
            if sim > best_sim:
                best, best_sim = _Group([el], start, end), sim
    return best if best_sim >= 0.5 else None


def _select_options(page: _Page, el: Any) -> list[tuple[int, str, str]]:
    """(kind, selector, how) of selectors that match ``el`` alone; a lower kind is better.

    0: ``main``, ``article``, ``[role=main]``; 1–2: an id, a class name that says where
    the text is; 3–4: another id or class name; then the fragile ones: 5 a styling class
    (``pb-12``, ``col-md-10``), 6 a generated name, 7 a position; 8: ``body``.
    """
    out: list[tuple[int, str, str]] = []
    tag = el.tag
    if tag == "body":
        return [(8, "body", "the page's body")]
    if tag == "html":
        return []
    if tag in ("main", "article") and page.tags[tag] == 1:
        out.append((0, tag, f"the page's only <{tag}>"))
    if el.get("role") == "main" and page.roles["main"] == 1:
        out.append((0, "[role=main]", "the page's only [role=main]"))
    ident = el.get("id") or ""
    if ident and page.ids[ident] == 1:
        sel = f"#{ident}" if PLAIN.match(ident) else f'[id="{ident}"]'
        out.append((name_kind(ident, True), sel, f"the element with the id {ident!r}"))
    for cls in (el.get("class") or "").split():
        if not PLAIN.match(cls):
            continue
        kind = name_kind(cls, False)
        if page.classes[cls] == 1:
            out.append((kind, f".{cls}", f"the element with the class {cls!r}"))
        elif page.tag_classes[(tag, cls)] == 1:
            out.append((kind, f"{tag}.{cls}", f"the <{tag}> with the class {cls!r}"))
    if not out:
        parent = el.getparent()
        above = _select_options(page, parent) if parent is not None else []
        if above:
            same = [s for s in parent if isinstance(s.tag, str) and s.tag == tag]
            position = same.index(el) + 1
            sel = f"{min(above)[1]} > {tag}:nth-of-type({position})"
            out.append((7, sel, f"<{tag}> number {position} inside {min(above)[1]}"))
    return sorted(out, key=lambda o: o[0])


def _group_selector(page: _Page, group: _Group) -> tuple[int, str, str] | None:
    """The best (kind, selector, how) among a group's members: by kind, then outermost."""
    options = [
        (kind, depth, sel, how)
        for depth, el in enumerate(group.members)
        for kind, sel, how in _select_options(page, el)
    ]
    if not options:
        return None
    kind, _depth, sel, how = min(options)
    return kind, sel, how


def _remove_selector(page: _Page, el: Any, inside: _Group, extra: list[bool]) -> str | None:
    """A selector for a block to remove: every element it matches inside is extra text.

    Stable ids and class names first, then the element's tag or role when it is page
    chrome (``footer``, ``[role=banner]``), then generated names (fragile).
    """
    names = [("#", el.get("id") or "")] + [(".", c) for c in (el.get("class") or "").split()]
    named = [(generated_name(n), f"{p}{n}") for p, n in names if n and PLAIN.match(n)]
    options = [sel for generated, sel in named if not generated]
    if el.tag in _CHROME_TAGS:
        options.append(el.tag)
    if el.get("role") in _CHROME_ROLES:
        options.append(f"[role={el.get('role')}]")
    options += [sel for generated, sel in named if generated]
    for sel in options:
        try:
            matches = _xpath(sel)(page.root)
        except Exception:
            continue
        if all(_mostly_extra(page, m, inside, extra) for m in matches):
            return sel
    return None


def _mostly_extra(page: _Page, el: Any, inside: _Group, extra: list[bool]) -> bool:
    start, end = page.span[el]
    if start < inside.start or end > inside.end:
        return True  # outside the selected element: removing it changes nothing
    if end == start:
        return True
    return sum(extra[start - inside.start : end - inside.start]) >= 0.9 * (end - start)


def _refine(page: _Page, group: _Group, reference: list[int]) -> None:
    """Find blocks inside the group that the last version did not have, and remove them."""
    words = page.tokens[group.start : group.end]
    if not words:
        return
    extra = unaligned(words, reference)
    outer = group.members[0]
    blocks = []
    for el in outer.iterdescendants():
        if not isinstance(el.tag, str) or el.tag in _INLINE and el.tag not in ("p", "li"):
            continue
        start, end = page.span[el]
        if end - start >= 3 and _mostly_extra(page, el, group, extra):
            if not any(s <= start and end <= e for s, e in (page.span[b] for b in blocks)):
                blocks.append(el)
    blocks.sort(key=page.size, reverse=True)
    holes: list[tuple[int, int]] = []
    best = group.similarity
    for el in blocks[:12]:
        sel = _remove_selector(page, el, group, extra)
        if sel is None or sel in group.remove:
            continue
        spans = [page.span[m] for m in _xpath(sel)(page.root) if m in page.span]
        trial = holes + [s for s in spans if group.start <= s[0] and s[1] <= group.end]
        sim = similarity(page.words_without(group.start, group.end, trial), reference)
        if sim > best + 0.0005:
            best, holes = sim, trial
            group.remove.append(sel)
    group.similarity = best


def _describe(how: str, sources: set[str], removed: int) -> str:
    text = how
    if "trafilatura" in sources:
        text += "; also the main text block trafilatura finds"
    if removed:
        text += f"; minus {removed} block{'s' if removed > 1 else ''} the last version did not have"
    return text


def _to_refine(page: _Page, groups: list[_Group], library: _Group | None) -> list[_Group]:
    """The best groups, the best groups with a stable selector, and the library's block."""
    ranked = sorted(groups, key=lambda g: g.similarity, reverse=True)
    chosen = ranked[:_REFINED]
    stable = 0
    for group in ranked[_REFINED:]:
        if stable >= _REFINED:
            break
        selector = _group_selector(page, group)
        if selector is not None and selector[0] <= 4:
            chosen.append(group)
            stable += 1
    if library is not None:
        library.sources.add("trafilatura")
        if library not in chosen:
            chosen.append(library)
    return chosen


def propose(
    html: str | bytes,
    reference: str,
    base_url: str | None = None,
    keep_remove: list[str] | tuple[str, ...] = (),
    previous_html: str | bytes | None = None,
    limit: int = _EXTRACTED,
) -> list[Proposal]:
    """Selectors for the page ``html`` whose text is closest to ``reference``, best first.

    ``reference`` is the document's last good version (Markdown); ``keep_remove`` the
    old declaration's ``remove`` rules, kept where they still match; ``previous_html``
    the page that last version came from, when known (a selector that also gave the
    last version there is preferred among equals).  Returns at most ``limit``
    proposals, scored on the Markdown that :func:`tracker.extract.extract` gives;
    an empty list when the page holds nothing of the size of the document.
    """
    from tracker.extract import extract

    strings = [s for s in keep_remove if isinstance(s, str)]
    try:
        page = _Page(html, strings)
    except ExtractionError:
        return []
    ref_ids = page.word_ids(re.sub(r"\]\([^)]*\)", "]", reference))
    if not ref_ids:
        return []
    groups = _groups(page, ref_ids)
    library = _library_block(html, page, groups)
    if library is not None and library not in groups:
        library.similarity = similarity(page.tokens[library.start : library.end], ref_ids)
    refined = _to_refine(page, groups, library)
    for group in refined:
        _refine(page, group, ref_ids)
    proposals: list[Proposal] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for group in sorted(refined, key=lambda g: g.similarity, reverse=True):
        chosen = _group_selector(page, group)
        if chosen is None:
            continue
        kind, select, how = chosen
        remove = page.kept_remove + group.remove
        if (select, tuple(remove)) in seen:
            continue
        seen.add((select, tuple(remove)))
        try:
            markdown = extract(html, [select], remove or None, base_url)
        except ExtractionError:
            continue
        proposals.append(
            Proposal(
                [select],
                remove,
                score_text(markdown, reference),
                _describe(how, group.sources, len(group.remove)),
                fragile_parts(select, kind, group.remove),
                kind=kind,
                markdown=markdown,
            )
        )
        if len(proposals) >= 2 * limit:
            break
    if previous_html is not None:
        for proposal in proposals:
            try:
                before = extract(previous_html, proposal.select, proposal.remove or None)
                proposal.on_previous = score_text(before, reference).similarity >= 0.9
            except ExtractionError:
                proposal.on_previous = False
    return rank(proposals)[:limit]


def rank(proposals: list[Proposal]) -> list[Proposal]:
    """Best first: the highest similarity; among those within 0.01 of it, the sturdiest.

    Sturdy means, in this order: no fragile part; an element rather than the whole
    body; a selector that names the text (``main``, an id or class about the content)
    rather than the layout; the same rules gave the last version on its own page; fewer
    rules to remove; a shorter selector.
    """
    if not proposals:
        return []
    best = max(p.score.similarity for p in proposals)

    def key(p: Proposal) -> tuple:
        return (
            p.score.similarity < best - _CLOSE,
            bool(p.fragile),
            p.select == ["body"],  # the whole page minus chrome: new chrome leaks in
            p.kind,
            p.on_previous is False,
            len(p.remove),
            len(p.select[0]),
            -p.score.similarity,
        )

    return sorted(proposals, key=key)
