"""Change reports a reader can trust (issue 13): written cases, no shared data needed.

Categories the change reports need, with near misses; the user's own rights and duties
that are no grant to the company; flag events that follow clauses (reworded, moved,
split, rewritten, protections removed); reverts; the headline's rules; plain-data
round trips of what the store keeps.
"""

from __future__ import annotations

import json
import re

import pytest

from diffs import messages
from diffs.analysis import ChangeAnalysis, analyse_change, find_revert, revert_key, same_text
from diffs.categories import CATEGORIES
from diffs.cosmetic import cosmetic_kinds
from diffs.events import flag_diff
from diffs.flagger import flag_text
from diffs.headline import MAX_CHARS, headline
from diffs.result import ChangeEvent, ChangeReport, DiffResult

NEW_CATEGORIES = (
    "data_retention",
    "fees_and_refunds",
    "human_review",
    "data_location_and_transfers",
    "subprocessors",
    "arbitration_opt_out",
)


def doc(*paragraphs: str, title: str = "Terms") -> str:
    return f"# {title}\n\n## Section\n\n" + "\n\n".join(paragraphs) + "\n"


def flag_events(analysis: ChangeAnalysis) -> set[tuple[str, str]]:
    return {(e.category or "", e.kind) for e in analysis.flag_events()}


# --- categories ---------------------------------------------------------------------------


@pytest.mark.parametrize("category", NEW_CATEGORIES)
def test_new_category_is_described(category: str) -> None:
    c = CATEGORIES[category]
    assert c.title and c.noun and len(c.explanation) > 80
    assert c.severity in ("high", "medium", "low")


POSITIVES = [
    ("data_retention", "We retain your voice recordings for up to 3 years.", ["3 years"]),
    ("data_retention", "Deleted messages are kept in backups for 30 days.", ["30 days"]),
    ("data_retention", "Inactive accounts are deleted after 18 months offline.", ["18 months"]),
    ("fees_and_refunds", "All payments are non-refundable.", []),
    ("fees_and_refunds", "Premium costs $9.99 per month and renews automatically.", ["$9.99"]),
    ("fees_and_refunds", "Unused credits expire 12 months after purchase.", ["12 months"]),
    ("human_review", "Human reviewers may read a sample of your conversations.", []),
    ("human_review", "Reported messages can be accessed by our moderators.", []),
    ("data_location_and_transfers", "Your data is stored on servers in Ireland.", ["Ireland"]),
    (
        "data_location_and_transfers",
        "We may transfer your data to countries outside the EEA.",
        ["European Economic Area"],
    ),
    ("subprocessors", "We work with sub-processors listed on our website.", []),
    ("arbitration_opt_out", "You may opt out of arbitration within 30 days of signing up.", []),
]


@pytest.mark.parametrize(("category", "text", "values"), POSITIVES)
def test_new_category_is_flagged_with_its_values(
    category: str, text: str, values: list[str]
) -> None:
    flags = {f.category: f for f in flag_text(text)}
    assert category in flags, sorted(flags)
    labels = " ".join(e.text for e in flags[category].entities)
    for v in values:
        assert v.split()[0].lstrip("$") in labels.replace(",", "") or v in str(
            [e.value for e in flags[category].entities]
        )


NEAR_MISSES = [
    ("data_retention", "Please keep your password secret."),
    ("data_retention", "We keep improving our services."),
    ("fees_and_refunds", "The service is offered to people over 13."),
    ("human_review", "Our team is based in Dublin."),
    ("human_review", "You can review your settings at any time."),
    ("data_location_and_transfers", "The weather in Ireland is mild."),
    ("subprocessors", "Our partners include schools and charities."),
    ("arbitration_opt_out", "Please read the arbitration section carefully."),
    ("arbitration_opt_out", "You can opt out of marketing emails at any time."),
]


@pytest.mark.parametrize(("category", "text"), NEAR_MISSES)
def test_near_miss_is_not_flagged(category: str, text: str) -> None:
    assert category not in {f.category for f in flag_text(text)}


@pytest.mark.parametrize(
    ("category", "text"),
    [
        ("human_review", "No one at the company can read your end-to-end encrypted messages."),
        ("data_retention", "We do not keep your search history."),
        ("ai_training", "We do not use your private messages to train our AI models."),
        ("data_sharing", "We do not sell your personal data to third parties."),
    ],
)
def test_protective_clause_restricts(category: str, text: str) -> None:
    flags = {f.category: f for f in flag_text(text)}
    assert flags[category].polarity == "restricts"


# --- the user's own rights and duties are no grant to the company ---------------------------


@pytest.mark.parametrize(
    ("category", "text"),
    [
        ("unilateral_termination", "You can cancel your subscription at any time in Settings."),
        (
            "unilateral_termination",
            "You may terminate these Terms at any time by deleting your account.",
        ),
        ("unilateral_termination", "If you want to close your account, visit the help centre."),
        ("ai_training", "You may not use the Services or any output to train competing AI models."),
        ("ai_training", "You agree not to use Outputs to develop machine learning models."),
        ("ai_training", "Try our new AI features that help you write better posts."),
        ("ai_training", "Meta AI is our new assistant that can answer your questions."),
        (
            "data_sharing",
            "You agree to keep confidential any non-public information you receive from us "
            "and not to disclose it to third parties.",
        ),
    ],
)
def test_users_own_right_or_duty_is_not_a_grant(category: str, text: str) -> None:
    grants = {f.category for f in flag_text(text) if f.polarity == "grants"}
    assert category not in grants


def test_company_termination_still_flagged_next_to_users_right() -> None:
    text = "You may cancel at any time, and we may suspend or terminate your account at any time."
    assert "unilateral_termination" in {f.category for f in flag_text(text)}


def test_adding_the_users_right_to_cancel_is_no_termination_event() -> None:
    old = doc("We provide the service as described.")
    new = doc(
        "We provide the service as described.",
        "You can cancel your subscription at any time in Settings.",
    )
    analysis = analyse_change(old, new)
    assert ("unilateral_termination", "added") not in flag_events(analysis)
    assert "closed at will" not in analysis.headline


# --- flag events follow clauses ----------------------------------------------------------------


RETENTION = "We keep your chat history for 30 days after you delete it."


def test_retention_extended_is_modified_with_old_and_new_values() -> None:
    analysis = analyse_change(doc(RETENTION), doc(RETENTION.replace("30 days", "90 days")))
    [event] = analysis.flag_events()
    assert (event.category, event.kind, event.old, event.new) == (
        "data_retention",
        "modified",
        ["30 days"],
        ["90 days"],
    )
    assert analysis.headline == "Retention extended from 30 days to 90 days"


