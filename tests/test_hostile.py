"""Hostile input: a contributed declaration, a hostile page or a failing machine.

Every test runs the real thing (a crawl on 127.0.0.1, a site build, a command) and
asserts what a user would see.  Numbered as in the hostile-input issue (#20); item 5
(bounded change analysis) is tested with the differ.

Full disks and read-only file systems are real too: a small tmpfs, or a read-only bind
mount, in a user namespace (``unshare``); those tests skip with a reason where user
namespaces are not available.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from loopback import FAST, LoopbackServer, Reply, fetch_rows, page, versions, write_declaration
from site_support import add_version, make_database

from tracker.catalog import load_catalog
from tracker.catalog.check import check_catalog
from tracker.cli import cli
from tracker.crawl import crawl
from tracker.errors import LockError, StoreError
from tracker.reextract import reextract
from tracker.site.build import build_site
from tracker.site.builder import manifest_path
from tracker.site.output import MARKER
from tracker.store.db import open_db
from tracker.store.lock import RunLock

CLAUSEWATCH = str(Path(sys.executable).with_name("clausewatch"))
NO_PRIVATE = {**FAST, "CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES": False}

POLICY = (
    "<html><head><title>Terms | Acme</title></head><body><main>"
    "<h1>Acme Terms</h1>"
    + "".join(f"<p>Clause {i}: you may use Acme if you follow these rules.</p>" for i in range(40))
    + "</main></body></html>"
)

# A secret that only a local file holds: it must never reach the database or the site.
SECRET = "CLAUSEWATCH-HOSTILE-SECRET-7f3a"


def _local_file(tmp_path: Path) -> Path:
    target = tmp_path / "secret.html"
    target.write_text(f"<html><body><main><p>{SECRET}</p></main></body></html>", "utf-8")
    return target


def _declare(catalog: Path, file: str, name: str, terms: dict) -> None:
    """A declaration whose service name is not a usable file name."""
    catalog.mkdir(parents=True, exist_ok=True)
    data = json.dumps({"name": name, "terms": terms})
    (catalog / f"{file}.json").write_text(data, encoding="utf-8")


def _everything_written(*roots: Path) -> str:
    """The bytes of every file under ``roots`` (database included), as text."""
    out = []
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        out += [p.read_bytes().decode("utf-8", "replace") for p in files]
    return "\n".join(out)


# 1. A `fetch` of a local file is refused everywhere -------------------------------


def test_catalog_check_refuses_file_urls(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    for url in (
        _local_file(tmp_path).as_uri(),
        "file:///etc/passwd",
        "file:///proc/self/environ",
        "FILE:///etc/passwd",
        "ftp://example.org/terms",
        "data:text/html,<main>hi</main>",
        "http:///no-host",
    ):
        write_declaration(catalog, "Evil", {"Terms of Service": {"fetch": url, "select": "main"}})
        result = CliRunner().invoke(cli, ["catalog", "check", "--strict", str(catalog)])
        assert result.exit_code != 0, url
        assert "Evil.json" in result.output and 'field "fetch"' in result.output, result.output
        assert "expected an http(s) URL" in result.output
        assert load_catalog(catalog).documents == []


def test_a_file_url_is_never_crawled_nor_published(tmp_path: Path, monkeypatch) -> None:
    secret_file = _local_file(tmp_path)
    # what /proc/self/environ of the crawl would hold
    monkeypatch.setenv("HOSTILE_TEST_TOKEN", SECRET + "-env")
    catalog, db, site = tmp_path / "catalog", tmp_path / "cw.db", tmp_path / "site"
    with LoopbackServer() as server:
        server.routes["/terms"] = page(POLICY)
        write_declaration(
            catalog, "Acme", {"Terms of Service": {"fetch": server.url("/terms"), "select": "main"}}
        )
        write_declaration(
            catalog,
            "Evil",
            {
                "Terms of Service": {"fetch": secret_file.as_uri(), "select": "main"},
                "Privacy Policy": {"fetch": "file:///proc/self/environ", "select": "body"},
            },
        )
        report = crawl(catalog, db, settings=FAST)
    # the bad declaration is reported against its file, the good one is tracked
    assert any("Evil.json" in p and "fetch" in p for p in report.problems)
    assert [(s, t) for s, t, _, _ in versions(db)] == [("Acme", "Terms of Service")]
    database = open_db(db)
    try:
        build_site(database, site)
    finally:
        database.close()
    written = _everything_written(db, site)
    assert SECRET not in written  # neither the file nor the environment


def test_a_redirect_to_a_local_file_is_refused(tmp_path: Path) -> None:
    secret_file = _local_file(tmp_path)
    catalog, db = tmp_path / "catalog", tmp_path / "cw.db"
    with LoopbackServer() as server:
        server.routes["/terms"] = Reply(status=302, headers={"Location": secret_file.as_uri()})
        write_declaration(
            catalog, "Acme", {"Terms of Service": {"fetch": server.url("/terms"), "select": "main"}}
        )
        crawl(catalog, db, settings=FAST)
    assert versions(db) == []
    rows = fetch_rows(db)
    assert [(r["outcome"], r["reason"]) for r in rows] == [("failed", "unsupported_url")], rows
    assert "redirect to a file: URL, refused" in rows[0]["detail"]
    assert SECRET not in _everything_written(db)


def test_the_crawler_has_no_handler_for_local_urls() -> None:
    """Defence in depth: even a request built outside the catalog cannot read a file."""
    import os

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "tracker.settings")
    from scrapy.utils.project import get_project_settings

    handlers = get_project_settings().getwithbase("DOWNLOAD_HANDLERS")
    for scheme in ("file", "data", "ftp", "s3"):
        assert handlers.get(scheme) is None, scheme
    assert handlers.get("https")


def test_a_declaration_written_as_json_is_reported_with_its_file(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "Evil.json").write_text(
        json.dumps({"name": "Evil", "terms": {"Imprint": {"fetch": "file:///etc/hostname"}}}),
        encoding="utf-8",
    )
    loaded = load_catalog(catalog)
    assert loaded.documents == []
    assert loaded.problems and loaded.problems[0].startswith(str(catalog / "Evil.json"))


# 1b. Loopback and private addresses: refused unless the setting allows them ---------


def test_catalog_check_reports_private_addresses_unless_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = tmp_path / "catalog"
    private = {
        "Terms of Service": "http://127.0.0.1:8080/terms",
        "Privacy Policy": "http://localhost/privacy",
        "Imprint": "http://169.254.169.254/latest/meta-data/",
        "Developer Terms": "http://[::1]/terms",
        "Community Guidelines": "http://2130706433/rules",  # 127.0.0.1, spelled as a number
        "Acceptable Use Policy": "http://10.1.2.3/aup",
    }
    write_declaration(
        catalog, "Intranet", {t: {"fetch": u, "select": "main"} for t, u in private.items()}
    )
    write_declaration(
        catalog, "Acme", {"Terms of Service": {"fetch": "https://acme.example/t", "select": "m"}}
    )
    monkeypatch.setenv("CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES", "0")
    result = CliRunner().invoke(cli, ["catalog", "check", str(catalog)])
    assert result.exit_code == 1, result.output
    for terms_type in private:
        assert f'Intranet.json: terms "{terms_type}": field "fetch"' in result.output, terms_type
    assert result.output.count("loopback and private addresses are refused") == len(private)
    assert "Acme.json" not in result.output  # a public host is fine
    monkeypatch.setenv("CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES", "1")
    assert check_catalog(catalog).problems == []


def test_the_ci_example_keeps_private_addresses_refused() -> None:
    """The GitHub Actions example crawls contributed declarations: the policy stays on."""
    import yaml

    root = Path(__file__).resolve().parent.parent
    workflow = yaml.safe_load((root / "docs/examples/github-actions.yml").read_text("utf-8"))
    env = workflow["jobs"]["track"]["env"]
    assert str(env.get("CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES", "0")).lower() in ("0", "false")
    example = (root / "docs/examples/clausewatch.toml").read_text("utf-8")
    assert "allow_private_addresses = false" in example


def _name_resolving_to_loopback() -> str:
    """A host name (not spelled as an address, nor "localhost") that resolves to 127.x."""
    name = socket.gethostname()
    try:
        address = socket.gethostbyname(name)
    except OSError:
        pytest.skip(f"the host name {name!r} does not resolve here")
    if not address.startswith("127.") or name.lower().endswith("localhost"):
        pytest.skip(f"the host name {name!r} resolves to {address}, not to loopback")
    return name


def test_the_crawler_refuses_private_addresses_unless_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = _name_resolving_to_loopback()
    catalog, db = tmp_path / "catalog", tmp_path / "cw.db"
    with LoopbackServer() as server:
        port = server.httpd.server_address[1]
        server.routes["/terms"] = page(POLICY)
        write_declaration(
            catalog,
            "Intranet",
            {
                "Terms of Service": {"fetch": f"http://{name}:{port}/terms", "select": "main"},
                "Privacy Policy": {"fetch": server.url("/terms"), "select": "main"},
            },
        )
        report = crawl(catalog, db, settings=NO_PRIVATE)
        monkeypatch.setenv("CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES", "0")
        tried = CliRunner().invoke(
            cli, ["catalog", "try", f"http://{name}:{port}/terms", "--select", "main"]
        )
        assert tried.exit_code == 1 and "refused by the URL policy" in tried.output
        monkeypatch.setenv("CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES", "1")
        assert server.requests == []  # not even robots.txt was asked for
        rows = {r["url"]: (r["reason"], r["detail"]) for r in fetch_rows(db)}
        assert report.summary["failed_by_reason"] == {"private_address": 2}
        by_name = rows[f"http://{name}:{port}/terms"]
        assert f"{name} resolves to 127." in by_name[1], by_name
        assert "CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES" in by_name[1]
        # switched on, the same catalog is tracked
        crawl(catalog, db, settings=FAST)
        assert {(s, t) for s, t, _, _ in versions(db)} == {
            ("Intranet", "Terms of Service"),
            ("Intranet", "Privacy Policy"),
        }


# 2. One declaration never breaks the build -----------------------------------------


def test_bad_names_are_reported_and_the_rest_of_the_catalog_loads(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    url = "https://acme.example/terms"
    write_declaration(
        catalog,
        "Acme",
        {
            "Terms of Service": {"fetch": url, "select": "main"},
            "terms-of-service": {"fetch": url + "?2", "select": "main"},
            "Privacy\x00Policy": {"fetch": url + "?3", "select": "main"},
            "Imprint \x1b[2J": {"fetch": url + "?4", "select": "main"},
            "T" * 300: {"fetch": url + "?5", "select": "main"},
            "Cookie Policy": {"fetch": url + "?6", "select": "main"},
        },
    )
    _declare(catalog, "EvilCorp", "Evil\x00Corp", {"Imprint": {"fetch": url, "select": "main"}})
    _declare(catalog, "Long", "é" * 130, {"Imprint": {"fetch": url, "select": "main"}})
    _declare(catalog, "Zacme", "ACME", {"Imprint": {"fetch": url, "select": "main"}})
    loaded = load_catalog(catalog)
    assert sorted(d.key for d in loaded.documents) == [
        "Acme / Cookie Policy",
        "Acme / Terms of Service",
    ]
    text = "\n".join(loaded.problems)
    assert 'Acme.json: terms "terms-of-service": its page would be the same as terms ' in text
    assert 'Acme.json: terms "Privacy\\x00Policy": ' in text and "U+0000" in text
    assert 'terms "Imprint \\x1b[2J"' in text and "\x1b" not in text  # shown, never raw
    assert "at most 200 fit in a file name" in text
    assert 'field "name": the service name "Evil\\x00Corp" holds control' in text
    assert "its page name would be 260 bytes" in text  # "é" is two bytes
    assert 'Zacme.json: field "name": service "ACME" is already declared' in text
    assert "\x00" not in text
    result = CliRunner().invoke(cli, ["catalog", "check", str(catalog)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_the_build_completes_with_the_other_documents_and_reports_the_bad_one(
    tmp_path: Path,
) -> None:
    """Bad names already in a database (recorded before they were checked) or a page
    that no file system can hold: every other page is built, the bad one is reported."""
    db = make_database(
        tmp_path / "bad.db",
        {
            ("Acme", "Terms of Service"): ["# Terms\n\nHello.", "# Terms\n\nHello there."],
            ("Acme", "terms-of-service"): ["# Other\n\nA second document, same pages."],
            ("Evil\x00Corp", "Terms of Service"): ["# T\n\nBe nice.", "# T\n\nBe nicer."],
            ("Long", "P" * 300): ["# P\n\nA name no file system takes."],
            ("Good", "Privacy Policy"): [
                "# Privacy\n\nWe sell nothing.",
                "# Privacy\n\nWe sell all.",
            ],
        },
    )
    out = tmp_path / "site"
    report = build_site(db, out)
    problems = "\n".join(report.problems)
    assert 'the documents "Terms of Service" and "terms-of-service" of Acme' in problems
    assert f"{'p' * 300}" in problems and "not built" in problems  # reported, with its page
    for rel in (
        "index.html",
        "services/good/privacy-policy/index.html",
        "services/good/privacy-policy/changes/2.html",
        "services/acme/terms-of-service/changes/2.html",
        "services/evil-corp/terms-of-service/changes/2.html",
        "feeds/all.atom",
        "feeds/service/evil-corp.atom",
        "search-index.json",
    ):
        assert (out / rel).is_file(), rel
    evil = (out / "services/evil-corp/index.html").read_text(encoding="utf-8")
    assert "Evil\\x00Corp" in evil and "\x00" not in evil  # shown, not raw
    assert "A second document, same pages" not in _everything_written(out)
    feed = feedparser.parse((out / "feeds/all.atom").read_bytes())
    assert not feed.bozo and len(feed.entries) >= 3
    result = CliRunner().invoke(
        cli, ["build", "--db", str(tmp_path / "bad.db"), "--out", str(out), "-q"]
    )
    assert result.exit_code == 1, result.output  # something needs attention
    assert "build problem:" in result.output and "Traceback" not in result.output


def test_a_crawl_with_bad_declarations_builds_a_site_of_the_good_ones(tmp_path: Path) -> None:
    catalog, db, out = tmp_path / "catalog", tmp_path / "cw.db", tmp_path / "site"
    with LoopbackServer() as server:
        server.routes["/terms"] = page(POLICY)
        terms = {"fetch": server.url("/terms"), "select": "main"}
        write_declaration(catalog, "Acme", {"Terms of Service": terms, "terms of service": terms})
        _declare(catalog, "Evil", "Evil\x00", {"Terms of Service": terms})
        _declare(catalog, "Long", "N" * 256, {"Terms of Service": terms})
        report = crawl(catalog, db, settings=FAST)
    assert report.needs_attention and len(report.problems) == 3
    assert [(s, t) for s, t, _, _ in versions(db)] == [("Acme", "Terms of Service")]
    database = open_db(db)
    try:
        built = build_site(database, out)
    finally:
        database.close()
    assert built.problems == []
    assert (out / "services/acme/terms-of-service/index.html").is_file()


# 3. The builder never deletes or writes outside --out ------------------------------


def test_a_crafted_manifest_deletes_nothing_outside_the_site(tmp_path: Path) -> None:
    db = make_database(tmp_path / "a.db", {("Acme", "Terms of Service"): ["# T\n\nHello."]})
    out = tmp_path / "work" / "site"
    build_site(db, out)
    victims = [tmp_path / "work" / "victim.txt", tmp_path / "victim2.txt", tmp_path / "abs.txt"]
    for victim in victims:
        victim.write_text("keep me")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "inside-link.html").write_text("keep me too")
    (out / "linked").symlink_to(outside, target_is_directory=True)
    manifest = json.loads(manifest_path(out).read_text(encoding="utf-8"))
    manifest["pages"].update(
        {
            "../victim.txt": "x",
            "services/../../../victim2.txt": "x",
            str(victims[2]): "x",
            "linked/inside-link.html": "x",
            "": "x",
            "a\x00b": "x",
        }
    )
    manifest["pages"]["index.html"] = 42  # a malformed entry is ignored
    manifest_path(out).write_text(json.dumps(manifest), encoding="utf-8")
    report = build_site(db, out)
    assert all(v.read_text() == "keep me" for v in victims)
    assert (outside / "inside-link.html").read_text() == "keep me too"
    assert (out / "index.html").is_file() and report.removed == []
    assert sum("outside the site folder: not deleted" in n for n in report.notes) >= 3


def test_out_must_be_a_folder_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = tmp_path / "a.db"
    make_database(db_path, {("Acme", "Terms of Service"): ["# T\n\nHello."]}).close()
    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    runner = CliRunner()

    def build(*args: str) -> object:
        return runner.invoke(cli, ["build", "--db", str(db_path), "-q", *args])

    for out, why in (("/", "root folder"), (str(home), "home folder")):
        for extra in ([], ["--force"]):
            result = build("--out", out, *extra)
            assert result.exit_code == 2 and why in result.output, result.output
    assert sorted(p.name for p in home.iterdir()) == ["notes"]
    result = build("--out", str(tmp_path), "--force")  # the folder that holds the database
    assert result.exit_code == 2 and "would be published with the site" in result.output
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("my own file")
    result = build("--out", str(mine))
    assert result.exit_code == 2, result.output
    assert "not empty and was not made by clausewatch build" in result.output
    assert sorted(p.name for p in mine.iterdir()) == ["thesis.txt"]
    result = build("--out", str(mine), "--force")
    assert result.exit_code == 0, result.output
    assert (mine / "index.html").is_file() and (mine / MARKER).is_file()
    assert (mine / "thesis.txt").read_text() == "my own file"
    assert build("--out", str(mine)).exit_code == 0  # made by a build now: no --force needed


def test_a_build_that_fails_leaves_the_published_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_database(tmp_path / "a.db", {("Acme", "Terms of Service"): ["# T\n\nHello."]})
    out = tmp_path / "site"
    build_site(db, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    add_version(db, "Acme", "Terms of Service", "# T\n\nHello, world.", "2026-02-01T00:00:00Z")
    from tracker.site import pages

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # as if the build were killed halfway

    monkeypatch.setattr(pages, "matrix_page", killed)
    with pytest.raises(KeyboardInterrupt):
        build_site(db, out)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # nothing half-written was published
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["a.db", "a.db-shm", "a.db-wal", "site", "site.build.json"]
    )  # no staging folder or temporary file left
    monkeypatch.undo()
    report = build_site(db, out)  # the next build starts afresh and publishes everything
    assert "services/acme/terms-of-service/changes/2.html" in report.written
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_killed_in_place_build_is_resumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the folder cannot be swapped (a mount point), the next build trusts nothing
    of an interrupted one and ends with the same site as a build from scratch."""
    from tracker.site import output, pages

    db = make_database(tmp_path / "a.db", {("Acme", "Terms of Service"): ["# T\n\nHello."]})
    out = tmp_path / "site"
    monkeypatch.setattr(output.Output, "_can_stage", lambda self: False)
    build_site(db, out)
    add_version(db, "Acme", "Terms of Service", "# T\n\nHello, world.", "2026-02-01T00:00:00Z")

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as halfway:
        halfway.setattr(pages, "matrix_page", killed)
        with pytest.raises(KeyboardInterrupt):
            build_site(db, out)
    assert json.loads(manifest_path(out).read_text("utf-8"))["complete"] is False
    build_site(db, out)
    monkeypatch.undo()
    build_site(db, tmp_path / "fresh")
    files = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    fresh = tmp_path / "fresh"
    assert files == {p.relative_to(fresh): p.read_bytes() for p in fresh.rglob("*") if p.is_file()}
    assert json.loads(manifest_path(out).read_text("utf-8"))["complete"] is True


