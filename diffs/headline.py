"""A change's headline, rendered from its structured events: deterministic and short.

:func:`headline` ranks the events (:mod:`diffs.events`) and says the top one or two
in plain words, in at most :data:`MAX_CHARS` characters:

1. a revert, then a document largely rewritten, are said first;
2. flag events, most severe category first (a protection removed ranks with a new
   grant), those with changed values before the others;
3. changed values (amounts, durations, dates, places, ages, percentages) and a company
   or name replaced throughout;
4. new or removed obligations ("must", "may", "will not", "reserves the right");
5. sections added or removed;
6. the other added, removed and reworded clauses, those that change most first.

What a headline says of an event, best first: a category's own sentence with its
values ("Retention extended from 30 to 90 days"); a whole short sentence quoted from
the policy, or a complete clause of it cut at a natural boundary ('Adds: “…”'); the
phrase a rewording changed, with its context (“induce or facilitate” → “induce or
knowingly facilitate”); and when nothing specific can be said truthfully (a text in a
language the rules do not read, a sentence too long to quote), a short general one
("Section “Fees” reworded").  It never lists words picked out of a clause.

A change with only cosmetic edits says which kinds ("Formatting and links only").
Every sentence comes from :mod:`diffs.messages`, so the same events can be rendered
in another language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from diffs import messages as msg
from diffs.categories import CATEGORIES, SEVERITY_RANK
from diffs.messages import format_date, format_list, render
from diffs.phrases import (
    FUNCTION_WORDS,
    META_SECTION,
    defined_term,
    is_english,
    plain,
    quotable,
    sentences,
    title,
)
from diffs.result import ChangeEvent

__all__ = ["MAX_CHARS", "describe", "headline", "rank"]

#: the longest headline, in characters
MAX_CHARS = 140
_WORD = re.compile(r"\w+")
_FLAG_KIND_RANK = {
    "protection_removed": 0,
    "added": 0,
    "removed": 1,
    "modified": 1,
    "protection_added": 2,
}
#: tiers, best first (gaps leave room between them); flag events are ranked by
#: :func:`_flag_tier`
_TIER = {
    "reverted": 0,
    "rewritten": 10,
    "superseded_removed": 10,
    "flag.power": 20,  # a new power of the company, a protection or a category gone, values
    "flag.scope": 22,  # a new protection; a value only named now, or no longer
    "flag.reworded": 25,  # a flagged clause reworded
    "renamed": 30,
    "value_changed": 30,
    "obligation_added": 35,
    "obligation_removed": 35,
    "section_added": 45,
    "section_removed": 45,
    "flag.small": 45,  # a word or two of a flagged clause: after obligations
    "clause_added": 60,
    "clause_removed": 60,
    "clause_reworded": 60,
    "moved": 70,
    "cosmetic": 80,
}
#: a section added or removed with at least this many clauses ranks with changed values
_LARGE_SECTION = 8
#: a fact that only says where something changed weighs this much more than its event
_GENERAL_PENALTY = 40
#: … and a flag event this much more per step of severity below "high"
_SEVERITY_STEP = 4


def _flag_tier(e: ChangeEvent) -> int:
    """How much a flag event changes the user's position, as a tier of :data:`_TIER`.

    First what gives the company something or takes something from the user: a new
    clause of a category (a power to end, monitor, train on, share…), a protection or a
    whole category gone, values that moved, AI training widened, a new sentence added to
    a flagged clause; then a new protection and values only named now; then rewordings.
    """
    if e.kind in ("added", "removed", "protection_removed"):
        return _TIER["flag.power"]
    if e.kind == "protection_added":
        return _TIER["flag.scope"]
    ai_new = e.attrs.get("new") if isinstance(e.attrs.get("new"), dict) else {}
    ai_old = e.attrs.get("old") if isinstance(e.attrs.get("old"), dict) else {}
    if (e.old and e.new) or (ai_new and ai_new != ai_old) or e.attrs.get("choice"):
        return _TIER["flag.power"]
    sided = _one_sided(e)
    if sided and sided[0] == "added" or (e.attrs.get("widened") and not e.old_phrase):
        return _TIER["flag.power"]  # a sentence added to a flagged clause, or a new one
    if e.old or e.new:
        return _TIER["flag.scope"]
    if _small_rewording(e):
        return _TIER["flag.small"]
    return _TIER["flag.reworded"]


def rank(e: ChangeEvent) -> tuple[int, int, int, int, int]:
    """Sort key: lower ranks first (see the module docstring)."""
    if e.is_flag_event:
        sev = SEVERITY_RANK.get(e.severity or "medium", 1)
        has_values = 0 if (e.old or e.new or e.attrs.get("new") or e.attrs.get("choice")) else 1
        kind = _FLAG_KIND_RANK.get(e.kind, 3)
        return _flag_tier(e), sev, kind, has_values, e.change_index or 0
    tier = _TIER.get(e.kind, 90)
    if e.kind in ("section_added", "section_removed"):
        clauses = int(e.attrs.get("clauses") or 0)  # a whole part of the document first
        tier -= 15 if clauses >= _LARGE_SECTION else 5 if clauses >= 3 else 0
        if META_SECTION.search(e.text or ""):
            tier = _TIER["clause_added"]  # a summary of the changes: the changes say it
    if e.kind == "value_changed" and not (e.old and e.new):
        tier = _TIER["clause_reworded"]  # a value only mentioned now, or no longer: a rewording
    if tier >= _TIER["renamed"] and META_SECTION.search(e.section or ""):
        tier = _TIER["moved"]  # a clause of a summary of the changes: the changes say it
    size = e.change_index or 0
    if tier == _TIER["clause_reworded"]:  # the clauses that change most first
        words = (e.added_words or "") + " " + (e.removed_words or "")
        if e.kind != "clause_reworded":
            words = e.text or ""
        size = -len(_WORD.findall(words))
    return tier, 0, 0, 0, size


_STRONG_WORDS = re.compile(
    r"\b(?:not|no|never|must|may|shall|will|only|without|unless|except|any|all|sell|share|"
    r"train\w*|delete\w*|terminat\w*|suspend\w*|waive\w*|arbitrat\w*)\b",
    re.I,
)


def _rewritten_much(e: ChangeEvent) -> bool:
    """A reworded clause that changed more than a phrase (several words removed and added)."""
    if e.attrs.get("narrowed") or not (e.removed_words and e.added_words):
        return False
    gone = [w for w in _WORD.findall(e.removed_words) if len(w) > 3]
    came = [w for w in _WORD.findall(e.added_words) if len(w) > 3]
    return len(gone) >= 3 and len(came) >= 3


def _small_rewording(e: ChangeEvent) -> bool:
    """A flagged clause that changed a word or two, none of them one that changes rights."""
    if e.attrs or _one_sided(e):
        return False
    changed = f"{e.removed_words or ''} {e.added_words or ''}"
    words = [w for w in _WORD.findall(changed) if len(w) > 2 and w.lower() not in FUNCTION_WORDS]
    return len(words) <= 3 and not _STRONG_WORDS.search(changed)


# --- pieces ------------------------------------------------------------------------------------


class _General(str):
    """A sentence that says only where something changed ("Section “Fees” reworded"): true,
    but never worth a second place in a headline, nor the first when a specific one exists."""


def _general(msg_id: str, **params: str) -> str:
    return _General(render(msg_id, **params))


def _noun(category: str | None) -> str:
    if category in msg.CATEGORY_NOUNS:
        return msg.translate("noun", msg.CATEGORY_NOUNS[category])
    info = CATEGORIES.get(category or "")
    return info.noun if info else (category or "clause").replace("_", " ")


#: headings that hold page furniture, not a part of the policy: never a clause's section
_NOT_A_SECTION = re.compile(
    r"^(?:table of contents|contents|on this page|in this (?:article|policy|page)|jump to)$", re.I
)


def _section(e: ChangeEvent, limit: int = 50) -> str | None:
    """The innermost heading of the event's section, as a quotable name."""
    if not e.section:
        return None
    for part in reversed(e.section.split(" › ")[1:] or e.section.split(" › ")):
        name = title(part, limit)
        if name is None or not _NOT_A_SECTION.match(name):
            return name
    return None