def test_reworded_clause_is_modified_although_the_category_is_elsewhere_too() -> None:
    other = "Posts you share may be used for training machine learning models."
    clause = "We may use your content to train our language models."
    old = doc(other, "Unrelated text about the weather in spring.", clause)
    analysis = analyse_change(old, old.replace("language models", "AI models"))
    events = analysis.flag_events()
    assert [(e.category, e.kind) for e in events] == [("ai_training", "modified")]
    assert (events[0].removed_words, events[0].added_words) == ("language", "AI")


def test_moved_clause_is_no_event() -> None:
    a = "You agree to resolve all disputes by binding arbitration."
    b = "We may remove your content at any time for any reason."
    old = "# T\n\n## One\n\n" + a + "\n\n## Two\n\n" + b + "\n"
    new = "# T\n\n## Two\n\n" + b + "\n\n## One\n\n" + a + "\n"
    analysis = analyse_change(old, new)
    assert analysis.flag_events() == []


def test_clause_split_from_its_paragraph_is_no_added_event() -> None:
    old = doc(
        "Premium renews automatically each month, and all payments are non-refundable, "
        "including for any unused part of the month."
    )
    new = doc(
        "Premium renews automatically each month.",
        "All payments are non-refundable, including for any unused part of the month.",
    )
    assert ("fees_and_refunds", "added") not in flag_events(analyse_change(old, new))


def test_rewritten_clause_elsewhere_is_modified_not_removed() -> None:
    old = "# T\n\n## Disputes\n\nAll disputes will be resolved by binding arbitration in Texas.\n"
    new = (
        "# T\n\n## Resolving problems\n\nTalk to us first.\n\n## Arbitration agreement\n\n"
        "You and we agree to arbitrate any claim arising from these terms before JAMS.\n"
    )
    kinds = flag_events(analyse_change(old, new))
    assert ("arbitration", "removed") not in kinds
    assert ("arbitration", "modified") in kinds


def test_removed_protection_is_its_own_event_and_headline() -> None:
    promise = "No one at the company can read your private messages without your consent."
    old = doc("We store your messages on our servers.", promise)
    new = doc("We store your messages on our servers.")
    analysis = analyse_change(old, new)
    assert ("human_review", "protection_removed") in flag_events(analysis)
    assert analysis.headline.startswith("Removed protection: “No one at the company can read")


def test_protection_ranks_with_a_new_grant() -> None:
    old = doc("We do not use your private messages to train our AI models.", "Hello there.")
    new = doc("Hello there.", "We may share your information with advertisers.")
    analysis = analyse_change(old, new)
    assert ("ai_training", "protection_removed") in flag_events(analysis)
    assert analysis.headline.startswith("Removed protection")


def test_arbitration_opt_out_removed() -> None:
    opt_out = "You may opt out of this arbitration agreement by emailing us within 30 days."
    arb = "You and we agree to arbitrate all disputes arising from these Terms."
    analysis = analyse_change(doc(arb, opt_out), doc(arb))
    assert flag_events(analysis) == {("arbitration_opt_out", "removed")}
    assert analysis.headline == "Arbitration opt-out right removed"


def test_ai_training_opt_out_is_said_with_the_data() -> None:
    old = doc("We use your chats with our assistant to answer your questions.")
    new = doc(
        "We use your chats with our assistant to answer your questions.",
        "We also use your chats to train our AI models unless you opt out in Settings.",
    )
    analysis = analyse_change(old, new)
    assert ("ai_training", "added") in flag_events(analysis)
    assert analysis.headline == "Chats now used to train AI models unless you opt out"


def test_minimum_age_raised() -> None:
    old = doc("You must be at least 13 years old to use the Services.")
    analysis = analyse_change(old, old.replace("13", "16"))
    assert analysis.headline == "Minimum age raised from 13 to 16"


def test_data_location_added() -> None:
    old = doc("Your data is stored on servers in Japan and the United States.")
    new = old.replace("Japan and", "Japan, Switzerland and")
    analysis = analyse_change(old, new)
    assert flag_events(analysis) == {("data_location_and_transfers", "modified")}
    assert "Switzerland" in analysis.headline


def test_fees_made_non_refundable() -> None:
    old = doc("Premium costs $9.99 per month.")
    new = doc("Premium costs $9.99 per month.", "All payments are non-refundable.")
    analysis = analyse_change(old, new)
    assert ("fees_and_refunds", "added") in flag_events(analysis) or (
        "fees_and_refunds",
        "modified",
    ) in flag_events(analysis)
    assert "non-refundable" in analysis.headline.lower()


def test_cosmetic_rewording_of_a_flagged_clause_is_no_event() -> None:
    old = doc("Twitter may suspend your account at any time for any reason.")
    new = doc("We may suspend your account at any time for any reason.")
    assert analyse_change(old, new).flag_events() == []


# --- significance ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        ("We use “cookies”.", 'We use "cookies".', "typography"),
        ("It is clearly labeled.", "It is clearly labelled.", "spelling"),
        ("See [our terms](https://a.example/x).", "See [our terms](https://a.example/y).", "links"),
        ("1. Who may use", "2. Who may use", "numbering"),
        (
            "© 2024 Acme Inc. All rights reserved.",
            "© 2025 Acme Inc. All rights reserved.",
            "copyright",
        ),
        ("Read our [Terms](x) (opens in a new window).", "Read our [Terms](x).", "furniture"),
    ],
)
def test_cosmetic_kind(old: str, new: str, kind: str) -> None:
    kinds = cosmetic_kinds(old, new)
    assert kinds is not None and kind in kinds


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("We keep data for 30 days.", "We keep data for 90 days."),
        ("You may cancel.", "You may not cancel."),
        ("Courts in California.", "Courts in Texas."),
        ("You must be 13.", "You must be 16."),
    ],
)
def test_meaningful_edit_is_not_cosmetic(old: str, new: str) -> None:
    assert cosmetic_kinds(old, new) is None


def test_minor_change_headline_says_which_kind() -> None:
    old = doc("Hello.", "© 2024 Acme Inc. All rights reserved.")
    analysis = analyse_change(old, old.replace("2024", "2025"))
    assert analysis.significance == "minor"
    assert analysis.headline == "Copyright year only"
    old = doc("Read **our** [terms](https://a.example/t).")
    new = doc("Read our [terms](https://a.example/terms).")
    assert analyse_change(old, new).headline == "Formatting and links only"


def test_blank_lines_only_are_minor_not_none() -> None:
    old = doc("Hello there.")
    analysis = analyse_change(old, old + "\n\n\n")
    assert analysis.significance == "minor"
    assert analysis.headline == "Formatting only"
    assert analyse_change(old, old).significance == "none"


