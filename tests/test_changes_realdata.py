"""Change reports on the shared X data and on the hand-labelled dev set (issue 13).

Skipped, with the reason, when ``../shared/data`` is absent.  The edits below are
written here (a word inserted, quotes curled, sections renumbered) and applied to the
real X texts, which stay outside the project.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from diffs.analysis import analyse_change, find_revert

ROOT = Path(__file__).resolve().parent.parent
AFTER = "x/tos/x_tos__rec2024-11-16__eff2024-11-15__AFTER.md"
SEPT_2023 = "x/tos/twitter_tos__rec2023-09-29__eff2023-09-29.md"


def _read(shared_data: Path, rel: str) -> str:
    path = shared_data / rel
    if not path.exists():
        pytest.skip(f"{rel} not found under {shared_data}")
    return path.read_text(encoding="utf-8")


def test_knowingly_facilitate_is_a_modified_liquidated_damages_event(shared_data: Path) -> None:
    old = _read(shared_data, AFTER)
    assert "induce or facilitate" in old
    new = old.replace("induce or facilitate", "induce or knowingly facilitate")
    analysis = analyse_change(old, new)
    assert analysis.significance == "substantive"
    events = [e for e in analysis.flag_events() if e.category == "liquidated_damages"]
    assert events and all(e.kind == "modified" for e in events)
    assert all(e.added_words == "knowingly" and e.removed_words is None for e in events)
    assert "knowingly" in analysis.headline and "iquidated damages" in analysis.headline
    # nothing else is reported: one clause per language section, one category each
    assert {(e.category, e.kind) for e in analysis.flag_events()} == {
        ("liquidated_damages", "modified")
    }


def test_google_style_scope_widening_is_modified_with_the_changed_words() -> None:
    old = (
        "# Privacy\n\n## How we use information\n\n"
        "We may use publicly available information to help train our language models and "
        "build products and features like Translate and Cloud AI capabilities.\n"
    )
    new = old.replace("our language models", "our AI models")
    analysis = analyse_change(old, new)
    [event] = analysis.flag_events()
    assert (event.category, event.kind) == ("ai_training", "modified")
    assert (event.removed_words, event.added_words) == ("language", "AI")
    # issue 13: the changed words with enough context to read them
    assert "“train our language models” → “train our AI models”" in analysis.headline


def test_curly_quote_only_version_is_minor(shared_data: Path) -> None:
    old = _read(shared_data, AFTER)
    new = re.sub(r'"([^"\n]*)"', "“\\1”", old).replace("'", "’")
    assert new != old
    analysis = analyse_change(old, new)
    assert analysis.significance == "minor"
    assert analysis.cosmetic_kinds == ["typography"]
    assert analysis.flag_events() == []
    assert analysis.headline == "Quotes and dashes only"


def test_renumbering_only_is_minor(shared_data: Path) -> None:
    old = _read(shared_data, SEPT_2023)

    def renumber(md: str) -> str:
        # "1\\. Who May Use the Services" headings and contents entries, the list of
        # surviving sections and "Section 4" references all move up by one
        md = re.sub(
            r"(?m)^((?:\*   \[)?)(\d+)\\\.", lambda m: f"{m.group(1)}{int(m.group(2)) + 1}\\.", md
        )
        md = re.sub(
            r"(apply: )(\d+), (\d+), (\d+), (\d+)",
            lambda m: m.group(1) + ", ".join(str(int(x) + 1) for x in m.groups()[1:]),
            md,
        )
        return re.sub(r"\bSection (\d+)", lambda m: f"Section {int(m.group(1)) + 1}", md)

    new = renumber(old)
    assert new != old
    analysis = analyse_change(old, new)
    assert analysis.significance == "minor", [
        c.inline for c in analysis.diff.changed() if not c.minor
    ]
    st = analysis.diff.stats
    assert st.added == 0 and st.removed == 0 and st.modified > 10
    assert analysis.cosmetic_kinds == ["numbering"]
    assert analysis.headline == "Numbering only"


def test_x_transition_headline_says_what_changed(shared_data: Path) -> None:
    before = _read(shared_data, "x/tos/x_tos__rec2024-02-21__eff2023-09-29__BEFORE.md")
    transition = _read(
        shared_data, "x/tos/x_tos__rec2024-10-17__eff2024-11-15_plus_prev2023-09-29__TRANSITION.md"
    )
    analysis = analyse_change(before, transition, new_date="2024-10-17")
    assert analysis.significance == "substantive"
    kinds = {(e.category, e.kind) for e in analysis.flag_events()}
    assert ("ai_training", "added") in kinds or ("ai_training", "modified") in kinds
    assert ("liquidated_damages", "added") in kinds
    assert len(analysis.headline) <= 140
    assert "No flagged clauses affected" not in analysis.headline


def test_a_version_equal_to_an_earlier_one_is_a_revert(shared_data: Path) -> None:
    a = _read(shared_data, SEPT_2023)
    b = a.replace("induce or facilitate", "induce or knowingly facilitate")
    if b == a:
        b = a + "\n\nA new paragraph that says something else.\n"
    assert find_revert(a, [("2023-09-29", a)], previous=b) == "2023-09-29"
    assert find_revert(b, [("2023-09-29", a)], previous=a) is None
    analysis = analyse_change(b, a, revert_of_date="2023-09-29")
    assert analysis.headline.startswith("Reverted to the version of 29 September 2023")
    assert analysis.revert_of == "2023-09-29" and not analysis.alert


# --- the dev set -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dev_figures(shared_data: Path) -> dict:
    if not (shared_data / "histories" / "index.tsv").exists():
        pytest.skip(f"histories not found under {shared_data}")
    if str(ROOT / "bench") not in sys.path:
        sys.path.insert(0, str(ROOT / "bench"))
    import eval_changes

    if not eval_changes.load_pairs():
        pytest.skip("no labelled pairs in tests/data/dev_changes")
    return eval_changes.run(out=io.StringIO())


def test_dev_set_significance(dev_figures: dict) -> None:
    assert dev_figures["pairs"] >= 150
    assert dev_figures["significance"] >= 0.95


def test_dev_set_headlines_and_flag_events_meet_the_issues_targets(dev_figures: dict) -> None:
    # issue 13's targets; precision also no lower than reached (0.946) less a margin
    assert dev_figures["concrete"] >= 0.9
    assert dev_figures["precision"] >= 0.94
    assert dev_figures["recall"] >= 0.8


def test_dev_set_reverts_are_all_found(dev_figures: dict) -> None:
    assert dev_figures["reverts_agreed"] == dev_figures["reverts_labelled"]
