"""Clause segmentation and the clause-level differ, on constructed pairs (no real data)."""

from __future__ import annotations

import json

import pytest

from diffs.differ import diff_texts, inline_diff, is_minor_edit, loose_text, render_text
from diffs.result import DiffResult
from diffs.segment import is_date_line, segment, split_sentences, strip_enumerator

LONG_VENUE = (
    "All disputes related to these Terms or the Services, including without limitation "
    "disputes related to or arising from other users' and third parties' use of the "
    "Services and any Content made available by other users and third parties on the "
    "Services, will be brought exclusively in the federal or state courts located in "
    "San Francisco County, California, United States, and you consent to personal "
    "jurisdiction in those forums and waive any objection as to inconvenient forum"
)

DOC = f"""Terms of Service
================

**Effective: September 29, 2023**

1\\. Who May Use the Services
----------------------------

You may use the Services only if you agree to form a binding contract with us.
You must be at least 13 years old.

2\\. Privacy
-----------

Our [Privacy Policy](https://x.com/privacy) describes how we handle the information you provide.

### Your Account

* You are responsible for safeguarding your account.
* We cannot be liable for any loss arising from your failure to do so.

6\\. General
-----------

The laws of the State of California will govern these Terms. {LONG_VENUE}.

If you have any questions about these Terms, please contact us.
"""


def kinds(result: DiffResult) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in result.changed():
        counts[c.kind] = counts.get(c.kind, 0) + 1
    return counts


# --- segmentation ---------------------------------------------------------------------


def test_segment_keeps_heading_paths_lists_and_sentences() -> None:
    clauses = segment(DOC)
    by_text = {c.text: c for c in clauses}
    assert by_text["Terms of Service"].kind == "heading"
    assert by_text["Terms of Service"].section == ()
    item = by_text["You are responsible for safeguarding your account."]
    assert item.kind == "list_item"
    assert item.section == ("Terms of Service", "2. Privacy", "Your Account")
    law = by_text["The laws of the State of California will govern these Terms."]
    assert law.kind == "sentence"
    assert law.section == ("Terms of Service", "6. General")
    assert by_text[LONG_VENUE + "."].section == law.section
    assert [c.position for c in clauses] == list(range(len(clauses)))
    # the date line is a paragraph of the top section, not a heading
    assert by_text["**Effective: September 29, 2023**"].section == ("Terms of Service",)


def test_segment_bold_line_heading_and_date_heading() -> None:
    md = (
        "# Policy\n\n#### Last Updated: May 22, 2024\n\nIntro text here.\n\n"
        "**Overview**\n\nWe collect data.\n\n**This bold sentence is emphasis.**\n\nMore."
    )
    clauses = segment(md)
    by_text = {c.text: c for c in clauses}
    assert by_text["Intro text here."].section == ("Policy",)  # date heading opens nothing
    assert by_text["We collect data."].section == ("Policy", "Overview")
    assert by_text["**Overview**"].kind == "heading"
    assert by_text["**This bold sentence is emphasis.**"].kind == "paragraph"


def test_segment_ids_are_stable_unique_and_depend_on_section() -> None:
    md = "# A\n\nSame text.\n\nSame text.\n\n# B\n\nSame text."
    first, second = segment(md), segment(md)
    assert [c.id for c in first] == [c.id for c in second]
    ids = [c.id for c in first]
    assert len(set(ids)) == len(ids)
    same = [c for c in first if c.text == "Same text."]
    assert same[1].id == same[0].id + "-2"
    assert same[2].id.split("-")[0] != same[0].id  # other section, other id
    # whitespace does not change an id
    assert segment("# A\n\nSame  text.")[1].id == same[0].id


