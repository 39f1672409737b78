"""A change's headline, rendered from its structured events: deterministic and short.

:func:`headline` ranks the events (:mod:`diffs.events`) and says the top one or two
in plain words, with old → new values where there are any, in at most
:data:`MAX_CHARS` characters:

1. a revert, then a document largely rewritten, are said first;
2. flag events, most severe category first (a protection removed ranks with a new
   grant), those with changed values before the others;
3. changed values (amounts, durations, dates, places, ages, percentages);
4. new or removed obligations ("must", "may", "will not", "reserves the right");
5. sections added or removed;
6. the other added, removed and reworded clauses, longest first.

A change with only cosmetic edits says which kinds ("Formatting and links only").
Every sentence comes from :mod:`diffs.messages`, so the same events can be rendered
in another language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from diffs import messages as msg
from diffs.categories import CATEGORIES, SEVERITY_RANK
from diffs.messages import format_date, format_list, quote, render
from diffs.result import ChangeEvent

__all__ = ["MAX_CHARS", "describe", "headline", "rank", "salient_terms"]

#: the longest headline, in characters
MAX_CHARS = 140
_WORD = re.compile(r"\w+")
_FLAG_KIND_RANK = {
    "protection_removed": 0,
    "added": 0,
    "modified": 1,
    "removed": 1,
    "protection_added": 2,
}
_TIER = {
    "reverted": 0,
    "rewritten": 1,
    "value_changed": 3,
    "obligation_added": 4,
    "obligation_removed": 4,
    "section_added": 5,
    "section_removed": 5,
    "clause_added": 6,
    "clause_removed": 6,
    "clause_reworded": 6,
    "moved": 7,
    "cosmetic": 8,
}


def rank(e: ChangeEvent) -> tuple[int, int, int, int, int]:
    """Sort key: lower ranks first (see the module docstring)."""
    if e.is_flag_event:
        sev = SEVERITY_RANK.get(e.severity or "medium", 1)
        has_values = 0 if (e.old or e.new or e.attrs.get("new")) else 1
        if e.attrs.get("narrowed"):
            has_values = 2
        return 2, sev, _FLAG_KIND_RANK.get(e.kind, 3), has_values, e.change_index or 0
    tier = _TIER.get(e.kind, 9)
    size = -len(_WORD.findall(e.text or "")) if tier == 6 else (e.change_index or 0)
    if e.kind == "clause_reworded":
        size = -len(_WORD.findall((e.added_words or "") + " " + (e.removed_words or "")))
    return tier, 0, 0, 0, size


def _noun(category: str | None) -> str:
    info = CATEGORIES.get(category or "")
    return info.noun if info else (category or "clause").replace("_", " ")


def _section(e: ChangeEvent) -> str | None:
    if not e.section:
        return None
    last = e.section.split(" › ")[-1]
    last = re.sub(r"^\s*(?:\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]\s*", "", last, flags=re.I)
    return quote(last, 50)


def _gist(text: str | None, limit: int = 90) -> str | None:
    """A clause as a whole quotable statement of at most ``limit`` characters, or None."""
    if not text:
        return None
    q = quote(text, limit)
    if q is not None:
        return q
    plain = quote(text, 10_000) or ""
    for sep in (": ", "; ", " — ", " – "):
        head = plain.split(sep, 1)[0]
        words = _WORD.findall(head)
        if (
            head != plain
            and len(words) >= 4
            and len(head) <= limit
            and words[-1].lower() not in _FUNCTION  # "…, we:" is no statement
        ):
            return head
    return None


_FUNCTION = frozenset(
    """
    a an the this that these those it its they them their we us our you your he she his her
    of to in on at by for with from as into about over under than then also which who whom
    whose what where when why how be is are was were been being have has had do does did
    shall will would should can could may might must not no nor and or but if so such any
    all each every some other more most less many much very only just both either neither
    including include includes included example examples e.g i.e etc certain various
    use uses used using provide provides provided make makes made get gets like well
    however therefore because while where whether there here own same new way ways
    information data services service please learn see note
    """.split()
)
_TOKEN = re.compile(r"[A-Za-z][\w'’&-]*|\d[\d.,%]*")


def salient_terms(text: str | None, exclude: str | None = None, n: int = 3) -> list[str]:
    """Up to ``n`` short phrases that say what ``text`` is about, in the order they appear.

    Runs of content words (no function words), at most three words each; names, numbers
    and long words first; words also in ``exclude`` (the text before the edit) left out.
    """
    if not text:
        return []
    plain = quote(text, 100_000) or ""
    skip = {w.lower() for w in _TOKEN.findall(exclude or "")}
    plain = re.sub(r"\b(?:https?://|www\.)\S+", " ", plain)
    runs: list[list[tuple[int, str, bool]]] = [[]]
    sentence_start = True
    for k, m in enumerate(_TOKEN.finditer(plain)):
        w = m.group(0).strip("'’.,")
        low = w.lower()
        first, sentence_start = sentence_start, plain[m.end() : m.end() + 1] in (".", ":", "!", "?")
        if low in _FUNCTION or low in skip or len(w) < 2:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((k, w, first))
    scored = []
    for run in runs:
        if not run:
            continue
        words = [w for _, w, _ in run][:3]
        score = sum(
            (2 if (w[:1].isupper() and not first) or w[:1].isdigit() else 0)
            + (1 if len(w) > 6 else 0)
            + 1
            for _, w, first in run[:3]
        )
        scored.append((score, run[0][0], " ".join(words)))
    chosen: list[tuple[int, str]] = []
    used: set[str] = set()
    for _, pos, phrase in sorted(scored, key=lambda t: (-t[0], t[1])):
        words = {w.lower() for w in phrase.split()}
        if words & used:
            continue  # "Age Check" once, not again in "Age Check powered"
        chosen.append((pos, phrase))
        used |= words
        if len(chosen) == n:
            break
    return [phrase for _, phrase in sorted(chosen)]


def _terms(text: str | None, exclude: str | None = None) -> str | None:
    terms = salient_terms(text, exclude)
    return format_list(terms) if terms else None


def _data_names(attrs: dict[str, object]) -> str | None:
    data = attrs.get("data")
    if isinstance(data, list) and data:
        return format_list([str(d) for d in data[:3]])
    return None


def _values(values: Sequence[str], kind: str | None) -> str:
    if kind == "date":
        values = [format_date(v) for v in values]
    return format_list(list(values)[:3])


def _words_message(e: ChangeEvent, noun: str) -> str:
    old = quote(e.removed_words or "", 45)
    new = quote(e.added_words or "", 45)
    if old and new:
        return render("flag.modified.words", noun=noun, old=old, new=new)
    if new and not e.removed_words:
        return render("flag.modified.added_words", noun=noun, new=new)
    if old and not e.added_words:
        return render("flag.modified.removed_words", noun=noun, old=old)
    terms = _terms(e.added_words, e.removed_words)
    if terms:
        return render("flag.modified.terms", noun=noun, terms=terms)
    terms = _terms(e.removed_words, e.added_words)
    if terms:
        return render("flag.modified.dropped_terms", noun=noun, terms=terms)
    return render("flag.modified", noun=noun)


def _protection(e: ChangeEvent, removed: bool) -> str:
    text = _gist(e.text, 80)
    key = "flag.protection_removed" if removed else "flag.protection_added"
    if text:
        return render(key, text=text)
    topic = msg.CATEGORY_PHRASES.get(e.category or "", _noun(e.category))
    terms = _terms(e.text)
    if terms:
        return render(key + ".terms", topic=topic, terms=terms)
    return render(key + ".short", topic=topic)


def _describe_ai(e: ChangeEvent) -> str | None:
    if e.kind == "added":
        data = _data_names(e.attrs)
        scope = e.attrs.get("scope") or []
        choice = e.attrs.get("choice")
        if isinstance(scope, list) and "third parties" in scope:
            return render("ai.third_parties", data=data or "your data")
        if choice == "opt_out":
            return render("ai.opt_out", data=data or "your data")
        if choice == "opt_in":
            return render("ai.opt_in", data=data or "your data")
        if data:
            return render("ai.no_choice", data=data)
        return render("ai.licence")
    if e.kind == "modified":
        old = e.attrs.get("old") if isinstance(e.attrs.get("old"), dict) else {}
        new = e.attrs.get("new") if isinstance(e.attrs.get("new"), dict) else {}
        assert isinstance(old, dict) and isinstance(new, dict)
        if new.get("choice") == "opt_out" and old.get("choice") != "opt_out":
            return render("ai.now_opt_out", data=_data_names(new) or "your data")
        if old.get("choice") == "opt_out" and new.get("choice") is None:
            return render("ai.opt_out_removed")
        gained = [d for d in new.get("data") or [] if d not in (old.get("data") or [])]
        if gained:
            return render("ai.widened", data=format_list(gained[:3]))
    return None


def _describe_flag(e: ChangeEvent) -> str | None:
    cat = e.category or ""
    noun = _noun(cat)
    if e.kind == "protection_removed":
        if cat == "human_review" and _gist(e.text, 80) is None:
            return render("human_review.protection_removed", data="your content")
        return _protection(e, removed=True)
    if e.kind == "protection_added":
        return _protection(e, removed=False)
    if cat == "ai_training":
        said = _describe_ai(e)
        if said:
            return said
    old, new = _values(e.old, e.value_kind), _values(e.new, e.value_kind)
    if e.kind == "modified" and e.attrs.get("narrowed"):
        text = _gist(e.removed_words or e.text, 70)
        section = _section(e)
        if text and section:
            return render("clause.removed.in", section=section, text=text)
        if text:
            return render("clause.removed", text=text)
        terms = _terms(e.removed_words or e.text)
        if terms:
            return render("flag.modified.dropped_terms", noun=noun, terms=terms)
        return render("flag.modified", noun=noun)
    if cat == "data_retention" and e.value_kind == "duration":
        if e.kind == "modified" and len(e.old) == 1 and len(e.new) == 1:
            longer = _days(e.new[0]) > _days(e.old[0])
            key = "data_retention.longer" if longer else "data_retention.shorter"
            return render(key, old=e.old[0], new=e.new[0])
        if e.kind == "modified" and e.old and e.new:
            return render("data_retention.changed", old=old, new=new)
        if e.kind == "added" and e.new:
            return render("data_retention.added", new=new)
    if cat in ("minimum_age", "contract_by_using") and e.value_kind == "age":
        if e.kind == "modified" and len(e.old) == 1 and len(e.new) == 1:
            key = "minimum_age.raised" if int(e.new[0]) > int(e.old[0]) else "minimum_age.lowered"
            return render(key, old=e.old[0], new=e.new[0])
        if e.kind == "modified" and e.old and e.new:
            return render("minimum_age.changed", old=old, new=new)
        if e.new and e.kind in ("added", "modified"):
            return render("minimum_age.added", new=new)
    if cat == "jurisdiction" and e.new:
        if e.kind == "modified" and e.old:
            return render("jurisdiction.modified", old=e.old[0], new=e.new[0])
        return render("jurisdiction.added", new=e.new[0])
    if cat == "choice_of_law" and e.new:
        if e.kind == "modified" and e.old:
            return render("choice_of_law.modified", old=e.old[0], new=e.new[0])
        return render("choice_of_law.added", new=e.new[0])
    if cat in ("liquidated_damages", "limitation_of_liability") and e.kind == "added" and e.new:
        return render(f"{cat}.added", new=format_list(e.new[:2]).replace(" and ", " / "))
    if cat == "data_location_and_transfers":
        if e.new and e.old:
            return render("data_location.changed", old=old, new=new)
        if e.new:
            return render("data_location.added", new=new)
        if e.old and e.kind == "modified":
            return render("data_location.removed", old=old)
        if e.kind == "added":
            return render("data_location.new_clause")
    if cat == "arbitration_opt_out":
        if e.kind == "removed":
            return render("arbitration_opt_out.removed")
        if e.kind == "added":
            return render("arbitration_opt_out.added")
        if e.old and e.new:
            return render("arbitration_opt_out.window", old=old, new=new)
    if cat == "human_review" and e.kind == "added":
        return render("human_review.added", data="your content")
    if cat == "subprocessors" and e.kind == "added":
        return render("subprocessors.added")
    if cat == "fees_and_refunds":
        text = (e.text or "").lower()
        if e.kind == "modified" and e.old and e.new and e.value_kind == "money":
            return render("fees.price", old=old, new=new)
        if e.kind in ("added", "modified"):
            scope = text if e.kind == "added" else (e.added_words or "").lower()
            if re.search(r"non-?refundable|no refund", scope):
                return render("fees.non_refundable")
            if re.search(r"renew\w* automatically|auto(?:matically)?[- ]?renew", scope):
                return render("fees.auto_renew")
        if e.kind == "added":
            return render("fees.added")
    if e.kind == "added":
        terms = _terms(e.text)
        if terms and cat != "ai_training":
            return render("flag.added.terms", noun=noun, terms=terms)
        return render("flag.added", noun=noun)
    if e.kind == "removed":
        return render("flag.removed", noun=noun)
    # modified
    if e.old and e.new:
        return render("flag.modified.values", noun=noun, old=old, new=new)
    if e.new and not e.old:
        return render("flag.modified.new_values", noun=noun, new=new)
    if e.old and not e.new:
        return render("flag.modified.old_values", noun=noun, old=old)
    return _words_message(e, noun)


def _days(label: str) -> float:
    m = re.match(r"(\d+)\s+(\w+)", label)
    if not m:
        return 0.0
    per = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
    return int(m.group(1)) * per.get(m.group(2).rstrip("s"), 1)


def describe(e: ChangeEvent) -> str | None:
    """One sentence for one event (None when the event has nothing to say on its own)."""
    if e.is_flag_event:
        return _describe_flag(e)
    section = _section(e)
    if e.kind == "reverted":
        return render("reverted", date=format_date(str(e.attrs.get("date") or "")))
    if e.kind == "rewritten":
        a = e.attrs
        removed = int(a.get("sections_removed") or 0)
        words = {
            "old_words": f"{a.get('old_words', 0):,}",
            "new_words": f"{a.get('new_words', 0):,}",
        }
        if removed:
            return render("rewritten.sections", count=removed, **words)
        return render("rewritten", count=1, **words)
    if e.kind == "cosmetic":
        kinds = [msg.COSMETIC_KINDS.get(k, k) for k in e.attrs.get("kinds") or ["formatting"]]
        text = format_list(kinds[:3])
        return render("cosmetic", kinds=text[:1].upper() + text[1:])
    if e.kind == "moved":
        return render("moved")
    if e.kind == "value_changed":
        old, new = _values(e.old, e.value_kind), _values(e.new, e.value_kind)
        if old and new:
            if section:
                label = msg.value_label(e.value_kind or "")
                return render("value.changed.in", label=label, section=section, old=old, new=new)
            return render(
                "value.changed", label=msg.value_label(e.value_kind or ""), old=old, new=new
            )
        return _reworded(e, section)
    if e.kind in ("section_added", "section_removed"):
        title = quote(e.text or "", 60)
        if not title:
            return None
        return render(
            "section.added" if e.kind == "section_added" else "section.removed", title=title
        )
    if e.kind in ("obligation_added", "obligation_removed", "clause_added", "clause_removed"):
        if e.attrs.get("reworded"):
            return _reworded(e, section)
        added = e.kind.endswith("added")
        text = _gist(e.text, 90)
        if text is None:
            terms = _terms(e.text)
            if not terms:
                return None
            key = "clause.added.terms" if added else "clause.removed.terms"
            if section:
                return render(key + ".in", section=section, terms=terms)
            return render(key, terms=terms)
        if e.kind.startswith("obligation"):
            key = "obligation.added" if added else "obligation.removed"
            if added and section:
                return render("obligation.added.in", section=section, text=text)
            return render(key, text=text)
        key = "clause.added" if added else "clause.removed"
        if section and len(text) < 70:
            return render(key + ".in", section=section, text=text)
        return render(key, text=text)
    if e.kind == "clause_reworded":
        return _reworded(e, section)
    return None


def _reworded(e: ChangeEvent, section: str | None) -> str | None:
    old = quote(e.removed_words or "", 50)
    new = quote(e.added_words or "", 50)
    suffix = ".in" if section else ""
    params: dict[str, str] = {"section": section} if section else {}
    if old and new:
        return render("clause.reworded" + suffix, old=old, new=new, **params)
    if new and not e.removed_words:
        return render("clause.inserted" + suffix, new=new, **params)
    if old and not e.added_words:
        return render("clause.deleted" + suffix, old=old, **params)
    terms = _terms(e.added_words, e.removed_words)
    if terms:
        return render("clause.reworded.terms" + suffix, terms=terms, **params)
    terms = _terms(e.removed_words, e.added_words)
    if terms:
        return render("clause.dropped.terms" + suffix, terms=terms, **params)
    return None


def _sections_summary(events: Sequence[ChangeEvent], kind: str) -> str | None:
    titles = [quote(e.text or "", 40) for e in events if e.kind == kind]
    titles = [t for t in titles if t]
    if len(titles) < 2:
        return None
    key = "sections.added" if kind == "section_added" else "sections.removed"
    shown = format_list([f"“{t}”" for t in titles[:2]])
    if len(titles) > 2:
        shown = ", ".join(f"“{t}”" for t in titles[:2]) + " …"
    return render(key, count=len(titles), titles=shown)


def headline(events: Sequence[ChangeEvent], significance: str | None = None) -> str:
    """The one-line headline of a change with these events (see the module docstring)."""
    if not events:
        return render("none") if significance == "none" else render("unknown")
    ordered = sorted(events, key=rank)
    parts: list[str] = []
    seen_kinds: set[tuple[str | None, str]] = set()
    for e in ordered:
        if len(parts) == 2:
            break
        if e.is_flag_event:
            key = (e.category, "flag")  # one fact per category: no repeated facts
            if key in seen_kinds:
                continue
            seen_kinds.add(key)
        if e.kind in ("section_added", "section_removed"):
            text = _sections_summary(ordered, e.kind) or describe(e)
            seen_kinds.add((None, e.kind))
        else:
            if (None, e.kind) in seen_kinds and e.kind.startswith("section"):
                continue
            text = describe(e)
        if not text or text in parts or len(text) > MAX_CHARS:
            continue
        if parts and e.kind == "cosmetic" and ordered[0].kind != "reverted":
            continue
        parts.append(text)
    if not parts:
        return render("unknown")
    line = msg.join(parts)
    if len(line) > MAX_CHARS:
        line = parts[0]
    return line