# 4. Control characters on a page ---------------------------------------------------


def test_control_characters_anywhere_on_a_page_are_tracked(tmp_path: Path) -> None:
    catalog, db = tmp_path / "catalog", tmp_path / "cw.db"
    dirty = (
        "<html><head><title>T\x08</title></head><body><nav>Menu\x1b &#27; &#xFFFE;</nav>"
        "<main><h1>Acme\x00 Terms</h1><p>You may\x08 use &#27;Acme&#x1B; if you \ufffe"
        "follow &#12;the rules\x0c here &#0;&#x202E;today.</p>"
        + "".join(f"<p>Clause {i}: be kind.</p>" for i in range(30))
        + "</main></body></html>"
    )
    with LoopbackServer() as server:
        server.routes["/terms"] = page(dirty)
        write_declaration(
            catalog, "Acme", {"Terms of Service": {"fetch": server.url("/terms"), "select": "main"}}
        )
        crawl(catalog, db, settings=FAST)
        crawl(catalog, db, settings=FAST)  # the same page again: unchanged
    rows = fetch_rows(db)
    assert [r["outcome"] for r in rows] == ["new_version", "unchanged"], rows
    ((_, _, _, markdown),) = versions(db)
    assert markdown.startswith(
        "# Acme Terms\n\nYou may use Acme if you follow the rules here today."
    )
    assert not any(c in markdown for c in "\x00\x08\x0c\x1b\ufffe\u202e")