# --- reverts ---------------------------------------------------------------------------------


def test_revert_detection_and_report() -> None:
    v1 = doc("We keep your data for 30 days.")
    v2 = doc("We keep your data for 90 days.")
    assert find_revert(v1, [("2025-01-01", v1)], previous=v2) == "2025-01-01"
    assert find_revert(v2, [("2025-01-01", v1)], previous=v1) is None
    # equal up to cosmetic differences counts too
    v1b = v1.replace("30 days.", "30 days!")
    assert same_text(v1, v1b) and revert_key(v1) == revert_key(v1b)
    assert find_revert(v1b, [("2025-01-01", v1)], previous=v2) == "2025-01-01"
    analysis = analyse_change(v2, v1, revert_of_date="2025-01-01")
    assert analysis.significance == "substantive" and analysis.alert is False
    assert analysis.headline.startswith("Reverted to the version of 1 January 2025")
    assert analysis.events[0].kind == "reverted"
    assert analysis.events[0].attrs == {"date": "2025-01-01"}


def test_cosmetic_flip_flop_back_is_a_revert_too() -> None:
    a = doc("See [help](https://a.example/help).")
    b = doc("See [help](#).")
    assert find_revert(a, [("2024-05-13", a)], previous=b) == "2024-05-13"


# --- headlines ---------------------------------------------------------------------------------


LONG = " ".join(
    f"Clause {k} says that something quite specific happens to account {k}." for k in range(30)
)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (doc("Hello."), doc("Hello.", LONG)),
        (doc(LONG), doc("Hello.")),
        (
            doc(RETENTION),
            doc(RETENTION.replace("30", "90"), "**You must not upload ID documents.**"),
        ),
        (
            doc("Old *text* [here](https://x.example)."),
            doc("New **text** [there](https://y.example)."),
        ),
    ],
)
def test_headline_rules(old: str, new: str) -> None:
    h = analyse_change(old, new).headline
    assert h and len(h) <= MAX_CHARS
    assert "No flagged clauses affected" not in h
    assert not re.search(r"\*\*|\]\(|^#|`", h), h
    assert not re.search(r"\b\d+ (?:added|removed|modified)\b", h), h  # no bare counts


def test_new_section_headline() -> None:
    old = doc("Hello.")
    new = old + "\n## Sensitive data\n\nYou must not upload health, financial or ID data.\n"
    h = analyse_change(old, new).headline
    assert "Sensitive data" in h
    assert "You must not upload health, financial or ID data" in h


def test_largely_rewritten_document() -> None:
    old = "# T\n\n" + "".join(
        f"## Part {k}\n\nThe old rule number {k} covers topic {k} in great detail, with every "
        f"condition, exception and example a careful reader of part {k} might need.\n\n"
        for k in range(12)
    )
    new = "# T\n\n## Summary\n\nEverything is different now and shorter.\n"
    analysis = analyse_change(old, new)
    assert analysis.events[0].kind == "rewritten"
    assert analysis.headline.startswith("Document largely rewritten: ")
    assert "12 sections removed" in analysis.headline


def test_headline_is_deterministic_and_rendered_from_stored_events() -> None:
    old, new = doc(RETENTION), doc(RETENTION.replace("30 days", "90 days"))
    a, b = analyse_change(old, new), analyse_change(old, new)
    assert a.headline == b.headline
    stored = json.loads(json.dumps(a.to_dict()))
    events = [ChangeEvent.from_dict(e) for e in stored["events"]]
    assert headline(events, stored["significance"]) == a.headline


def test_every_message_fills_with_named_placeholders() -> None:
    for msg_id, msg in messages.MESSAGES.items():
        forms = msg if isinstance(msg, tuple) else (msg,)
        for form in forms:
            names = set(re.findall(r"\{(\w+)\}", form))
            assert all(n.isidentifier() for n in names), msg_id
            params = {n: "x" for n in names if n not in ("count",)}
            count = 2 if "count" in names else None
            for cap in ("Noun", "Data", "Label"):
                if cap in params:
                    params.pop(cap)
                    params[cap.lower()] = "x"
            assert messages.render(msg_id, count=count, **params)
    assert messages.render("sections.removed", count=1, titles="“A”").startswith("1 section ")
    assert messages.render("sections.removed", count=3, titles="“A”").startswith("3 sections ")


# --- headline styles (issue 13: say what changed, in whole sentences) ----------------------------

#: the old keyword style: "X now mentions a, b and c", "New text on a, b and c"
KEYWORD_SOUP = re.compile(
    r"\b(?:now mentions|no longer mentions|new text (?:in “[^”]*” )?on|text on)\b"
)
QUOTED = re.compile(r"“([^”]*)”")


def assert_readable(headline: str) -> None:
    """No keyword lists, no Markdown, within the limit, and every quote readable alone."""
    assert headline and len(headline) <= MAX_CHARS, headline
    assert not KEYWORD_SOUP.search(headline), headline
    assert not re.search(r"\*\*|\]\(|^#|`|<br", headline), headline
    for quoted in QUOTED.findall(headline):
        assert quoted.strip() == quoted and quoted, headline
        assert not quoted.endswith((" and", " or", " the", " of", " to", ",")), headline


def test_added_sentence_is_quoted_whole() -> None:
    old = doc("We provide the service as described.")
    new = doc(
        "We provide the service as described.",
        "If you violate the Guidelines, you may not be able to continue using the service.",
    )
    h = analyse_change(old, new).headline
    assert h == (
        "New rule in “Section”: “If you violate the Guidelines, you may not be able to "
        "continue using the service”"
    )
    assert_readable(h)


def test_long_sentence_is_cut_at_a_natural_boundary_and_marked() -> None:
    sentence = (
        "We may share information with regulators and third parties such as researchers, "
        "certified out-of-court dispute settlement bodies and consumer associations in the "
        "countries where we operate our services."
    )
    h = analyse_change(doc("Hello there."), doc("Hello there.", sentence)).headline
    assert "“We may share information with regulators and third parties…”" in h
    assert_readable(h)


def test_a_condition_is_never_cut_off() -> None:
    from diffs.phrases import quotable

    text = (
        "We use the chats you have with our assistant to train our artificial intelligence "
        "models and to improve our products, unless you opt out in your privacy settings."
    )
    quote = quotable(text, 100)
    assert quote is None or "unless you opt out" in quote


