# ruff: noqa: E501  (written clauses read better unbroken)
"""Written clauses for every category, near-misses, entities, polarity and change reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from diffs import entities as ent
from diffs.categories import CATEGORIES, UNFAIR_TOS_CATEGORIES
from diffs.events import flag_diff
from diffs.flagger import (
    Flagger,
    flag_document,
    flag_lines,
    flag_records,
    flag_text,
    normalize,
    split_sentences,
)
from diffs.model import MODEL_PATH, load_model
from diffs.result import ChangeReport, ClauseChange, DiffResult, DiffStats, Flag

RULES_ONLY = Flagger(None)

# (category, clause) — each must be flagged with its category, by the shipped flagger
# and by the rules alone
POSITIVES = [
    (
        "arbitration",
        "You and Acme agree to resolve any claims through final and binding arbitration.",
    ),
    ("arbitration", "All disputes shall be finally settled by arbitration under the ICC Rules."),
    ("arbitration", "You agree to arbitrate all disputes with us."),
    ("arbitration", "you and acme agree to arbitrate any claim arising from these terms ."),
    ("unilateral_change", "We reserve the right to modify these Terms at any time without notice."),
    ("unilateral_change", "Acme may change these terms from time to time at its sole discretion."),
    ("content_removal", "We may remove or disable any content at any time for any reason."),
    ("content_removal", "Acme reserves the right to delete your posts without notice."),
    ("jurisdiction", "You submit to the exclusive jurisdiction of the courts of Ireland."),
    (
        "jurisdiction",
        "All claims will be brought solely in the state courts located in Travis County, Texas.",
    ),
    ("choice_of_law", "These Terms are governed by the laws of the State of Delaware."),
    (
        "choice_of_law",
        "This agreement shall be governed by and construed in accordance with English law.",
    ),
    (
        "limitation_of_liability",
        "In no event shall Acme be liable for any indirect or consequential damages.",
    ),
    ("limitation_of_liability", "Our total liability to you shall not exceed $100."),
    (
        "unilateral_termination",
        "We may suspend or terminate your account at any time without notice.",
    ),
    (
        "unilateral_termination",
        "Acme reserves the right to terminate your access to the Service for any reason.",
    ),
    ("contract_by_using", "By using the Service, you agree to be bound by these Terms."),
    (
        "contract_by_using",
        "Your continued use of the Service constitutes acceptance of the revised Terms.",
    ),
    ("ai_training", "We may use your content to train our artificial intelligence models."),
    (
        "ai_training",
        "Posts you share may be used for training machine learning models, including generative AI.",
    ),
    (
        "liquidated_damages",
        "You will be liable to us for liquidated damages of $5,000 per violation.",
    ),
    ("liquidated_damages", "You agree to pay a penalty of €500 for each breach of these rules."),
    (
        "class_action_waiver",
        "You waive any right to participate in a class action lawsuit against us.",
    ),
    (
        "class_action_waiver",
        "Claims may be brought only on an individual basis and not as a class member.",
    ),
    (
        "content_licence",
        "You grant us a worldwide, non-exclusive, royalty-free, sublicensable license to use your Content.",
    ),
    (
        "data_sharing",
        "We may share your personal information with our advertising partners and other third parties.",
    ),
    ("data_sharing", "We sell personal data to data brokers."),
    (
        "biometric_data",
        "We collect biometric identifiers such as face geometry from photos you upload.",
    ),
    ("scraping_ban", "You may not crawl or scrape the Services without our prior written consent."),
    ("jury_waiver", "You and we each waive the right to a trial by jury."),
    ("minimum_age", "You must be at least 16 years old to create an account."),
    ("data_retention", "We keep your chat history for 90 days after you delete it."),
    ("data_retention", "Inactive accounts are deleted after 18 months."),
    ("fees_and_refunds", "All fees are non-refundable, including for unused months."),
    (
        "fees_and_refunds",
        "Your subscription renews automatically each month until you cancel it.",
    ),
    ("human_review", "Our trained reviewers may read your conversations to improve the service."),
    ("human_review", "Reported messages are checked by our moderators."),
    (
        "data_location_and_transfers",
        "Your personal data may be transferred to and stored in countries outside the EEA.",
    ),
    (
        "data_location_and_transfers",
        "We rely on standard contractual clauses approved by the European Commission.",
    ),
    (
        "subprocessors",
        "We use service providers who process personal data on our behalf, such as hosting.",
    ),
    ("subprocessors", "Our current sub-processors are listed on our website."),
    (
        "arbitration_opt_out",
        "You may opt out of this arbitration agreement by sending us notice within 30 days.",
    ),
    (
        "arbitration_opt_out",
        "You have the right to opt out and not be bound by the arbitration provisions.",
    ),
]

# clauses that must NOT get the given category
NEAR_MISSES = [
    ("ai_training", "Our new AI assistant can summarise your chats and suggest replies."),
    ("ai_training", "We use machine learning to detect spam and keep the service safe."),
    ("ai_training", "A selfie is used to estimate your age via machine learning technology."),
    ("ai_training", "Training videos are available in our help centre."),
    ("liquidated_damages", "| Premium | $15 | per month |"),
    ("liquidated_damages", "The Premium plan costs $15 per month, billed annually."),
    (
        "content_licence",
        "We give you a personal, worldwide, royalty-free, non-exclusive license to use the software.",
    ),
    (
        "unilateral_termination",
        "You may terminate your account at any time from the settings page.",
    ),
    ("arbitration", "Please contact our support team if you have questions."),
    ("data_sharing", "We do not sell your personal information."),
    ("scraping_ban", "Our robots help sort your photos."),
    ("class_action_waiver", "Please read this section carefully."),
]


@pytest.mark.parametrize(("category", "text"), POSITIVES)
def test_written_clause_is_flagged(category: str, text: str) -> None:
    flags = {f.category: f for f in flag_text(text)}
    assert category in flags, f"{category} not in {sorted(flags)}"
    f = flags[category]
    assert f.polarity == "grants"
    assert f.severity == CATEGORIES[category].severity
    assert 0 < f.confidence <= 1
    assert f.evidence and f.evidence in text  # exact words of the clause


@pytest.mark.parametrize(("category", "text"), POSITIVES)
def test_rules_alone_flag_written_clauses(category: str, text: str) -> None:
    assert category in {f.category for f in RULES_ONLY.flag_text(text)}


@pytest.mark.parametrize(("category", "text"), NEAR_MISSES)
def test_near_miss_is_not_flagged(category: str, text: str) -> None:
    grants = {f.category for f in flag_text(text) if f.polarity == "grants"}
    assert category not in grants


def test_every_category_has_a_written_positive() -> None:
    assert {c for c, _ in POSITIVES} == set(CATEGORIES)


def test_categories_registry() -> None:
    assert len(UNFAIR_TOS_CATEGORIES) == 8
    assert set(UNFAIR_TOS_CATEGORIES) <= set(CATEGORIES)
    for c in CATEGORIES.values():
        assert c.severity in ("high", "medium", "low")
        assert c.title and len(c.explanation) > 60
        assert c.to_dict()["id"] == c.id


# --- polarity -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We do not use your content to train AI models.",
        "We will never use your posts to train generative AI models.",
        "Your data will not be used to train our machine learning models without your consent.",
    ],
)
def test_protection_is_not_a_grant(text: str) -> None:
    flags = [f for f in flag_text(text) if f.category == "ai_training"]
    assert flags, "a protective AI clause is still reported (as restricts)"
    assert all(f.polarity == "restricts" for f in flags)


def test_opt_out_wording_is_still_a_grant() -> None:
    text = (
        "If you do not opt out, the recipients of the information may use it to train "
        "their artificial intelligence models."
    )
    [f] = [f for f in flag_text(text) if f.category == "ai_training"]
    assert f.polarity == "grants"


def test_data_sharing_protection() -> None:
    [f] = [
        f
        for f in flag_text("We never sell or share your personal data with third parties.")
        if f.category == "data_sharing"
    ]
    assert f.polarity == "restricts"


# --- normalisation --------------------------------------------------------------


def test_normalize_rejoins_tokenised_text() -> None:
    assert normalize("X reserves the right , at its sole discretion , to modify") == (
        "x reserves the right, at its sole discretion, to modify"
    )
    assert normalize("we don ' t  sell\u00a0your “data”") == 'we don\'t sell your "data"'
    assert normalize("see [our rules](https://x.com/rules) **now**") == "see our rules now"


@pytest.mark.parametrize(
    ("category", "text"),
    [
        (
            "unilateral_change",
            "x reserves the right , at its sole discretion , to modify these terms at any time .",
        ),
        (
            "limitation_of_liability",
            "IN NO EVENT SHALL ACME BE LIABLE FOR ANY INDIRECT OR CONSEQUENTIAL DAMAGES.",
        ),
        ("arbitration", "all disputes will be resolved by   binding\tarbitration ."),
        ("ai_training", "we may use your content to train our ai models"),
    ],
)
def test_case_and_spacing_do_not_matter(category: str, text: str) -> None:
    flags = {f.category: f for f in flag_text(text)}
    assert category in flags
    assert flags[category].evidence in text


def test_evidence_keeps_original_words() -> None:
    text = "X Reserves the right , at its SOLE discretion , to modify these Terms."
    [f] = [f for f in flag_text(text) if f.category == "unilateral_change"]
    assert "Reserves the right , at its SOLE discretion , to modify" in f.evidence


def test_split_sentences() -> None:
    text = "We may change these Terms. The U.S. District Court decides. e.g. this stays."
    assert split_sentences(text) == [
        "We may change these Terms.",
        "The U.S. District Court decides. e.g. this stays.",
    ]
    assert split_sentences("we may change these terms. you must be 13 years old to sign up.") == [
        "we may change these terms.",
        "you must be 13 years old to sign up.",
    ]


def test_paragraph_merges_flags_per_category() -> None:
    text = (
        "The laws of the State of Texas will govern these Terms. All disputes will be brought "
        "exclusively in the state courts located in Tarrant County, Texas. You waive any right "
        "to participate in a class action."
    )
    cats = [f.category for f in flag_text(text)]
    assert len(cats) == len(set(cats))
    assert {"choice_of_law", "jurisdiction", "class_action_waiver"} <= set(cats)


# --- entities -----------------------------------------------------------------------


def test_money_entities() -> None:
    [m] = ent.extract_money("damages - $15,000 USD per 1,000,000 posts.")
    assert m.text == "$15,000 USD per 1,000,000 posts"
    assert m.value == {
        "amount": 15000,
        "currency": "USD",
        "per_quantity": 1000000,
        "per_unit": "posts",
    }
    [e] = ent.extract_money("period - €15,000 EUR per 1,000,000 posts")
    assert e.value["currency"] == "EUR" and e.value["amount"] == 15000
    assert ent.money_label(m.value) == "$15,000 per 1,000,000 posts"
    assert ent.extract_money("shall not exceed FIVE HUNDRED EUROS (€500)")[0].value["amount"] == 500
    assert ent.extract_money("about 15,000 posts per day") == []


def test_venue_and_court_entities() -> None:
    text = (
        "will be brought exclusively in the U.S. District Court for the Northern District of "
        "Texas or state courts located in Tarrant County, Texas, United States, and you consent"
    )
    [court] = ent.extract_courts(text)
    assert court.value["district"] == "Northern District of Texas"
    assert court.value["state"] == "Texas"
    [venue] = ent.extract_venues(text)
    assert venue.value["county"] == "Tarrant County"
    assert venue.value["state"] == "Texas"
    assert venue.value["country"] == "United States"
    assert ent.place_label(venue.value) == "Tarrant County, Texas"
    [sf] = ent.extract_venues(
        "brought solely in the federal or state courts located in San Francisco County, California, United States"
    )
    assert (sf.value["county"], sf.value["state"]) == ("San Francisco County", "California")
    [ie] = ent.extract_venues(
        "will be brought exclusively before a competent court in Ireland without regard"
    )
    assert ie.value["country"] == "Ireland"


def test_other_entities() -> None:
    [law] = ent.extract_governing_law(
        "The laws of the State of Texas, excluding its choice of law provisions, will govern"
    )
    assert law.value == {"jurisdiction": "Texas", "state": "Texas", "country": "United States"}
    [irish] = ent.extract_governing_law("and will be governed by Irish law")
    assert irish.value["country"] == "Ireland"
    [age] = ent.extract_ages("you must be at least 13 years old to use X")
    assert age.value == {"age": 13, "qualifier": "at least"}
    assert ent.extract_ages("under the age of eighteen (18)")[0].value["age"] == 18
    [n] = ent.extract_notice_periods("we will give you 30 days' notice")
    assert n.value == {"amount": 30, "unit": "day"}
    assert (
        ent.extract_notice_periods("notify you at least thirty (30) days before")[0].value["amount"]
        == 30
    )
    [d] = ent.extract_dates("**Effective: November 15, 2024**")
    assert d.value == {"date": "2024-11-15", "label": "effective"}
    assert d.text == "Effective: November 15, 2024"
    assert (
        ent.find_effective_date("Terms\n\n**Effective: November 15, 2024**\n\nText").value["date"]
        == "2024-11-15"
    )


def test_flags_carry_entities() -> None:
    [ld] = [
        f
        for f in flag_text(
            "You will be liable to us for liquidated damages of $15,000 USD per 1,000,000 posts."
        )
        if f.category == "liquidated_damages"
    ]
    assert [e.kind for e in ld.entities] == ["money"]
    [age] = [
        f
        for f in flag_text("You must be at least 13 years old to use the Services.")
        if f.category == "minimum_age"
    ]
    assert age.entities[0].value["age"] == 13


# --- batch, document, JSON ------------------------------------------------------------


def test_flag_lines_keeps_order_and_empties() -> None:
    lines = [
        "We may terminate your account at any time.",
        "",
        "Hello there.",
        "We may use your content to train AI models.",
    ]
    out = flag_lines(lines)
    assert len(out) == 4
    assert "unilateral_termination" in {f.category for f in out[0]}
    assert out[1] == [] and out[2] == []
    assert "ai_training" in {f.category for f in out[3]}


def test_flag_records_one_per_line() -> None:
    recs = flag_records("We may use your posts to train our AI models.\nnothing here\n", lines=True)
    assert [r["text"] for r in recs] == [
        "We may use your posts to train our AI models.",
        "nothing here",
    ]
    assert recs[0]["categories"] == ["ai_training"]
    assert recs[1] == {"text": "nothing here", "categories": [], "flags": []}
    f = recs[0]["flags"][0]
    assert set(f) >= {"category", "severity", "evidence", "entities", "polarity", "confidence"}
    json.dumps(recs)


def test_flag_document() -> None:
    md = "# Terms\n\n## Disputes\n\nAll disputes will be resolved by binding arbitration. Nothing else.\n\n## Other\n\nHave a nice day.\n"
    out = flag_document(md)
    texts = [c.text for c, _ in out]
    assert any("binding arbitration" in t for t in texts)
    flagged = [(c, fs) for c, fs in out if fs]
    assert flagged and flagged[0][0].section[-1] == "Disputes"
    assert "arbitration" in {f.category for f in flagged[0][1]}


def test_flag_roundtrip() -> None:
    for f in flag_text(
        "All claims will be brought solely in the state courts located in Travis County, Texas."
    ):
        assert Flag.from_dict(f.to_dict()) == f


# --- change reports -------------------------------------------------------------------

OLD_VENUE = (
    "All disputes related to these Terms will be brought solely in the federal or state courts "
    "located in San Francisco County, California, United States."
)
NEW_VENUE = (
    "All disputes related to these Terms will be brought exclusively in the U.S. District Court "
    "for the Northern District of Texas or state courts located in Tarrant County, Texas, United States."
)
LD = (
    "You will be jointly and severally liable to us for liquidated damages for requesting more "
    "than 1,000,000 posts in any 24-hour period - $15,000 USD per 1,000,000 posts."
)
AI = "You agree that this license includes the right for us to use your Content for training of our machine learning and artificial intelligence models."


def _result(changes: list[ClauseChange]) -> DiffResult:
    stats = DiffStats(
        added=sum(c.kind == "added" for c in changes),
        removed=sum(c.kind == "removed" for c in changes),
        modified=sum(c.kind == "modified" for c in changes),
    )
    return DiffResult(changes=changes, stats=stats, significance="substantive")


def test_flag_diff_added_and_modified_venue() -> None:
    res = _result(
        [
            ClauseChange("unchanged", "Intro", old="Hello.", new="Hello."),
            ClauseChange("added", "Content", new=AI),
            ClauseChange("added", "Liquidated Damages", new=LD),
            ClauseChange("modified", "Disputes", old=OLD_VENUE, new=NEW_VENUE),
        ]
    )
    report = flag_diff(res)
    by = {(fc.status, fc.category): fc for fc in report.flags}
    assert ("added", "ai_training") in by
    assert by[("added", "ai_training")].change_index == 0  # index into result.changed()
    ld = by[("added", "liquidated_damages")]
    assert ld.new is not None and ld.new.entities[0].value["amount"] == 15000
    venue = by[("modified", "jurisdiction")]
    assert venue.old is not None and venue.new is not None
    assert "San Francisco County, California" in [
        ent.place_label(e.value) for e in venue.old.entities
    ]
    assert "Tarrant County, Texas" in [ent.place_label(e.value) for e in venue.new.entities]
    h = report.headline
    # issue 13: at most ~140 characters, the top two events (both high severity; the one
    # with values first); the venue move is the third event, not in the headline
    assert len(h) <= 140
    assert "AI-training licence" in h
    assert "liquidated damages of $15,000 per 1,000,000 posts" in h
    [move] = [e for e in report.events if e.category == "jurisdiction"]
    assert (move.kind, move.old, move.new) == (
        "modified",
        ["San Francisco County, California"],
        ["Tarrant County, Texas"],
    )
    again = ChangeReport.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again.headline == h and len(again.flags) == len(report.flags)


def test_flag_diff_pairs_removed_and_added_venue() -> None:
    res = _result(
        [
            ClauseChange("removed", "Disputes", old=OLD_VENUE),
            ClauseChange("added", "Disputes", new=NEW_VENUE),
        ]
    )
    report = flag_diff(res)
    [venue] = [fc for fc in report.flags if fc.category == "jurisdiction"]
    assert venue.status == "modified" and venue.change_index == 1
    assert "venue moved from" in report.headline.lower()


def test_removed_protection_is_reported() -> None:
    res = _result(
        [ClauseChange("removed", "AI", old="We do not use your content to train AI models.")]
    )
    report = flag_diff(res)
    [fc] = report.flags
    assert fc.status == "removed" and fc.old is not None and fc.old.polarity == "restricts"
    # issue 13: the protective sentence is quoted whole
    assert report.headline == "Removed protection: “We do not use your content to train AI models”"


def test_protection_turned_into_grant() -> None:
    res = _result(
        [
            ClauseChange(
                "modified",
                "AI",
                old="We do not use your content to train AI models.",
                new="We may use your content to train AI models.",
            )
        ]
    )
    report = flag_diff(res)
    [fc] = [f for f in report.flags if f.category == "ai_training"]
    assert fc.status == "modified"
    assert "removed protection" in report.headline.lower()


def test_unflagged_change_headline() -> None:
    res = _result([ClauseChange("modified", "Intro", old="Hello there.", new="Hello, there.")])
    report = flag_diff(res)
    assert report.flags == []
    # issue 13: never "No flagged clauses affected"; say what changed, or that text did
    assert "No flagged clauses affected" not in report.headline
    assert report.headline


# --- model ------------------------------------------------------------------------------


def test_model_file_is_small_and_loads() -> None:
    assert MODEL_PATH.exists()
    assert MODEL_PATH.stat().st_size < 2_000_000
    model = load_model()
    assert model is not None
    assert model.categories == list(UNFAIR_TOS_CATEGORIES)
    assert "Galassi" in model.meta["source"] and model.meta["licence"] == "CC BY 4.0"


def test_rules_work_without_model(tmp_path: Path) -> None:
    assert load_model(tmp_path / "missing.json") is None
    assert "arbitration" in {
        f.category for f in Flagger(None).flag_text("Disputes are resolved by binding arbitration.")
    }


def test_diffs_has_no_scrapy_or_sklearn_import() -> None:
    root = Path(__file__).resolve().parent.parent / "diffs"
    for name in ("flagger.py", "rules.py", "model.py", "entities.py", "categories.py"):
        src = (root / name).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(?:import|from)\s+(?:scrapy|sklearn)", src, re.M), name


def test_only_a_plain_agreement_to_arbitrate_bypasses_the_model() -> None:
    # procedural arbitration sentences are left to the model (CLAUDETTE rarely tags
    # them); an agreement to arbitrate every dispute is flagged even if the model says no
    from diffs.model import LinearModel
    from diffs.rules import RULES

    forced = {r.name for r in RULES if r.always and r.category == "arbitration"}
    assert forced == {"agree_to_arbitrate_disputes"}
    if not MODEL_PATH.exists():
        pytest.skip("no shipped model")
    model = LinearModel.from_dict(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
    model.threshold[model.categories.index("arbitration")] = 1e9  # the model never agrees
    model.trusted_rules = frozenset()
    sceptic = Flagger(model)
    plain = "You and Acme agree to arbitrate all disputes arising from these Terms."
    assert "arbitration" in {f.category for f in sceptic.flag_text(plain)}
    venue = "The arbitration will be conducted in San Francisco, California."
    assert "arbitration" not in {f.category for f in sceptic.flag_text(venue)}