def test_split_sentences_respects_abbreviations_numbers_and_links() -> None:
    text = (
        "X Corp. is based in the U.S. and has 1.5 million users, e.g. you. "
        "See [1\\. Who May Use](#c1) first. Acme Inc. agrees (see Sec. 4. Here) too! "
        "Does it? Yes it does."
    )
    assert split_sentences(text) == [
        "X Corp. is based in the U.S. and has 1.5 million users, e.g. you.",
        "See [1\\. Who May Use](#c1) first.",
        "Acme Inc. agrees (see Sec. 4. Here) too!",
        "Does it?",
        "Yes it does.",
    ]
    # numbering and one-word run-in labels stay with their sentence
    assert split_sentences("a. Eligibility. To use it, you must be 13.") == [
        "a. Eligibility. To use it, you must be 13."
    ]


def test_strip_enumerator_and_date_lines() -> None:
    assert strip_enumerator("**1\\. Who Can Use?**") == "**Who Can Use?**"
    assert strip_enumerator("(iv) Remove content") == "Remove content"
    assert strip_enumerator("I agree") == "I agree"
    assert is_date_line("**Effective:** November 15, 2024")
    assert is_date_line("Last Updated: 14 August, 2025")
    assert not is_date_line("We may update these Terms from time to time.")
    assert not is_date_line("Effective communication matters to us.")
    assert is_date_line("_This Policy takes effect on 14 August 2025 for new users.")
    # a date in a sentence that says more is not a date line
    assert not is_date_line(
        "These Terms are effective as of January 1, 2025 and replace the arbitration agreement."
    )


# --- classification ---------------------------------------------------------------------


def test_identical_texts_have_no_changes() -> None:
    result = diff_texts(DOC, DOC)
    assert result.significance == "none"
    assert result.changed() == []
    assert result.stats.unchanged == len(segment(DOC))
    assert result.to_dict()["changes"] == []


def test_one_word_change_in_long_clause_is_one_modified_clause() -> None:
    new = DOC.replace("located in San Francisco County", "located in Marin County")
    result = diff_texts(DOC, new)
    changed = result.changed()
    assert len(changed) == 1
    (c,) = changed
    assert c.kind == "modified"
    assert c.minor is False
    assert result.significance == "substantive"
    assert ("delete", "San Francisco") in c.inline
    assert ("insert", "Marin") in c.inline
    assert "".join(t for op, t in c.inline if op != "insert") == c.old
    assert "".join(t for op, t in c.inline if op != "delete") == c.new
    assert c.section == "Terms of Service › 6. General"
    assert 0.9 < (c.similarity or 0) < 1.0
    assert result.stats.words_added == 1 and result.stats.words_removed == 2


def test_inline_diff_is_word_level() -> None:
    assert inline_diff("The laws of California apply.", "The laws of Texas apply.") == [
        ("equal", "The laws of "),
        ("delete", "California"),
        ("insert", "Texas"),
        ("equal", " apply."),
    ]
    # no character soup: "sole" -> "exclusive" is a whole-word replacement
    ops = inline_diff("brought solely in courts", "brought exclusively in courts")
    assert ("delete", "solely") in ops and ("insert", "exclusively") in ops


def test_swapped_sections_are_moved_not_removed_and_added() -> None:
    a = "## Refunds\n\nRefunds are issued within 30 days of a request.\n\n"
    b = "## Termination\n\nWe may terminate your account if you break these rules.\n\n"
    old = "# Terms\n\nIntro paragraph for everyone.\n\n" + a + b + "## Contact\n\nWrite to us."
    new = "# Terms\n\nIntro paragraph for everyone.\n\n" + b + a + "## Contact\n\nWrite to us."
    result = diff_texts(old, new)
    counts = kinds(result)
    assert counts == {"moved": 2}
    moved = {c.new for c in result.changed()}
    # one of the two sections (heading and paragraph) moved past the other
    assert moved in (
        {"Refunds", "Refunds are issued within 30 days of a request."},
        {"Termination", "We may terminate your account if you break these rules."},
    )
    assert result.significance == "substantive"
    assert result.stats.moved == 2 and result.stats.words_changed == 0
    assert all(c.old == c.new and c.old_position != c.new_position for c in result.changed())