def _quoted(
    msg_id: str, text: str | None, budget: int, prefer: str | None = None, **params: str
) -> str | None:
    """``msg_id`` with ``{text}`` a sentence of ``text`` quoted whole (or cut at a natural
    boundary), in at most ``budget`` characters; None when nothing quotable fits."""
    if not text:
        return None
    overhead = len(render(msg_id, text="", **params))
    q = quotable(text, budget - overhead, prefer=prefer)
    return render(msg_id, text=q, **params) if q else None


def _values(values: Sequence[str], kind: str | None) -> str:
    if kind == "date":
        values = [format_date(v) for v in values]
    return format_list(list(values)[:3])


def _data_names(attrs: dict[str, object]) -> str | None:
    data = attrs.get("data")
    if isinstance(data, list) and data:
        return format_list([msg.translate("data", str(d)) for d in data[:3]])
    return None


def _days(label: str) -> float:
    m = re.match(r"(\d+)\s+(\w+)", label)
    if not m:
        return 0.0
    per = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
    return int(m.group(1)) * per.get(m.group(2).rstrip("s"), 1)


def _readable(e: ChangeEvent) -> bool:
    """Whether the clause is in a language the quotes can be taken from (English)."""
    return is_english(e.text or "") or not e.text


def _one_sided(e: ChangeEvent) -> tuple[str, str] | None:
    """A reworded clause that gained (or lost) whole sentences: ("added" or "removed", them)."""
    if e.new_phrase and not e.old_phrase:
        return "added", e.new_phrase
    if e.old_phrase and not e.new_phrase:
        return "removed", e.old_phrase
    return None