def test_reworded_flag_quotes_the_changed_phrase_with_context() -> None:
    clause = (
        "Users who induce or facilitate excessive requests will pay $15,000 as liquidated damages."
    )
    analysis = analyse_change(
        doc(clause), doc(clause.replace("or facilitate", "or knowingly facilitate"))
    )
    h = analysis.headline
    assert "“who induce or facilitate” → “who induce or knowingly facilitate”" in h
    assert h.startswith("Liquidated damages clause reworded")
    assert_readable(h)
    [event] = analysis.flag_events()
    assert (event.old_phrase, event.new_phrase) == (
        "who induce or facilitate",
        "who induce or knowingly facilitate",
    )


def test_unflagged_rewording_says_where_and_what() -> None:
    old = doc("A copy of your notification will be sent to the person who posted the material.")
    new = doc("A copy of your notification may be sent to the person who posted the material.")
    h = analyse_change(old, new).headline
    assert h == (
        "In “Section”: “your notification will be sent” changed to “your notification may be sent”"
    )


def test_the_same_rewording_in_two_places_is_said_once() -> None:
    sentence = "A copy of your notice will be sent to the person who posted the material."
    old = "# T\n\n## US\n\n" + sentence + "\n\n## EU\n\n" + sentence + "\n"
    new = old.replace("will be sent", "may be sent")
    h = analyse_change(old, new).headline
    assert h == "“your notice will be sent” changed to “your notice may be sent” in 2 places"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "We may change these Terms at any time, and we will give you 30 days' notice.",
            "We may change these Terms at any time, and we will give you 15 days' notice.",
            "Notice before changes to the terms shortened from 30 days to 15 days",
        ),
        (
            "We keep your chat history for 90 days after you delete it.",
            "We keep your chat history for 2 years after you delete it.",
            "Retention extended from 90 days to 2 years",
        ),
        (
            "Premium costs $9.99 per month and renews automatically.",
            "Premium costs $11.99 per month and renews automatically.",
            "Price changed from $9.99 per month to $11.99 per month",
        ),
        (
            "The laws of the State of California govern these Terms.",
            "The laws of the State of Texas govern these Terms.",
            "Governing law changed from California to Texas",
        ),
    ],
)
def test_category_sentences_carry_the_values(old: str, new: str, expected: str) -> None:
    assert analyse_change(doc(old), doc(new)).headline == expected


def test_company_renamed() -> None:
    old = doc(
        "These Terms are an agreement between you and Twitter, Inc., 1355 Market Street.",
        "Twitter, Inc. may update these Terms.",
    )
    new = old.replace("Twitter, Inc.", "X Corp.")
    h = analyse_change(old, new).headline
    assert h == "Company name changed from Twitter, Inc. to X Corp."


def test_previous_version_removed_from_the_page() -> None:
    current = "".join(
        f"Rule {k}: users must follow rule number {k} at all times.\n\n" for k in range(3)
    )
    previous = "".join(
        f"Old rule {k}: users had to follow an older rule number {k} of the previous terms.\n\n"
        for k in range(12)
    )
    old = "# Terms\n\n" + current + "### Effective until November 15, 2024\n\n" + previous
    new = "# Terms\n\n" + current
    analysis = analyse_change(old, new, new_date="2024-11-16")
    assert analysis.events[0].kind == "superseded_removed"
    assert analysis.headline.startswith(
        "Previous version, in force until 15 November 2024, removed from the page"
    )


def test_rewritten_document_counts_sections_both_ways() -> None:
    old = "# T\n\n" + "".join(
        f"## Part {k}\n\nThe old rule number {k} covers topic {k} in great detail, with every "
        f"condition, exception and example a careful reader of part {k} might need.\n\n"
        for k in range(12)
    )
    new = (
        "# T\n\n## Summary\n\nEverything is different now and shorter.\n\n"
        "## Contact\n\nWrite to us.\n"
    )
    h = analyse_change(old, new).headline
    assert h.startswith("Document largely rewritten: ")
    assert "2 sections added, 12 removed" in h


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "Nutzer müssen mindestens 16 Jahre alt sein, um sich bei Telegram zu registrieren.",
            "Nutzer müssen mindestens 18 Jahre alt sein, um sich bei Telegram zu registrieren.",
        ),
    ],
)
def test_a_text_the_rules_cannot_read_gets_values_or_a_general_headline(old: str, new: str) -> None:
    analysis = analyse_change(
        doc(old, title="Nutzungsbedingungen"), doc(new, title="Nutzungsbedingungen")
    )
    # ages are read in German: a changed age threshold is the age rule, changed
    assert analysis.headline == "Minimum age raised from 16 to 18"
    assert flag_events(analysis) == {("minimum_age", "modified")}
    period = doc(old.replace("16 Jahre alt sein", "6 Monate warten"), title="Nutzungsbedingungen")
    h = analyse_change(period, period.replace("6 Monate", "18 Monate")).headline
    assert h == "Period in “Section” changed from 6 months to 18 months"
    other = doc(
        "Wenn Daten weitergegeben werden, nehmen wir solche Vorkommnisse in unseren Bericht auf."
    )
    h = analyse_change(
        other, other.replace("in unseren Bericht", "in den Transparenzbericht")
    ).headline
    assert h == "Section “Section” reworded"
    assert_readable(h)


def test_german_removal_is_not_called_removed() -> None:
    old = doc(
        "We reserve the right to update these Terms of Service later.", "Hello there, friend."
    )
    new = doc(
        "Wir behalten uns das Recht vor, diese Nutzungsbedingungen später zu aktualisieren.",
        "Hallo, liebe Nutzerin, lieber Nutzer, und willkommen bei uns.",
    )
    assert ("unilateral_change", "removed") not in flag_events(analyse_change(old, new))


@pytest.mark.parametrize(
    "text",
    [
        "Learn more about the restrictions we may impose on the use of the service.",
        "This includes your name, your email address and your phone number.",
        "Direct Messages Are Private",
        "a digital age verification provider that uses technology to estimate your age.",
    ],
)
def test_pointers_fragments_and_headings_are_never_quoted(text: str) -> None:
    from diffs.phrases import quotable

    assert quotable(text, 120) is None


def test_changed_phrase_keeps_enough_context() -> None:
    from diffs.differ import inline_diff
    from diffs.phrases import changed_phrase

    ops = inline_diff(
        "Sharing information with third parties at your request",
        "Sharing information with third parties at your request when you use our Products",
    )
    assert changed_phrase(ops) == (
        "your request",
        "your request when you use our Products",
    )
    ops = inline_diff(
        "We keep your chat history for 30 days after you delete it.",
        "We keep your chat history for 90 days after you delete it.",
    )
    assert changed_phrase(ops) == ("history for 30 days", "history for 90 days")