# 5. Change analysis is bounded: one huge paragraph, binary content ------------------

_VOCABULARY = (
    "you agree that we may use share store and process your content data and information "
    "for the purposes of providing improving and personalising the service including "
    "advertising research safety and security as permitted by applicable law"
).split()


def _run_on_paragraph(chars: int) -> str:
    """One paragraph of about ``chars`` characters with no sentence end: policy words."""
    rng = random.Random(20)
    words: list[str] = []
    size = 0
    while size < chars:
        words.append(rng.choice(_VOCABULARY))
        size += len(words[-1]) + 1
    return " ".join(words)


class _WorkCounter:
    """Counts the pairs the differ compares: clause pairs scored by rapidfuzz, and the
    largest pair of sequences given to difflib (both quadratic in what they are given)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from diffs import differ

        self.scored = 0
        self.largest_matcher = 0
        real_cdist, real_extract, real_matcher = (
            differ.process.cdist,
            differ.process.extract,
            differ.SequenceMatcher,
        )

        def cdist(queries, choices, **kw):
            self.scored += len(queries) * len(choices)
            return real_cdist(queries, choices, **kw)

        def extract(query, choices, **kw):
            self.scored += len(choices)
            return real_extract(query, choices, **kw)

        def matcher(junk, a, b, **kw):
            self.largest_matcher = max(self.largest_matcher, len(a) * len(b))
            return real_matcher(junk, a, b, **kw)

        monkeypatch.setattr(differ.process, "cdist", cdist)
        monkeypatch.setattr(differ.process, "extract", extract)
        monkeypatch.setattr(differ, "SequenceMatcher", matcher)


def test_a_one_megabyte_paragraph_is_diffed_in_windows_with_bounded_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from diffs.analysis import analyse_change
    from diffs.differ import ANCHOR_MAX_PAIRS, BAND
    from diffs.segment import WINDOW_MAX_CHARS, segment

    old = _run_on_paragraph(1_000_000)
    middle = old.index(" ", len(old) // 2)
    inserted = " we may train artificial intelligence models on your content"
    new = old[:middle] + inserted + old[middle:]
    clauses = segment(new)
    # the paragraph is cut into windows of bounded size, at the same places in both versions
    assert len(clauses) > 1_000_000 // WINDOW_MAX_CHARS
    assert all(len(c.text) <= WINDOW_MAX_CHARS for c in clauses)
    assert {c.kind for c in clauses} == {"sentence"}
    counter = _WorkCounter(monkeypatch)
    analysis = analyse_change(old, new)
    changed = analysis.diff.changed()
    # the change is found, and only the few windows around it changed (cuts resynchronise
    # a window or two after an edit)
    assert 1 <= len(changed) <= 6
    said = [text for c in changed for op, text in c.inline if op == "insert"]
    said += [c.new or "" for c in changed if c.kind == "added"]
    assert "artificial intelligence" in " ".join(said)
    assert analysis.significance == "substantive"
    assert analysis.diff.stats.unchanged >= len(clauses) - 6
    # work near-linear in the number of clauses, never the full quadratic matrix
    assert counter.scored <= (2 * BAND + 1) * len(clauses)
    assert counter.largest_matcher <= ANCHOR_MAX_PAIRS


def test_binary_content_is_analysed_as_cosmetic_junk_with_bounded_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from diffs.analysis import analyse_change
    from diffs.differ import ANCHOR_MAX_PAIRS, BAND
    from diffs.segment import WINDOW_OVER_CHARS, segment

    old, new = (
        random.Random(seed).randbytes(300_000).decode("utf-8", errors="replace") for seed in (1, 2)
    )
    clauses = segment(new)
    assert all(len(c.text) <= WINDOW_OVER_CHARS for c in clauses)
    counter = _WorkCounter(monkeypatch)
    analysis = analyse_change(old, new)
    changed = analysis.diff.changed()
    assert changed, "two different binary texts differ"
    # junk says nothing: its changes are cosmetic (a stray fragment such as "3" aside)
    junk = [c for c in changed if c.minor and c.cosmetic == ["formatting"]]
    assert len(junk) >= 0.95 * len(changed)
    assert counter.scored <= (2 * BAND + 1) * len(clauses)
    assert counter.largest_matcher <= ANCHOR_MAX_PAIRS


def test_diff_refuses_two_binary_files_with_a_clear_error(tmp_path: Path) -> None:
    old, new = tmp_path / "old.bin", tmp_path / "new.bin"
    old.write_bytes(random.Random(1).randbytes(2_000_000))
    new.write_bytes(random.Random(2).randbytes(2_000_000))
    result = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    assert result.exit_code == 2, result.output[:500]
    assert f"Error: {old}: binary content, not text" in result.output
    assert "Traceback" not in result.output and len(result.output) < 500


# 6. PDFs are versioned as text; other binary types are refused ---------------------


def make_pdf(pages: list[list[str]]) -> bytes:
    """A small real PDF with a text layer: each page a list of lines (Helvetica)."""
    objects: list[tuple[int, bytes]] = [
        (1, b"<< /Type /Catalog /Pages 2 0 R >>"),
        (3, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
    ]
    kids = []
    for i, lines in enumerate(pages):
        page_id, content_id = 4 + 2 * i, 5 + 2 * i
        kids.append(f"{page_id} 0 R")
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        stream = "\n".join([*ops, "ET"]).encode("latin-1")
        objects.append(
            (
                page_id,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id,
            )
        )
        objects.append(
            (content_id, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        )
    objects.append((2, f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()))
    out, offsets = bytearray(b"%PDF-1.4\n"), {}
    for number, body in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref, size = len(out), max(offsets) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


PDF_TERMS = [
    [
        "Acme Terms of Service",
        "",
        "1. You may use Acme if you follow these rules of conduct, which we",
        "publish on our website and may update from time to time.",
        "2. We keep your data for 30 days after you close your account.",
    ],
    ["3. These terms are governed by the laws of Oregon."],
]


def test_a_pdf_is_versioned_as_text(tmp_path: Path) -> None:
    catalog, db = tmp_path / "catalog", tmp_path / "cw.db"
    edited = [[line.replace("30 days", "5 years") for line in p] for p in PDF_TERMS]
    with LoopbackServer() as server:
        server.routes["/terms.pdf"] = Reply(make_pdf(PDF_TERMS), content_type="application/pdf")
        server.routes["/privacy"] = Reply(make_pdf(PDF_TERMS), content_type="binary/octet-stream")
        server.routes["/logo"] = Reply(b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png")
        server.routes["/scan.pdf"] = Reply(make_pdf([[]]), content_type="application/pdf")
        write_declaration(
            catalog,
            "Acme",
            {
                "Terms of Service": {"fetch": server.url("/terms.pdf")},  # no select for a PDF
                "Privacy Policy": {"fetch": server.url("/privacy"), "select": "main"},
                "Imprint": {"fetch": server.url("/logo"), "select": "main"},
                "Trackers Policy": {"fetch": server.url("/scan.pdf")},
            },
        )
        crawl(catalog, db, settings=FAST)
        server.routes["/terms.pdf"] = Reply(make_pdf(edited), content_type="application/pdf")
        crawl(catalog, db, settings=FAST)
        crawl(catalog, db, settings=FAST)  # the same PDF again: unchanged
    texts = {(s, t, n): md for s, t, n, md in versions(db)}
    first = texts[("Acme", "Terms of Service", 1)]
    assert first == (
        "Acme Terms of Service\n\n1. You may use Acme if you follow these rules of conduct, "
        "which we publish on our website and may update from time to time.\n\n"
        "2. We keep your data for 30 days after you close your account.\n\n"
        "3. These terms are governed by the laws of Oregon."
    )
    assert texts[("Acme", "Terms of Service", 2)] == first.replace("30 days", "5 years")
    assert texts[("Acme", "Privacy Policy", 1)] == first  # a PDF served with a wrong type
    assert "%PDF" not in "".join(texts.values())
    failures = {(r["url"].rsplit("/", 1)[1], r["reason"]) for r in fetch_rows(db) if r["reason"]}
    assert failures == {
        ("logo", "unsupported_content_type"),
        ("scan.pdf", "unsupported_content_type"),
    }
    database = open_db(db)
    try:
        tos = database.execute("select id from documents where terms_type = 'Terms of Service'")
        tos_id = tos.fetchone()[0]
        outcomes = [r["outcome"] for r in fetch_rows(db) if r["document_id"] == tos_id]
        assert outcomes == ["new_version", "new_version", "unchanged"]
        assert database.execute("select count(*) from changes").fetchone()[0] == 1
        report = reextract(database, _analyser())
        assert report.errors == [] and report.changed_texts == 0  # PDFs re-extract as well
    finally:
        database.close()
    assert len(fetch_rows(db)) == 12  # 4 documents, 3 crawls


def _analyser():
    from tracker.analysis import default_analyser

    return default_analyser()


# 7. Feed titles and channel descriptions are plain text ----------------------------


def test_feed_titles_and_descriptions_carry_no_markup(tmp_path: Path) -> None:
    payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "&lt;svg onload=alert(3)&gt;",
        "&amp;lt;b&amp;gt;twice&amp;lt;/b&amp;gt;",
        "[click](javascript:alert(4))",
    ]
    base = "# Terms\n\nYou may cancel at any time."
    documents = {
        (f"Evil {p}", f"Terms {p}"): [
            base,
            base + f"\n\nWe may sell your data to advertisers {p} at any time.",
        ]
        for p in payloads
    }
    db = make_database(tmp_path / "evil.db", documents)
    out = tmp_path / "site"
    assert build_site(db, out).problems == []
    feeds = sorted(out.glob("feeds/**/*.atom")) + sorted(out.glob("feeds/**/*.rss"))
    titles = 0
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, path
        texts = [feed.feed.get("title", ""), feed.feed.get("subtitle", "")]
        texts += [e.get("title", "") for e in feed.entries]
        texts += [t.get("label") or "" for e in feed.entries for t in e.get("tags", [])]
        for text in texts:
            assert "<" not in text and ">" not in text and "&lt;" not in text, (path, text)
        titles += len(feed.entries)
    assert titles >= 10
    everything = feedparser.parse((out / "feeds/all.atom").read_bytes())
    assert any("‹script›alert(1)‹/script›" in e.title for e in everything.entries)
    assert any("click" in e.title and "javascript" not in e.title for e in everything.entries)


# 8. Clear errors, never a traceback -------------------------------------------------


def test_a_deeply_nested_declaration_is_one_problem_and_the_rest_is_checked(
    tmp_path: Path,
) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "Deep.json").write_text('{"name": "Deep", "terms": ' + "[" * 100_000, "utf-8")
    (catalog / "Deeper.json").write_text("{" + '"a":{' * 100_000, "utf-8")
    write_declaration(catalog, "Acme", {"Terms of Service": {"fetch": "https://a.example/"}})
    write_declaration(
        catalog, "Good", {"Terms of Service": {"fetch": "https://g.example/", "select": "main"}}
    )
    result = CliRunner().invoke(cli, ["catalog", "check", str(catalog)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "RecursionError" not in result.output
    assert "Deep.json: nested too deeply" in result.output
    assert "Deeper.json: nested too deeply" in result.output
    assert 'Acme.json: terms "Terms of Service": field "select": missing' in result.output
    assert [d.service for d in load_catalog(catalog).documents] == ["Good"]


def _namespace(script: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (bash) as root of a new user and mount namespace, or skip."""
    if not shutil.which("unshare"):
        pytest.skip("unshare (util-linux) is not installed")
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True
    )
    if probe.returncode:
        pytest.skip(f"user namespaces are not available: {probe.stderr.decode().strip()}")
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "bash", "-c", script],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def recorded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small database with two versions of a document, and the site built from it."""
    tmp = tmp_path_factory.mktemp("recorded")
    db = make_database(
        tmp / "cw.db",
        {("Acme", "Terms of Service"): ["# T\n\nHello.", "# T\n\nHello there, reader."]},
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return tmp / "cw.db"


def _sections(stdout: str) -> dict[str, str]:
    """The output of a namespace script, by its ``=== name`` sections."""
    parts = stdout.split("=== ")[1:]
    return {p.split("\n", 1)[0]: p.split("\n", 1)[1] if "\n" in p else "" for p in parts}


def test_a_full_disk_is_a_clear_error_and_leaves_nothing_behind(
    tmp_path: Path, recorded_db: Path
) -> None:
    """A full disk under the database (crawl, build) or under the site (build)."""
    old_db = tmp_path / "old.db"
    make_database(old_db, {("Acme", "Terms of Service"): ["# T\n\nHello."]}).close()
    catalog = tmp_path / "catalog"
    write_declaration(
        catalog, "Acme", {"Terms of Service": {"fetch": "https://a.example/", "select": "m"}}
    )
    disk, site_disk = tmp_path / "disk", tmp_path / "site-disk"
    disk.mkdir()
    site_disk.mkdir()
    cw = CLAUSEWATCH
    script = f"""
