"""Markup noise never records a change; a one-word edit always does.

Written pages, one per kind of noise seen in Open Terms Archive's data: a rotating
token, Cloudflare e-mail obfuscation under a new key, tracking parameters,
reordered attributes, changed whitespace and no-break spaces (and a redesign).
The function-level tests run many random variants; one real crawl runs them all.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from loopback import FAST, LoopbackServer, fetch_rows, page, versions, write_declaration

from tracker.crawl import crawl
from tracker.extract import extract
from tracker.normalize import clean_url, comparison_key, decode_cf_email, strip_links

PARAGRAPHS = [
    "These Terms govern your use of Wren, a messaging service run by Wren Labs Ltd.",
    "You must be at least 16 years old. If you are younger, do not use Wren.",
    "You keep ownership of your messages. You grant us a licence to store and "
    "deliver them, and for no other purpose.",
    "We may suspend your account if you break these Terms, after giving you notice "
    "where the law requires it.",
    "Wren is provided as is. To the extent the law allows, we are not liable for indirect losses.",
    "These Terms are governed by the law of England and Wales, and disputes go to "
    "the courts of London.",
]
ITEMS = [
    "Do not send spam.",
    "Do not impersonate anyone.",
    "Do not share content you have no right to share.",
]
EMAIL = "legal@wren.example"
NOISE_KINDS = (
    "rotating_token",
    "obfuscated_email",
    "tracking_params",
    "reordered_attributes",
    "whitespace_nbsp",
    "redesign",
)


def _cf(email: str, key: int) -> str:
    return f"{key:02x}" + "".join(f"{ord(c) ^ key:02x}" for c in email)


def render(kind: str | None, seed: int, paragraphs: list[str] = PARAGRAPHS) -> str:
    """The policy page; ``kind`` is the noise applied on top of the base page."""
    rnd = random.Random(seed)
    token = "".join(rnd.choice("abcdef0123456789") for _ in range(24))
    key = 0x4F if kind != "obfuscated_email" else rnd.randrange(1, 255)
    help_href = "/help/safety"
    if kind == "tracking_params":
        help_href += (
            f"?utm_source=terms&utm_medium=web&utm_campaign=c{seed}&fbclid=IwAR{token}"
            f"&gclid={token[:10]}&mc_eid={token[5:12]}"
        )
    if kind == "rotating_token":
        help_href += f"?session_id={token}&sid={token[:8]}&_={seed}"
    email = (
        f'<a href="/cdn-cgi/l/email-protection#{_cf(EMAIL, key)}">'
        f'<span class="__cf_email__" data-cfemail="{_cf(EMAIL, key)}">[email&#160;protected]'
        "</span></a>"
    )
    paras = [f"<p>{text}</p>" for text in paragraphs]
    paras[1] = paras[1].replace(
        "do not use Wren.", f'do not use Wren. See <a href="{help_href}">our safety page</a>.'
    )
    paras.append(f"<p>Questions? Write to {email}.</p>")
    items = "".join(f"<li>{item}</li>" for item in ITEMS)
    main = (
        '<h1 class="title">Wren Terms of Service</h1>'
        + "".join(paras[:3])
        + f'<h2 class="h">Rules</h2><ol class="rules">{items}</ol>'
        + "".join(paras[3:])
    )
    head = "<title>Terms | Wren</title>"
    extra = ""
    if kind == "rotating_token":
        head += f'<script nonce="{token}">window.__BUILD="{token}"</script>'
        extra = (
            f'<form><input type="hidden" name="csrf" value="{token}"></form><!-- build {token} -->'
        )
        main = main.replace("<h2", f'<h2 data-request-id="{token[:12]}"')
    if kind == "reordered_attributes":
        main = main.replace('<h1 class="title">', "<h1 data-x='1' class='title'>")
        main = main.replace('<ol class="rules">', "<ol type='1' start='1' class='rules'>")
        main = re.sub(r'<a href="([^"]+)">', r"<a rel='noopener' target='_self' href='\1'>", main)
    if kind == "whitespace_nbsp":
        rnd_words = random.Random(seed + 1)

        def spaces(match: re.Match[str]) -> str:
            return rnd_words.choice([" ", "&nbsp;", "\n      ", "  ", "\u00a0", " \u200b", "\t"])

        main = re.sub(r"(?<=>)([^<]+)", lambda m: re.sub(r" ", spaces, m.group(1)), main)
        main = re.sub(r"><", ">\n    <", main)
    if kind == "redesign":
        main = main.replace("<p>", '<div class="para"><p class="body-text">').replace(
            "</p>", "</p></div>"
        )
        main = main.replace('<h2 class="h">Rules</h2>', "<h3><strong>Rules</strong></h3>")
        main = main.replace("Wren Terms of Service", "<span>Wren</span> Terms of Service")
    return (
        f"<!doctype html><html><head>{head}</head><body>"
        f'<nav><a href="/">Wren</a> <a href="/blog?ref={token[:4]}">Blog</a></nav>'
        f'<main id="terms" class="legal">{main}</main>{extra}'
        "<footer>© Wren Labs Ltd.</footer></body></html>"
    )


def key_of(html: str) -> str:
    return comparison_key(extract(html, "main#terms", None, "https://wren.example/terms"))


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_noise_never_changes_the_comparison_key(kind: str) -> None:
    base = key_of(render(None, 0))
    for seed in range(1, 26):
        assert key_of(render(kind, seed)) == base, (kind, seed)


def _words() -> list[tuple[int, int]]:
    return [(p, w) for p, text in enumerate(PARAGRAPHS) for w in range(len(text.split()))]


def edit_one_word(paragraph: int, word: int, replacement: str = "") -> list[str]:
    edited = list(PARAGRAPHS)
    words = edited[paragraph].split()
    old = words[word]
    core = re.sub(r"\W", "", old)
    new_core = replacement or ("never" if core.lower() != "never" else "always")
    words[word] = old.replace(core, new_core) if core else new_core
    edited[paragraph] = " ".join(words)
    return edited


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_a_one_word_edit_is_always_seen_through_the_noise(kind: str) -> None:
    base = key_of(render(None, 0))
    rnd = random.Random(kind)
    for paragraph, word in rnd.sample(_words(), 25):
        seed = rnd.randrange(1000)
        assert key_of(render(kind, seed, edit_one_word(paragraph, word))) != base, (
            kind,
            paragraph,
            word,
        )
    # the subtle ones: a digit, and a capital
    assert key_of(render(kind, 3, [p.replace("16", "18") for p in PARAGRAPHS])) != base
    assert key_of(render(kind, 3, [p.replace("may suspend", "May suspend") for p in PARAGRAPHS]))


def test_noise_pages_through_a_real_crawl(tmp_path: Path) -> None:
    """One document per noise kind: noise records nothing, then a one-word edit in each."""
    with LoopbackServer() as server:
        catalog = tmp_path / "catalog"
        write_declaration(
            catalog,
            "Wren",
            {
                kind: {"fetch": server.url(f"/{kind}"), "select": "main#terms"}
                for kind in NOISE_KINDS
            },
        )
        db_path = tmp_path / "noise.db"

        def serve(kind: str | None, seed: int, paragraphs: list[str] = PARAGRAPHS) -> None:
            for name in NOISE_KINDS:
                server.routes[f"/{name}"] = page(render(kind and name, seed, paragraphs))

        serve(None, 0)
        assert crawl(catalog, db_path, settings=FAST).summary["changed"] == len(NOISE_KINDS)
        for seed in (1, 2):
            serve("noise", seed)
            report = crawl(catalog, db_path, settings=FAST)
            assert report.summary["unchanged"] == len(NOISE_KINDS), report.summary
        serve("noise", 3, edit_one_word(4, 3))  # "as is" → "as never"
        report = crawl(catalog, db_path, settings=FAST)
        assert report.summary["changed"] == len(NOISE_KINDS), report.summary
        rows = fetch_rows(db_path, report.run_id)
        assert {r["outcome"] for r in rows} == {"new_version"}
        assert all(v[2] in (1, 2) for v in versions(db_path))


# --- the normalisation steps on their own --------------------------------------


def test_cloudflare_email_decodes_under_any_key() -> None:
    for key in (1, 0x2A, 0x5A, 0xFE):
        assert decode_cf_email(_cf(EMAIL, key)) == EMAIL
    assert decode_cf_email("zz") is None and decode_cf_email("") is None
    html = (
        f'<main><p>Mail <a href="/cdn-cgi/l/email-protection#{_cf(EMAIL, 7)}">'
        f'<span class="__cf_email__" data-cfemail="{_cf(EMAIL, 7)}">[email&#160;protected]'
        "</span></a></p></main>"
    )
    assert extract(html, "main") == f"Mail [{EMAIL}](mailto:{EMAIL})"


@pytest.mark.parametrize(
    "href, expected",
    [
        ("https://a.example/t?utm_source=x&utm_medium=y&id=7", "https://a.example/t?id=7"),
        ("https://a.example/t?fbclid=1&gclid=2&msclkid=3&page=2", "https://a.example/t?page=2"),
        ("https://a.example/t;jsessionid=AB12?x=1", "https://a.example/t?x=1"),
        ("https://a.example/t?PHPSESSID=9&lang=fr", "https://a.example/t?lang=fr"),
        # signed CDN URL: its signature parameters go, the rest stays
        (
            "https://d1.cloudfront.net/terms.pdf?Expires=17&Signature=abc&Key-Pair-Id=K&v=2",
            "https://d1.cloudfront.net/terms.pdf?v=2",
        ),
        (
            "https://s3.amazonaws.com/b/t.pdf?X-Amz-Algorithm=A&X-Amz-Date=1&X-Amz-Signature=s",
            "https://s3.amazonaws.com/b/t.pdf",
        ),
        # meaningful parameters are kept, even with names a signed URL also uses
        ("https://a.example/legal?policy=privacy", "https://a.example/legal?policy=privacy"),
        ("https://a.example/doc?id=12&version=3", "https://a.example/doc?id=12&version=3"),
        (
            "https://a.example/offer?expires=2026-01-01",
            "https://a.example/offer?expires=2026-01-01",
        ),
        ("mailto:a@b.example", "mailto:a@b.example"),
        ("javascript:alert(1)", ""),
    ],
)
def test_clean_url(href: str, expected: str) -> None:
    assert clean_url(href) == expected


def test_comparison_key_folds_presentation_but_keeps_every_word() -> None:
    a = "# Terms\n\n## 1. Use\n\n1. **You** must be *16*.\n2. Be nice.\n\n---\n\nSee [here](http://a)."
    b = "Terms\n\n### 4. Use\n\n- You must be 16.\n- Be nice.\n\nSee [here](http://b) ."
    assert comparison_key(a) == comparison_key(b)
    assert comparison_key("Don\u2019t \u201cshare\u201d \u2014 ok") == comparison_key(
        'Don\'t "share" - ok'
    )
    assert comparison_key("a\u00a0b\u200bc") == comparison_key("a bc")
    assert comparison_key("snake_case and 5 * 3") == "snake_case and 5 * 3"
    for before, after in [("must be 16", "must be 18"), ("may", "will"), ("a b", "b a")]:
        assert comparison_key(before) != comparison_key(after)


def test_link_target_only_changes_record_nothing() -> None:
    """Link targets are metadata (docs/noise.md): moving a link is not a version."""
    assert strip_links("See [the rules](https://a/x?1) and <https://a/y>.") == (
        "See the rules and <link>."
    )
    assert comparison_key("Read [our policy](https://a/p)") == comparison_key(
        "Read [our policy](https://b/q)"
    )
    assert comparison_key("Read [our policy](https://a/p)") != comparison_key(
        "Read [our terms](https://a/p)"
    )


def test_the_http_charset_is_honoured(tmp_path: Path) -> None:
    """A Latin-1 page without <meta charset> is read with its HTTP charset, not garbled."""
    html = "<html><body><main id='terms'><p>Café, naïve, 30\u00a0days.</p></main></body></html>"
    with LoopbackServer() as server:
        catalog = tmp_path / "catalog"
        write_declaration(
            catalog, "Wren", {"Terms": {"fetch": server.url("/t"), "select": "main#terms"}}
        )
        server.routes["/t"] = page(
            html.encode("cp1252"), content_type="text/html; charset=windows-1252"
        )
        crawl(catalog, tmp_path / "c.db", settings=FAST)
        server.routes["/t"] = page(html.encode("utf-8"))  # re-encoded: the same text
        report = crawl(catalog, tmp_path / "c.db", settings=FAST)
    assert report.summary["unchanged"] == 1
    assert versions(tmp_path / "c.db")[0][3] == "Café, naïve, 30 days."