def _phrase(e: ChangeEvent) -> tuple[str, str] | None:
    """The changed phrase of a reworded clause, when a reader can read it."""
    if not (e.old_phrase and e.new_phrase):
        return None
    if _readable(e) or re.fullmatch(r"[\d.,%$€£ ]+", f"{e.old_phrase}{e.new_phrase}"):
        return e.old_phrase, e.new_phrase
    return None


def _trimmed(old: str, new: str) -> list[tuple[str, str]]:
    """A changed phrase without the words both sides open with, when the edit replaced
    words with others (“you hereunder terminate once” → “you hereunder will terminate a …
    after”: “terminate once” → “will terminate a … after”); none for an edit that only
    took words out or put words in, which may have gone to another clause."""
    a, b = old.split(" "), new.split(" ")
    if not (set(a) - set(b) and set(b) - set(a)):
        return []
    k = 0
    while k < min(len(a), len(b)) - 2 and a[k] == b[k]:
        k += 1
    return [(" ".join(a[k:]), " ".join(b[k:]))] if k else []


# --- flag events, category by category ----------------------------------------------------


def _ai(e: ChangeEvent) -> str | None:
    if e.kind == "added" or e.attrs.get("widened"):
        data = _data_names(e.attrs)
        scope = e.attrs.get("scope") or []
        choice = e.attrs.get("choice")
        if isinstance(scope, list) and "third parties" in scope:
            return render("ai.third_parties", data=data or msg.translate("data", "your data"))
        if choice in ("opt_out", "opt_in"):
            return render(f"ai.{choice}", data=data or msg.translate("data", "your data"))
        if data:
            return render("ai.no_choice", data=data)
        return render("ai.licence")
    if e.kind != "modified":
        return None
    old = e.attrs.get("old") if isinstance(e.attrs.get("old"), dict) else {}
    new = e.attrs.get("new") if isinstance(e.attrs.get("new"), dict) else {}
    assert isinstance(old, dict) and isinstance(new, dict)
    if new.get("choice") == "opt_out" and old.get("choice") != "opt_out":
        return render("ai.now_opt_out", data=_data_names(new) or msg.translate("data", "your data"))
    if old.get("choice") == "opt_out" and new.get("choice") is None:
        return render("ai.opt_out_removed")
    gained = [d for d in new.get("data") or [] if d not in (old.get("data") or [])]
    if gained:
        phrase = _phrase(e) if e.value_kind != "data" else None  # an item of a list: no phrase
        if phrase and phrase[1].startswith(phrase[0]):  # the words that widened it
            said = render(
                "ai.widened.phrase", data=format_list(gained[:3]), old=phrase[0], new=phrase[1]
            )
            if len(said) <= MAX_CHARS:
                return said
        return render("ai.widened", data=format_list(gained[:3]))
    return None


def _retention(e: ChangeEvent) -> str | None:
    if e.value_kind != "duration":
        return None
    if e.kind == "modified" and len(e.old) == 1 and len(e.new) == 1:
        longer = _days(e.new[0]) > _days(e.old[0])
        key = "data_retention.longer" if longer else "data_retention.shorter"
        return render(key, old=e.old[0], new=e.new[0])
    if e.kind == "modified" and e.old and e.new:
        return render("data_retention.changed", old=_values(e.old, None), new=_values(e.new, None))
    if e.kind == "added" and e.new:
        return render("data_retention.added", new=_values(e.new, None))
    return None


def _age(e: ChangeEvent) -> str | None:
    if e.value_kind != "age":
        return None
    if e.kind == "modified" and len(e.old) == 1 and len(e.new) == 1:
        key = "minimum_age.raised" if int(e.new[0]) > int(e.old[0]) else "minimum_age.lowered"
        return render(key, old=e.old[0], new=e.new[0])
    if e.kind == "modified" and e.old and e.new:
        return render("minimum_age.changed", old=_values(e.old, None), new=_values(e.new, None))
    if e.kind == "modified" and e.new:
        return render("minimum_age.added_values", new=_values(e.new, None))
    if e.kind == "added" and e.new:
        return render("minimum_age.added", new=_values(e.new, None))
    return None


def _place(e: ChangeEvent) -> str | None:
    if not e.new:
        return None
    cat = e.category
    if e.kind == "modified" and e.old:
        return render(f"{cat}.modified", old=e.old[0], new=e.new[0])
    if e.kind in ("added", "modified"):
        return render(f"{cat}.added", new=e.new[0])
    return None


def _amount(e: ChangeEvent) -> str | None:
    if not e.new:
        return None
    cat = e.category
    if e.kind == "added":
        return render(f"{cat}.added", new=format_list(e.new[:2]).replace(" and ", " / "))
    if e.kind == "modified" and e.old:
        return render(f"{cat}.modified", old=_values(e.old, None), new=_values(e.new, None))
    return None


#: evidence that a clause says where data is kept (not only how it is transferred)
_WHERE = re.compile(r"\b(?:stor\w*|hosted|servers?|data cent\w+|located|process\w*)\b", re.I)