set -u
mount -t tmpfs -o size=1m tmpfs {disk} && mount -t tmpfs -o size=4m tmpfs {site_disk} || exit 99
cp {recorded_db} {disk}/cw.db
dd if=/dev/zero of={disk}/filler bs=4k >/dev/null 2>&1
echo "=== crawl"; {cw} crawl --quiet --catalog {catalog} --db {disk}/cw.db 2>&1; echo "rc=$?"
echo "=== build-db"; {cw} build -q --db {disk}/cw.db --out {tmp_path}/other 2>&1; echo "rc=$?"
{cw} build -q --db {old_db} --out {site_disk}/site >/dev/null 2>&1 || echo "first build failed"
(cd {site_disk} && find site -type f | sort | xargs sha256sum) > {tmp_path}/before
dd if=/dev/zero of={site_disk}/filler bs=4k >/dev/null 2>&1
echo "=== build-site"; {cw} build -q --db {recorded_db} --out {site_disk}/site 2>&1; echo "rc=$?"
(cd {site_disk} && find site -type f | sort | xargs sha256sum) > {tmp_path}/after
echo "=== published"; cmp {tmp_path}/before {tmp_path}/after && echo same
echo "=== leftovers"; find {disk} {site_disk} -name '*.tmp' -o -name '*clausewatch-build*'
"""
    result = _namespace(script)
    if result.returncode == 99:
        pytest.skip(f"no tmpfs in a user namespace here: {result.stderr.strip()}")
    out = _sections(result.stdout)
    assert set(out) == {"crawl", "build-db", "build-site", "published", "leftovers"}, result
    for name in ("crawl", "build-db", "build-site"):
        text = out[name]
        assert text.strip().endswith("rc=2"), (name, text)
        assert "Traceback" not in text and "not a usable" not in text, (name, text)
        assert "disk is full" in text, (name, text)
        assert len(text.strip().splitlines()) == 2, (name, text)  # one Error: line
    assert "published site was left as it was" in out["build-site"]
    assert out["published"].strip() == "same"  # the site on the full disk is untouched
    assert out["leftovers"].strip() == ""  # no temporary file, no staging folder


def test_a_read_only_database_exits_2_with_a_clear_message(
    tmp_path: Path, recorded_db: Path
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy(recorded_db, folder / "cw.db")
    catalog = tmp_path / "catalog"
    write_declaration(
        catalog, "Acme", {"Terms of Service": {"fetch": "https://a.example/", "select": "m"}}
    )
    commands = (
        "status",
        "changes",
        f"build -q --out {tmp_path}/site",
        f"crawl -q --catalog {catalog}",
    )
    script = f"""
mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} || exit 99
for cmd in {" ".join(f'"{c}"' for c in commands)}; do
  echo "=== $cmd"; {CLAUSEWATCH} $cmd --db {folder}/cw.db 2>&1; echo "rc=$?"
done
"""
    result = _namespace(script)
    if result.returncode == 99:
        pytest.skip(f"no read-only bind mount here: {result.stderr.strip()}")
    out = _sections(result.stdout)
    assert len(out) == 4, result
    for name, text in out.items():
        assert "rc=2" in text, (name, text)
        assert "Traceback" not in text and "not a usable" not in text, (name, text)
        assert "read-only" in text, (name, text)


def test_invalid_utf8_and_huge_input_to_flag_are_clear_errors(tmp_path: Path) -> None:
    latin = tmp_path / "terms-latin1.md"
    latin.write_bytes("Les données personnelles sont vendues.".encode("latin-1"))
    result = CliRunner().invoke(cli, ["flag", str(latin)])
    assert result.exit_code == 2, result.output
    assert f"Error: {latin}: not UTF-8 text (byte 0xe9 at offset 8)" in result.output
    huge = tmp_path / "one-line.txt"
    with huge.open("wb") as handle:  # a 20 MB single line
        for _ in range(20):
            handle.write(b"you agree to binding arbitration and waive class actions " * 18_000)
    result = CliRunner().invoke(cli, ["flag", "--lines", str(huge)])
    assert result.exit_code == 2, result.output[:500]
    assert "larger than 5 MB" in result.output and "--max-mb" in result.output
    assert len(result.output) < 500
    result = CliRunner().invoke(cli, ["flag", "--lines", "-"], input=b"\xff\xfe\x00")
    assert result.exit_code == 2 and "standard input: not UTF-8 text" in result.output


def test_one_refused_connection_prints_one_line_even_with_quiet(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    write_declaration(
        catalog,
        "Acme",
        {"Terms of Service": {"fetch": f"http://127.0.0.1:{port}/terms", "select": "main"}},
    )
    env = {**os.environ, "CLAUSEWATCH_RETRIES": "0", "CLAUSEWATCH_TIMEOUT": "5"}
    result = subprocess.run(
        [
            CLAUSEWATCH,
            "crawl",
            "--quiet",
            "--catalog",
            str(catalog),
            "--db",
            str(tmp_path / "c.db"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert result.returncode == 1, result
    assert len(lines) <= 2, lines
    assert "1 failed (connection_error: 1)" in lines[0]


def test_no_traceback_unless_debug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "a.db"
    make_database(db, {("Acme", "Terms of Service"): ["# T\n\nHello."]}).close()
    import tracker.status

    def bug(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(tracker.status, "status_report", bug)
    quiet = CliRunner().invoke(cli, ["status", "--db", str(db)])
    assert quiet.exit_code == 3, quiet.output
    assert "Traceback" not in quiet.output
    assert "Error: clausewatch failed unexpectedly (ZeroDivisionError: a bug)" in quiet.output
    assert "--debug" in quiet.output
    loud = CliRunner().invoke(cli, ["--debug", "status", "--db", str(db)])
    assert loud.exit_code == 3 and "Traceback (most recent call last)" in loud.output
    # an expected error: one line, exit 2
    missing = CliRunner().invoke(cli, ["status", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and missing.output.count("\n") == 1


# 9. The run lock cannot be bypassed through a symbolic link --------------------------


def test_the_lock_holds_through_a_symlinked_database(tmp_path: Path) -> None:
    real = tmp_path / "data" / "cw.db"
    real.parent.mkdir()
    make_database(real, {("Acme", "Terms of Service"): ["# T\n\nHello."]}).close()
    link = tmp_path / "link.db"
    link.symlink_to(real)
    linked_folder = tmp_path / "linked-data"
    linked_folder.symlink_to(real.parent, target_is_directory=True)
    catalog = tmp_path / "catalog"
    write_declaration(
        catalog, "Acme", {"Terms of Service": {"fetch": "https://a.example/", "select": "m"}}
    )
    with RunLock(real):
        for other in (link, linked_folder / "cw.db"):
            with pytest.raises(LockError):
                RunLock(other).acquire()
            result = CliRunner().invoke(
                cli, ["crawl", "--quiet", "--catalog", str(catalog), "--db", str(other)]
            )
            assert result.exit_code == 2, result.output
            assert "another clausewatch run is using this database" in result.output
    with RunLock(link):
        with pytest.raises(LockError):
            RunLock(real).acquire()


# 10. Smaller ---------------------------------------------------------------------------


def test_a_database_from_a_newer_clausewatch_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    db = make_database(path, {("Acme", "Terms of Service"): ["# T\n\nHello."]})
    db["_sqlite_migrations"].insert(
        {"migration_set": "clausewatch", "name": "m099_from_the_future", "applied_at": "2030"}
    )
    db.close()
    with pytest.raises(StoreError, match="m099_from_the_future is unknown"):
        open_db(path)
    result = CliRunner().invoke(cli, ["changes", "--db", str(path)])
    assert result.exit_code == 2
    assert (
        "upgraded by a newer clausewatch" in result.output
        and "upgrade clausewatch" in result.output
    )


def test_too_large_however_the_body_is_sent(tmp_path: Path) -> None:
    big = POLICY.replace("</main>", "<p>" + "x" * 400_000 + "</p></main>").encode()
    catalog, db = tmp_path / "catalog", tmp_path / "cw.db"
    with LoopbackServer() as server:
        server.routes["/length"] = Reply(big)
        server.routes["/chunked"] = Reply(big, mode="chunked")
        server.routes["/gzip"] = Reply(gzip.compress(big), headers={"Content-Encoding": "gzip"})
        server.routes["/gzip-chunked"] = Reply(
            gzip.compress(big), headers={"Content-Encoding": "gzip"}, mode="chunked"
        )
        server.routes["/small"] = page(POLICY)
        write_declaration(
            catalog,
            "Acme",
            {
                name: {"fetch": server.url(f"/{path}"), "select": "main"}
                for name, path in (
                    ("Terms of Service", "length"),
                    ("Privacy Policy", "chunked"),
                    ("Imprint", "gzip"),
                    ("Trackers Policy", "gzip-chunked"),
                    ("Developer Terms", "small"),
                )
            },
        )
        report = crawl(catalog, db, settings={**FAST, "DOWNLOAD_MAXSIZE": 300_000})
    reasons = {r["url"].rsplit("/", 1)[1]: r["reason"] for r in fetch_rows(db)}
    assert reasons == {
        "length": "too_large",
        "chunked": "too_large",
        "gzip": "too_large",
        "gzip-chunked": "too_large",
        "small": None,
    }
    assert report.summary["failed_by_reason"] == {"too_large": 4}


def test_bidi_overrides_in_names_are_never_shown_raw(tmp_path: Path) -> None:
    name, terms = "Evil\u202egnp.exe", "Terms\u2066 of Service"
    catalog = tmp_path / "catalog"
    _declare(catalog, "Evil", name, {"Imprint": {"fetch": "https://e.example/", "select": "m"}})
    check = CliRunner().invoke(cli, ["catalog", "check", str(catalog)])
    assert check.exit_code == 1 and "U+202E" in check.output and "\u202e" not in check.output
    db_path = tmp_path / "rtl.db"
    make_database(db_path, {(name, terms): ["# T\n\nHello.", "# T\n\nHello, you."]}).close()
    out = tmp_path / "site"
    database = open_db(db_path)
    build_site(database, out)
    database.close()
    written = _everything_written(out)
    assert "\u202e" not in written and "\u2066" not in written
    assert "Evil\\u202egnp.exe" in written
    for args in (["status"], ["changes"]):
        result = CliRunner().invoke(cli, [*args, "--db", str(db_path)])
        assert result.exit_code == 0, result.output
        assert "\u202e" not in result.output and "Evil\\u202egnp.exe" in result.output


def test_an_unknown_top_level_key_is_reported_and_the_declaration_still_loads(
    tmp_path: Path,
) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "Acme.json").write_text(
        json.dumps(
            {
                "name": "Acme",
                "trems": {"Imprint": {"fetch": "https://a.example/i", "select": "main"}},
                "terms": {"Terms of Service": {"fetch": "https://a.example/t", "select": "main"}},
            }
        ),
        encoding="utf-8",
    )
    loaded = load_catalog(catalog)
    assert [d.key for d in loaded.documents] == ["Acme / Terms of Service"]
    assert loaded.problems == [
        f'{catalog / "Acme.json"}: field "trems": unknown field (typo?); a declaration has '
        "only name, terms"
    ]