def test_keyword_lists_never_come_back() -> None:
    cases = [
        (doc("Hello."), doc("Hello.", LONG)),
        (doc(LONG), doc("Hello.")),
        (doc("You may not scrape the Services."), doc("You may not scrape or crawl the Services.")),
        (
            doc("Depending on the law, we share some data."),
            doc("Depending on your state's relevant laws, we share some data with partners."),
        ),
    ]
    for old, new in cases:
        assert_readable(analyse_change(old, new).headline)


# --- flag events: restatements, summaries, headings -------------------------------------------


def test_a_summary_restating_a_clause_is_no_event() -> None:
    terms = "We may suspend or terminate your account at any time for any or no reason."
    old = "# T\n\n## Ending\n\n" + terms + "\n"
    new = (
        "# T\n\n## Summary of our Terms\n\nWe may also suspend or terminate your account "
        "for other reasons.\n\n## Ending\n\n" + terms + "\n"
    )
    assert analyse_change(old, new).flag_events() == []


def test_a_change_summary_grants_nothing() -> None:
    old = doc("We provide the service as described.")
    new = (
        "# Terms\n\n## Summary of changes\n\nWe have added more details on how we train "
        "the models that support our products.\n\n## Section\n\n"
        "We provide the service as described.\n"
    )
    assert analyse_change(old, new).flag_events() == []


def test_a_heading_or_contents_entry_makes_no_flag_event() -> None:
    old = "# T\n\n* [14. Governing Law, Forum Choice and Class Action Waiver](#law)\n"
    new = "# T\n\n* [Governing Law, Forum Choice and Class Action Waiver](#law)\n"
    assert analyse_change(old, new).flag_events() == []


def test_a_clause_said_elsewhere_in_the_new_version_is_not_removed() -> None:
    promise = "Moderators can access your direct messages when another user reports them to us."
    old = doc(promise, "We keep logs.")
    new = doc(
        "We keep logs.",
        "When another user reports them to us, moderators can access your direct messages.",
    )
    assert ("human_review", "removed") not in flag_events(analyse_change(old, new))


def test_a_new_topic_in_a_category_found_elsewhere_is_added() -> None:
    old = (
        "# Privacy\n\n## Payments\n\nWe keep your payment records for 7 years.\n\n"
        "## Age checks\n\nWe may ask you to confirm your age.\n"
    )
    new = old + "\nAge check selfies are deleted immediately after the check is complete.\n"
    events = flag_events(analyse_change(old, new))
    assert ("data_retention", "modified") in events or ("data_retention", "added") in events


def test_card_expiry_dates_are_no_expiring_credits() -> None:
    text = (
        "If you pay by card, we collect the card type, expiration date and certain digits of "
        "your card number."
    )
    assert "fees_and_refunds" not in {f.category for f in flag_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "If you've shared this through a third-party service, it may be visible to them.",
        "Clicking on such links may allow third parties to collect or share data about you.",
        "We keep information shared by ad and business partners for up to 90 days.",
    ],
)
def test_what_others_share_is_no_data_sharing_by_the_company(text: str) -> None:
    assert "data_sharing" not in {f.category for f in flag_text(text)}


def test_data_transfer_framework_names_places_without_claiming_storage() -> None:
    old = doc("We rely on standard contractual clauses for transfers.")
    new = doc(
        "We rely on standard contractual clauses for transfers.",
        "We participate in the EU-U.S. Data Privacy Framework and its UK Extension.",
    )
    h = analyse_change(old, new).headline
    assert "stored in" not in h


# --- fourth round: precision ----------------------------------------------------------------


def test_a_user_under_an_age_is_an_age_value() -> None:
    from diffs.entities import extract_entities

    ages = extract_entities("An account for a user under 13 is managed by a parent.", ("age",))
    assert [(e.value["age"], e.value["qualifier"]) for e in ages] == [(13, "under")]
    # one value for one phrase, and no age in a number of days or a share
    ages = extract_entities("Children under 16 years old need consent.", ("age",))
    assert [e.value["age"] for e in ages] == [16]
    assert extract_entities("Users over 25% of the quota are warned.", ("age",)) == []
    assert extract_entities("Members under 30 days old pay less.", ("age",)) == []


def test_a_new_clause_about_the_same_age_widens_the_age_rule() -> None:
    age = "## Age\n\nYou must be at least 13 years old to use our Services.\n"
    parent = (
        "## Other\n\nIf you created a parent-managed account for a user under 13, you are "
        "responsible for your child's activity on our Services.\n"
    )
    old = "# Terms\n\n" + age + "\n## Other\n\nWe provide the Services as described.\n"
    new = "# Terms\n\n" + age + "\n" + parent
    events = flag_events(analyse_change(old, new))
    assert ("minimum_age", "added") not in events
    assert ("minimum_age", "modified") in events
    # near miss: the old version had no age rule at all, so the age rule is new
    old = "# Terms\n\n## Other\n\nWe provide the Services as described.\n"
    events = flag_events(analyse_change(old, "# Terms\n\n" + parent))
    assert ("minimum_age", "added") in events


@pytest.mark.parametrize(
    "text",
    [
        "Depending on your state's laws, you may have the right to request a copy of the "
        "following: the information we hold about you, the categories of personal information "
        "we have collected or disclosed about you in the last twelve months, the categories "
        "of sources of such information, the business purpose for collecting or sharing that "
        "information, and the categories of third parties with whom we shared that information.",
        "You have the right to know the categories of third parties with whom we share your "
        "personal information.",
    ],
)
def test_the_right_to_know_whom_data_went_to_is_no_sharing(text: str) -> None:
    assert "data_sharing" not in {f.category for f in flag_text(text)}


def test_sharing_stated_before_the_right_to_know_is_still_sharing() -> None:
    text = (
        "We share your personal information with advertising partners, and you have the "
        "right to know the categories of third parties we share it with."
    )
    assert "data_sharing" in {f.category for f in flag_text(text)}


def test_enquiries_for_inquiries_touches_no_category() -> None:
    clause = (
        "Individuals with {} or complaints regarding personal data received in reliance on "
        "the Data Privacy Framework should first contact us."
    )
    old, new = doc(clause.format("inquiries")), doc(clause.format("enquiries"))
    assert analyse_change(old, new).flag_events() == []
    # near miss: another word is a rewording
    new = doc(clause.format("questions"))
    assert ("data_location_and_transfers", "modified") in flag_events(analyse_change(old, new))


# --- plain data ---------------------------------------------------------------------------------


