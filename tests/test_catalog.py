"""Catalog loading and validation: good declarations load, each mistake is named precisely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker.catalog import load_catalog, parse_declaration
from tracker.errors import CatalogError


def write(directory: Path, name: str, data: object) -> Path:
    path = directory / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_single_page_and_combine_and_ranges(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Acme.json",
        {
            "name": "Acme",
            "terms": {
                "Terms of Service": {
                    "fetch": "https://acme.example/tos",
                    "select": "main",
                    "remove": [".nav", {"startBefore": "#a", "endAfter": "#b"}],
                },
                "Privacy Policy": {
                    "select": ["article"],
                    "combine": [
                        {"fetch": "https://acme.example/p1"},
                        {"fetch": "https://acme.example/p2", "select": "main"},
                    ],
                },
                "Developer Terms": {
                    "fetch": "https://acme.example/dev",
                    "select": [{"startAfter": "h1", "endBefore": "footer"}],
                    "executeClientScripts": True,
                },
            },
        },
    )
    catalog = load_catalog(tmp_path)
    assert catalog.problems == []
    docs = catalog.by_key()
    tos = docs["Acme / Terms of Service"]
    assert tos.pages[0].select == ("main",)
    assert tos.pages[0].remove == (".nav", {"startBefore": "#a", "endAfter": "#b"})
    privacy = docs["Acme / Privacy Policy"]
    assert [p.url for p in privacy.pages] == ["https://acme.example/p1", "https://acme.example/p2"]
    # fields on the terms entry are defaults for every combined page; a page may override
    assert [p.select for p in privacy.pages] == [("article",), ("main",)]
    assert docs["Acme / Developer Terms"].needs_browser


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            {"fetch": "https://a.example", "select": 5},
            'field "select": expected a string or a list of strings',
        ),
        ({"fetch": "https://a.example", "select": []}, 'field "select": expected a string'),
        ({"select": "main"}, 'field "fetch": missing'),
        ({"fetch": "not a url", "select": "main"}, 'field "fetch": expected an http(s) URL'),
        ({"fetch": "https://a.example"}, 'field "select": missing'),
        ({"fetch": "https://a.example", "select": "main[["}, "invalid CSS selector"),
        (
            {"fetch": "https://a.example", "select": {"startBefore": "h1"}},
            "a range selector needs exactly one of",
        ),
        (
            {"fetch": "https://a.example", "select": "main", "remove": 3},
            'field "remove": expected a string or a list of strings',
        ),
        ({"fetch": "https://a.example", "select": "main", "slect": "x"}, 'field "slect": unknown'),
        ({"combine": {"fetch": "https://a.example"}}, 'field "combine": expected a list'),
        (
            {"fetch": "https://a.example", "select": "main", "executeClientScripts": "yes"},
            'field "executeClientScripts": expected true or false',
        ),
    ],
)
def test_each_mistake_is_reported_with_file_terms_and_field(spec: dict, expected: str) -> None:
    docs, problems = parse_declaration(
        {"name": "Acme", "terms": {"Terms of Service": spec}}, "A.json"
    )
    assert docs == []
    assert len(problems) == 1
    assert problems[0].startswith('A.json: terms "Terms of Service": ')
    assert expected in problems[0]


def test_exact_message_format_for_a_bad_select() -> None:
    _, problems = parse_declaration(
        {"name": "X", "terms": {"Terms of Service": {"fetch": "https://x.com/tos", "select": 1}}},
        "catalog/X.json",
    )
    assert problems == [
        'catalog/X.json: terms "Terms of Service": field "select": '
        "expected a string or a list of strings"
    ]


def test_broken_file_is_skipped_and_the_rest_still_load(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Good.json",
        {
            "name": "Good",
            "terms": {"Terms of Service": {"fetch": "https://g.example", "select": "main"}},
        },
    )
    write(tmp_path, "Broken.json", '{"name": "Broken", "terms": ')
    write(tmp_path, "NoName.json", {"terms": {}})
    write(tmp_path, "Good.history.json", {"Terms of Service": []})  # OTA history: not a declaration
    catalog = load_catalog(tmp_path)
    assert [d.key for d in catalog.documents] == ["Good / Terms of Service"]
    assert any("Broken.json: invalid JSON at line 1" in p for p in catalog.problems)
    assert any('NoName.json: field "name"' in p for p in catalog.problems)
    assert len(catalog.problems) == 2


def test_one_bad_terms_entry_does_not_drop_the_others(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Mixed.json",
        {
            "name": "Mixed",
            "terms": {
                "Terms of Service": {"fetch": "https://m.example/tos", "select": "main"},
                "Privacy Policy": {"fetch": "https://m.example/p", "select": 7},
            },
        },
    )
    catalog = load_catalog(tmp_path)
    assert [d.terms_type for d in catalog.documents] == ["Terms of Service"]
    assert catalog.problems[0].endswith(
        'terms "Privacy Policy": field "select": expected a string or a list of strings'
    )


def test_duplicate_service_across_files(tmp_path: Path) -> None:
    spec = {
        "name": "Dup",
        "terms": {"Terms of Service": {"fetch": "https://d.example", "select": "main"}},
    }
    write(tmp_path, "Dup.json", spec)
    write(tmp_path, "Dup2.json", spec)
    catalog = load_catalog(tmp_path)
    assert len(catalog.documents) == 1
    assert "already declared" in catalog.problems[0]


def test_missing_or_empty_catalog_folder(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="catalog folder not found"):
        load_catalog(tmp_path / "nope")
    with pytest.raises(CatalogError, match="no declaration files"):
        load_catalog(tmp_path)


def test_only_filters_by_service_or_key(tmp_path: Path) -> None:
    for name in ("A", "B"):
        write(
            tmp_path,
            f"{name}.json",
            {
                "name": name,
                "terms": {
                    "Terms of Service": {"fetch": "https://x.example", "select": "main"},
                    "Privacy Policy": {"fetch": "https://x.example/p", "select": "main"},
                },
            },
        )
    assert {d.service for d in load_catalog(tmp_path, ["a"]).documents} == {"A"}
    assert [d.key for d in load_catalog(tmp_path, ["B/Privacy Policy"]).documents] == [
        "B / Privacy Policy"
    ]
