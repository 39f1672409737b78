"""The selector doctor on written pages: real crawls on 127.0.0.1, a real database, the CLI.

A redesign drops the element the selector relied on; the crawl fails (and keeps the
page); the doctor proposes a selector whose text is the last version's, ``status``
shows it, ``--fix`` writes it with the old entry in the history file, and the next
crawl is back to ``ok`` with no new version.  A moved document is found through a
link; a page that no longer holds the document gets no proposal.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from loopback import FAST, LoopbackServer, Reply, page, versions, write_declaration

from tracker.catalog.candidates import propose
from tracker.catalog.selectors import generated_name
from tracker.cli import cli
from tracker.crawl import crawl
from tracker.store.db import open_db

CLAUSES = [
    "You must be at least 13 years old to use Acme.",
    "We may suspend accounts that break these rules without notice.",
    "You keep the rights to what you post, and you grant Acme a licence to show it.",
    "Disputes are settled by binding arbitration in Delaware.",
    "We may change these terms; continued use means you accept the new terms.",
    "Acme is not liable for indirect damages, to the extent the law allows.",
]
TERMS = "<h1>Acme Terms of Service</h1>" + "".join(
    f"<h2>{i}. Section</h2><p>{c} {c}</p>" for i, c in enumerate(CLAUSES * 3, 1)
)
CHROME = "<nav><a href='/'>Home</a> <a href='/pricing'>Pricing</a> <a href='/blog'>Blog</a></nav>"
FOOTER = "<footer><p>© Acme Inc. All rights reserved. Contact us at hello@acme.example</p></footer>"
BEFORE = f"<html><body>{CHROME}<main>{TERMS}</main>{FOOTER}</body></html>"
# The redesign: no <main> any more; the text sits in a named block, next to a table of
# contents and a cookie banner that the last version did not have.
AFTER = (
    f"<html><body><div class='site-header'>{CHROME}</div><div class='layout'>"
    "<div class='toc-box' id='toc'><p>On this page: Section 1, Section 2, Section 3, "
    "Section 4, Section 5</p></div>"
    f"<div class='legal-content'>{TERMS}</div></div>"
    "<div class='cookie-notice'><p>We use cookies to improve your experience. Accept all "
    f"cookies or manage your preferences.</p></div>{FOOTER}</body></html>"
)
MARKETING = (
    f"<html><body>{CHROME}<main><h1>Acme: the best anvils</h1><p>Buy our anvils today. "
    "They are heavy, strong and cheap. Free delivery on orders over $50.</p>"
    "<p>Join 10,000 happy customers.</p></main>" + FOOTER + "</body></html>"
)


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def setup_broken(tmp_path: Path, server: LoopbackServer, after: str) -> tuple[Path, Path]:
    """Crawl the good page once, then the redesigned one (the selector fails)."""
    catalog = tmp_path / "catalog"
    write_declaration(
        catalog,
        "Acme",
        {"Terms of Service": {"fetch": server.url("/terms"), "select": "main", "language": "en"}},
    )
    db = tmp_path / "cw.db"
    server.routes["/terms"] = page(BEFORE)
    crawl(catalog, db, settings=FAST)
    server.routes["/terms"] = page(after)
    crawl(catalog, db, settings=FAST)
    return catalog, db


def test_the_doctor_proposes_shows_in_status_and_fixes(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog, db = setup_broken(tmp_path, server, AFTER)
        first = versions(db)
        assert len(first) == 1
        # the doctor works on the page the crawl failed on, not on what the site says now
        server.routes["/terms"] = Reply(b"down", status=503)
        result = run("catalog", "doctor", "--catalog", str(catalog), "--db", str(db), "--json")
        assert result.exit_code == 0, result.output
        (found,) = json.loads(result.output)
        assert found["service"] == "Acme" and found["terms_type"] == "Terms of Service"
        assert found["status"] == "proposed"
        assert found["select"] == [".legal-content"]
        assert found["fetch"] == server.url("/terms")
        assert found["similarity"] >= 0.99 and found["recovered"] >= 0.99
        assert "legal-content" in found["how"]
        assert found["pages"][0]["source"].startswith("the page the crawl failed on")
        assert versions(db) == first  # the doctor never records a version

        status = run("status", "--db", str(db), "--json")
        (doc,) = json.loads(status.output)["documents"]
        assert doc["status"] == "failing"
        assert doc["doctor"]["status"] == "proposed"
        assert ".legal-content" in doc["doctor"]["summary"]
        table = run("status", "--db", str(db))
        assert "the doctor" in table.output and ".legal-content" in table.output
        assert "--fix" in table.output

        fixed = run(
            "catalog", "doctor", "Acme", "--catalog", str(catalog), "--db", str(db), "--fix"
        )  # noqa: E501
        assert fixed.exit_code == 0, fixed.output
        assert "fixed: Acme / Terms of Service" in fixed.output
        entry = json.loads((catalog / "Acme.json").read_text())["terms"]["Terms of Service"]
        assert entry == {
            "fetch": server.url("/terms"),
            "select": ".legal-content",
            "language": "en",
        }
        history = json.loads((catalog / "Acme.history.json").read_text())
        (old,) = history["Terms of Service"]
        assert old["select"] == "main"
        connection = open_db(db)
        row = connection.execute("select last_success_at from documents").fetchone()
        assert old["validUntil"] == row[0]  # valid until the last time it worked
        assert run("catalog", "check", str(catalog)).exit_code == 0
        assert "written into the declaration" in run("status", "--db", str(db)).output

        server.routes["/terms"] = page(AFTER)
        crawl(catalog, db, settings=FAST)
        assert versions(db) == first  # the same text again: no new version, no change
        status = json.loads(run("status", "--db", str(db), "--json").output)
        assert status["documents"][0]["status"] == "ok"


def test_the_failed_page_is_kept_once_per_document(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog, db = setup_broken(tmp_path, server, AFTER)
        connection = open_db(db)
        assert connection["snapshots"].count == 2  # the version's page and the failed one
        server.routes["/terms"] = page(AFTER.replace("Accept all", "Accept every"))
        crawl(catalog, db, settings=FAST)
        # the newer failed page replaced the older one, which nothing else used
        assert connection["snapshots"].count == 2
        (kept,) = connection["failed_pages"].rows
        assert kept["reason"] == "selector_no_match"
        assert len(json.loads(kept["snapshot_ids"])) == 1


def test_a_moved_document_is_found_through_a_link(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        moved = (
            f"<html><body>{CHROME}<main><h1>Legal</h1><p>Our legal pages have a new home."
            "</p><ul><li><a href='/blog'>Blog</a></li><li><a href='/legal/privacy'>Privacy"
            "</a></li><li><a href='/legal/terms-of-service'>Terms of Service</a></li></ul>"
            f"</main>{FOOTER}</body></html>"
        )
        catalog, db = setup_broken(tmp_path, server, moved.replace("<main>", "<div>"))
        server.routes["/legal/privacy"] = page(
            "<html><body><article><h1>Privacy</h1><p>We collect your e-mail address.</p>"
            "</article></body></html>"
        )
        server.routes["/legal/terms-of-service"] = page(
            f"<html><body>{CHROME}<article class='terms'>{TERMS}</article></body></html>"
        )
        result = run("catalog", "doctor", "--catalog", str(catalog), "--db", str(db), "--json")
        assert result.exit_code == 0, result.output
        (found,) = json.loads(result.output)
        assert found["status"] == "moved"
        assert found["fetch"] == server.url("/legal/terms-of-service")
        assert found["select"] == ["article"]
        assert "Terms of Service" in found["pages"][0]["moved_because"]
        text = run("catalog", "doctor", "--catalog", str(catalog), "--db", str(db))
        assert "moved: to " + server.url("/legal/terms-of-service") in text.output

        assert (
            run("catalog", "doctor", "--catalog", str(catalog), "--db", str(db), "--fix").exit_code
            == 0
        )
        entry = json.loads((catalog / "Acme.json").read_text())["terms"]["Terms of Service"]
        assert entry["fetch"] == server.url("/legal/terms-of-service")
        crawl(catalog, db, settings=FAST)
        assert len(versions(db)) == 1


def test_no_proposal_when_the_page_no_longer_holds_the_document(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog, db = setup_broken(tmp_path, server, MARKETING.replace("<main>", "<div>"))
        result = run("catalog", "doctor", "--catalog", str(catalog), "--db", str(db), "--json")
        assert result.exit_code == 1  # a broken document without a proposal: for cron
        (found,) = json.loads(result.output)
        assert found["status"] == "no_proposal"
        assert found["similarity"] is None or found["similarity"] < 0.8
        text = run("catalog", "doctor", "--catalog", str(catalog), "--db", str(db))
        assert "no proposal" in text.output
        assert (
            run("catalog", "doctor", "--catalog", str(catalog), "--db", str(db), "--fix").exit_code
            == 1
        )
        assert not (catalog / "Acme.history.json").exists()  # nothing to write


def test_healthy_documents_are_left_alone(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog, db = setup_broken(tmp_path, server, BEFORE)  # no redesign
        quiet = run("catalog", "doctor", "--catalog", str(catalog), "--db", str(db))
        assert quiet.exit_code == 0 and "No document has a broken selector" in quiet.output
        named = run("catalog", "doctor", "Acme", "--catalog", str(catalog), "--db", str(db))
        assert "not broken" in named.output
        unknown = run("catalog", "doctor", "Nope", "--catalog", str(catalog), "--db", str(db))
        assert unknown.exit_code == 2 and "no service or document named Nope" in unknown.output
    missing = run("catalog", "doctor", "--catalog", str(catalog), "--db", str(tmp_path / "x.db"))
    assert missing.exit_code == 2 and "database not found" in missing.output


def test_try_scores_against_the_last_version_and_proposes(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog, db = setup_broken(tmp_path, server, AFTER)
        declaration = str(catalog / "Acme.json")
        broken = run("catalog", "try", declaration, "--db", str(db), "--once", "--json")
        assert broken.exit_code == 1
        (report,) = json.loads(broken.output)
        assert report["last_version"].startswith("version 1 (")
        assert report["doctor"][0]["select"] == [".legal-content"]
        text = run("catalog", "try", declaration, "--db", str(db), "--once")
        assert "the doctor's candidate on this page" in text.output

        good = run(
            "catalog", "try", declaration, "--db", str(db), "--once", "--json",
            "--select", ".legal-content",
        )  # fmt: skip
        (report,) = json.loads(good.output)
        assert report["score"]["similarity"] >= 0.99
        wrong = run(
            "catalog", "try", declaration, "--db", str(db), "--once", "--json",
            "--select", ".cookie-notice",
        )  # fmt: skip
        (report,) = json.loads(wrong.output)
        assert report["score"]["similarity"] < 0.2
        assert any("differs from the last recorded version 1" in w for w in report["warnings"])


def test_candidates_prefer_named_blocks_and_mark_generated_names_fragile() -> None:
    reference = "# Acme Terms of Service\n\n" + "\n\n".join(
        f"## {i}. Section\n\n{c} {c}" for i, c in enumerate(CLAUSES * 3, 1)
    )
    hashed = (
        "<html><body><div class='Header--x7Yq2Lp'><a href='/'>Home</a> <a href='/p'>Pricing"
        "</a> <a href='/b'>Our blog</a> <a href='/c'>Careers at Acme</a></div>"
        f"<div class='Content--ldJRupka'>{TERMS}</div></body></html>"
    )
    (best, *_rest) = propose(hashed, reference)
    assert best.select == [".Content--ldJRupka"]
    assert best.fragile == ["select '.Content--ldJRupka' relies on a generated name"]
    named = hashed.replace("<div class='Content--ldJRupka'>", "<div id='terms' class='x1a2b3c'>")
    (best, *_rest) = propose(named, reference)
    assert best.select == ["#terms"] and not best.fragile
    assert generated_name("footer--JPmRP55e") and not generated_name("post__entry")
    assert propose("<html><body><p>Hello.</p></body></html>", reference) == []


def test_one_broken_page_of_a_combined_document(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog = tmp_path / "catalog"
        write_declaration(
            catalog,
            "Acme",
            {
                "Terms of Service": {
                    "select": "main",
                    "combine": [{"fetch": server.url("/part1")}, {"fetch": server.url("/part2")}],
                }
            },
        )
        part1 = (
            "<html><body><main><h1>Part one</h1><p>Be kind to one another.</p></main></body></html>"  # noqa: E501
        )
        server.routes["/part1"] = page(part1)
        server.routes["/part2"] = page(BEFORE)
        db = tmp_path / "cw.db"
        crawl(catalog, db, settings=FAST)
        server.routes["/part2"] = page(AFTER)
        crawl(catalog, db, settings=FAST)
        first = versions(db)
        result = run("catalog", "doctor", "--catalog", str(catalog), "--db", str(db), "--json")
        assert result.exit_code == 0, result.output
        (found,) = json.loads(result.output)
        assert found["status"] == "proposed"
        assert [p["page"] for p in found["pages"]] == [1]  # page 1 still works
        assert found["select"] == [".legal-content"]
        assert (
            run("catalog", "doctor", "--catalog", str(catalog), "--db", str(db), "--fix").exit_code
            == 0
        )  # noqa: E501
        entry = json.loads((catalog / "Acme.json").read_text())["terms"]["Terms of Service"]
        assert entry["select"] == "main"  # the default for the other page is kept
        assert entry["combine"] == [
            {"fetch": server.url("/part1")},
            {"fetch": server.url("/part2"), "select": ".legal-content"},
        ]
        crawl(catalog, db, settings=FAST)
        assert versions(db) == first


def test_a_collapsed_text_held_back_gets_a_proposal_from_the_live_page(tmp_path: Path) -> None:
    # the redesign keeps <main>, but only the title is left in it: the text collapses
    collapsed = AFTER.replace(
        "<div class='legal-content'>", "<main><h1>Terms</h1></main><div class='legal-content'>"
    )  # noqa: E501
    with LoopbackServer() as server:
        catalog, db = setup_broken(tmp_path, server, collapsed)
        status = json.loads(run("status", "--db", str(db), "--json").output)
        assert status["documents"][0]["status"] == "suspect"  # issue 19: a collapse
        result = run("catalog", "doctor", "--catalog", str(catalog), "--db", str(db), "--json")
        assert result.exit_code == 0, result.output
        (found,) = json.loads(result.output)
        assert found["status"] == "proposed" and found["similarity"] >= 0.95
        # the suspect keeps the page it came from: the doctor works on what the crawl saw
        assert found["pages"][0]["source"].startswith("the page the crawl failed on")
        assert len(versions(db)) == 1