def _mechanisms(e: ChangeEvent) -> str | None:
    """A transfer clause that cites a legal basis for sending data abroad (the Data Privacy
    Framework, standard contractual clauses…) the old version did not cite anywhere."""
    cited = e.attrs.get("mechanisms")
    if not isinstance(cited, list) or not cited or e.kind not in ("added", "modified"):
        return None
    names = format_list([msg.translate("mechanism", str(k)) for k in cited[:3]])
    key = "data_location.mechanism.added" if e.kind == "added" else "data_location.mechanism"
    return render(key, mechanisms=names)


def _location(e: ChangeEvent) -> str | None:
    old, new = _values(e.old, None), _values(e.new, None)
    where = bool(_WHERE.search(e.evidence or e.text or ""))
    if e.new and e.old:
        return render("data_location.changed" if where else "data_location.names", old=old, new=new)
    if e.new and e.kind in ("added", "modified"):
        return render("data_location.added" if where else "data_location.now_names", new=new)
    if e.old and e.kind == "modified":
        return render(
            "data_location.removed" if where else "data_location.no_longer_names", old=old
        )
    return None


def _opt_out(e: ChangeEvent) -> str | None:
    if e.kind in ("removed", "added"):
        return render(f"arbitration_opt_out.{e.kind}")
    if e.old and e.new:
        return render(
            "arbitration_opt_out.window", old=_values(e.old, None), new=_values(e.new, None)
        )
    return None


def _fees(e: ChangeEvent) -> str | None:
    if e.kind == "modified" and e.old and e.new and e.value_kind == "money":
        return render("fees.price", old=_values(e.old, None), new=_values(e.new, None))
    if e.kind not in ("added", "modified"):
        return None
    scope = (e.text if e.kind == "added" else e.added_words) or ""
    if re.search(r"non-?refundable|no refunds?\b", scope, re.I):
        return render("fees.non_refundable")
    if re.search(r"renew\w* automatically|auto(?:matically)?[- ]?renew", scope, re.I):
        return render("fees.auto_renew")
    return None


def _notice(e: ChangeEvent) -> str | None:
    """A notice period before the company acts, lengthened or shortened."""
    if e.value_kind != "notice_period" or e.kind != "modified":
        return None
    topic = msg.NOTICE_TOPICS.get(e.category or "")
    topic = msg.translate("notice topic", topic) if topic else topic
    if not topic:
        return None
    if len(e.old) == 1 and len(e.new) == 1:
        key = "notice.longer" if _days(e.new[0]) > _days(e.old[0]) else "notice.shorter"
        return render(key, topic=topic, old=e.old[0], new=e.new[0])
    if e.old and e.new:
        return render(
            "notice.changed", topic=topic, old=_values(e.old, None), new=_values(e.new, None)
        )
    return None


#: the biometric data a clause names (keys of :data:`diffs.messages.BIOMETRIC_DATA`); a
#: more general name is dropped when a specific one of the same kind is found
_BIOMETRIC = {
    "video selfies": r"\bvideo selfies?\b",
    "face images": r"\b(?:photos?|images?|pictures?|scans?) of your face\b"
    r"|\b(?:face|facial) (?:photos?|images?|scans?)\b",
    "selfies": r"\bselfies?\b",
    "facial age estimation": r"\b(?:facial|face-based) age (?:estimation|assurance|verification)\b",
    "face matching": r"\bmatch(?:ing|es)? your face\b|\bface[- ]match\w*",
    "facial features": r"\bfac(?:e|ial) (?:features|geometry|templates?|recognition|measurements)",
    "faces": r"\bfac(?:es?|ial)\b",
    "likeness": r"\blikeness\b",
    "fingerprints": r"\bfinger ?prints?\b",
    "voiceprints": r"\bvoice ?prints?\b",
    "iris or retina scans": r"\b(?:iris|retina)\b",
    "body features": r"\bbody (?:features|shape|measurements)\b|\bhand geometry\b",
}
_BIOMETRIC_RX = {k: re.compile(v, re.I) for k, v in _BIOMETRIC.items()}
_BIOMETRIC_GENERAL = {
    "selfies": "video selfies",
    "faces": "face images|facial features|facial age estimation|face matching",
}


def _biometric(e: ChangeEvent) -> str | None:
    """A new biometric clause that cannot be quoted, by the data it names ("… on video
    selfies and faces")."""
    if e.kind != "added":
        return None
    text = f"{e.evidence or ''} {e.text or ''}"
    found = [k for k, rx in _BIOMETRIC_RX.items() if rx.search(text)]
    found = [k for k in found if not set(_BIOMETRIC_GENERAL.get(k, "").split("|")) & set(found)]
    if not found:
        return None
    names = format_list([msg.translate("data", k) for k in found[:3]])
    return render("biometric.added", data=names)


