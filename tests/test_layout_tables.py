"""Layout tables are unwrapped into their content; data tables stay tables.

A page laid out with a table (Facebook's legal pages did this) used to become a single
Markdown table cell holding the whole document, and spacer tables leaked rows such as
``|  |  |`` into versions and diffs.
"""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from tracker.analysis import default_analyser
from tracker.extract import extract, unwrap_layout_tables
from tracker.items import PageFetch
from tracker.reextract import reextract
from tracker.store.compression import unpack_text
from tracker.store.db import open_db
from tracker.store.recorder import record_pages

COOKIES = (
    "<table><thead><tr><th>Cookie</th><th>Purpose</th><th>Lasts</th></tr></thead>"
    "<tr><td>sid</td><td>Keeps you signed in</td><td>30 days</td></tr>"
    "<tr><td>lang</td><td>Remembers your language</td><td>1 year</td></tr></table>"
)
# One outer table, one cell, the whole policy inside (with a data table of its own),
# next to a spacer table.
ONE_CELL = (
    "<html><body><div id='content'>"
    "<table width='100%' cellpadding='0'><tr><td>"
    "<h1>Data Policy</h1><p>This policy describes the information we process.</p>"
    "<h2>1. What we collect</h2><ul><li>Things you do</li><li>Things others do</li></ul>"
    f"<h2>2. Cookies</h2><p>We use these cookies:</p>{COOKIES}"
    "<h2>3. Changes</h2><p>We will notify you before we change this policy.</p>"
    "</td></tr></table>"
    "<table><tr><td>&nbsp;</td><td></td></tr></table>"
    "</div></body></html>"
)
EXPECTED = (
    "# Data Policy\n\nThis policy describes the information we process.\n\n"
    "## 1. What we collect\n\n- Things you do\n- Things others do\n\n"
    "## 2. Cookies\n\nWe use these cookies:\n\n"
    "| Cookie | Purpose | Lasts |\n| --- | --- | --- |\n"
    "| sid | Keeps you signed in | 30 days |\n| lang | Remembers your language | 1 year |\n\n"
    "## 3. Changes\n\nWe will notify you before we change this policy."
)
# The kind of text the extractor stored for that page before layout tables were unwrapped.
COLLAPSED = (
    "| |\n| --- |\n| Data Policy This policy describes the information we process. "
    "1. What we collect - Things you do - Things others do 2. Cookies We use these cookies: "
    "Cookie Purpose Lasts sid Keeps you signed in 30 days lang Remembers your language "
    "1 year 3. Changes We will notify you before we change this policy. |\n\n"
    "| | |\n| --- | --- |\n| | |"
)


def test_a_one_cell_layout_table_becomes_the_document() -> None:
    assert extract(ONE_CELL, "#content") == EXPECTED


def test_data_tables_stay_tables() -> None:
    assert extract(f"<main>{COOKIES}</main>", "main") == (
        "| Cookie | Purpose | Lasts |\n| --- | --- | --- |\n"
        "| sid | Keeps you signed in | 30 days |\n| lang | Remembers your language | 1 year |"
    )
    # several columns of short cells, no header row: still data
    plain = (
        "<main><table><tr><td>EU</td><td>Acme Ireland Ltd.</td><td>Dublin</td></tr>"
        "<tr><td>US</td><td>Acme Inc.</td><td>Delaware</td></tr></table></main>"
    )
    assert "| EU | Acme Ireland Ltd. | Dublin |" in extract(plain, "main")
    # a header row keeps a table a table, even with a paragraph in a cell
    long_cell = "<p>" + "We keep it as long as your account exists. " * 8 + "</p>"
    headed = (
        "<main><table><tr><th>Data</th><th>Retention</th></tr>"
        f"<tr><td>Posts</td><td>{long_cell}</td></tr></table></main>"
    )
    assert extract(headed, "main").startswith("| Data | Retention |")


def test_layout_signals() -> None:
    sidebar = (
        "<main><table><tr><td><a href='/a'>Terms</a><br><a href='/b'>Privacy</a></td>"
        "<td><h1>Terms</h1><p>Be nice.</p><p>Or else.</p></td></tr></table></main>"
    )
    assert (
        extract(sidebar, "main") == "[Terms](/a)\n[Privacy](/b)\n\n# Terms\n\nBe nice.\n\nOr else."
    )
    one_column = "<main><table><tr><td>First.</td></tr><tr><td>Second.</td></tr></table></main>"
    assert extract(one_column, "main") == "First.\n\nSecond."
    soup = BeautifulSoup(ONE_CELL, "lxml")
    assert unwrap_layout_tables(soup) == 2  # the outer one and the spacer; not the cookies
    assert len(soup.find_all("table")) == 1


def test_reextract_unwraps_stored_layout_tables_and_changes_nothing_else(tmp_path: Path) -> None:
    db = open_db(tmp_path / "cw.db")
    db["services"].insert({"id": 1, "name": "Acme", "slug": "acme"})
    data_page = f"<html><body><main><h1>Cookies</h1>{COOKIES}</main></body></html>"
    for doc_id, (html, select) in enumerate([(ONE_CELL, "#content"), (data_page, "main")], 1):
        db["documents"].insert(
            {"id": doc_id, "service_id": 1, "terms_type": f"T{doc_id}", "slug": f"t{doc_id}"}
        )
        decl = {"pages": [{"fetch": "https://acme.example/", "select": [select], "remove": []}]}
        # the layout page's version was recorded by the extractor that collapsed it
        text = COLLAPSED if doc_id == 1 else extract(html, select)
        page = PageFetch("https://acme.example/", "https://acme.example/", 200, html.encode())
        record_pages(db, None, doc_id, [page], text, decl, analyser=default_analyser())
    report = reextract(db, default_analyser())
    assert report.errors == [] and report.changed_texts == 1
    texts = {
        r[0]: unpack_text(r[1]) for r in db.execute("select document_id, markdown from versions")
    }
    assert texts[1] == EXPECTED
    assert texts[2] == extract(data_page, "main") and "| sid |" in texts[2]
    assert json.loads(db["versions"].get(1)["snapshot_ids"])  # still from the stored snapshot
