"""The catalog tools' library: list, check, fetch, try, suggest and add, on loopback servers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback import LoopbackServer, Reply, page

from tracker.catalog import DocumentSpec, PageSpec, load_catalog
from tracker.catalog.add import add_declaration, declaration_path
from tracker.catalog.check import check_catalog
from tracker.catalog.listing import list_documents
from tracker.catalog.suggest import page_language, suggest_selector
from tracker.catalog.tryout import try_document, try_target
from tracker.crawl import crawl
from tracker.errors import AddError, FetchError, TryError
from tracker.fetch.http import fetch_page, make_fetcher

UA = "clausewatch-test/1 (+mailto:test@example.org)"
TERMS = "<h1>Acme Terms</h1>" + "".join(
    f"<p>Clause {i}: you agree to be nice to other people on Acme.</p>" for i in range(20)
)
PAGE = (
    '<html lang="en-GB"><body><nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>'
    f'<main id="content"><div class="cookie-banner">We use cookies</div>{TERMS}</main>'
    "<footer>(c) Acme</footer></body></html>"
)


@pytest.fixture
def site() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


def declare(directory: Path, name: str, terms: dict[str, Any], filename: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (filename or f"{name}.json")
    path.write_text(json.dumps({"name": name, "terms": terms}), encoding="utf-8")
    return path


def doc(url: str, select: Any = "main", remove: tuple = ()) -> DocumentSpec:
    return DocumentSpec("Acme", "Terms of Service", (PageSpec(url, (select,), remove),), "x")


# ----------------------------------------------------------------------------- list


def test_list_without_and_with_a_database(tmp_path: Path, site: LoopbackServer) -> None:
    site.routes["/tos"] = page(PAGE)
    catalog = tmp_path / "catalog"
    declare(
        catalog,
        "Acme",
        {
            "Terms of Service": {
                "fetch": site.url("/tos"),
                "select": "main",
                "language": "en",
            },
            "Privacy Policy": {"fetch": site.url("/gone"), "select": "main"},
            "Developer Terms": {
                "fetch": site.url("/dev"),
                "select": "main",
                "executeClientScripts": True,
                "unverified": True,
                "jurisdiction": "EU",
            },
        },
    )
    rows = list_documents(catalog, tmp_path / "missing.db")
    assert [(r["service"], r["document"]) for r in rows] == [
        ("Acme", "Developer Terms"),
        ("Acme", "Privacy Policy"),
        ("Acme", "Terms of Service"),
    ]
    dev = rows[0]
    assert dev["browser"] and dev["unverified"] and dev["jurisdiction"] == "EU"
    assert "status" not in dev  # no database, no health
    assert rows[2]["url"] == site.url("/tos") and rows[2]["language"] == "en"

    db = tmp_path / "cw.db"
    crawl(catalog, db)
    health = {r["document"]: r for r in list_documents(catalog, db)}
    assert health["Terms of Service"]["status"] == "ok"
    assert health["Terms of Service"]["versions"] == 1
    assert health["Terms of Service"]["last_success_at"]
    assert health["Privacy Policy"]["status"] == "failing"
    assert health["Privacy Policy"]["consecutive_failures"] == 1
    assert health["Privacy Policy"]["last_failure_reason"]
    assert health["Privacy Policy"]["versions"] == 0


# ----------------------------------------------------------------------------- check

GOOD = {"fetch": "https://acme.example/tos", "select": "main"}
MISTAKES = {
    "invalid JSON": ('{"name": "Acme", "terms": {', "invalid JSON at line 1 column"),
    "missing name": ({"terms": {"Terms of Service": GOOD}}, 'field "name": expected'),
    "missing terms": ({"name": "Acme"}, 'field "terms": expected an object'),
    "missing fetch": (
        {"name": "Acme", "terms": {"Terms of Service": {"select": "main"}}},
        'terms "Terms of Service": field "fetch": missing',
    ),
    "bad URL": (
        {"name": "Acme", "terms": {"Terms of Service": {**GOOD, "fetch": "acme.example/tos"}}},
        'field "fetch": expected an http(s) URL',
    ),
    "missing select": (
        {"name": "Acme", "terms": {"Terms of Service": {"fetch": GOOD["fetch"]}}},
        'field "select": missing',
    ),
    "select wrong type": (
        {"name": "Acme", "terms": {"Terms of Service": {**GOOD, "select": 42}}},
        'field "select": expected a string or a list of strings',
    ),
    "remove wrong type": (
        {"name": "Acme", "terms": {"Terms of Service": {**GOOD, "remove": {"a": 1}}}},
        'field "remove": a range selector needs',
    ),
    "invalid CSS": (
        {"name": "Acme", "terms": {"Terms of Service": {**GOOD, "select": "main >> p"}}},
        "field \"select\": invalid CSS selector 'main >> p'",
    ),
    "bad range selector": (
        {
            "name": "Acme",
            "terms": {"Terms of Service": {**GOOD, "select": {"startBefore": "h1", "end": "p"}}},
        },
        'field "select": a range selector needs exactly one of',
    ),
    "range with invalid CSS": (
        {
            "name": "Acme",
            "terms": {
                "Terms of Service": {**GOOD, "select": {"startBefore": "h1[", "endBefore": "p"}}
            },
        },
        'range key "startBefore" needs a valid CSS selector',
    ),
    "unknown field": (
        {"name": "Acme", "terms": {"Terms of Service": {**GOOD, "selct": "main"}}},
        'field "selct": unknown field (typo?)',
    ),
    "combine not a list": (
        {"name": "Acme", "terms": {"Terms of Service": {"combine": GOOD}}},
        'field "combine": expected a list of pages',
    ),
    "combine page without fetch": (
        {"name": "Acme", "terms": {"Terms of Service": {"select": "main", "combine": [{}]}}},
        'terms "Terms of Service" combine[0]: field "fetch": missing',
    ),
    "executeClientScripts not a boolean": (
        {"name": "Acme", "terms": {"Terms of Service": {**GOOD, "executeClientScripts": "yes"}}},
        'field "executeClientScripts": expected true or false',
    ),
    "unverified not a boolean": (
        {"name": "Acme", "terms": {"Terms of Service": {**GOOD, "unverified": "maybe"}}},
        'field "unverified": expected true or false',
    ),
    "terms entry not an object": (
        {"name": "Acme", "terms": {"Terms of Service": "https://acme.example/tos"}},
        'terms "Terms of Service": expected an object',
    ),
}


@pytest.mark.parametrize("kind", sorted(MISTAKES))
def test_check_reports_each_kind_of_mistake_with_file_and_field(tmp_path: Path, kind: str) -> None:
    data, expected = MISTAKES[kind]
    declare(tmp_path, "Good", {"Terms of Service": GOOD})
    bad = tmp_path / "Acme.json"
    bad.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    report = check_catalog(tmp_path)
    assert not report.ok
    assert len(report.problems) == 1, report.problems
    assert report.problems[0].startswith(f"{bad}: ")
    assert expected in report.problems[0]
    assert report.documents == 1  # the good declaration still loads


def test_check_reports_a_duplicate_service_and_an_empty_folder(tmp_path: Path) -> None:
    declare(tmp_path, "Acme", {"Terms of Service": GOOD})
    declare(tmp_path, "acme", {"Privacy Policy": GOOD}, filename="Acme copy.json")
    report = check_catalog(tmp_path)
    # files load in name order: "Acme copy.json" first
    assert report.problems == [
        f'{tmp_path / "Acme.json"}: field "name": service "Acme" is already declared in '
        f"{tmp_path / 'Acme copy.json'}; keep one declaration per service"
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no declaration files" in check_catalog(empty).problems[0]
    assert "catalog folder not found" in check_catalog(tmp_path / "nope").problems[0]


def test_check_warns_about_filters_types_and_the_old_documents_key(tmp_path: Path) -> None:
    path = tmp_path / "Acme.json"
    path.write_text(
        json.dumps(
            {
                "name": "Acme",
                "documents": {
                    "Terms of Service": {**GOOD, "filter": ["removeTrackingIDs"]},
                    "Terms And Stuff": GOOD,
                },
            }
        )
    )
    report = check_catalog(tmp_path)
    assert report.ok and report.documents == 2
    text = "\n".join(report.warnings)
    assert f'{path}: field "documents": the current name is "terms"' in text
    assert 'field "filter": removeTrackingIDs are Open Terms Archive JavaScript filters' in text
    assert 'terms "Terms And Stuff": not an Open Terms Archive terms type' in text


# ----------------------------------------------------------------------------- fetch


def test_fetch_sends_the_user_agent_and_follows_redirects(site: LoopbackServer) -> None:
    site.routes["/tos"] = page(PAGE)
    site.routes["/old"] = lambda: Reply(status=301, headers={"Location": "/tos"})
    fetched = fetch_page(site.url("/old"), UA, timeout=5)
    assert fetched.status == 200 and fetched.final_url == site.url("/tos")
    assert "Acme Terms" in fetched.html
    assert site.requests[0][1]["user-agent"] == UA


def test_fetch_returns_http_errors_and_raises_when_nothing_answers(site: LoopbackServer) -> None:
    assert fetch_page(site.url("/missing"), UA, timeout=5).status == 404
    port = site.httpd.server_address[1]
    site.httpd.shutdown()
    site.httpd.server_close()
    with pytest.raises(FetchError, match=f"127.0.0.1:{port}"):
        fetch_page(f"http://127.0.0.1:{port}/tos", UA, timeout=5)


# ----------------------------------------------------------------------------- try


def test_try_a_good_page_is_stable_and_sized(site: LoopbackServer) -> None:
    site.routes["/tos"] = page(PAGE)
    report = try_document(doc(site.url("/tos"), remove=(".cookie-banner",)), make_fetcher(UA))
    assert report.ok and report.stable is True and report.warnings == []
    assert report.markdown.startswith("# Acme Terms\n\nClause 0:")
    assert report.chars == len(report.markdown) and report.words > 100
    assert report.pages[0].status == 200 and report.pages[0].bytes == len(PAGE)
    assert len(site.requests) == 2  # fetched twice


def test_try_reports_a_selector_that_matches_nothing(site: LoopbackServer) -> None:
    site.routes["/tos"] = page(PAGE)
    report = try_document(doc(site.url("/tos"), "#terms-container"), make_fetcher(UA))
    assert not report.ok
    assert report.errors == [
        f"{site.base_url}/tos: select '#terms-container' matched nothing on the page"
    ]


def test_try_warns_about_tiny_huge_and_link_heavy_text(site: LoopbackServer) -> None:
    site.routes["/tiny"] = page(b"<main><p>Loading...</p></main>")
    site.routes["/huge"] = page("<main>" + "<p>word </p>" * 90_000 + "</main>")
    links = "".join(f'<li><a href="/p{i}">Page {i}</a></li>' for i in range(60))
    site.routes["/links"] = page(f"<main><ul>{links}</ul></main>")
    fetcher = make_fetcher(UA)
    assert "tiny: only 10 characters" in try_document(doc(site.url("/tiny")), fetcher).warnings[0]
    assert "huge:" in try_document(doc(site.url("/huge")), fetcher, twice=False).warnings[0]
    assert "mostly links" in try_document(doc(site.url("/links")), fetcher).warnings[-1]


def test_try_shows_text_that_changes_between_two_fetches(site: LoopbackServer) -> None:
    count = {"n": 0}

    def rotating() -> Reply:
        count["n"] += 1
        return page(f"<main>{TERMS}<p>Visitors today: {count['n']}</p></main>")

    site.routes["/tos"] = rotating
    report = try_document(doc(site.url("/tos")), make_fetcher(UA))
    assert report.ok and report.stable is False
    assert report.instability == ["-Visitors today: 1", "+Visitors today: 2"]
    assert any(w.startswith("unstable:") for w in report.warnings)


def test_try_a_declaration_file_combined_pages_and_a_bare_url(
    tmp_path: Path, site: LoopbackServer
) -> None:
    site.routes["/tos"] = page(PAGE)
    site.routes["/tos2"] = page(b"<main><p>Part two of the terms.</p></main>")
    path = declare(
        tmp_path,
        "Acme",
        {
            "Terms of Service": {
                "select": "main",
                "remove": ".cookie-banner",
                "combine": [{"fetch": site.url("/tos")}, {"fetch": site.url("/tos2")}],
            },
            "Privacy Policy": {"fetch": site.url("/gone"), "select": "main"},
        },
    )
    fetcher = make_fetcher(UA)
    reports = try_target(str(path), fetcher)
    assert [r.document for r in reports] == ["Terms of Service", "Privacy Policy"]
    tos, privacy = reports
    assert tos.ok and tos.markdown.endswith("Part two of the terms.") and len(tos.pages) == 2
    assert privacy.errors == [f"{site.base_url}/gone: HTTP 404"]
    only = try_target(str(path), fetcher, terms_type="terms of service", twice=False)
    assert [r.document for r in only] == ["Terms of Service"]
    with pytest.raises(TryError, match='no terms "Cookies"'):
        try_target(str(path), fetcher, terms_type="Cookies")
    (url_report,) = try_target(site.url("/tos"), fetcher, twice=False)
    assert url_report.ok and url_report.markdown.startswith("# Acme Terms")
    assert "cookies" not in url_report.markdown  # the suggested remove took the banner out
    (forced,) = try_target(site.url("/tos"), fetcher, select="footer", twice=False)
    assert forced.markdown == "(c) Acme"


def test_try_refuses_a_broken_file_or_an_unknown_target(tmp_path: Path) -> None:
    bad = tmp_path / "Bad.json"
    bad.write_text('{"name": "Bad", "terms": {"Terms of Service": {"select": "main"}}}')
    with pytest.raises(TryError, match='field "fetch": missing'):
        try_target(str(bad), make_fetcher(UA))
    with pytest.raises(TryError, match="neither an http"):
        try_target(str(tmp_path / "nope.json"), make_fetcher(UA))


# ----------------------------------------------------------------------------- suggest


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (PAGE, "main"),
        (f"<body><nav>Menu</nav><article>{TERMS}</article></body>", "article"),
        (f'<body><div role="main">{TERMS}</div><div>Footer</div></body>', "[role=main]"),
        (
            f'<body><div id="app"><div class="menu"><a href="/a">A</a></div>'
            f'<div id="legal-text" class="x9f3k2a">{TERMS}</div></div></body>',
            "#legal-text",
        ),
        (
            f'<body><div class="page"><div class="sc-1x2y3z terms-body">{TERMS}</div>'
            '<div class="related"><a href="/a">Other policies</a></div></div></body>',
            ".terms-body",
        ),
        # a <main> holding a small share of the text is not trusted
        (
            f'<body><main><h1>Legal</h1></main><section id="policy">{TERMS}</section></body>',
            "#policy",
        ),
        ("<body><p>Short.</p></body>", "body"),
    ],
)
def test_suggest_selector(html: str, expected: str) -> None:
    assert suggest_selector(html).select == expected


def test_suggestion_removes_chrome_inside_the_content() -> None:
    suggestion = suggest_selector(PAGE)
    assert suggestion.remove == ["[class*=cookie]"]
    assert suggestion.share > 0.9 and "holds" in suggestion.reason
    assert page_language(PAGE) == "en"
    assert page_language("<html><body>x</body></html>") is None


# ----------------------------------------------------------------------------- add


def test_add_writes_a_new_declaration_that_loads(tmp_path: Path, site: LoopbackServer) -> None:
    site.routes["/tos"] = page(PAGE)
    catalog = tmp_path / "catalog"
    report = add_declaration(
        site.url("/tos"), "Acme", "Terms of Service", catalog, make_fetcher(UA)
    )
    assert report.created and report.written and report.path == catalog / "Acme.json"
    assert report.entry == {
        "fetch": site.url("/tos"),
        "select": "main",
        "remove": ["[class*=cookie]"],
        "language": "en",
    }
    assert report.trial.ok and report.trial.markdown.startswith("# Acme Terms")
    loaded = load_catalog(catalog)
    assert loaded.problems == [] and [d.key for d in loaded.documents] == [
        "Acme / Terms of Service"
    ]


def test_add_a_type_to_an_existing_service_file(tmp_path: Path, site: LoopbackServer) -> None:
    site.routes["/privacy"] = page(b'<div id="privacy-policy"><p>We keep your data safe.</p></div>')
    catalog = tmp_path / "catalog"
    existing = declare(catalog, "Acme Corp", {"Terms of Service": GOOD}, filename="acme.json")
    fetcher = make_fetcher(UA)
    report = add_declaration(
        site.url("/privacy"), "acme corp", "Privacy Policy", catalog, fetcher, select="div"
    )
    assert report.path == existing and not report.created
    data = json.loads(existing.read_text())
    assert data["name"] == "Acme Corp"
    assert list(data["terms"]) == ["Terms of Service", "Privacy Policy"]
    assert data["terms"]["Privacy Policy"] == {"fetch": site.url("/privacy"), "select": "div"}
    with pytest.raises(AddError, match='terms "Privacy Policy" is already declared'):
        add_declaration(site.url("/privacy"), "Acme Corp", "Privacy Policy", catalog, fetcher)
    forced = add_declaration(
        site.url("/privacy"), "Acme Corp", "Privacy Policy", catalog, fetcher, force=True
    )
    assert forced.entry["select"] == "body"  # too little text for anything else


def test_add_dry_run_and_bad_input(tmp_path: Path, site: LoopbackServer) -> None:
    site.routes["/tos"] = page(PAGE)
    catalog = tmp_path / "catalog"
    fetcher = make_fetcher(UA)
    report = add_declaration(
        site.url("/tos"), "Acme", "Terms of Service", catalog, fetcher, dry_run=True
    )
    assert not report.written and not catalog.exists()
    with pytest.raises(AddError, match="HTTP 404"):
        add_declaration(site.url("/missing"), "Acme", "Terms of Service", catalog, fetcher)
    with pytest.raises(AddError, match="expected an http"):
        add_declaration("ftp://example.org/tos", "Acme", "Terms of Service", catalog, fetcher)
    with pytest.raises(AddError, match="would not load"):
        add_declaration(
            site.url("/tos"), "Acme", "Terms of Service", catalog, fetcher, select="main[["
        )
    assert declaration_path(tmp_path, "A/B: C") == tmp_path / "A-B- C.json"
