# ruff: noqa: E501  (whole sentences read better unbroken)
"""Every sentence a headline is made of, in one place, as a gettext catalogue.

Each message is a whole sentence (or a whole noun phrase used as a sentence) with
*named* placeholders, never a fragment glued to another: a translator sees
"Retention extended from {old} to {new}" and can reorder it freely.  Messages that
depend on a number have a singular and a plural form (a translation has as many as
its language needs: six in Arabic) and take ``{count}``.

Every message, category noun and value word is marked for extraction
(:func:`diffs.i18n.pgettext_noop`, the message id as context) into the ``diffs``
domain; :mod:`diffs.i18n` loads a language's catalogue.  :func:`render` fills one
message in the current locale (English unless :func:`use_locale` says otherwise);
:func:`join` puts the one or two sentences of a headline together; :func:`format_list`,
:func:`format_date`, :func:`format_number` and :func:`format_value` format values the
way the locale does (with Babel; English keeps its own short forms).  The stored
events are the same in every language: each renders its own headline from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from diffs import i18n
from diffs.i18n import npgettext_noop, pgettext_noop

__all__ = [
    "AI_DATA",
    "BIOMETRIC_DATA",
    "LANGUAGES",
    "RECIPIENTS",
    "SHARING_TOPICS",
    "TRANSFER_MECHANISMS",
    "CATEGORY_NOUNS",
    "CATEGORY_PHRASES",
    "COSMETIC_KINDS",
    "MESSAGES",
    "NOTICE_TOPICS",
    "current_locale",
    "format_date",
    "format_list",
    "format_number",
    "format_value",
    "join",
    "localize_label",
    "quote",
    "render",
    "template",
    "translate",
    "use_locale",
    "value_label",
]

#: message id → text, or (singular, plural) for messages that take ``{count}``.
#: ``{text}``, ``{old}`` and ``{new}`` inside “curly quotes” are words quoted from the
#: policy (whole sentences, or phrases with their context), never translated.
MESSAGES: dict[str, str | tuple[str, str]] = {
    # flag events, any category ("{noun}" is the category's noun, CATEGORY_NOUNS)
    "flag.added": pgettext_noop("flag.added", "New {noun}"),
    "flag.added.quote": pgettext_noop("flag.added.quote", "New {noun}: “{text}”"),
    "flag.added.in": pgettext_noop("flag.added.in", "New {noun} in “{section}”"),
    "flag.removed": pgettext_noop("flag.removed", "{Noun} removed"),
    "flag.removed.quote": pgettext_noop("flag.removed.quote", "{Noun} removed: “{text}”"),
    "flag.removed.in": pgettext_noop("flag.removed.in", "{Noun} removed from “{section}”"),
    "flag.modified": pgettext_noop("flag.modified", "{Noun} reworded"),
    "flag.modified.in": pgettext_noop("flag.modified.in", "{Noun} in “{section}” reworded"),
    "flag.modified.phrase": pgettext_noop(
        "flag.modified.phrase",
        "{Noun} reworded: “{old}” → “{new}”",
    ),
    "flag.modified.added": pgettext_noop("flag.modified.added", "{Noun} extended: “{text}”"),
    "flag.modified.removed": pgettext_noop(
        "flag.modified.removed",
        "{Noun} no longer says: “{text}”",
    ),
    "flag.modified.now": pgettext_noop("flag.modified.now", "{Noun} reworded, now: “{text}”"),
    "flag.modified.values": pgettext_noop(
        "flag.modified.values",
        "{Noun} changed from {old} to {new}",
    ),
    "flag.modified.new_values": pgettext_noop(
        "flag.modified.new_values",
        "{Noun} now includes {new}",
    ),
    "flag.modified.old_values": pgettext_noop(
        "flag.modified.old_values",
        "{Noun} no longer includes {old}",
    ),
    "flag.protection_added": pgettext_noop("flag.protection_added", "New protection: “{text}”"),
    "flag.protection_added.short": pgettext_noop(
        "flag.protection_added.short",
        "New protection on {topic}",
    ),
    "flag.protection_removed": pgettext_noop(
        "flag.protection_removed",
        "Removed protection: “{text}”",
    ),
    "flag.protection_removed.short": pgettext_noop(
        "flag.protection_removed.short",
        "Protection on {topic} removed",
    ),
    "flag.protection_added.in": pgettext_noop(
        "flag.protection_added.in",
        "New protection on {topic} in “{section}”",
    ),
    "flag.protection_removed.in": pgettext_noop(
        "flag.protection_removed.in",
        "Protection on {topic} removed from “{section}”",
    ),
    # categories with values
    "jurisdiction.modified": pgettext_noop(
        "jurisdiction.modified",
        "Venue moved from {old} to {new}",
    ),
    "jurisdiction.added": pgettext_noop("jurisdiction.added", "New venue for disputes: {new}"),
    "choice_of_law.modified": pgettext_noop(
        "choice_of_law.modified",
        "Governing law changed from {old} to {new}",
    ),
    "choice_of_law.added": pgettext_noop("choice_of_law.added", "New governing law: {new}"),
    "liquidated_damages.added": pgettext_noop(
        "liquidated_damages.added",
        "New liquidated damages of {new}",
    ),
    "liquidated_damages.modified": pgettext_noop(
        "liquidated_damages.modified",
        "Liquidated damages changed from {old} to {new}",
    ),
    "limitation_of_liability.added": pgettext_noop(
        "limitation_of_liability.added",
        "New liability cap of {new}",
    ),
    "limitation_of_liability.modified": pgettext_noop(
        "limitation_of_liability.modified",
        "Liability cap changed from {old} to {new}",
    ),
    "data_retention.longer": pgettext_noop(
        "data_retention.longer",
        "Retention extended from {old} to {new}",
    ),
    "data_retention.shorter": pgettext_noop(
        "data_retention.shorter",
        "Retention shortened from {old} to {new}",
    ),
    "data_retention.added": pgettext_noop("data_retention.added", "Data now kept for {new}"),
    "data_retention.changed": pgettext_noop(
        "data_retention.changed",
        "Retention periods changed from {old} to {new}",
    ),
    "minimum_age.raised": pgettext_noop(
        "minimum_age.raised",
        "Minimum age raised from {old} to {new}",
    ),
    "minimum_age.lowered": pgettext_noop(
        "minimum_age.lowered",
        "Minimum age lowered from {old} to {new}",
    ),
    "minimum_age.changed": pgettext_noop(
        "minimum_age.changed",
        "Age limits changed from {old} to {new}",
    ),
    "minimum_age.added": pgettext_noop("minimum_age.added", "New age limit: {new}"),
    "minimum_age.added_values": pgettext_noop(
        "minimum_age.added_values",
        "Age limits now include {new}",
    ),
    "data_location.added": pgettext_noop(
        "data_location.added",
        "Data may now be stored in or sent to {new}",
    ),
    "data_location.removed": pgettext_noop(
        "data_location.removed",
        "{old} no longer listed for storing or transferring data",
    ),
    "data_location.changed": pgettext_noop(
        "data_location.changed",
        "Data locations changed from {old} to {new}",
    ),
    "data_location.new_clause": pgettext_noop(
        "data_location.new_clause",
        "New rules on transferring data abroad",
    ),
    "data_location.names": pgettext_noop(
        "data_location.names",
        "Data transfer clause now names {new} instead of {old}",
    ),
    "data_location.now_names": pgettext_noop(
        "data_location.now_names",
        "Data transfer clause now names {new}",
    ),
    "data_location.mechanism.added": pgettext_noop(
        "data_location.mechanism.added",
        "New data transfer clause cites {mechanisms}",
    ),
    "data_location.mechanism": pgettext_noop(
        "data_location.mechanism",
        "Data transfer clause now cites {mechanisms}",
    ),
    "data_location.no_longer_names": pgettext_noop(
        "data_location.no_longer_names",
        "Data transfer clause no longer names {old}",
    ),
    "notice.longer": pgettext_noop(
        "notice.longer",
        "Notice before {topic} extended from {old} to {new}",
    ),
    "notice.shorter": pgettext_noop(
        "notice.shorter",
        "Notice before {topic} shortened from {old} to {new}",
    ),
    "notice.changed": pgettext_noop(
        "notice.changed",
        "Notice before {topic} changed from {old} to {new}",
    ),
    "arbitration_opt_out.removed": pgettext_noop(
        "arbitration_opt_out.removed",
        "Arbitration opt-out right removed",
    ),
    "arbitration_opt_out.added": pgettext_noop(
        "arbitration_opt_out.added",
        "New right to opt out of arbitration",
    ),
    "arbitration_opt_out.window": pgettext_noop(
        "arbitration_opt_out.window",
        "Arbitration opt-out window changed from {old} to {new}",
    ),
    "human_review.added": pgettext_noop("human_review.added", "Staff may now review {data}"),
    "biometric.added": pgettext_noop("biometric.added", "New biometric data clause on {data}"),
    "human_review.protection_removed": pgettext_noop(
        "human_review.protection_removed",
        "Promise that staff do not read {data} removed",
    ),
    "subprocessors.added": pgettext_noop(
        "subprocessors.added",
        "New service providers may process your data",
    ),
    "fees.non_refundable": pgettext_noop("fees.non_refundable", "Payments now non-refundable"),
    "fees.auto_renew": pgettext_noop("fees.auto_renew", "Subscriptions now renew automatically"),
    "fees.price": pgettext_noop("fees.price", "Price changed from {old} to {new}"),
    "fees.added": pgettext_noop("fees.added", "New fees and payment terms"),
    "ai.opt_out": pgettext_noop(
        "ai.opt_out",
        "{Data} now used to train AI models unless you opt out",
    ),
    "ai.opt_in": pgettext_noop("ai.opt_in", "{Data} may be used to train AI models if you opt in"),
    "ai.no_choice": pgettext_noop("ai.no_choice", "{Data} now used to train AI models"),
    "ai.licence": pgettext_noop("ai.licence", "New AI-training licence"),
    "ai.now_opt_out": pgettext_noop(
        "ai.now_opt_out",
        "AI training of {data} now on by default, with an opt-out",
    ),
    "ai.opt_out_removed": pgettext_noop("ai.opt_out_removed", "Opt-out from AI training removed"),
    "ai.widened": pgettext_noop("ai.widened", "AI training now covers {data}"),
    "ai.widened.phrase": pgettext_noop(
        "ai.widened.phrase",
        "AI training now covers {data}: “{old}” → “{new}”",
    ),
    "ai.third_parties": pgettext_noop(
        "ai.third_parties",
        "Third parties may now train AI models on {data}",
    ),
    # other facts of a change
    "renamed.company": pgettext_noop("renamed.company", "Company name changed from {old} to {new}"),
    "renamed": pgettext_noop("renamed", "“{old}” renamed “{new}”"),
    "value.changed": pgettext_noop("value.changed", "{Label} changed from {old} to {new}"),
    "value.changed.in": pgettext_noop(
        "value.changed.in",
        "{Label} in “{section}” changed from {old} to {new}",
    ),
    "obligation.added": pgettext_noop("obligation.added", "New rule: “{text}”"),
    "obligation.added.in": pgettext_noop(
        "obligation.added.in",
        "New rule in “{section}”: “{text}”",
    ),
    "obligation.removed": pgettext_noop("obligation.removed", "Rule removed: “{text}”"),
    "obligation.removed.in": pgettext_noop(
        "obligation.removed.in",
        "Rule removed from “{section}”: “{text}”",
    ),
    "section.added": pgettext_noop("section.added", "New section “{title}”"),
    "section.added.text": pgettext_noop("section.added.text", "New section “{title}”: “{text}”"),
    "section.removed": pgettext_noop("section.removed", "Section “{title}” removed"),
    "section.removed.text": pgettext_noop(
        "section.removed.text",
        "Section “{title}” removed: “{text}”",
    ),
    "sections.added": npgettext_noop(
        "sections.added",
        "{count} new section: {titles}",
        "{count} new sections: {titles}",
    ),
    "sections.removed": npgettext_noop(
        "sections.removed",
        "{count} section removed: {titles}",
        "{count} sections removed: {titles}",
    ),
    "clause.added": pgettext_noop("clause.added", "Adds: “{text}”"),
    "clause.added.in": pgettext_noop("clause.added.in", "Adds to “{section}”: “{text}”"),
    "clause.removed": pgettext_noop("clause.removed", "Removes: “{text}”"),
    "clause.removed.in": pgettext_noop("clause.removed.in", "Removes from “{section}”: “{text}”"),
    "clause.reworded": pgettext_noop("clause.reworded", "“{old}” changed to “{new}”"),
    "clause.reworded.in": pgettext_noop(
        "clause.reworded.in",
        "In “{section}”: “{old}” changed to “{new}”",
    ),
    "clause.reworded.places": npgettext_noop(
        "clause.reworded.places",
        "“{old}” changed to “{new}” in {count} place",
        "“{old}” changed to “{new}” in {count} places",
    ),
    # what can be said of a text the analysis cannot read (another language)
    "text.added.in": pgettext_noop("text.added.in", "Text added to “{section}”"),
    "text.removed.in": pgettext_noop("text.removed.in", "Text removed from “{section}”"),
    "text.reworded.in": pgettext_noop("text.reworded.in", "Section “{section}” reworded"),
    "definition.widened": pgettext_noop(
        "definition.widened", "Definition of “{term}” now includes “{text}”"
    ),
    "definition.narrowed": pgettext_noop(
        "definition.narrowed", "Definition of “{term}” no longer includes “{text}”"
    ),
    "definition.reworded": pgettext_noop(
        "definition.reworded", "Definition of “{term}”: “{old}” changed to “{new}”"
    ),
    "moved": pgettext_noop("moved", "Text moved between sections, wording unchanged"),
    "rewritten": npgettext_noop(
        "rewritten",
        "Document largely rewritten: {old_words} → {new_words} words",
        "Document largely rewritten: {old_words} → {new_words} words",
    ),
    "rewritten.sections": npgettext_noop(
        "rewritten.sections",
        "Document largely rewritten: {old_words} → {new_words} words; {count} section removed",
        "Document largely rewritten: {old_words} → {new_words} words; {count} sections removed",
    ),
    "rewritten.sections_added": npgettext_noop(
        "rewritten.sections_added",
        "Document largely rewritten: {old_words} → {new_words} words; {count} section added",
        "Document largely rewritten: {old_words} → {new_words} words; {count} sections added",
    ),
    "rewritten.sections_both": npgettext_noop(
        "rewritten.sections_both",
        "Document largely rewritten: {old_words} → {new_words} words; {count} section added, {removed} removed",
        "Document largely rewritten: {old_words} → {new_words} words; {count} sections added, {removed} removed",
    ),
    "rewritten.language": pgettext_noop(
        "rewritten.language",
        "Document replaced by a {language} version: {old_words} → {new_words} words",
    ),
    "reverted": pgettext_noop("reverted", "Reverted to the version of {date}"),
    "superseded_removed": pgettext_noop(
        "superseded_removed",
        "Previous version, in force until {date}, removed from the page",
    ),
    "superseded_removed.undated": pgettext_noop(
        "superseded_removed.undated",
        "Previous version removed from the page",
    ),
    "cosmetic": pgettext_noop("cosmetic", "{kinds} only"),
    "none": pgettext_noop("none", "No change to the text"),
    "unknown": pgettext_noop("unknown", "Text changed"),
    # joining the one or two sentences of a headline
    "join.two": pgettext_noop("join.two", "{first}; {second}"),
}

#: the noun a headline uses for each category ("New {noun}", "{Noun} removed")
CATEGORY_NOUNS: dict[str, str] = {
    "arbitration": pgettext_noop("noun", "arbitration clause"),
    "unilateral_change": pgettext_noop("noun", "right to change the terms or the service"),
    "content_removal": pgettext_noop("noun", "content removal clause"),
    "jurisdiction": pgettext_noop("noun", "venue clause"),
    "choice_of_law": pgettext_noop("noun", "governing-law clause"),
    "limitation_of_liability": pgettext_noop("noun", "liability limitation"),
    "unilateral_termination": pgettext_noop("noun", "account termination clause"),
    "contract_by_using": pgettext_noop("noun", "agreement-by-use clause"),
    "ai_training": pgettext_noop("noun", "AI-training clause"),
    "liquidated_damages": pgettext_noop("noun", "liquidated damages clause"),
    "class_action_waiver": pgettext_noop("noun", "class-action waiver"),
    "content_licence": pgettext_noop("noun", "content licence"),
    "data_sharing": pgettext_noop("noun", "data-sharing clause"),
    "biometric_data": pgettext_noop("noun", "biometric data clause"),
    "scraping_ban": pgettext_noop("noun", "scraping ban"),
    "minimum_age": pgettext_noop("noun", "age requirement"),
    "data_retention": pgettext_noop("noun", "data retention rule"),
    "fees_and_refunds": pgettext_noop("noun", "fees and refunds clause"),
    "human_review": pgettext_noop("noun", "human review clause"),
    "data_location_and_transfers": pgettext_noop("noun", "data transfer clause"),
    "subprocessors": pgettext_noop("noun", "service provider clause"),
    "arbitration_opt_out": pgettext_noop("noun", "arbitration opt-out right"),
    "jury_waiver": pgettext_noop("noun", "jury-trial waiver"),
}

#: how a headline names each kind of cosmetic edit (see diffs.cosmetic.KINDS)
COSMETIC_KINDS: dict[str, str] = {
    "dates": pgettext_noop("cosmetic kind", "dates"),
    "copyright": pgettext_noop("cosmetic kind", "copyright year"),
    "links": pgettext_noop("cosmetic kind", "links"),
    "link_labels": pgettext_noop("cosmetic kind", "link text"),
    "furniture": pgettext_noop("cosmetic kind", "page furniture"),
    "numbering": pgettext_noop("cosmetic kind", "numbering"),
    "spelling": pgettext_noop("cosmetic kind", "spelling"),
    "wording": pgettext_noop("cosmetic kind", "copy-editing"),
    "typography": pgettext_noop("cosmetic kind", "quotes and dashes"),
    "punctuation": pgettext_noop("cosmetic kind", "punctuation"),
    "case": pgettext_noop("cosmetic kind", "capitalisation"),
    "formatting": pgettext_noop("cosmetic kind", "formatting"),
    "whitespace": pgettext_noop("cosmetic kind", "spacing"),
    "duplicate": pgettext_noop("cosmetic kind", "a repeated passage"),
    "names": pgettext_noop("cosmetic kind", "renamed names"),
}

#: what the company does after a notice period, by category ("Notice before {topic} …")
NOTICE_TOPICS: dict[str, str] = {
    "unilateral_change": pgettext_noop("notice topic", "changes to the terms"),
    "unilateral_termination": pgettext_noop("notice topic", "an account is closed"),
    "content_removal": pgettext_noop("notice topic", "content is removed"),
}

#: what a protection or a piece of data is about, by category, for the short messages
CATEGORY_PHRASES: dict[str, str] = {
    "ai_training": pgettext_noop("topic", "AI training"),
    "data_sharing": pgettext_noop("topic", "sharing your data"),
    "biometric_data": pgettext_noop("topic", "biometric data"),
    "content_licence": pgettext_noop("topic", "your content"),
    "data_retention": pgettext_noop("topic", "keeping your data"),
    "human_review": pgettext_noop("topic", "staff reading your content"),
    "data_location_and_transfers": pgettext_noop("topic", "transfers abroad"),
    "limitation_of_liability": pgettext_noop("topic", "the company's liability"),
    "arbitration": pgettext_noop("topic", "arbitration"),
    "class_action_waiver": pgettext_noop("topic", "class actions"),
    "fees_and_refunds": pgettext_noop("topic", "fees and refunds"),
}

_VALUE_LABELS = {
    "money": pgettext_noop("value label", "amount"),
    "duration": pgettext_noop("value label", "period"),
    "percentage": pgettext_noop("value label", "percentage"),
    "age": pgettext_noop("value label", "age"),
    "date": pgettext_noop("value label", "date"),
    "place": pgettext_noop("value label", "place"),
    "notice_period": pgettext_noop("value label", "notice period"),
}


#: the data an AI-training or human-review clause names (``attrs["data"]`` of an
#: AI-training event holds the keys), and the defaults when it names none
AI_DATA: dict[str, str] = {
    "chats": pgettext_noop("data", "chats"),
    "public posts": pgettext_noop("data", "public posts"),
    "posts": pgettext_noop("data", "posts"),
    "voice": pgettext_noop("data", "voice"),
    "customer service data": pgettext_noop("data", "customer service data"),
    "personal data": pgettext_noop("data", "personal data"),
    "your data": pgettext_noop("data", "your data"),
    "your content": pgettext_noop("data", "your content"),
}

#: the topic of a data-sharing protection that names its recipient, and whose data
SHARING_TOPICS: dict[str, str] = {
    "with": pgettext_noop("topic", "sharing your data with {recipient}"),
    "minors_with": pgettext_noop("topic", "sharing data of users under {age} with {recipient}"),
}
#: the recipients a data-sharing protection can name
RECIPIENTS: dict[str, str] = {
    "advertising partners": pgettext_noop("recipient", "advertising partners"),
    "advertisers": pgettext_noop("recipient", "advertisers"),
    "data brokers": pgettext_noop("recipient", "data brokers"),
    "third parties": pgettext_noop("recipient", "third parties"),
    "law enforcement": pgettext_noop("recipient", "law enforcement"),
    "governments": pgettext_noop("recipient", "governments"),
    "affiliates": pgettext_noop("recipient", "affiliates"),
    "partners": pgettext_noop("recipient", "partners"),
}

#: the legal bases for sending data abroad that a transfer clause can cite
TRANSFER_MECHANISMS: dict[str, str] = {
    "the Data Privacy Framework": pgettext_noop("mechanism", "the Data Privacy Framework"),
    "the Privacy Shield": pgettext_noop("mechanism", "the Privacy Shield"),
    "standard contractual clauses": pgettext_noop("mechanism", "standard contractual clauses"),
    "binding corporate rules": pgettext_noop("mechanism", "binding corporate rules"),
    "adequacy decisions": pgettext_noop("mechanism", "adequacy decisions"),
}

#: the languages a document can be found in (``attrs["language"]`` of a rewrite)
LANGUAGES: dict[str, str] = {
    "en": pgettext_noop("language", "English"),
    "de": pgettext_noop("language", "German"),
    "ar": pgettext_noop("language", "Arabic"),
}

#: the biometric data a clause names, most specific first (see ``diffs.headline``)
BIOMETRIC_DATA: dict[str, str] = {
    "video selfies": pgettext_noop("data", "video selfies"),
    "face images": pgettext_noop("data", "face images"),
    "selfies": pgettext_noop("data", "selfies"),
    "facial age estimation": pgettext_noop("data", "facial age estimation"),
    "face matching": pgettext_noop("data", "face matching"),
    "facial features": pgettext_noop("data", "facial features"),
    "faces": pgettext_noop("data", "faces"),
    "likeness": pgettext_noop("data", "likeness"),
    "fingerprints": pgettext_noop("data", "fingerprints"),
    "voiceprints": pgettext_noop("data", "voiceprints"),
    "iris or retina scans": pgettext_noop("data", "iris or retina scans"),
    "body features": pgettext_noop("data", "body features"),
}

#: a period of time, by unit (durations and notice periods, in a language other than
#: English, where the stored label "90 days" cannot be used as it is)
_UNITS: dict[str, tuple[str, str]] = {
    "hour": npgettext_noop("unit.hour", "{count} hour", "{count} hours"),
    "day": npgettext_noop("unit.day", "{count} day", "{count} days"),
    "week": npgettext_noop("unit.week", "{count} week", "{count} weeks"),
    "month": npgettext_noop("unit.month", "{count} month", "{count} months"),
    "year": npgettext_noop("unit.year", "{count} year", "{count} years"),
}
#: what an amount is counted per: "$15,000 per 1,000,000 posts"
_PER_UNITS: dict[str, tuple[str, str]] = {
    "post": npgettext_noop("per.post", "per {count} post", "per {count} posts"),
    "request": npgettext_noop("per.request", "per {count} request", "per {count} requests"),
    "violation": npgettext_noop("per.violation", "per {count} violation", "per {count} violations"),
    "day": npgettext_noop("per.day", "per {count} day", "per {count} days"),
    "month": npgettext_noop("per.month", "per {count} month", "per {count} months"),
    "year": npgettext_noop("per.year", "per {count} year", "per {count} years"),
    "user": npgettext_noop("per.user", "per {count} user", "per {count} users"),
}
_PER_UNIT_WORDS = {
    "posts": "post",
    "post": "post",
    "requests": "request",
    "request": "request",
    "violations": "violation",
    "violation": "violation",
    "breach": "violation",
    "days": "day",
    "day": "day",
    "months": "month",
    "month": "month",
    "years": "year",
    "year": "year",
    "users": "user",
    "user": "user",
}
_AMOUNT_PER = pgettext_noop("money.per", "{amount} {per}")

_MONTHS = (
    "January February March April May June July August September October November December"
).split()

#: the locale the functions of this module render in (see :func:`use_locale`)
_LOCALE: ContextVar[str] = ContextVar("diffs_locale", default="en")
#: the locale Babel formats English with: the messages are British English
_FORMAT_LOCALES = {"en": "en_GB"}


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Render messages, values and dates in ``locale`` ("en", "ar", …) inside the block."""
    i18n.language(locale)  # a malformed tag fails here, not halfway through a headline
    token = _LOCALE.set(locale)
    try:
        yield
    finally:
        _LOCALE.reset(token)


