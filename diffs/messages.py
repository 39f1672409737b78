"""Every English sentence a headline is made of, in one place, ready for translation.

Each message is a whole sentence (or a whole noun phrase used as a sentence) with
*named* placeholders, never a fragment glued to another: a translator sees
"Retention extended from {old} to {new}" and can reorder it freely.  Messages that
depend on a number have a singular and a plural form and take ``{count}``.

:func:`render` fills one message; :func:`join` puts the one or two sentences of a
headline together; :func:`format_list` and :func:`format_date` format values the way
English does.  A translation (gettext catalogues built from :data:`MESSAGES` with
Babel) replaces these four and the dictionary, and renders the same stored events.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "CATEGORY_NOUNS",
    "NOTICE_TOPICS",
    "CATEGORY_PHRASES",
    "COSMETIC_KINDS",
    "MESSAGES",
    "format_date",
    "format_list",
    "join",
    "quote",
    "render",
]

#: message id → text, or (singular, plural) for messages that take ``{count}``.
#: ``{text}``, ``{old}`` and ``{new}`` inside “curly quotes” are words quoted from the
#: policy (whole sentences, or phrases with their context), never translated.
MESSAGES: dict[str, str | tuple[str, str]] = {
    # flag events, any category ("{noun}" is the category's noun, CATEGORY_NOUNS)
    "flag.added": "New {noun}",
    "flag.added.quote": "New {noun}: “{text}”",
    "flag.added.in": "New {noun} in “{section}”",
    "flag.removed": "{Noun} removed",
    "flag.removed.quote": "{Noun} removed: “{text}”",
    "flag.removed.in": "{Noun} removed from “{section}”",
    "flag.modified": "{Noun} reworded",
    "flag.modified.in": "{Noun} in “{section}” reworded",
    "flag.modified.phrase": "{Noun} reworded: “{old}” → “{new}”",
    "flag.modified.added": "{Noun} extended: “{text}”",
    "flag.modified.removed": "{Noun} no longer says: “{text}”",
    "flag.modified.now": "{Noun} reworded, now: “{text}”",
    "flag.modified.values": "{Noun} changed from {old} to {new}",
    "flag.modified.new_values": "{Noun} now includes {new}",
    "flag.modified.old_values": "{Noun} no longer includes {old}",
    "flag.protection_added": "New protection: “{text}”",
    "flag.protection_added.short": "New protection on {topic}",
    "flag.protection_removed": "Removed protection: “{text}”",
    "flag.protection_removed.short": "Protection on {topic} removed",
    "flag.protection_added.in": "New protection on {topic} in “{section}”",
    "flag.protection_removed.in": "Protection on {topic} removed from “{section}”",
    # categories with values
    "jurisdiction.modified": "Venue moved from {old} to {new}",
    "jurisdiction.added": "New venue for disputes: {new}",
    "choice_of_law.modified": "Governing law changed from {old} to {new}",
    "choice_of_law.added": "New governing law: {new}",
    "liquidated_damages.added": "New liquidated damages of {new}",
    "liquidated_damages.modified": "Liquidated damages changed from {old} to {new}",
    "limitation_of_liability.added": "New liability cap of {new}",
    "limitation_of_liability.modified": "Liability cap changed from {old} to {new}",
    "data_retention.longer": "Retention extended from {old} to {new}",
    "data_retention.shorter": "Retention shortened from {old} to {new}",
    "data_retention.added": "Data now kept for {new}",
    "data_retention.changed": "Retention periods changed from {old} to {new}",
    "minimum_age.raised": "Minimum age raised from {old} to {new}",
    "minimum_age.lowered": "Minimum age lowered from {old} to {new}",
    "minimum_age.changed": "Age limits changed from {old} to {new}",
    "minimum_age.added": "New age limit: {new}",
    "minimum_age.added_values": "Age limits now include {new}",
    "data_location.added": "Data may now be stored in or sent to {new}",
    "data_location.removed": "{old} no longer listed for storing or transferring data",
    "data_location.changed": "Data locations changed from {old} to {new}",
    "data_location.new_clause": "New rules on transferring data abroad",
    "data_location.names": "Data transfer clause now names {new} instead of {old}",
    "data_location.now_names": "Data transfer clause now names {new}",
    "data_location.no_longer_names": "Data transfer clause no longer names {old}",
    "notice.longer": "Notice before {topic} extended from {old} to {new}",
    "notice.shorter": "Notice before {topic} shortened from {old} to {new}",
    "notice.changed": "Notice before {topic} changed from {old} to {new}",
    "arbitration_opt_out.removed": "Arbitration opt-out right removed",
    "arbitration_opt_out.added": "New right to opt out of arbitration",
    "arbitration_opt_out.window": "Arbitration opt-out window changed from {old} to {new}",
    "human_review.added": "Staff may now review {data}",
    "human_review.protection_removed": "Promise that staff do not read {data} removed",
    "subprocessors.added": "New service providers may process your data",
    "fees.non_refundable": "Payments now non-refundable",
    "fees.auto_renew": "Subscriptions now renew automatically",
    "fees.price": "Price changed from {old} to {new}",
    "fees.added": "New fees and payment terms",
    "ai.opt_out": "{Data} now used to train AI models unless you opt out",
    "ai.opt_in": "{Data} may be used to train AI models if you opt in",
    "ai.no_choice": "{Data} now used to train AI models",
    "ai.licence": "New AI-training licence",
    "ai.now_opt_out": "AI training of {data} now on by default, with an opt-out",
    "ai.opt_out_removed": "Opt-out from AI training removed",
    "ai.widened": "AI training now covers {data}",
    "ai.third_parties": "Third parties may now train AI models on {data}",
    # other facts of a change
    "renamed.company": "Company name changed from {old} to {new}",
    "renamed": "“{old}” renamed “{new}”",
    "value.changed": "{Label} changed from {old} to {new}",
    "value.changed.in": "{Label} in “{section}” changed from {old} to {new}",
    "obligation.added": "New rule: “{text}”",
    "obligation.added.in": "New rule in “{section}”: “{text}”",
    "obligation.removed": "Rule removed: “{text}”",
    "obligation.removed.in": "Rule removed from “{section}”: “{text}”",
    "section.added": "New section “{title}”",
    "section.added.text": "New section “{title}”: “{text}”",
    "section.removed": "Section “{title}” removed",
    "section.removed.text": "Section “{title}” removed: “{text}”",
    "sections.added": ("{count} new section: {titles}", "{count} new sections: {titles}"),
    "sections.removed": ("{count} section removed: {titles}", "{count} sections removed: {titles}"),
    "clause.added": "Adds: “{text}”",
    "clause.added.in": "Adds to “{section}”: “{text}”",
    "clause.removed": "Removes: “{text}”",
    "clause.removed.in": "Removes from “{section}”: “{text}”",
    "clause.reworded": "“{old}” changed to “{new}”",
    "clause.reworded.in": "In “{section}”: “{old}” changed to “{new}”",
    "clause.reworded.places": (
        "“{old}” changed to “{new}” in {count} place",
        "“{old}” changed to “{new}” in {count} places",
    ),
    # what can be said of a text the analysis cannot read (another language)
    "text.added.in": "Text added to “{section}”",
    "text.removed.in": "Text removed from “{section}”",
    "text.reworded.in": "Section “{section}” reworded",
    "moved": "Text moved between sections, wording unchanged",
    "rewritten": (
        "Document largely rewritten: {old_words} → {new_words} words",
        "Document largely rewritten: {old_words} → {new_words} words",
    ),
    "rewritten.sections": (
        "Document largely rewritten: {old_words} → {new_words} words; {count} section removed",
        "Document largely rewritten: {old_words} → {new_words} words; {count} sections removed",
    ),
    "rewritten.sections_added": (
        "Document largely rewritten: {old_words} → {new_words} words; {count} section added",
        "Document largely rewritten: {old_words} → {new_words} words; {count} sections added",
    ),
    "rewritten.sections_both": (
        "Document largely rewritten: {old_words} → {new_words} words; "
        "{count} section added, {removed} removed",
        "Document largely rewritten: {old_words} → {new_words} words; "
        "{count} sections added, {removed} removed",
    ),
    "reverted": "Reverted to the version of {date}",
    "superseded_removed": "Previous version, in force until {date}, removed from the page",
    "superseded_removed.undated": "Previous version removed from the page",
    "cosmetic": "{kinds} only",
    "none": "No change to the text",
    "unknown": "Text changed",
    # joining the one or two sentences of a headline
    "join.two": "{first}; {second}",
}

#: the noun a headline uses for each category ("New {noun}", "{Noun} removed")
CATEGORY_NOUNS: dict[str, str] = {
    "arbitration": "arbitration clause",
    "unilateral_change": "right to change the terms",
    "content_removal": "content removal clause",
    "jurisdiction": "venue clause",
    "choice_of_law": "governing-law clause",
    "limitation_of_liability": "liability limitation",
    "unilateral_termination": "account termination clause",
    "contract_by_using": "agreement-by-use clause",
    "ai_training": "AI-training clause",
    "liquidated_damages": "liquidated damages clause",
    "class_action_waiver": "class-action waiver",
    "content_licence": "content licence",
    "data_sharing": "data-sharing clause",
    "biometric_data": "biometric data clause",
    "scraping_ban": "scraping ban",
    "minimum_age": "age requirement",
    "data_retention": "data retention rule",
    "fees_and_refunds": "fees and refunds clause",
    "human_review": "human review clause",
    "data_location_and_transfers": "data transfer clause",
    "subprocessors": "service provider clause",
    "arbitration_opt_out": "arbitration opt-out right",
    "jury_waiver": "jury-trial waiver",
}

#: how a headline names each kind of cosmetic edit (see diffs.cosmetic.KINDS)
COSMETIC_KINDS: dict[str, str] = {
    "dates": "dates",
    "copyright": "copyright year",
    "links": "links",
    "link_labels": "link text",
    "furniture": "page furniture",
    "numbering": "numbering",
    "spelling": "spelling",
    "wording": "copy-editing",
    "typography": "quotes and dashes",
    "punctuation": "punctuation",
    "case": "capitalisation",
    "formatting": "formatting",
    "whitespace": "spacing",
    "duplicate": "a repeated passage",
    "names": "renamed names",
}

#: what the company does after a notice period, by category ("Notice before {topic} …")
NOTICE_TOPICS: dict[str, str] = {
    "unilateral_change": "changes to the terms",
    "unilateral_termination": "an account is closed",
    "content_removal": "content is removed",
}

#: what a protection or a piece of data is about, by category, for the short messages
CATEGORY_PHRASES: dict[str, str] = {
    "ai_training": "AI training",
    "data_sharing": "sharing your data",
    "biometric_data": "biometric data",
    "content_licence": "your content",
    "data_retention": "keeping your data",
    "human_review": "staff reading your content",
    "data_location_and_transfers": "transfers abroad",
    "limitation_of_liability": "the company's liability",
    "arbitration": "arbitration",
    "class_action_waiver": "class actions",
    "fees_and_refunds": "fees and refunds",
}

_VALUE_LABELS = {
    "money": "amount",
    "duration": "period",
    "percentage": "percentage",
    "age": "age",
    "date": "date",
    "place": "place",
    "notice_period": "notice period",
}

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _first_words() -> frozenset[str]:
    words = set()
    for msg in MESSAGES.values():
        for m in msg if isinstance(msg, tuple) else (msg,):
            first = m.split(" ", 1)[0].rstrip(":,")
            if first.isalpha() and first[:1].isupper():
                words.add(first)
    return frozenset(words)


_LOWERABLE = _first_words()
#: first words of category nouns and data names that are ordinary words
_NOUN_WORDS = frozenset(
    {n.split(" ", 1)[0] for n in CATEGORY_NOUNS.values()}
    | set("data chats posts voice public customer personal payments price".split())
    | {k.split(" ", 1)[0] for k in COSMETIC_KINDS.values()}
)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def render(msg_id: str, count: int | None = None, **params: object) -> str:
    """The message ``msg_id`` with its placeholders filled.

    ``{Noun}``, ``{Data}`` and ``{Label}`` are the capitalised forms of ``noun``,
    ``data`` and ``label``; ``count`` picks the plural form and fills ``{count}``.
    """
    msg = MESSAGES[msg_id]
    if isinstance(msg, tuple):
        msg = msg[0] if count == 1 else msg[1]
    values = {k: str(v) for k, v in params.items()}
    for key in ("noun", "data", "label"):
        if key in values:
            values[_capitalise(key)] = _capitalise(values[key])
    if count is not None:
        values["count"] = f"{count:,}"
    return msg.format(**values)


def value_label(kind: str) -> str:
    """The name of a kind of value ("period" for a duration), for ``value.changed``."""
    return _VALUE_LABELS.get(kind, kind.replace("_", " "))


def format_list(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def format_date(iso: str) -> str:
    """ "2026-07-25" → "25 July 2026" (other text is returned as it is)."""
    try:
        y, m, d = (int(x) for x in iso[:10].split("-"))
        return f"{d} {_MONTHS[m - 1]} {y}"
    except (ValueError, IndexError):
        return iso


def quote(text: str, limit: int = 60) -> str | None:
    """``text`` as a quotable phrase of at most ``limit`` characters, or None.

    Whitespace is collapsed and Markdown marks dropped; a phrase that does not fit is
    not cut (a cut phrase would misquote), so the caller says something else.
    """
    import re

    t = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    t = re.sub(r"[*_`#>|]+|<br\s*/?>|\\", " ", t)
    t = " ".join(t.split()).strip(" ,;:")
    if t.endswith(".") and not t.endswith(("..", "etc.", "Inc.", "Ltd.", "Corp.")):
        t = t[:-1]
    if not t or len(t) > limit:
        return None
    return t


def join(parts: Sequence[str]) -> str:
    """The headline from its one or two sentences."""
    parts = [p for p in parts if p]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    second = parts[1]
    # "…; new liquidated damages", but names and acronyms keep their capitals
    first_word = second.split(" ", 1)[0].rstrip(":,")
    acronym = len(first_word) > 1 and first_word[1].isupper()  # "AI", "EU", "UK"
    if not acronym and (first_word in _LOWERABLE or first_word.lower() in _NOUN_WORDS):
        second = second[0].lower() + second[1:]
    return MESSAGES["join.two"].format(first=parts[0], second=second)  # type: ignore[union-attr]