def test_paragraph_moved_to_another_existing_section_is_moved() -> None:
    old = "# A\n\nFirst rule.\n\nShared sentence.\n\n# B\n\nSecond rule."
    new = "# A\n\nFirst rule.\n\n# B\n\nShared sentence.\n\nSecond rule."
    result = diff_texts(old, new)
    (c,) = result.changed()
    assert c.kind == "moved"
    assert c.old_section == "A" and c.section == "B"


def test_link_only_change_is_minor() -> None:
    new = DOC.replace("(https://x.com/privacy)", "(https://x.com/en/privacy)")
    result = diff_texts(DOC, new)
    (c,) = result.changed()
    assert c.kind == "modified" and c.minor is True
    assert result.significance == "minor"


def test_whitespace_only_change_is_minor() -> None:
    new = DOC.replace("form a binding contract", "form a  binding\ncontract")
    result = diff_texts(DOC, new)
    (c,) = result.changed()
    assert c.kind == "modified" and c.minor is True
    assert result.significance == "minor"


@pytest.mark.parametrize(
    "old, new",
    [
        ("**Effective: September 29, 2023**", "**Effective: November 15, 2024**"),
        ("contact us.", "contact us!"),  # punctuation
        ("please contact us", "Please contact us"),  # case
        ("You must be at least 13 years old.", "You must be *at least* 13 years old."),
    ],
)
def test_formatting_punctuation_case_and_date_edits_are_minor(old: str, new: str) -> None:
    assert old in DOC
    result = diff_texts(DOC, DOC.replace(old, new))
    assert result.changed(), "an edit must be reported"
    assert all(c.minor for c in result.changed())
    assert result.significance == "minor"


def test_added_and_removed_clauses_keep_their_place_and_count_words() -> None:
    new = DOC.replace(
        "You must be at least 13 years old.",
        "You must be at least 13 years old. You must not be barred by law.",
    ).replace("If you have any questions about these Terms, please contact us.\n", "")
    result = diff_texts(DOC, new)
    assert kinds(result) == {"added": 1, "removed": 1}
    added = next(c for c in result.changes if c.kind == "added")
    removed = next(c for c in result.changes if c.kind == "removed")
    assert added.new == "You must not be barred by law."
    assert added.section == "Terms of Service › 1. Who May Use the Services"
    assert removed.old == "If you have any questions about these Terms, please contact us."
    assert result.changes[-1] is removed  # placed where it was: at the end
    assert result.stats.words_added == 7 and result.stats.words_removed == 11
    assert result.significance == "substantive"


def test_extended_sentence_is_modified_not_replaced() -> None:
    old = "# Data\n\nWe keep different types of information for different periods of time:\n"
    new = (
        "# Data\n\nWe keep different types of information for different periods of time, "
        "depending on how long we need to retain it in order to provide you with our "
        "products and services and to comply with our legal requirements.\n"
    )
    (c,) = diff_texts(old, new).changed()
    assert c.kind == "modified"
    assert c.inline[0] == (
        "equal",
        "We keep different types of information for different periods of time",
    )


def test_unrelated_rewrite_is_removed_plus_added() -> None:
    old = "# T\n\nWe sell shoes to customers in Canada.\n"
    new = "# T\n\nArbitration is mandatory for every dispute.\n"
    assert kinds(diff_texts(old, new)) == {"added": 1, "removed": 1}


def test_renumbered_list_and_headings_are_minor() -> None:
    old = "# T\n\n1. [1\\. Who can use](#a)\n2. [2\\. Content](#b)\n\n**1\\. Who can use**\n"
    new = "# T\n\n1. [Who can use](#a)\n2. [Content](#b)\n\n**Who can use**\n"
    result = diff_texts(old, new)
    assert result.changed() and result.significance == "minor"