_BY_CATEGORY: dict[str, Callable[[ChangeEvent], str | None]] = {
    "unilateral_change": _notice,
    "unilateral_termination": _notice,
    "content_removal": _notice,
    "ai_training": _ai,
    "data_retention": _retention,
    "minimum_age": _age,
    "contract_by_using": _age,
    "jurisdiction": _place,
    "choice_of_law": _place,
    "liquidated_damages": _amount,
    "limitation_of_liability": _amount,
    "data_location_and_transfers": _location,
    "arbitration_opt_out": _opt_out,
    "fees_and_refunds": _fees,
}
#: tried before :data:`_BY_CATEGORY`, which says what is left when these do not fit
_MOST_SPECIFIC: dict[str, Callable[[ChangeEvent], str | None]] = {
    "data_location_and_transfers": _mechanisms,
}
#: what an added clause of these categories says when it cannot be quoted
_ADDED_FALLBACK = {
    "ai_training": ("ai.licence", {}),
    "human_review": ("human_review.added", {"data": "your content"}),
    "subprocessors": ("subprocessors.added", {}),
    "fees_and_refunds": ("fees.added", {}),
    "data_location_and_transfers": ("data_location.new_clause", {}),
}


# --- flag events, any category ---------------------------------------------------------------


def _flag_added(e: ChangeEvent, budget: int) -> str | None:
    noun = _noun(e.category)
    said = _quoted("flag.added.quote", e.text, budget, e.evidence, noun=noun)
    if said:
        return said
    if e.category in _ADDED_FALLBACK:
        key, params = _ADDED_FALLBACK[e.category]
        return render(key, **{k: msg.translate("data", v) for k, v in params.items()})
    said = _biometric(e) if e.category == "biometric_data" else None
    if said and len(said) <= budget:
        return said
    section = _section(e, 64)
    if section:
        return _general("flag.added.in", noun=noun, section=section)
    return _general("flag.added", noun=noun)


def _flag_removed(e: ChangeEvent, budget: int) -> str | None:
    noun = _noun(e.category)
    said = _quoted("flag.removed.quote", e.text, budget, e.evidence, noun=noun)
    if said:
        return said
    section = _section(e)
    if section:
        return render("flag.removed.in", noun=noun, section=section)
    return render("flag.removed", noun=noun)


def _flag_modified(e: ChangeEvent, budget: int) -> str | None:
    noun = _noun(e.category)
    old, new = _values(e.old, e.value_kind), _values(e.new, e.value_kind)
    if e.old and e.new:
        return render("flag.modified.values", noun=noun, old=old, new=new)
    if e.new and e.value_kind:
        return render("flag.modified.new_values", noun=noun, new=new)
    if e.old and e.value_kind:
        return render("flag.modified.old_values", noun=noun, old=old)
    phrase = _phrase(e)
    for old_words, new_words in (phrase, *_trimmed(*phrase)) if phrase else ():
        said = render("flag.modified.phrase", noun=noun, old=old_words, new=new_words)
        if len(said) <= budget:
            return said
    sided = _one_sided(e)
    if sided:
        key = "flag.modified.added" if sided[0] == "added" else "flag.modified.removed"
        said = _quoted(key, sided[1], budget, noun=noun)
        if said:
            return said
    if e.added_words and e.added_words == e.text or e.attrs.get("rewritten"):
        said = _quoted("flag.modified.added", e.text, budget, e.evidence, noun=noun)
        said = said or _quoted("clause.added", e.text, budget, e.evidence)  # a longer quote
        if said:
            return said
    if _rewritten_much(e):
        said = _quoted("flag.modified.now", e.text, budget, e.evidence, noun=noun)
        if said:  # rewritten beyond one phrase: what it says now
            return said
    section = _section(e, 64)
    if section:
        return _general("flag.modified.in", noun=noun, section=section)
    return _general("flag.modified", noun=noun)


def _protection(e: ChangeEvent, budget: int) -> str | None:
    removed = e.kind == "protection_removed"
    key = "flag.protection_removed" if removed else "flag.protection_added"
    said = _quoted(key, e.text, budget, e.evidence)
    if said:
        return said
    if removed and e.category == "human_review":
        return render("human_review.protection_removed", data=msg.translate("data", "your content"))
    phrase = msg.CATEGORY_PHRASES.get(e.category or "")
    topic = msg.translate("topic", phrase) if phrase else _noun(e.category)
    section = _section(e)
    for about in (_sharing_topic(e), topic):  # the specific topic, if it fits
        if about and section:
            said = render(key + ".in", topic=about, section=section)
            if len(said) <= budget:
                return said
        if about and about != topic and len(render(key + ".short", topic=about)) <= budget:
            return render(key + ".short", topic=about)
    return render(key + ".short", topic=topic)