def test_change_analysis_round_trips() -> None:
    old, new = doc(RETENTION), doc(RETENTION.replace("30 days", "90 days"))
    a = analyse_change(old, new, new_date="2026-01-02")
    again = ChangeAnalysis.from_dict(json.loads(json.dumps(a.to_dict())))
    assert again.to_dict() == a.to_dict()


def test_old_stored_report_without_events_still_loads() -> None:
    stored = {"headline": "No flagged clauses affected (clauses changed: 1 modified)", "flags": []}
    report = ChangeReport.from_dict(stored)
    assert report.events == [] and report.headline.startswith("No flagged")
    old_change = {"significance": "substantive", "headline": "x", "diff": {"changes": []}}
    analysis = ChangeAnalysis.from_dict(old_change)
    assert analysis.events == [] and analysis.significance == "substantive"
    assert (
        DiffResult.from_dict(
            {
                "significance": "minor",
                "stats": {},
                "changes": [
                    {"kind": "modified", "section": "", "old": "a", "new": "b", "inline": []}
                ],
            }
        )
        .changes[0]
        .cosmetic
        == []
    )


def test_flag_diff_keeps_its_shape_and_carries_events() -> None:
    old, new = doc(RETENTION), doc(RETENTION.replace("30 days", "90 days"))
    from diffs.differ import diff_texts

    report = flag_diff(diff_texts(old, new))
    assert [fc.status for fc in report.flags] == ["modified"]
    assert report.events and report.headline == "Retention extended from 30 days to 90 days"
    again = ChangeReport.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again.to_dict() == report.to_dict()


def test_an_age_changed_in_a_text_the_rules_cannot_read_is_the_age_rule() -> None:
    rule = (
        "# Nutzungsbedingungen\n\n## Regeln\n\nNutzer aus dem Europäischen Wirtschaftsraum "
        "müssen mindestens {} alt sein, um sich bei Telegram zu registrieren.\n"
    )
    a = analyse_change(rule.format("16 Jahre"), rule.format("18 Jahre"))
    assert flag_events(a) == {("minimum_age", "modified")}
    assert "16" in a.headline and "18" in a.headline
    # near misses: a period is no age; an English clause is left to the rules
    a = analyse_change(rule.format("6 Monate"), rule.format("18 Monate"))
    assert flag_events(a) == set()
    prize = "# Terms\n\n## Prizes\n\nWinners under {} receive a voucher of 20 euros.\n"
    assert flag_events(analyse_change(prize.format(18), prize.format(16))) == set()


def test_messages_accessed_for_trust_and_safety_are_human_review() -> None:
    text = (
        "We store your direct messages so you can talk to other users. These are unencrypted "
        "and can be accessed for Trust & Safety purposes."
    )
    assert "human_review" in {f.category for f in flag_text(text)}
    old = doc("DMs may be accessed by moderators when reported in-app.", "We keep logs.")
    new = doc("We keep logs.", text)
    assert ("human_review", "removed") not in flag_events(analyse_change(old, new))
    # near misses: no one reads anything for a purpose that is not moderation
    for other in (
        "These settings can be changed for safety purposes.",
        "Reports are processed for safety purposes.",
        "Trust & Safety policies apply to content you post.",
    ):
        assert "human_review" not in {f.category for f in flag_text(other)}


def test_messages_kept_on_the_device_not_on_our_servers_is_a_retention_promise() -> None:
    flags = {
        f.category: f.polarity
        for f in flag_text(
            "Typically your messages are stored on your device(s) and not on our servers."
        )
    }
    assert flags.get("data_retention") == "restricts"
    old = doc("We do not retain your messages once they are delivered.", "We keep logs.")
    new = doc(
        "We keep logs.",
        "Typically your messages are stored on your device(s) and not on our servers.",
    )
    assert ("data_retention", "protection_removed") not in flag_events(analyse_change(old, new))
    # near misses: kept on our servers is no promise; a device alone says nothing of ours
    flags = {
        f.category: f.polarity
        for f in flag_text("Your messages are stored on our servers for 30 days.")
    }
    assert flags.get("data_retention") == "grants"
    assert "data_retention" not in {
        f.category for f in flag_text("Your photos are stored on your device.")
    }


def test_liability_for_onward_transfers_is_no_data_sharing() -> None:
    text = (
        "Under certain circumstances, participants may be liable for the transfer of personal "
        "data from the EU, Switzerland and the UK to third parties outside the EU."
    )
    cats = {f.category for f in flag_text(text)}
    assert "data_sharing" not in cats and "data_location_and_transfers" in cats
    # near miss: a company that shares, and answers for it, still shares
    text = (
        "We may share your personal data with third parties, and we remain liable for the transfer."
    )
    assert "data_sharing" in {f.category for f in flag_text(text)}


RECIPIENTS = (
    "# Privacy\n\n## Information we may disclose\n\n| Recipients | Data | Why |\n|---|---|---|\n"
    "| Advertising partners | • User Data<br><br>• {items} | We may share your personal data "
    "with advertising partners so they can show you more relevant ads. |\n"
)


def test_an_item_added_to_a_recipients_data_list_widens_the_sharing() -> None:
    old = RECIPIENTS.format(items="Usage Data")
    a = analyse_change(old, RECIPIENTS.format(items="Usage Data<br><br>• Street Address Data"))
    assert flag_events(a) == {("data_sharing", "modified")}
    assert a.flag_events()[0].new == ["Street Address Data"]
    assert a.headline == "Data-sharing clause now includes Street Address Data"
    # near misses: the list's markup, or the recipient's label, changed
    a = analyse_change(old, old.replace("• User Data<br><br>• ", "* User Data<br>* "))
    assert flag_events(a) == set()
    a = analyse_change(old, old.replace("| Advertising partners |", "| Ad partners |"))
    assert flag_events(a) == set()
    # an item respelled next to another edit of the row is no item gained or lost
    old = RECIPIENTS.format(items="Behavioural Data")
    new = RECIPIENTS.format(items="Behavioral Data").replace("more relevant", "relevant")
    assert all(not e.new and not e.old for e in analyse_change(old, new).flag_events())


@pytest.mark.parametrize(
    "text",
    [
        "Personal information may be stored, accessed and otherwise processed inside and "
        "outside of Quebec and/or Canada.",
        "When personal information is located outside Canada, it may be subject to other laws.",
    ],
)
def test_data_kept_outside_a_named_country_is_a_transfer(text: str) -> None:
    assert "data_location_and_transfers" in {f.category for f in flag_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "You may access the service from outside Canada.",
        "You may access the service from outside the EU.",
        "Residents outside Canada can contact us by email.",
    ],
)
def test_a_user_abroad_is_no_data_transfer(text: str) -> None:
    assert "data_location_and_transfers" not in {f.category for f in flag_text(text)}