def test_identical_clauses_are_never_reported_removed_and_added() -> None:
    sections = [
        f"## Part {k}\n\n" + f"Rule {k} applies to everyone in region {k}.\n\n" for k in range(30)
    ]
    old = "# Doc\n\n" + "".join(sections)
    shuffled = sections[15:] + sections[:15]
    new = "# Doc\n\n" + "".join(shuffled).replace("region 3.", "region three.")
    result = diff_texts(old, new)
    removed = {c.old for c in result.changes if c.kind == "removed"}
    added = {c.new for c in result.changes if c.kind == "added"}
    assert not removed & added
    # parts 0-14 moved below 15-29: 15 headings and 14 paragraphs verbatim, and part
    # 3's paragraph both moved and reworded
    assert kinds(result) == {"moved": 29, "modified": 1}
    (modified,) = [c for c in result.changes if c.kind == "modified"]
    assert modified.inline == [
        ("equal", "Rule 3 applies to everyone in region "),
        ("delete", "3"),
        ("insert", "three"),
        ("equal", "."),
    ]


def test_inserting_a_whole_section_keeps_every_old_clause() -> None:
    # how long it takes is measured in bench/, not asserted here
    old_terms = "".join(
        f"## Section {k}\n\nOld clause {k}: users must follow rule number {k} at all times.\n\n"
        for k in range(300)
    )
    new_terms = "".join(
        f"## New section {k}\n\nFrom 2025, member {k} agrees to policy {k * 7} on item {k}.\n\n"
        for k in range(300)
    )
    old = "# Terms\n\n" + old_terms
    new = "# Terms\n\n" + new_terms + "# Previous terms\n\n" + old_terms
    result = diff_texts(old, new)
    assert result.stats.removed == 0
    assert result.stats.added == 601  # 300 headings, 300 clauses, 1 "Previous terms" heading
    assert result.stats.unchanged + result.stats.moved == 601


def test_result_round_trips_through_json() -> None:
    new = DOC.replace("California will", "Texas will")
    result = diff_texts(DOC, new)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["significance"] == "substantive"
    (change,) = data["changes"]
    assert {"kind", "section", "old", "new", "inline", "minor", "old_section"} <= set(change)
    assert ["delete", "California"] in change["inline"]
    back = DiffResult.from_dict(data)
    assert back.changes == result.changed()
    assert back.stats == result.stats


def test_render_text_uses_markers_not_only_colour() -> None:
    new = DOC.replace("California will", "Texas will").replace(
        "You must be at least 13 years old.", "You must be at least 13 years old. New rule here."
    )
    text = render_text(diff_texts(DOC, new))
    assert text.splitlines()[0].startswith("significance: substantive")
    assert "~ The laws of the State of [-California-]{+Texas+} will govern these Terms." in text
    assert "+ New rule here." in text
    assert "§ Terms of Service › 6. General" in text


def test_loose_text_and_minor_edit_helpers() -> None:
    assert loose_text("**See** [our terms](https://a.example/x), “now”!") == "see our terms now"
    assert loose_text("[x.com/tos](https://x.com/tos)") == loose_text("[https://x.com/tos](x)")
    assert is_minor_edit("[terms](https://a)", "[terms](https://b)")
    assert not is_minor_edit("You may opt out.", "You may not opt out.")
    assert is_minor_edit(None, "Last updated: 2024-05-01")
    assert not is_minor_edit(None, "A brand new obligation.")


def test_large_gaps_are_scored_in_a_band(monkeypatch: pytest.MonkeyPatch) -> None:
    import diffs.differ as differ

    calls: list[int] = []
    extract = differ.process.extract

    def counting_extract(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return extract(*args, **kwargs)  # type: ignore[arg-type]

    body = "".join(f"Clause {k} says members owe fee {k} in zone {k}.\n\n" for k in range(40))
    old, new = "# T\n\n" + body, "# T\n\n" + body.replace(" says ", " states ")
    monkeypatch.setattr(differ, "MAX_FULL_PAIRS", 100)  # 40 x 40 is over: banded path
    monkeypatch.setattr(differ, "BAND", 3)
    monkeypatch.setattr(differ.process, "extract", counting_extract)
    result = diff_texts(old, new)
    assert len(calls) == 40
    assert kinds(result) == {"modified": 40}
    assert all(c.old_position == c.new_position for c in result.changed())