#: whom a data-sharing protection keeps the data from, most specific first
_RECIPIENTS = {
    "advertising partners": r"\b(?:advertising|ad) partners?\b",
    "advertisers": r"\badvertisers?\b",
    "data brokers": r"\bdata brokers?\b",
    "third parties": r"\bthird[- ]part(?:y|ies)\b",
    "law enforcement": r"\blaw enforcement\b|\bpolice\b",
    "governments": r"\bgovernments?\b|\bpublic authorities\b",
    "affiliates": r"\baffiliates?\b",
    "partners": r"\bpartners?\b",
}
_RECIPIENTS_RX = {k: re.compile(v, re.I) for k, v in _RECIPIENTS.items()}
_UNDER_AGE = re.compile(r"\bunder (?:the age of )?(1[0-9])\b", re.I)
#: after the promise, the age must be whose data it is: "… to advertisers for users under 18"
_AGE_AFTER = re.compile(
    r"^[^.;]{0,40}?\b(?:for|of|from|about|concerning)\b[^.;]{0,30}?"
    r"\bunder (?:the age of )?(1[0-9])\b",
    re.I,
)


def _whose_age(evidence: str, text: str) -> str | None:
    """The age below which the promise's data subjects are, when the sentence says so
    before the promise ("With respect to users under 18, we do not…"), in it, or right
    after it ("… for users under the age of 18"); never an age said of something else."""
    m = _UNDER_AGE.search(evidence)
    if m:
        return m.group(1)
    key = evidence[:40]
    sentence = next((s for s in sentences(text) if key in s), None)
    if sentence is None:
        return None
    start = sentence.find(key)
    before = _UNDER_AGE.search(sentence[:start])
    if before:
        return before.group(1)
    after = _AGE_AFTER.match(sentence[start + len(evidence) :])
    return after.group(1) if after else None


def _sharing_topic(e: ChangeEvent) -> str | None:
    """What a data-sharing protection is about, from its own words: "sharing data of users
    under 18 with advertising partners"; None when it names no recipient."""
    if e.category != "data_sharing" or not e.evidence:
        return None
    evidence = plain(e.evidence)
    recipient = next((k for k, rx in _RECIPIENTS_RX.items() if rx.search(evidence)), None)
    if recipient is None:
        return None
    name = msg.translate("recipient", recipient)
    age = _whose_age(evidence, plain(e.text or ""))
    if age:
        return msg.translate("topic", msg.SHARING_TOPICS["minors_with"]).format(
            age=age, recipient=name
        )
    return msg.translate("topic", msg.SHARING_TOPICS["with"]).format(recipient=name)


_FLAG_KINDS: dict[str, Callable[[ChangeEvent, int], str | None]] = {
    "added": _flag_added,
    "removed": _flag_removed,
    "modified": _flag_modified,
    "protection_added": _protection,
    "protection_removed": _protection,
}


def _describe_flag(e: ChangeEvent, budget: int) -> str | None:
    if not e.kind.startswith("protection"):
        for special in (_MOST_SPECIFIC.get(e.category or ""), _BY_CATEGORY.get(e.category or "")):
            said = special(e) if special else None
            if said and len(said) <= budget:
                return said
    return _FLAG_KINDS[e.kind](e, budget)


# --- the other events ------------------------------------------------------------------------


def _rewritten(e: ChangeEvent, budget: int) -> str:
    a = e.attrs
    added, removed = int(a.get("sections_added") or 0), int(a.get("sections_removed") or 0)
    words = {"old_words": f"{a.get('old_words', 0):,}", "new_words": f"{a.get('new_words', 0):,}"}
    lang = msg.LANGUAGES.get(str(a.get("language") or ""))
    if lang:  # the page now holds the policy in another language: that is the news
        return render("rewritten.language", language=msg.translate("language", lang), **words)
    if added and removed:
        return render("rewritten.sections_both", count=added, removed=f"{removed:,}", **words)
    if added:
        return render("rewritten.sections_added", count=added, **words)
    if removed:
        return render("rewritten.sections", count=removed, **words)
    return render("rewritten", count=1, **words)


def _superseded(e: ChangeEvent, budget: int) -> str:
    date = e.attrs.get("date")
    if date:
        return render("superseded_removed", date=format_date(str(date)))
    return render("superseded_removed.undated")


def _cosmetic(e: ChangeEvent, budget: int) -> str:
    kinds = [
        msg.translate("cosmetic kind", msg.COSMETIC_KINDS[k]) if k in msg.COSMETIC_KINDS else k
        for k in e.attrs.get("kinds") or ["formatting"]
    ]
    text = format_list(kinds[:3])
    return render("cosmetic", kinds=text[:1].upper() + text[1:])


def _renamed(e: ChangeEvent, budget: int) -> str | None:
    if not (e.old and e.new):
        return None
    if e.attrs.get("company"):
        return render("renamed.company", old=e.old[0], new=e.new[0])
    return render("renamed", old=e.old[0], new=e.new[0])


def _value(e: ChangeEvent, budget: int) -> str | None:
    old, new = _values(e.old, e.value_kind), _values(e.new, e.value_kind)
    section = _section(e, 40)
    label = msg.value_label(e.value_kind or "")
    if old and new and section:
        said = render("value.changed.in", label=label, section=section, old=old, new=new)
        if len(said) <= budget:
            return said
    said = _reworded(e, budget)
    if said:
        return said
    if old and new:
        return render("value.changed", label=label, old=old, new=new)
    return None