def current_locale() -> str:
    """The locale messages are rendered in now ("en" by default)."""
    return _LOCALE.get()


def _english() -> bool:
    return i18n.is_english(_LOCALE.get())


def _babel_locale() -> str:
    lang = i18n.language(_LOCALE.get())
    return _FORMAT_LOCALES.get(lang, _LOCALE.get().replace("-", "_"))


def translate(context: str, message: str) -> str:
    """``message`` (marked with ``context``) in the current locale."""
    if _english():
        return message
    return i18n.translations(_LOCALE.get()).pgettext(context, message)


def _translate_plural(context: str, forms: tuple[str, str], count: int) -> str:
    if _english():
        return forms[0] if count == 1 else forms[1]
    return i18n.translations(_LOCALE.get()).npgettext(context, forms[0], forms[1], count)


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
    """The message ``msg_id`` in the current locale, with its placeholders filled.

    ``{Noun}``, ``{Data}`` and ``{Label}`` are the capitalised forms of ``noun``,
    ``data`` and ``label``; ``count`` picks the plural form and fills ``{count}``.
    """
    msg = MESSAGES[msg_id]
    if isinstance(msg, tuple):
        text = _translate_plural(msg_id, msg, count if count is not None else 2)
    else:
        text = translate(msg_id, msg)
    values = {k: str(v) for k, v in params.items()}
    if not _english():  # the values of events are stored as English labels
        for key in ("old", "new"):
            if key in values and "{" + key + "}" in text and "“{" + key not in text:
                values[key] = localize_label(values[key])
        if "removed" in values:
            values["removed"] = format_number(int(values["removed"].replace(",", "")))
        for key in ("old_words", "new_words"):
            if key in values and values[key].replace(",", "").isdigit():
                values[key] = format_number(int(values[key].replace(",", "")))
    for key in ("noun", "data", "label"):
        if key in values:
            values[_capitalise(key)] = _capitalise(values[key])
    if count is not None:
        values["count"] = format_number(count)
    return text.format(**values)


