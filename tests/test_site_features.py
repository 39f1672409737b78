"""Issue 15's site features, on small generated databases recorded through the real store.

Downloads and citations, the calendar, the home page's 90 days, the scorecard, long
changes, filters' data, search with aliases, link previews, and text hygiene.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import icalendar
import pytest
from site_support import html_pages, make_database

from tracker.site.build import build_site
from tracker.site.changepage import FOLD_RUN, fold_runs, jump_menu, summary
from tracker.site.search import aliases, sentences
from tracker.site.templating import inline_markdown
from tracker.site.text import inline_plain, plain_ops, plain_text
from tracker.store.queries import list_changes

BASE = "https://example.org/tos"
TODAY = date(2026, 3, 1)

V1 = """# Terms of Service

Last updated: January 1, 2026

## Your content

You keep ownership of the content you post. Read our [Privacy Policy](https://openai.example/privacy).

| Plan | Price |
|---|---|
| Free | $0 |
"""
V2 = (
    V1.replace("Last updated: January 1, 2026", "Effective: April 15, 2026")
    + """
## Disputes

You and OpenAI agree that any dispute will be resolved by **binding arbitration**.

We may use your content to train our machine learning models.
"""
)
V3 = V2 + "\n\nWe may share your personal data with our advertising partners.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("features")
    db = make_database(
        tmp / "f.db",
        {
            ("OpenAI", "Terms of Use"): [V1, V2, V3],
            ("Threads", "Privacy Policy"): [
                "# Privacy\n\nWe collect little.",
                "# Privacy\n\nWe collect a lot.",
            ],
        },
    )
    out = tmp / "site"
    build_site(db, out, BASE, today=TODAY)
    return out, tmp / "f.db"


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


class _Text(HTMLParser):
    """The text a reader sees: no script, style or attribute values."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "title"):
            self.skip += 1
        if tag in ("p", "li", "div", "h1", "h2", "h3", "h4", "td", "th", "br", "blockquote"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


MARKDOWN = re.compile(r"\]\(|\*\*|^[ \t]*#{1,6}[ \t]|^[ \t]*\|.*\|[ \t]*$", re.M)


# --- text hygiene ------------------------------------------------------------------


def test_inline_text_loses_its_markdown_syntax() -> None:
    assert inline_plain("## 1. Who **may** use [the Services](https://x.com/tos)") == (
        "1. Who may use the Services"
    )
    assert inline_plain("| Free | $0 |") == "Free · $0"
    assert inline_plain(r"Escaped \* star and `code`") == "Escaped * star and code"
    html = str(inline_markdown("Read the [Privacy Policy](https://x.example/p) **now**"))
    assert 'href="https://x.example/p"' in html and "<strong>now</strong>" in html
    assert "](" not in html and "**" not in html


def test_a_word_diff_loses_markdown_even_when_an_edit_cuts_through_a_link() -> None:
    ops = [
        ["equal", "Read the [Privacy "],
        ["delete", "Policy](https://a.example)"],
        ["insert", "Notice](https://b.example)"],
        ["equal", " and **this**."],
    ]
    assert plain_ops(ops) == [
        ("equal", "Read the Privacy "),
        ("delete", "Policy"),
        ("insert", "Notice"),
        ("equal", " and this."),
    ]
    # an edit of the link target alone leaves the same words on both sides
    assert plain_ops(
        [["equal", "[x](https://"], ["delete", "a"], ["insert", "b"], ["equal", ")"]]
    ) == [("equal", "x")]


def test_plain_text_download_keeps_words_and_web_addresses() -> None:
    text = plain_text(V2)
    assert "Read our Privacy Policy (https://openai.example/privacy)." in text
    assert "Free · $0" in text and "binding arbitration" in text
    assert not MARKDOWN.search(text)


# --- long changes ------------------------------------------------------------------


def test_long_runs_of_added_clauses_are_folded_and_flagged_ones_counted() -> None:
    clause = {"kind": "added", "anchor": ""}
    rows = [
        {"kind": "change", "clause": dict(clause, anchor=f"c-{i}")} for i in range(FOLD_RUN + 3)
    ]
    rows += [{"kind": "unchanged", "clauses": []}]
    rows += [{"kind": "change", "clause": dict(clause, anchor=f"d-{i}")} for i in range(FOLD_RUN)]
    folded = fold_runs(rows, {"c-4"})
    assert folded[0] == {
        "kind": "run_open",
        "clause_kind": "added",
        "count": FOLD_RUN + 3,
        "section": "",
        "flagged": 1,
    }
    assert [r["kind"] for r in folded[1 : FOLD_RUN + 5]] == ["change"] * (FOLD_RUN + 3) + [
        "run_close"
    ]
    rest = folded[FOLD_RUN + 5 :]
    assert [r["kind"] for r in rest] == ["unchanged"] + ["change"] * FOLD_RUN  # not > 20


def test_summary_says_when_a_document_was_largely_rewritten() -> None:
    assert summary({"added": 30, "modified": 10, "unchanged": 20})["rewritten"] == 67
    assert summary({"added": 1, "modified": 1, "unchanged": 20})["rewritten"] is None
    flags = [{"status": "added", "anchor": "c-1", "title": "T", "change_index": 0}]
    assert jump_menu(flags, [{"section": "Disputes"}])[0]["section"] == "Disputes"


# --- the built site ------------------------------------------------------------------


def test_every_version_and_change_is_in_the_documents_data_files(
    built: tuple[Path, Path],
) -> None:
    site, db_path = built
    doc = "services/openai/terms-of-use"
    data = json.loads(read(site, f"{doc}/versions.json"))
    assert (data["service"], data["document"]) == ("OpenAI", "Terms of Use")
    assert data["versions"]["2"]["markdown"] == V2 and sorted(data["versions"]) == ["1", "2", "3"]
    script = read(site, f"{doc}/versions.js")
    assert script.startswith("window.CLAUSEWATCH_VERSIONS = ")
    assert json.loads(script.removeprefix("window.CLAUSEWATCH_VERSIONS = ").rstrip()[:-1]) == data
    version = read(site, f"{doc}/versions/2.html")
    assert 'data-download="md" data-version="2" data-source="../versions.js"' in version
    assert 'data-download="txt" data-version="2"' in version
    from tracker.store.db import open_db

    db = open_db(db_path)
    hashes = dict(
        db.execute(
            "select v.number, s.hash from versions v join snapshots s on s.id = v.snapshot_id "
            "join documents d on d.id = v.document_id where d.slug = 'terms-of-use'"
        ).fetchall()
    )
    changes = json.loads(read(site, f"{doc}/changes.json"))["changes"]
    assert [c["to_version"] for c in changes] == [3, 2]  # newest first
    change = changes[1]
    assert change["id"] == "tag:clausewatch,2026:change/openai/terms-of-use/2"
    assert change["page"] == f"{BASE}/{doc}/changes/2.html"
    assert (change["from_version"], change["to_version"]) == (1, 2)
    assert change["to_snapshot_sha256"] == [hashes[2]]
    assert change["effective_date"] == "2026-04-15"
    assert {f["category"] for f in change["flags"]} >= {"arbitration", "ai_training"}
    assert change["diff"]["changes"]
    assert read(site, f"{doc}/changes.js").startswith("window.CLAUSEWATCH_CHANGES = ")
    html = read(site, f"{doc}/changes/2.html")
    assert 'data-download="json" data-version="2" data-source="../changes.js"' in html
    assert "Cite this" in html and hashes[2] in html and hashes[1] in html
    assert f"{BASE}/{doc}/changes/2.html" in html


def test_calendar_of_effective_dates_parses_with_icalendar(built: tuple[Path, Path]) -> None:
    site, db_path = built
    cal = icalendar.Calendar.from_ical((site / "feeds/effective-dates.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    from tracker.store.db import open_db

    announced = [
        c
        for c in list_changes(open_db(db_path))
        if c["effective_date"] and c["effective_date"] > c["detected_at"][:10]
    ]
    assert announced and len(events) == len(announced)
    event = events[0]
    assert event.decoded("dtstart") == date(2026, 4, 15)
    assert str(event["uid"]).startswith("tag:clausewatch,2026:change/openai/terms-of-use/")
    assert str(event["url"]).startswith(f"{BASE}/services/openai/terms-of-use/changes/")
    assert "OpenAI Terms of Use" in str(event["summary"])


def test_home_leads_with_high_severity_changes_of_the_last_90_days(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    site, db_path = built
    home = read(site, "index.html")
    section = home.split('id="high-h"')[1].split("</section>")[0]
    assert "High-severity changes in the last 90 days" in home
    assert "services/openai/terms-of-use/changes/2.html" in section  # 2026-01-02, high
    assert "Effective <time" in home
    from tracker.store.db import open_db

    later = tmp_path / "later"
    build_site(open_db(db_path), later, BASE, today=date(2027, 1, 1))
    section = read(later, "index.html").split('id="high-h"')[1].split("</section>")[0]
    assert "None in this period" in section


def test_changes_list_is_grouped_by_month_with_data_for_the_filters(
    built: tuple[Path, Path],
) -> None:
    site, _ = built
    html = read(site, "changes/index.html")
    assert '<h2 id="m-2026-01">January 2026</h2>' in html
    assert 'id="filters"' in html and "assets/filters.js" in html
    item = re.search(r'<li class="change-item[^"]*" data-service="openai"[^>]*>', html)
    assert item and 'data-severity="high"' in item.group(0) or "data-severity" in item.group(0)
    assert 'data-effective="2026-04-15"' in html
    assert re.search(r'data-categories="[^"]*arbitration', html)


def test_scorecard_shows_holdings_with_evidence_timeline_and_announced_changes(
    built: tuple[Path, Path],
) -> None:
    site, _ = built
    html = read(site, "services/openai/index.html")
    holds = html.split('id="holds-h"')[1].split("</section>")[0]
    assert "Forced arbitration" in holds and "<details" in holds and "binding arbitration" in holds
    assert 'title="' not in holds  # evidence is never only a tooltip
    svg = re.search(r"<svg class=\"timeline-svg\".*?</svg>", html, re.S)
    assert svg and svg.group(0).count("<a href=") == 2  # one mark per change
    assert 'style="' not in svg.group(0)  # colours from classes: the CSP bars inline styles
    upcoming = html.split('id="upcoming-h"')[1].split("</section>")[0]
    assert "April 15, 2026" in upcoming  # effective after TODAY


def test_search_index_has_aliases_and_the_current_text(built: tuple[Path, Path]) -> None:
    site, _ = built
    index = json.loads(read(site, "search-index.json"))
    openai = next(i for i in index if i["k"] == "service" and i["t"] == "OpenAI")
    assert "ChatGPT" in openai["a"] and "DALL·E" in openai["a"]
    threads = next(i for i in index if i["k"] == "service" and i["t"] == "Threads")
    assert "Meta" in threads["a"]
    text = read(site, "assets/search-text.js")
    assert text.startswith("window.CLAUSEWATCH_TEXT = ")
    entries = json.loads(text.removeprefix("window.CLAUSEWATCH_TEXT = ").rstrip().rstrip(";"))
    terms = next(e for e in entries if e["t"] == "OpenAI · Terms of Use")
    assert "ChatGPT" in terms["a"]
    assert any("binding arbitration" in s and "**" not in s for s in terms["s"])
    assert "search-text.js" not in read(site, "index.html")  # loaded only by the search page


def test_alias_table_and_sentences() -> None:
    table = aliases()
    assert {"Facebook", "Instagram", "Threads", "WhatsApp"} <= {
        name for name, other in table.items() if "Meta" in other
    }
    assert "mpesa" in table["M-PESA"]
    assert sentences("One sentence here. Another one: yes.\nA new block") == [
        "One sentence here.",
        "Another one: yes.",
        "A new block",
    ]


def test_pages_have_previews_canonical_favicon_and_one_search_landmark(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    site, db_path = built
    assert (site / "assets/favicon.svg").is_file()
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(site).as_posix()
        assert f'<link rel="canonical" href="{BASE}/{rel}">' in html, rel
        assert '<meta property="og:title" content="' in html
        assert '<meta name="twitter:card" content="summary">' in html
        assert 'rel="icon" href="' in html
        assert html.count('role="search"') == 1, rel
        assert re.search(r'role="search" aria-label="[^"]+"', html), rel
    from tracker.store.db import open_db

    plain = tmp_path / "plain"
    build_site(open_db(db_path), plain, today=TODAY)
    assert 'rel="canonical"' not in read(plain, "index.html")


def test_every_severity_is_named_in_words_and_headlines_are_headings(
    built: tuple[Path, Path],
) -> None:
    site, _ = built
    html = read(site, "services/openai/terms-of-use/changes/3.html")
    for label in re.findall(r'<span class="sev-label sev-(\w+)">(\w+)', html):
        assert label[0] == label[1]
    home = read(site, "index.html")
    assert re.search(r'<h3 class="change-headline"><a href="[^"]+">', home)
    assert '<p class="change-headline">' not in home


def test_no_markdown_syntax_reaches_a_reader(built: tuple[Path, Path]) -> None:
    site, _ = built
    for page in html_pages(site):
        text = visible_text(page.read_text(encoding="utf-8"))
        assert not MARKDOWN.search(text), (page, MARKDOWN.search(text))
    for feed in (site / "feeds").rglob("*.atom"):
        parsed = feedparser.parse(feed.read_bytes())
        for entry in parsed.entries:
            assert not MARKDOWN.search(entry.title)
            assert not MARKDOWN.search(visible_text(entry.content[0].value)), feed


def test_compare_page_for_documents_with_two_versions_or_more(built: tuple[Path, Path]) -> None:
    site, _ = built
    html = read(site, "services/openai/terms-of-use/compare.html")
    assert 'data-versions="3 2 1"' in html
    assert "assets/clausediff.js" in html and "assets/vendor/diff-match-patch.js" in html
    assert (site / "assets/vendor/diff-match-patch.js").is_file()


def test_the_browser_differ_folds_case_as_python_does() -> None:
    js = (Path(__file__).resolve().parent.parent / "templates/assets/clausediff.js").read_text(
        encoding="utf-8"
    )
    table = json.loads(re.search(r"var CASEFOLD = (\{.*?\});", js).group(1))
    expected = {
        chr(c): chr(c).casefold()
        for c in range(0x110000)
        if not 0xD800 <= c < 0xE000 and chr(c).casefold() != chr(c).lower()
    }
    assert table == expected
