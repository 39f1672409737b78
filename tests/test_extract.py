"""Extraction is a pure function of (html, select, remove): tested without Scrapy."""

from __future__ import annotations

import pytest

from tracker.errors import ExtractionError
from tracker.extract import extract, extract_pages
from tracker.normalize import comparison_key

PAGE = """<!doctype html><html><head><title>T</title><style>p{}</style>
<script>var token = "abc123";</script></head><body>
<nav class="menu"><a href="/">Home</a></nav>
<main>
  <h1>Terms&nbsp;of&nbsp;Service</h1>
  <div class="banner">Cookie banner</div>
  <p>Read <em>carefully</em>. We <strong>may</strong> change these terms.
     See our <a href="/privacy?utm_source=tos&amp;lang=en">Privacy Policy</a>.</p>
  <h2 id="a">Section A</h2>
  <ol><li>First rule.</li><li>Second rule.</li></ol>
  <ul><li>Bullet</li></ul>
  <h2 id="b">Section B</h2>
  <p>The end.</p>
  <svg><text>not text</text></svg>
</main>
<footer>Footer</footer>
</body></html>"""


def test_markdown_has_headings_lists_emphasis_and_absolute_links() -> None:
    md = extract(PAGE, "main", ".banner", base_url="https://acme.example/legal/tos")
    assert md.splitlines()[0] == "# Terms of Service"
    assert "*carefully*" in md and "**may**" in md
    assert "[Privacy Policy](https://acme.example/privacy?lang=en)" in md  # utm_ stripped
    assert "1. First rule.\n2. Second rule." in md
    assert "- Bullet" in md
    assert "## Section A" in md
    for absent in ("Cookie banner", "Home", "Footer", "token", "not text", "p{}"):
        assert absent not in md


def test_select_list_keeps_order_and_remove_list() -> None:
    md = extract(PAGE, ["h2#b", "h1"], [".banner", "footer"])
    assert md == "## Section B\n\n# Terms of Service"


def test_range_selectors() -> None:
    md = extract(PAGE, {"startAfter": "h2#a", "endBefore": "h2#b"})
    assert md == "1. First rule.\n2. Second rule.\n\n- Bullet"
    md = extract(PAGE, {"startBefore": "h2#a", "endAfter": "h2#b"})
    assert md.startswith("## Section A") and md.endswith("## Section B")
    md = extract(PAGE, "main", {"startBefore": "h2#a", "endBefore": "h2#b"})
    assert "Section A" not in md and "First rule" not in md and "Section B" in md


def test_selector_that_matches_nothing_is_an_error_not_an_empty_version() -> None:
    with pytest.raises(ExtractionError, match="select '#missing' matched nothing"):
        extract(PAGE, "#missing")
    with pytest.raises(ExtractionError, match="matched nothing"):
        extract(PAGE, {"startBefore": "#nope", "endBefore": "h2#b"})
    with pytest.raises(ExtractionError, match="empty"):
        extract("<main> <div class='x'></div> </main>", "main")
    with pytest.raises(ExtractionError, match="empty"):
        extract(b"   ", "main")


def test_nested_matches_are_not_repeated() -> None:
    md = extract("<div class='c'><p>One</p><div class='c'><p>Two</p></div></div>", ".c")
    assert md == "One\n\nTwo"


def test_identical_visible_text_gives_identical_markdown() -> None:
    a = "<main><h1 class='x' id='t'>Title</h1><p>Hello   world, <b>friend</b>.</p></main>"
    b = (
        '<main data-v="2">\n  <h1 id="t" class="y">Title</h1>\n'
        "  <p>Hello&nbsp;world,\u200b\n <b>friend</b>.</p>\n</main>"
    )
    assert extract(a, "main") == extract(b, "main")


def test_cloudflare_email_obfuscation_is_decoded() -> None:
    def page(key: int) -> str:
        enc = f"{key:02x}" + "".join(f"{ord(c) ^ key:02x}" for c in "legal@acme.example")
        return (
            f'<main><p>Write to <a href="/cdn-cgi/l/email-protection#{enc}">'
            f'<span class="__cf_email__" data-cfemail="{enc}">[email&#160;protected]</span>'
            "</a>.</p></main>"
        )

    md = extract(page(0x12), "main", base_url="https://acme.example/")
    assert md == "Write to [legal@acme.example](mailto:legal@acme.example)."
    assert extract(page(0x7F), "main", base_url="https://acme.example/") == md


def test_javascript_links_are_not_carried_over() -> None:
    md = extract('<main><a href="javascript:alert(1)">click</a></main>', "main")
    assert "javascript" not in md and "click" in md


def test_combined_pages_are_joined_in_order() -> None:
    md = extract_pages(
        [
            ("<main><p>Part one.</p></main>", {"select": "main"}, None),
            ("<article><p>Part two.</p></article>", {"select": "article"}, None),
        ]
    )
    assert md == "Part one.\n\nPart two."


def test_comparison_key_folds_typography_numbering_and_link_targets() -> None:
    a = "Your \u201ccontent\u201d \u2014 see [terms](https://a.example/x?id=1).\n\n1. One\n2. Two"
    b = 'Your "content" - see [terms](https://b.example/y).\n\n3. One\n4. Two'
    assert comparison_key(a) == comparison_key(b)
    assert comparison_key("We may sell data.") != comparison_key("We may share data.")


def test_contains_selector_is_stable_across_calls() -> None:
    """lxml's CSSSelector failed at random on :contains(); ours must not."""
    page = "<main><h2>Terms</h2><p>Body.</p><h2>Other</h2></main>"
    results = {extract(page, 'h2:contains("Terms")') for _ in range(50)}
    assert results == {"## Terms"}