def value_label(kind: str) -> str:
    """The name of a kind of value ("period" for a duration), for ``value.changed``."""
    if kind in _VALUE_LABELS:
        return translate("value label", _VALUE_LABELS[kind])
    return kind.replace("_", " ")


def format_number(n: float) -> str:
    """ "1,234" (English), "1,234" or "١٬٢٣٤" as the locale writes numbers."""
    if _english():
        return f"{n:,}"
    from babel.numbers import format_decimal

    return format_decimal(n, locale=_babel_locale())


def format_list(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c" (in the current locale's words)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    if _english():
        return ", ".join(items[:-1]) + " and " + items[-1]
    from babel.lists import format_list as babel_list

    return babel_list(items, locale=_babel_locale())


def format_date(iso: str) -> str:
    """ "2026-07-25" → "25 July 2026" (other text is returned as it is)."""
    try:
        y, m, d = (int(x) for x in iso[:10].split("-"))
        if _english():
            return f"{d} {_MONTHS[m - 1]} {y}"
        import datetime

        from babel.dates import format_date as babel_date

        return babel_date(datetime.date(y, m, d), "long", locale=_babel_locale())
    except (ValueError, IndexError):
        return iso


def _place_name(name: str) -> str:
    from diffs.arabic import place_in

    return place_in(name, i18n.language(_LOCALE.get())) or name


def format_value(value: Mapping[str, Any] | None, label: str) -> str:
    """A value of an event (``attrs["values"]``: an entity's kind and parts) as the
    current locale writes it; ``label`` (the stored English label) when the locale is
    English or the value cannot be rendered otherwise."""
    if _english() or not value:
        return label
    kind = value.get("kind")
    try:
        if kind == "money":
            return _money(value) or label
        if kind in ("duration", "notice_period"):
            unit = _UNITS.get(str(value.get("unit")))
            amount = int(value.get("amount") or 0)
            return (
                _translate_plural(f"unit.{value.get('unit')}", unit, amount).format(
                    count=format_number(amount)
                )
                if unit
                else label
            )
        if kind == "age":
            return format_number(int(value["age"]))
        if kind == "percentage":
            from babel.numbers import format_percent

            return format_percent(
                float(value["percent"]) / 100, "#,##0.##%", locale=_babel_locale()
            )
        if kind == "date":
            return format_date(str(value.get("date") or label))
        if kind == "place":
            return _place_name(str(value.get("name") or label))
        if kind in ("venue", "court", "governing_law"):
            parts = [value.get(k) for k in ("city", "county", "state")]
            parts = [p for p in parts if p] or [value.get("country") or value.get("jurisdiction")]
            names = [_place_name(str(p)) for p in dict.fromkeys(parts) if p]
            return (
                "، ".join(names)
                if names and i18n.language(_LOCALE.get()) == "ar"
                else (", ".join(names) or label)
            )
    except (KeyError, TypeError, ValueError):
        return label
    return label


def _money(value: Mapping[str, Any]) -> str | None:
    from babel.numbers import format_currency

    amount = value.get("amount")
    currency = value.get("currency")
    if not isinstance(amount, int | float) or not currency:
        return None
    text = format_currency(
        amount, str(currency), "#,##0.## ¤¤¤", locale=_babel_locale(), currency_digits=False
    )
    unit = value.get("per_unit")
    if not unit:
        return text
    key = _PER_UNIT_WORDS.get(str(unit).split()[-1].lower())
    if key is None:
        return None  # a unit the catalogue has no word for: the English label says it
    q = int(value.get("per_quantity") or 1)
    per = _translate_plural(f"per.{key}", _PER_UNITS[key], q).format(count=format_number(q))
    return translate("money.per", _AMOUNT_PER).format(amount=text, per=per)


_MONEY_LABEL = re.compile(
    r"^(?P<sym>[$€£¥])?(?P<amt>\d[\d,]*(?:\.\d+)?)(?: (?P<code>[A-Z]{3}))?"
    r"(?: per (?:(?P<q>\d[\d,]*) )?(?P<unit>[a-z][a-z ]*))?$"
)
_PERIOD_LABEL = re.compile(r"^(?P<n>\d+) (?P<unit>hour|day|week|month|year)s?$")
_SYMBOL_CODES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}