# --- round 6: what a headline can say of texts the English quotes did not reach -----------


def test_a_sentence_in_another_language_is_quoted_whole_or_not_at_all() -> None:
    from diffs.phrases import quotable

    added = "Es ist verboten, mit dem Dienst gefälschte Ausweise oder Waffen zu verkaufen."
    old = doc("Nutzer dürfen keinen Spam versenden.", title="Nutzungsbedingungen")
    new = doc("Nutzer dürfen keinen Spam versenden.", added, title="Nutzungsbedingungen")
    h = analyse_change(old, new).headline
    assert h == f"Adds to “Section”: “{added[:-1]}”"
    # a sentence too long to quote whole is never cut: a German "nur" or "außer" after
    # the cut would be lost
    assert (
        quotable("Wir geben Daten an Dritte weiter, " * 6 + "außer du widersprichst.", 120) is None
    )
    # a line of names is no sentence, whatever its language
    assert quotable("Gleiss Lutz Hootz Hirsch PartmbB Rechtsanwälte, Steuerberater", 120) is None
    # Arabic has no capitals: a whole Arabic sentence is quotable
    arabic = "لا نبيع بياناتك الشخصية إلى أي طرف ثالث تحت أي ظرف من الظروف."
    assert quotable(arabic, 120) == arabic[:-1]


def test_a_new_biometric_clause_that_cannot_be_quoted_names_the_biometric_data() -> None:
    old = doc("We collect the information you give us when you sign up.")
    clause = (
        "To estimate your age, our age assurance vendor receives images from your video "
        "selfie, together with a facial scan taken in real time by the camera of your device, "
        "and deletes both after the check."
    )
    h = analyse_change(old, doc("We collect the information you give us when you sign up.", clause))
    assert ("biometric_data", "added") in flag_events(h)
    assert h.headline.startswith("New biometric data clause on video selfies and face images")
    # a biometric clause short enough is quoted: the quote says more than the names
    short = "We may collect your fingerprints to secure your account."
    h = analyse_change(old, doc("We collect the information you give us when you sign up.", short))
    assert h.headline == f"New biometric data clause: “{short[:-1]}”"


def test_a_document_replaced_by_another_language_says_so() -> None:
    english = " ".join(
        f"Clause {i}: we may change these terms and you must follow the rules of the service."
        for i in range(40)
    )
    german = " ".join(
        f"Klausel {i}: Wir können diese Bedingungen ändern und du musst die Regeln einhalten."
        for i in range(6)
    )
    h = analyse_change(doc(english), doc(german)).headline
    assert h.startswith("Document replaced by a German version: ")
    with messages.use_locale("ar"):
        assert "بالألمانية" in headline(analyse_change(doc(english), doc(german)).events)
    # the same language rewritten is only rewritten
    other = " ".join(
        f"Rule {i}: you should not post spam or abuse other people." for i in range(40)
    )
    assert analyse_change(doc(english), doc(other)).headline.startswith(
        "Document largely rewritten: "
    )


def test_a_reworded_definition_is_said_by_its_term() -> None:
    old = doc("“**User Content**” means anything you post, such as photos, videos, or links.")
    widened = old.replace("photos, videos,", "photos, videos, direct messages,")
    h = analyse_change(old, widened).headline
    assert h == "Definition of “User Content” now includes “direct messages”"
    assert analyse_change(widened, old).headline == (
        "Definition of “User Content” no longer includes “direct messages”"
    )
    # words that limit the definition are no item of its list
    limited = old.replace("or links.", "or links, but not direct messages.")
    assert "now includes" not in analyse_change(old, limited).headline
    # a sentence that only describes something is no definition
    plain_text = doc("Our Services include photos, videos, and links from other people.")
    h = analyse_change(plain_text, plain_text.replace("videos,", "videos, stories,")).headline
    assert not h.startswith("Definition")


LICENCE_SECTION = "# Terms\n\n## License to Acme\n\n"
GRANT = (
    "You grant Acme a worldwide, non-exclusive, royalty-free, sublicensable licence to use, "
    "copy and distribute your content."
)


def test_a_sentence_that_refers_back_to_the_licence_is_the_content_licence() -> None:
    old = LICENCE_SECTION + GRANT + "\n\nAcme can exercise these rights to operate the service.\n"
    new = old.replace("to operate the service", "for the business of Acme and its affiliates")
    analysis = analyse_change(old, new)
    assert flag_events(analysis) == {("content_licence", "modified")}
    assert analysis.headline.startswith("Content licence reworded: ")
    added = old + "\nYou also agree that this licence includes the right to analyse your text.\n"
    assert ("content_licence", "modified") in flag_events(analyse_change(old, added))


@pytest.mark.parametrize(
    "section",
    ["## License to use the Services\n\n", "## Your licence\n\n", "## Privacy\n\n"],
)
def test_these_rights_outside_the_users_licence_section_are_no_content_licence(
    section: str,
) -> None:
    old = f"# Terms\n\n{section}Acme grants you a limited licence to use the app.\n\n"
    old += "You can exercise these rights only on your own devices.\n"
    new = old.replace("on your own devices", "on up to three devices")
    assert ("content_licence", "modified") not in flag_events(analyse_change(old, new))


def test_a_transfer_clause_citing_a_new_mechanism_says_which() -> None:
    old = doc("We store your data on servers in Ireland.")
    cited = (
        "We rely on the EU-U.S. Data Privacy Framework when we transfer personal data "
        "from the European Union to our processors in the United States and other places."
    )
    new = doc("We store your data on servers in Ireland.", cited)
    assert "cites the Data Privacy Framework" in analyse_change(old, new).headline
    # a clause that already cited it, reworded elsewhere, does not "now cite" it
    again = doc(
        "We store your data on servers in Ireland.",
        cited.replace("our processors", "our affiliates and processors"),
    )
    assert "cites" not in analyse_change(new, again).headline
    # "no longer relies on" is no new basis
    gone = doc(
        "We store your data on servers in Ireland.",
        "We no longer rely on the Privacy Shield when we transfer personal data to the US.",
    )
    assert "cites" not in analyse_change(old, gone).headline


def test_a_period_dropped_from_a_termination_clause_is_said() -> None:
    old = doc(
        "We reserve the right to reclaim a username if the account has been inactive for "
        "a period of time exceeding 5 months."
    )
    new = old.replace(" exceeding 5 months", "")
    analysis = analyse_change(old, new)
    assert analysis.headline == "Account termination clause no longer includes 5 months"
    assert flag_events(analysis) == {("unilateral_termination", "modified")}


