"""The clause categories the flagger knows, with the words shown to readers.

Category ids are part of the JSON interface (flags, change reports, the site) and
must never be renamed.  The first eight are the unfair-clause categories of the
CLAUDETTE / LexGLUE UNFAIR-ToS research; the rest are the ones this project adds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from diffs.result import Severity


@dataclass(frozen=True)
class Category:
    id: str
    title: str  # plain-language name, e.g. "Forced arbitration"
    explanation: str  # one paragraph: why a user should care
    severity: Severity  # default severity of a flag in this category
    noun: str  # short noun phrase for headlines, e.g. "AI-training licence"

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "title": self.title,
            "explanation": self.explanation,
            "severity": self.severity,
        }


_ALL = [
    Category(
        "arbitration",
        "Forced arbitration",
        "Disputes must go to a private arbitrator instead of a public court. Arbitration "
        "is usually confidential, hard to appeal, and chosen and paid for under rules the "
        "company picked, and it often removes your right to a jury trial.",
        "high",
        "arbitration clause",
    ),
    Category(
        "unilateral_change",
        "Terms can change without your agreement",
        "The company may change the terms, prices or the service on its own, often just by "
        "posting a new version. Continuing to use the service may count as accepting changes "
        "you never read.",
        "medium",
        "unilateral change clause",
    ),
    Category(
        "content_removal",
        "Your content can be removed at will",
        "The company may delete, hide or refuse your posts and files at its discretion, "
        "sometimes without telling you or giving a reason, and without a way to get them back.",
        "medium",
        "content removal clause",
    ),
    Category(
        "jurisdiction",
        "Disputes in a court far from you",
        "Any lawsuit must be brought in a court the company chose, possibly in another state "
        "or country. Travelling there, or hiring lawyers there, can make a claim too expensive "
        "to pursue.",
        "medium",
        "venue",
    ),
    Category(
        "choice_of_law",
        "A law the company chose governs the contract",
        "The contract is governed by the law of a place the company chose rather than where "
        "you live, which can take away protections of your local consumer law.",
        "low",
        "governing law",
    ),
    Category(
        "limitation_of_liability",
        "The company limits what it owes you",
        "The company excludes or caps its liability for losses, data loss, security failures "
        "or harm caused by the service, so you may not be compensated when things go wrong.",
        "medium",
        "limitation of liability",
    ),
    Category(
        "unilateral_termination",
        "Your account can be closed at will",
        "The company may suspend or delete your account or stop the service at any time, "
        "sometimes without notice or reason, taking your content and purchases with it.",
        "medium",
        "account termination clause",
    ),
    Category(
        "contract_by_using",
        "Using the service means you agree",
        "You are bound by the terms simply by visiting or using the service, without ever "
        "clicking 'I agree' or being shown the text.",
        "low",
        "agreement-by-use clause",
    ),
    Category(
        "ai_training",
        "Your content trains AI models",
        "Your posts, messages or data may be used to train machine-learning or artificial "
        "intelligence models, by the company or by others it shares them with. Once used for "
        "training, your material cannot practically be taken back out of a model.",
        "high",
        "AI-training licence",
    ),
    Category(
        "liquidated_damages",
        "Fixed penalties you may owe",
        "You agree in advance to pay a fixed sum if you break a rule, such as a fee per post "
        "viewed or per violation, without the company having to prove what it actually lost.",
        "high",
        "liquidated damages",
    ),
    Category(
        "class_action_waiver",
        "No class actions",
        "You give up the right to join with other users in a class action or collective "
        "claim. Small harms to many people then become practically impossible to challenge.",
        "high",
        "class-action waiver",
    ),
    Category(
        "content_licence",
        "Broad licence to your content",
        "You give the company a broad licence to your content: typically worldwide, "
        "royalty-free, sublicensable and for any purpose, so it may copy, modify and pass it "
        "on to others without paying you.",
        "medium",
        "content licence",
    ),
    Category(
        "data_sharing",
        "Your personal data is shared or sold",
        "Personal data about you may be shared with, or sold to, affiliates, advertisers, "
        "partners or other third parties, who may use it for their own purposes.",
        "high",
        "data sharing",
    ),
    Category(
        "biometric_data",
        "Biometric data",
        "Face scans, fingerprints, voiceprints or similar body measurements may be collected "
        "or processed. Unlike a password, biometric identifiers cannot be changed if they leak.",
        "high",
        "biometric data clause",
    ),
    Category(
        "scraping_ban",
        "Automated access is banned",
        "Crawling, scraping or other automated access is forbidden, which affects researchers, "
        "archivists and tools that monitor the service, sometimes under threat of penalties.",
        "low",
        "scraping ban",
    ),
    Category(
        "minimum_age",
        "Age limits and age checks",
        "The service sets a minimum age or checks users' ages, which decides who may sign up "
        "and may require an ID document, a face scan or other proof of age.",
        "low",
        "age requirement",
    ),
    Category(
        "data_retention",
        "How long your data is kept",
        "How long the company keeps your data, messages or account after you stop using the "
        "service or delete them. The longer data is kept, the longer it can leak, be handed "
        "over to authorities or be used for new purposes.",
        "medium",
        "data retention rule",
    ),
    Category(
        "fees_and_refunds",
        "Fees, renewals and refunds",
        "What you pay and whether you get it back: prices, subscriptions that renew and charge "
        "you automatically, payments that are non-refundable, credits or balances that expire.",
        "medium",
        "fees and refunds clause",
    ),
    Category(
        "human_review",
        "People may read your content",
        "Employees, contractors or moderators may read, listen to or review your messages, "
        "recordings or other content, for example to train systems, check reports or enforce "
        "rules. Private does not always mean that no person will see it.",
        "high",
        "human review clause",
    ),
    Category(
        "data_location_and_transfers",
        "Where your data goes",
        "Your data may be stored in or sent to other countries, whose laws may protect it "
        "less or give their authorities access to it. Transfer safeguards such as standard "
        "contractual clauses are meant to make up for that.",
        "medium",
        "data transfer clause",
    ),
    Category(
        "subprocessors",
        "Other companies process your data",
        "Service providers and sub-processors (hosting, payments, age checks, customer "
        "support, AI services) receive and process your data on the company's behalf, so "
        "more companies hold it.",
        "low",
        "service provider clause",
    ),
    Category(
        "arbitration_opt_out",
        "Your right to opt out of arbitration",
        "You may opt out of forced arbitration, usually by sending a notice within a short "
        "deadline. This right keeps your access to court; losing it, or a shorter deadline, "
        "takes that away.",
        "high",
        "arbitration opt-out right",
    ),
    Category(
        "jury_waiver",
        "No jury trial",
        "You give up the right to have a dispute decided by a jury, usually alongside an "
        "arbitration or class-action waiver.",
        "medium",
        "jury-trial waiver",
    ),
]

CATEGORIES: dict[str, Category] = {c.id: c for c in _ALL}

UNFAIR_TOS_CATEGORIES: tuple[str, ...] = (
    "arbitration",
    "unilateral_change",
    "content_removal",
    "jurisdiction",
    "choice_of_law",
    "limitation_of_liability",
    "unilateral_termination",
    "contract_by_using",
)

SEVERITY_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}


def get(category_id: str) -> Category:
    """The category with this id (KeyError if unknown)."""
    return CATEGORIES[category_id]


def localized(category_id: str, locale: str) -> Category:
    """The category with its title and explanation in ``locale`` (the ``diffs``
    catalogue, contexts "category title" and "category explanation"); English where the
    catalogue has no translation.  The noun of headlines is :mod:`diffs.messages`'."""
    from diffs.i18n import translations

    c = CATEGORIES[category_id]
    t = translations(locale)
    return replace(
        c,
        title=t.pgettext("category title", c.title),
        explanation=t.pgettext("category explanation", c.explanation),
    )