def localize_label(label: str) -> str:
    """A value as an event stores it (an English label: "$15,000 per 1,000,000 posts",
    "30 days", "Texas", "2026-11-15", "13") in the current locale; a label it cannot
    read stays as it is."""
    if _english() or not label:
        return label
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", label):
        return format_date(label)
    if re.fullmatch(r"\d+", label):
        return format_number(int(label))
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)%", label):
        return format_value({"kind": "percentage", "percent": float(m.group(1))}, label)
    if m := _PERIOD_LABEL.match(label):
        value = {"kind": "duration", "amount": int(m.group("n")), "unit": m.group("unit")}
        return format_value(value, label)
    m = _MONEY_LABEL.match(label)
    if m and (m.group("sym") or m.group("code")):
        money: dict[str, Any] = {
            "amount": float(m.group("amt").replace(",", "")),
            "currency": _SYMBOL_CODES.get(m.group("sym") or "") or m.group("code"),
        }
        if m.group("unit"):
            money["per_unit"] = m.group("unit")
            money["per_quantity"] = int((m.group("q") or "1").replace(",", ""))
        return _money(money) or label
    parts = [p.strip() for p in label.split(",")]
    names = [_place_name(p) for p in parts]
    if names != parts:
        return "، ".join(names) if i18n.language(_LOCALE.get()) == "ar" else ", ".join(names)
    return label