PURPOSES = (
    "# Privacy Policy\n\n## Our purposes\n\n"
    "| Purpose | Data |\n| --- | --- |\n"
    "| To develop new features. This includes training of machine learning models that "
    "improve recommendations. | • User Data<br><br>• {items} |\n"
)


def test_an_item_added_to_the_data_list_of_an_ai_training_purpose_widens_it() -> None:
    old = PURPOSES.format(items="Usage Data")
    a = analyse_change(old, PURPOSES.format(items="Usage Data<br><br>• Customer Service Data"))
    assert flag_events(a) == {("ai_training", "modified")}
    assert a.headline == "AI training now covers customer service data"
    # the list's markup changed, nothing else: no event
    a = analyse_change(old, old.replace("• User Data<br><br>• ", "* User Data<br>* "))
    assert flag_events(a) == set()


@pytest.mark.parametrize(
    ("category", "text"),
    [
        (
            "data_retention",
            "If your account is deleted, we will retain your personal data only as necessary "
            "for trust and safety and legal compliance.",
        ),
        ("data_retention", "We keep your encrypted backups through an active subscription."),
        ("data_retention", "We store your information while you use the service."),
        (
            "biometric_data",
            "When you create an avatar from a photo, we process parts of your face or body "
            "features in the photo.",
        ),
        (
            "unilateral_change",
            "A Paid Service you previously purchased may later be removed from the Services.",
        ),
        ("unilateral_change", "Features may be discontinued when they are no longer supported."),
    ],
)
def test_what_real_policies_say_without_the_usual_words(category: str, text: str) -> None:
    assert category in {f.category for f in flag_text(text)}


@pytest.mark.parametrize(
    ("category", "text"),
    [
        ("data_retention", "We keep your personal information secure as required by law."),
        ("data_retention", "We will keep you informed while the review is ongoing."),
        (
            "data_retention",
            "If you need to keep a copy of your information, download it while your account "
            "is still active.",
        ),
        ("biometric_data", "Our new features make it easier to share posts with friends."),
        ("unilateral_change", "You may request that features be removed from your profile."),
        ("unilateral_change", "Your content may be removed if it breaks these Terms."),
    ],
)
def test_their_near_misses_are_not_flagged(category: str, text: str) -> None:
    assert category not in {f.category for f in flag_text(text)}


def test_a_quote_is_never_cut_inside_a_list_of_conditions() -> None:
    from diffs.phrases import quotable

    text = (
        "In certain situations, such as when a feature is deprecated, when needed to comply "
        "with law, or in response to a demand from a rightsholder, a Paid Service you "
        "previously purchased may later be removed from the Services."
    )
    assert quotable(text, 100) is None
    # a cut after the main clause is still made
    said = quotable(
        "We may share your personal data with our advertising partners, such as ad networks, "
        "measurement companies, analytics providers and other companies we work with.",
        100,
    )
    assert said == "We may share your personal data with our advertising partners…"


def test_a_long_rewording_of_a_flagged_clause_is_shown_without_the_words_it_kept() -> None:
    old = LICENCE_SECTION + (
        "The rights granted by you hereunder terminate once you delete such content from "
        "the Services, except to the extent you shared it with others.\n"
    )
    new = old.replace(
        "terminate once you delete",
        "will terminate a commercially reasonable amount of time after you delete",
    )
    h = analyse_change(old, new).headline
    assert h == (
        "Content licence reworded: “terminate once you delete” → “will terminate a "
        "commercially reasonable amount of time after you delete”"
    )
    # words only taken out (or only put in) keep their context: they may have gone to, or
    # come from, another clause
    from diffs.headline import _trimmed

    assert _trimmed("for any or no reason, including if we reasonably", "if we reasonably") == []
    assert _trimmed("you hereunder terminate once", "you hereunder will terminate") == [
        ("terminate once", "will terminate")
    ]


def test_a_sharing_protection_too_long_to_quote_names_its_recipient_and_whose_data() -> None:
    promise = (
        "With respect to users of the Acme Service under the age of 18, we do not disclose "
        "personal data to advertising partners unless a parent has given consent to it."
    )
    old = doc("We share usage data with our service providers.", promise)
    new = doc("We share usage data with our service providers.")
    analysis = analyse_change(old, new)
    assert ("data_sharing", "protection_removed") in flag_events(analysis)
    assert analysis.headline.startswith(
        "Protection on sharing data of users under 18 with advertising partners removed"
    )
    # no age named: whose data is not said
    adults = promise.replace("under the age of 18", "in the European Economic Area")
    h = analyse_change(doc("Hello.", adults), doc("Hello.")).headline
    assert h.startswith("Protection on sharing your data with advertising partners removed")


def test_a_changed_phrase_never_runs_across_a_sentence_end() -> None:
    from diffs.phrases import changed_phrase

    ops = [
        ("delete", "Some of your information may be kept outside the U.S. "),
        ("equal", "How long we keep your information depends on several things."),
    ]
    assert changed_phrase(ops) == ("Some of your information may be kept outside the U.S", "")


def test_a_pointer_in_another_language_is_never_quoted() -> None:
    from diffs.phrases import quotable

    assert quotable("Bitte klicken Sie hier, um die neuen Bedingungen zu lesen.", 120) is None
    assert quotable("Wir verkaufen deine Daten nicht an andere Unternehmen.", 120)


def test_a_list_letter_glued_to_its_item_is_no_rewording() -> None:
    old = doc("b.Acme is responsible for any claims if the app fails to conform to a warranty.")
    new = old.replace("b.Acme", "Acme")
    assert "b.Acme" not in analyse_change(old, new).headline
    # a real word next to it still counts
    h = analyse_change(old, old.replace("b.Acme is", "b.Acme is not")).headline
    assert "not" in h


def test_the_language_of_a_long_document_is_judged_by_samples() -> None:
    from diffs.events import language

    german = "Wir speichern deine Daten nicht länger als nötig und geben sie nicht weiter. "
    english = "We keep your data only as long as we need it and we do not sell it. "
    assert language(german * 2000) == "de"
    assert language(english * 2000) == "en"
    assert language("لا نبيع بياناتك الشخصية إلى أي طرف ثالث. " * 2000) == "ar"


def test_an_age_said_of_something_else_is_not_whose_data_a_promise_protects() -> None:
    from diffs.headline import _whose_age

    promise = "we do not disclose personal data to advertising partners"
    assert _whose_age(promise, f"For users under the age of 18, {promise}.") == "18"
    assert _whose_age(promise, f"We note that {promise} for users under 16.") == "16"
    text = f"We note that {promise}, and users under 13 may not use the service at all."
    assert _whose_age(promise, text) is None