#: words that turn an addition to a definition into a limit on it
_LIMIT_WORDS = re.compile(r"\b(?:not|no|never|only|except\w*|exclud\w*|without|unless|but)\b", re.I)


def _definition(e: ChangeEvent, budget: int) -> str | None:
    """A reworded definition, by its term: "Definition of “User Content” now includes
    “direct messages”" (a list that only gained or lost a few words), else its phrase."""
    term = defined_term(e.text)
    phrase = _phrase(e)
    if not term or not phrase or len(term) > 40:
        return None
    gained = (e.added_words or "").strip(" ,;:.")
    lost = (e.removed_words or "").strip(" ,;:.")
    said = None
    if gained and not lost and len(gained.split()) <= 6 and not _LIMIT_WORDS.search(gained):
        said = render("definition.widened", term=term, text=gained)
    elif lost and not gained and len(lost.split()) <= 6 and not _LIMIT_WORDS.search(lost):
        said = render("definition.narrowed", term=term, text=lost)
    if said is None or len(said) > budget:
        said = render("definition.reworded", term=term, old=phrase[0], new=phrase[1])
    return said if len(said) <= budget else None


def _reworded(e: ChangeEvent, budget: int) -> str | None:
    said = _definition(e, budget)
    if said:
        return said
    section = _section(e, 40)
    sided = _one_sided(e)
    if sided:
        key = "clause.added" if sided[0] == "added" else "clause.removed"
        said = _quoted(key + ".in", sided[1], budget, section=section) if section else None
        said = said or _quoted(key, sided[1], budget)
        if said:
            return said
    phrase = _phrase(e)
    if phrase:
        old, new = phrase
        count = int(e.attrs.get("places") or 1)
        if count > 1:
            said = render("clause.reworded.places", count=count, old=old, new=new)
        elif section:
            said = render("clause.reworded.in", section=section, old=old, new=new)
        else:
            said = render("clause.reworded", old=old, new=new)
        if len(said) <= budget:
            return said
        said = render("clause.reworded", old=old, new=new)
        if len(said) <= budget:
            return said
    return _general("text.reworded.in", section=section) if section else None


_CLAUSE_MESSAGES = {
    "obligation_added": "obligation.added",
    "obligation_removed": "obligation.removed",
    "clause_added": "clause.added",
    "clause_removed": "clause.removed",
}


def _clause(e: ChangeEvent, budget: int) -> str | None:
    """An added or removed clause: quoted, or where it went when it cannot be."""
    if e.attrs.get("reworded"):
        return _reworded(e, budget)
    key = _CLAUSE_MESSAGES[e.kind]
    section = _section(e, 40)
    if section:
        said = _quoted(key + ".in", e.text, budget, section=section)
        if said:
            return said
    said = _quoted(key, e.text, budget)
    if said or not section:
        return said
    key = "text.added.in" if e.kind.endswith("added") else "text.removed.in"
    return _general(key, section=section)


def _section_event(e: ChangeEvent, budget: int) -> str | None:
    name = title(e.text, 60)
    if not name:
        return None
    added = e.kind == "section_added"
    lead = e.attrs.get("lead")
    if isinstance(lead, str):
        key = "section.added.text" if added else "section.removed.text"
        said = _quoted(key, lead, budget, title=name)
        if said:
            return said
    return render("section.added" if added else "section.removed", title=name)


_OTHER_KINDS: dict[str, Callable[[ChangeEvent, int], str | None]] = {
    "reverted": lambda e, b: render("reverted", date=format_date(str(e.attrs.get("date") or ""))),
    "rewritten": _rewritten,
    "superseded_removed": _superseded,
    "cosmetic": _cosmetic,
    "moved": lambda e, b: render("moved"),
    "renamed": _renamed,
    "value_changed": _value,
    "obligation_added": _clause,
    "obligation_removed": _clause,
    "clause_added": _clause,
    "clause_removed": _clause,
    "clause_reworded": _reworded,
    "section_added": _section_event,
    "section_removed": _section_event,
}


def describe(e: ChangeEvent, budget: int = MAX_CHARS) -> str | None:
    """One sentence for one event in at most ``budget`` characters, or None when the
    event has nothing to say on its own that fits."""
    if e.is_flag_event:
        said = _describe_flag(e, budget)
    else:
        fn = _OTHER_KINDS.get(e.kind)
        said = fn(e, budget) if fn else None
    return said if said and len(said) <= budget else None


# --- the headline ----------------------------------------------------------------------------


@dataclass
class _Fact:
    key: tuple[object, ...]  # what the fact is about: one fact per key
    text: str
    rank: tuple[int, int]  # tier and severity (see rank())
    event: ChangeEvent


def _key(e: ChangeEvent) -> tuple[object, ...]:
    if e.is_flag_event:
        return ("flag", e.category)
    if e.kind in ("section_added", "section_removed"):
        return ("section", e.kind)
    if e.old_phrase or e.new_phrase:
        return ("phrase", e.old_phrase, e.new_phrase)
    if e.kind == "value_changed":
        return ("value", tuple(e.old), tuple(e.new))
    return (e.kind, e.change_index)