def quote(text: str, limit: int = 60) -> str | None:
    """``text`` as a quotable phrase of at most ``limit`` characters, or None.

    Whitespace is collapsed and Markdown marks dropped; a phrase that does not fit is
    not cut (a cut phrase would misquote), so the caller says something else.
    """
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
    if _english():  # "…; new liquidated damages", but names and acronyms keep their capitals
        first_word = second.split(" ", 1)[0].rstrip(":,")
        acronym = len(first_word) > 1 and first_word[1].isupper()  # "AI", "EU", "UK"
        if not acronym and (first_word in _LOWERABLE or first_word.lower() in _NOUN_WORDS):
            second = second[0].lower() + second[1:]
    return render("join.two", first=parts[0], second=second)


def template():  # type: ignore[no-untyped-def]
    """The ``diffs`` message template (a :class:`babel.messages.Catalog`): every message
    marked in this module, then each category's title and explanation.

    ``make messages`` writes it to ``diffs/locale/diffs.pot`` and updates each
    language's ``.po`` from it; a test compares the committed ``.pot`` with it."""
    from pathlib import Path

    from babel.messages import Catalog
    from babel.messages.extract import extract_from_file

    from diffs.categories import CATEGORIES

    catalog = Catalog(project="clausewatch", domain=i18n.DOMAIN, charset="utf-8")
    for lineno, message, _comments, context in extract_from_file(
        "python", str(Path(__file__)), keywords=i18n.KEYWORDS
    ):
        catalog.add(message, locations=[("diffs/messages.py", lineno)], context=context)
    title, explanation = i18n.CATEGORY_CONTEXTS
    for c in CATEGORIES.values():
        catalog.add(c.title, context=title, auto_comments=[c.id])
        catalog.add(c.explanation, context=explanation, auto_comments=[c.id])
    return catalog
