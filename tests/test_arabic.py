"""Issue 18: Arabic terms tracked as English ones are, and the analysis' words in Arabic.

The two versions in tests/data/arabic were written for these tests (a fictional
service): version 2 adds an AI-training clause and a ١٥٬٠٠٠ دولار penalty, and moves
the venue and the governing law from Oregon to Texas.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from diffs import entities as ent
from diffs.analysis import analyse_change
from diffs.arabic import fold_for_comparison, fold_text
from diffs.categories import CATEGORIES, localized
from diffs.flagger import flag_text, normalize, split_sentences
from diffs.headline import headline
from diffs.messages import template
from tracker.normalize import comparison_key

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "arabic"
PENALTY = "١٥٬٠٠٠ دولار أمريكي لكل ١٬٠٠٠٬٠٠٠ منشور"


@pytest.fixture(scope="module")
def change():
    old = (DATA / "terms_v1.md").read_text(encoding="utf-8")
    new = (DATA / "terms_v2.md").read_text(encoding="utf-8")
    return analyse_change(old, new)


def test_two_arabic_versions_are_diffed_clause_by_clause(change) -> None:
    added = [c.new for c in change.diff.changed() if c.kind == "added"]
    assert len(added) == 2
    assert any("لتدريب نماذج التعلم الآلي والذكاء الاصطناعي" in (t or "") for t in added)
    assert any(PENALTY in (t or "") for t in added)
    modified = [c.new for c in change.diff.changed() if c.kind == "modified"]
    assert any("تكساس" in (t or "") for t in modified)
    assert change.significance == "substantive"


def test_the_new_clauses_are_flagged_with_english_values(change) -> None:
    flags = {f["category"] if isinstance(f, dict) else f.category for f in change.flags}
    assert {"ai_training", "liquidated_damages"} <= flags
    by_kind = {(e.kind, e.category) for e in change.events}
    assert ("added", "liquidated_damages") in by_kind
    assert any(e.category == "ai_training" for e in change.events)
    assert ("modified", "jurisdiction") in by_kind and ("modified", "choice_of_law") in by_kind
    [money] = ent.extract_money(PENALTY)
    [english] = ent.extract_money("$15,000 USD per 1,000,000 posts")
    assert money.value == english.value
    assert money.text == PENALTY  # the exact words of the clause


def test_the_change_has_an_arabic_headline(change) -> None:
    arabic = headline(change.events, change.significance, locale="ar")
    assert "تعويض اتفاقي" in arabic and "تدريب نماذج الذكاء الاصطناعي" in arabic
    assert "15,000 دولار أمريكي" in arabic and "لكل 1,000,000 منشور" in arabic
    assert not re.search(r"[A-Za-z]{3,}", arabic)  # no English word left in it
    assert "liquidated damages" in change.headline  # the stored headline stays English
    venue = [e for e in change.events if e.category == "jurisdiction"]
    assert (
        headline(venue, "substantive", locale="ar") == "نُقل الاختصاص القضائي من أوريغون إلى تكساس"
    )


@pytest.mark.parametrize(
    ("category", "sentence"),
    [
        ("ai_training", "قد نستخدم منشوراتك لتدريب نماذج الذكاء الاصطناعي الخاصة بنا."),
        ("liquidated_damages", "توافق على دفع تعويض اتفاقي قدره ١٥٬٠٠٠ دولار أمريكي."),
        ("arbitration", "يُحال أي نزاع ينشأ عن هذه الشروط إلى التحكيم الملزم."),
        ("jurisdiction", "يُرفع أي نزاع حصرًا أمام المحاكم الكائنة في دبلن، أيرلندا."),
        ("choice_of_law", "تخضع هذه الشروط لقوانين أيرلندا وتُفسَّر وفقًا لها."),
    ],
)
def test_the_rules_flag_arabic_text(category: str, sentence: str) -> None:
    assert category in {f.category for f in flag_text(sentence)}
    tatweel = sentence.replace("ال", "الـ", 1)  # a writer's variant flags the same
    assert category in {f.category for f in flag_text(tatweel)}


def test_arabic_sentences_and_values() -> None:
    text = "يجب ألا يقل عمرك عن ١٣ عامًا لاستخدام الخدمة. هل توافق على الشروط؟ نعم أوافق عليها كلها."
    assert len(split_sentences(text)) == 3
    assert [e.value for e in ent.extract_dates("تاريخ السريان: ١٥ نوفمبر ٢٠٢٦")] == [
        {"date": "2026-11-15", "label": "effective"}
    ]
    [notice] = ent.extract_notice_periods("سنرسل إليك إشعارًا قبل ٣٠ يومًا على الأقل")
    assert notice.value == {"amount": 30, "unit": "day"}
    [age] = ent.extract_ages("يجب ألا يقل عمرك عن ١٣ عامًا")
    assert age.value["age"] == 13


def test_digit_and_tatweel_variants_record_no_change() -> None:
    text = (DATA / "terms_v2.md").read_text(encoding="utf-8")
    western = re.sub(r"[٠-٩]", lambda m: str(ord(m.group(0)) - 0x0660), text).replace("٬", ",")
    stretched = text.replace("تعويض", "تعـويـض").replace("الشروط", "الشـروط")
    eastern = re.sub(r"[٠-٩]", lambda m: chr(ord(m.group(0)) - 0x0660 + 0x06F0), text)
    marked = text.replace("\n", "\u200f\n") + "\u2067\u2069"
    key = comparison_key(text)
    for variant in (western, stretched, eastern, marked):
        assert variant != text and comparison_key(variant) == key
    assert comparison_key(text.replace("تكساس", "أوريغون")) != key  # a real change is one
    assert fold_for_comparison(text).count("تكساس") == text.count("تكساس")  # letters stay


def test_english_text_is_untouched_by_arabic_folding() -> None:
    english = "You agree to pay $15,000 USD per 1,000,000 posts; see “Section 4” — or don't?"
    assert fold_text(english) == english and fold_for_comparison(english) == english
    assert normalize(english) == normalize(english.replace("USD", "USD"))
    assert comparison_key(english) == comparison_key(english)


# --- the catalogues: a missing or untranslated message fails the tests ---------------------

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _complete(po: Path, pot_ids: set) -> None:
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="ar")
    assert catalog.num_plurals == 6
    found = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}
    missing = pot_ids - set(found)
    assert not missing, f"{po}: not in the catalogue: {sorted(missing)[:5]}"
    for key in pot_ids:
        m = found[key]
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(forms) and len(forms) == (6 if isinstance(m.id, tuple) else 1), key
        assert not m.fuzzy, key
        source = m.id if isinstance(m.id, tuple) else (m.id,)
        wanted = {p for s in source for p in _PLACEHOLDER.findall(s) if p != "count"}
        for form in forms:
            used = set(_PLACEHOLDER.findall(form)) - {"count"}
            assert {p.lower() for p in used} <= {p.lower() for p in wanted}, (key, form)


def test_the_diffs_catalogue_is_extracted_and_complete_in_arabic() -> None:
    pot = ROOT / "diffs/locale/diffs.pot"
    with pot.open("rb") as fh:
        committed = {
            (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(fh) if m.id
        }
    now = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template() if m.id}
    assert committed == now, "diffs/locale/diffs.pot is stale: run 'make messages'"
    _complete(ROOT / "diffs/locale/ar/LC_MESSAGES/diffs.po", now)
    for cid in CATEGORIES:
        arabic = localized(cid, "ar")
        assert re.search("[\u0600-\u06ff]", arabic.title + arabic.explanation), cid


def _site_messages() -> set:
    method_map = [("tracker/site/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {
        "templates/**.html": {
            "trimmed": "true",
            "newstyle_gettext": "true",
            "trim_blocks": "true",
            "lstrip_blocks": "true",
        }
    }
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "pgettext": ((1, "c"), 2),
        "npgettext": ((1, "c"), 2, 3),
        "N_": None,
        "NP_": (1, 2),
    }
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options, keywords=keywords
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


def test_every_template_string_is_in_the_site_catalogue_and_translated() -> None:
    with (ROOT / "tracker/site/locale/site.pot").open("rb") as fh:
        pot = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(fh) if m.id}
    found = _site_messages()
    assert len(found) > 100  # the extraction did read the templates
    missing = found - pot
    assert not missing, f"not in site.pot (run 'make messages'): {sorted(missing)[:5]}"
    _complete(ROOT / "tracker/site/locale/ar/LC_MESSAGES/site.po", pot)


def test_fold_text_is_fold_without_the_index() -> None:
    import random

    from diffs.arabic import fold, fold_text

    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x0600, 0x0700)] + list("\u200c\u200e\u202a\u2066 Ab1")
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert fold_text(text) == fold(text)[0]