def _sections_summary(events: Sequence[ChangeEvent], kind: str, budget: int) -> str | None:
    """ "3 new sections: “A”, “B” …", the outermost sections named first."""
    sections = sorted((e for e in events if e.kind == kind), key=lambda e: e.change_index or 0)
    inside = {(e.text or "").casefold() for e in sections}
    nested = [e for e in sections if _parent(e).casefold() in inside]
    names = [title(e.text, 40) for e in sections if e not in nested]
    names += [title(e.text, 40) for e in nested]
    names = [n for n in dict.fromkeys(names) if n]
    if len(names) < 2:
        return None
    key = "sections.added" if kind == "section_added" else "sections.removed"
    for shown in (2, 1):
        titles = ", ".join(f"“{t}”" for t in names[:shown])
        titles = titles + " …" if len(names) > shown else format_list([f"“{t}”" for t in names])
        said = render(key, count=len(names), titles=titles)
        if len(said) <= budget:
            return said
    return None


def _parent(e: ChangeEvent) -> str:
    """The heading a section event's heading sits under."""
    return (e.section or "").split(" › ")[-1]


def _count_places(events: Sequence[ChangeEvent]) -> list[ChangeEvent]:
    """The events, a rewording repeated word for word in several clauses said once."""
    seen: dict[tuple[str, str, str], ChangeEvent] = {}
    out: list[ChangeEvent] = []
    for e in events:
        if not e.is_flag_event and e.old_phrase and e.new_phrase:
            key = (e.kind, e.old_phrase, e.new_phrase)
            if key in seen:
                first = seen[key]
                first.attrs["places"] = int(first.attrs.get("places") or 1) + 1
                continue
            e = ChangeEvent.from_dict(e.to_dict())  # never touch the caller's events
            seen[key] = e
        out.append(e)
    return out


def _fact(e: ChangeEvent, ordered: Sequence[ChangeEvent], budget: int) -> _Fact | None:
    if e.kind in ("section_added", "section_removed"):
        text = _sections_summary(ordered, e.kind, budget) or describe(e, budget)
    else:
        text = describe(e, budget)
    return _Fact(_key(e), text, rank(e)[:2], e) if text else None


#: how many of the top-ranked events a headline considers
_CANDIDATES = 40


def _facts(ordered: Sequence[ChangeEvent]) -> list[_Fact]:
    """What the top-ranked events say, best first.

    A fact's weight is its event's tier, plus :data:`_SEVERITY_STEP` per step of the
    category's severity below "high" (a new class-action waiver outweighs a reworded age
    rule), plus :data:`_GENERAL_PENALTY` for a fact that only says where something
    changed (a quarter of it for one that says a category is new), so that a specific fact a
    little lower (a quoted rule, a value) opens the headline instead."""
    facts = []
    for order, e in enumerate(ordered[:_CANDIDATES]):
        fact = _fact(e, ordered, MAX_CHARS)
        if fact is None:
            continue
        tier, sev = fact.rank
        weight = tier + _SEVERITY_STEP * sev if e.is_flag_event else tier
        if isinstance(fact.text, _General):
            new_category = e.is_flag_event and e.kind == "added" and sev < SEVERITY_RANK["low"]
            weight += _GENERAL_PENALTY // 4 if new_category else _GENERAL_PENALTY
        facts.append(((weight, order), fact))
    return [f for _, f in sorted(facts, key=lambda t: t[0])]


def headline(
    events: Sequence[ChangeEvent], significance: str | None = None, locale: str | None = None
) -> str:
    """The one-line headline of a change with these events (see the module docstring),
    in ``locale`` ("ar", …; English by default, as the stored headline is)."""
    if locale is not None and not msg.i18n.is_english(locale):
        with msg.use_locale(locale):
            return _headline(events, significance)
    return _headline(events, significance)


def _headline(events: Sequence[ChangeEvent], significance: str | None) -> str:
    if not events:
        return render("none") if significance == "none" else render("unknown")
    ordered = sorted(_count_places(events), key=rank)
    facts = _facts(ordered)
    if not facts:
        return render("unknown")
    first = facts[0]
    parts = [first]
    room = MAX_CHARS - len(first.text) - len(render("join.two", first="", second=""))
    for candidate in facts[1:]:
        e = candidate.event
        if room < 20 or len(parts) == 2:
            break
        if first.key[0] == "superseded_removed" and not e.is_flag_event:
            continue  # the rest of what went is the superseded text itself
        after_revert = e.kind in ("cosmetic", "moved") and ordered[0].kind == "reverted"
        if _key(e) == first.key or (rank(e)[0] > _TIER["clause_reworded"] and not after_revert):
            continue
        fact = _fact(e, ordered, room)
        if fact is None or fact.text == first.text:
            continue
        if isinstance(fact.text, _General) and not (e.is_flag_event and e.kind == "added"):
            continue  # a second fact says something specific, or that a category is new
        parts.append(fact)
    return msg.join([p.text for p in parts])
