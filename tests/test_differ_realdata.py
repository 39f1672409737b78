"""The differ on real policy texts from ../shared/data (skipped when that folder is absent).

The exact sentences that must show up come from ``x/clauses.json``, which lists, per
file, the sentences about AI training, liquidated damages and governing law / venue.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from diffs.differ import diff_texts
from diffs.result import ClauseChange, DiffResult
from diffs.segment import normalize_ws, segment

pytestmark = pytest.mark.realdata

X_BEFORE = "x/tos/x_tos__rec2024-02-21__eff2023-09-29__BEFORE.md"
X_TRANSITION = "x/tos/x_tos__rec2024-10-17__eff2024-11-15_plus_prev2023-09-29__TRANSITION.md"
X_AFTER = "x/tos/x_tos__rec2024-11-16__eff2024-11-15__AFTER.md"
X_PRIVACY_BEFORE = "x/privacy/x_privacy__rec2024-07-25__eff2023-09-29__BEFORE.md"
X_PRIVACY_AFTER = "x/privacy/x_privacy__rec2024-11-16__eff2024-11-15__AFTER.md"


def _rec_date(path: Path) -> str:
    m = re.search(r"__rec(\d{4}-\d{2}-\d{2})", path.name)
    assert m, path.name
    return m.group(1)


@cache
def _diff(root: str, old: str, new: str) -> DiffResult:
    base = Path(root)
    return diff_texts((base / old).read_text("utf-8"), (base / new).read_text("utf-8"))


def _sentences(shared_data: Path, file: str, category: str) -> list[str]:
    entries = json.loads((shared_data / "x" / "clauses.json").read_text("utf-8"))
    found = [e["sentence"] for e in entries if e["file"] == file and e["category"] == category]
    assert found, f"clauses.json lists no {category} sentence for {file}"
    return found


def _holding(result: DiffResult, sentence: str, side: str = "new") -> list[ClauseChange]:
    """Changes whose clause text (``side``) contains ``sentence`` (whitespace-normalised)."""
    want = normalize_ws(sentence)
    return [c for c in result.changes if want in normalize_ws(getattr(c, side) or "")]


def _assert_no_identical_delete_insert(result: DiffResult, old_md: str, new_md: str) -> None:
    """No text is reported removed while the same text is reported added elsewhere, and
    nothing is removed that is still in the new version as often as before (or added
    that was in the old one), unless a reworded clause now accounts for the copy."""
    removed = {normalize_ws(c.old or "") for c in result.changes if c.kind == "removed"}
    added = {normalize_ws(c.new or "") for c in result.changes if c.kind == "added"}
    assert not removed & added
    old_counts = Counter(c.text for c in segment(old_md))
    new_counts = Counter(c.text for c in segment(new_md))
    reworded_into = Counter(c.new for c in result.changes if c.kind == "modified")
    reworded_from = Counter(c.old for c in result.changes if c.kind == "modified")
    for c in result.changes:
        if c.kind == "removed":
            assert old_counts[c.old] > new_counts[c.old] - reworded_into[c.old], c.old
        if c.kind == "added":
            assert new_counts[c.new] > old_counts[c.new] - reworded_from[c.new], c.new


# --- X terms: BEFORE -> AFTER -----------------------------------------------------------


def test_x_tos_ai_training_and_liquidated_damages_are_new(shared_data: Path) -> None:
    result = _diff(str(shared_data), X_BEFORE, X_AFTER)
    for category in ("ai_ml_training", "liquidated_damages"):
        for sentence in _sentences(shared_data, X_AFTER, category):
            changes = _holding(result, sentence)
            assert changes, f"{category} sentence not found in any clause: {sentence[:80]}"
            assert all(c.kind in ("added", "modified") for c in changes), (
                category,
                [c.kind for c in changes],
            )
            assert not any(c.minor for c in changes)
    # the US$ clause is in the US section, the EUR one in the EU section, both added
    usd = [c for c in result.changes if "$15,000 USD per 1,000,000 posts" in (c.new or "")]
    eur = [c for c in result.changes if "€15,000 EUR per 1,000,000 posts" in (c.new or "")]
    assert [c.kind for c in usd] == ["added"] and [c.kind for c in eur] == ["added"]
    assert usd[0].section.endswith("Liquidated Damages")
    # the AI-training wording was written into the existing licence sentence
    ai = _holding(result, "training of our machine learning and artificial intelligence models")
    assert ai and all(c.kind == "modified" for c in ai)
    assert any("artificial intelligence" in t for c in ai for op, t in c.inline if op == "insert")


def test_x_tos_venue_change_is_a_modified_clause_naming_the_places(shared_data: Path) -> None:
    result = _diff(str(shared_data), X_BEFORE, X_AFTER)
    (old_venue,) = [
        s for s in _sentences(shared_data, X_BEFORE, "governing_law_venue") if "San Francisco" in s
    ]
    (change,) = _holding(result, old_venue, side="old")
    assert change.kind == "modified"
    assert not change.minor
    assert "Northern District of Texas" in change.new and "Tarrant County" in change.new
    deleted = " ".join(t for op, t in change.inline if op == "delete")
    inserted = " ".join(t for op, t in change.inline if op == "insert")
    assert "San Francisco" in deleted and "California" in deleted
    assert "Texas" in inserted and "Tarrant" in inserted
    assert "County" not in deleted and "County" not in inserted  # the shared words stay equal
    # governing law: exactly California -> Texas
    (law,) = [c for c in result.changes if (c.old or "").startswith("The laws of the State of Cal")]
    assert law.kind == "modified"
    assert ("delete", "California") in law.inline and ("insert", "Texas") in law.inline


def test_x_tos_unchanged_sections_stay_unchanged(shared_data: Path) -> None:
    old_md = (shared_data / X_BEFORE).read_text("utf-8")
    new_md = (shared_data / X_AFTER).read_text("utf-8")
    result = _diff(str(shared_data), X_BEFORE, X_AFTER)
    stats = result.stats
    assert result.significance == "substantive"
    assert stats.unchanged >= 180, stats
    assert stats.removed <= 5, stats  # X rewrote little; it mostly added and reworded
    assert 15 <= stats.added <= 60, stats
    _assert_no_identical_delete_insert(result, old_md, new_md)
    # a paragraph untouched in both versions is reported unchanged
    for sentence in (
        "If you are a security researcher, you are required to comply with the rules",
        "Nothing in the Terms gives you a right to use the X name or any of the X trademarks",
    ):
        kept = _holding(result, sentence)
        assert kept and {c.kind for c in kept} == {"unchanged"}, sentence
    # the effective-date line changed, and that alone is minor
    (effective,) = [
        c for c in result.changes if (c.new or "") == "**Effective: November 15, 2024**"
    ]
    assert effective.kind == "modified" and effective.minor


def test_x_tos_before_to_transition_keeps_the_old_terms(shared_data: Path) -> None:
    # its speed is bench/bench_differ.py's figure, not a test's
    old_md = (shared_data / X_BEFORE).read_text("utf-8")
    new_md = (shared_data / X_TRANSITION).read_text("utf-8")
    result = diff_texts(old_md, new_md)
    stats = result.stats
    # every old clause is still on the page: nothing removed, the new terms added
    assert stats.removed == 0, stats
    assert stats.unchanged >= 230 and stats.added >= 250, stats
    _assert_no_identical_delete_insert(result, old_md, new_md)
    usd = [c for c in result.changes if "$15,000 USD per 1,000,000 posts" in (c.new or "")]
    assert usd and all(c.kind == "added" for c in usd)


def test_x_tos_transition_to_after_drops_the_old_terms(shared_data: Path) -> None:
    result = _diff(str(shared_data), X_TRANSITION, X_AFTER)
    stats = result.stats
    assert stats.removed >= 250 and stats.unchanged >= 280 and stats.added <= 5, stats
    removed = [c for c in result.changes if c.kind == "removed"]
    assert any("San Francisco County, California" in (c.old or "") for c in removed)


# --- X privacy ---------------------------------------------------------------------------


def test_x_privacy_before_to_after(shared_data: Path) -> None:
    old_md = (shared_data / X_PRIVACY_BEFORE).read_text("utf-8")
    new_md = (shared_data / X_PRIVACY_AFTER).read_text("utf-8")
    result = _diff(str(shared_data), X_PRIVACY_BEFORE, X_PRIVACY_AFTER)
    assert result.significance == "substantive"
    assert result.stats.unchanged >= 150, result.stats
    _assert_no_identical_delete_insert(result, old_md, new_md)
    before_ai = set(_sentences(shared_data, X_PRIVACY_BEFORE, "ai_ml_training"))
    for sentence in _sentences(shared_data, X_PRIVACY_AFTER, "ai_ml_training"):
        kinds = {c.kind for c in _holding(result, sentence)}
        if sentence in before_ai:  # "We may use the information … to help train …"
            assert kinds == {"unchanged"}, sentence
        else:  # third-party collaborators may train their AI models
            assert kinds == {"added"}, sentence
    # the data-retention paragraph was extended: a modified clause, not delete+insert
    (kept,) = _holding(result, "We keep different types of information for different", "old")
    assert kept.kind == "modified"


# --- Bluesky ------------------------------------------------------------------------------


def _bluesky(shared_data: Path, kind: str) -> list[Path]:
    files = sorted((shared_data / "bluesky").glob(f"bluesky_{kind}__rec*.md"), key=_rec_date)
    assert len(files) >= 2
    return files


def test_bluesky_tos_versions_in_sequence(shared_data: Path) -> None:
    files = _bluesky(shared_data, "tos")
    for old, new in zip(files, files[1:], strict=False):
        old_md, new_md = old.read_text("utf-8"), new.read_text("utf-8")
        result = diff_texts(old_md, new_md)
        if _rec_date(old) == "2025-08-15" and _rec_date(new) == "2025-10-23":
            # issue 13: this version only drops the expired transition notice and the
            # link to the previous version; a reader relies on nothing that changed
            assert result.significance == "minor", [c.old for c in result.changed()]
        else:
            assert result.significance == "substantive", (old.name, new.name)
        _assert_no_identical_delete_insert(result, old_md, new_md)
        assert diff_texts(new_md, new_md).significance == "none"


def test_bluesky_tos_2025_rewrite_adds_age_assurance_and_arbitration_notice(
    shared_data: Path,
) -> None:
    old = "bluesky/bluesky_tos__rec2025-06-18__upd2025-02-07.md"
    new = "bluesky/bluesky_tos__rec2025-08-15__upd2025-08-14.md"
    result = _diff(str(shared_data), old, new)
    assert result.significance == "substantive"
    age = _holding(result, "complete an age assurance process")
    assert [c.kind for c in age] == ["added"]
    notice = _holding(result, "invoking the pre-arbitration informal dispute resolution process")
    assert notice and all(c.kind in ("added", "modified") for c in notice)
    assert not any(c.minor for c in age + notice)
    # the summary arbitration note was kept and reworded
    (note,) = _holding(result, "These Terms contain an agreement to resolve most disputes", "old")
    assert note.kind == "modified"
    assert ("insert", " in most cases") in note.inline
    # most text was rewritten, yet sentences kept word for word are recognised
    assert result.stats.unchanged >= 10
    arbitrator = _holding(result, "the arbitrator shall have exclusive authority to decide")
    assert [c.kind for c in arbitrator] == ["unchanged"]


def test_bluesky_republished_versions_differ_only_by_notice_lines(shared_data: Path) -> None:
    """Same "last updated" date, recorded twice: only the effective-date notes went."""
    for kind in ("tos", "privacy"):
        files = _bluesky(shared_data, kind)
        old, new = files[-2], files[-1]
        assert old.name.split("__upd")[1] == new.name.split("__upd")[1]
        result = _diff(str(shared_data), str(old), str(new))
        assert {c.kind for c in result.changed()} == {"removed"}, kind
        takes_effect = [c for c in result.changed() if "takes effect" in (c.old or "")]
        assert len(takes_effect) == 2 and all(c.minor for c in takes_effect)


def test_every_version_diffed_with_itself_is_none(shared_data: Path) -> None:
    for path in sorted((shared_data / "x").rglob("*.md")) + sorted(
        (shared_data / "bluesky").glob("*.md")
    ):
        text = path.read_text("utf-8")
        result = diff_texts(text, text)
        assert result.significance == "none" and not result.changed(), path.name
