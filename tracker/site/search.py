"""Client-side search: names, aliases, clause types, headlines and the full current text.

Two prebuilt files, loaded by ``search.html`` only when a reader searches, and as
scripts so that they work from ``file://``:

- ``assets/search-index.js`` (and ``search-index.json``): services with their other
  names (``tracker/site/aliases.toml``: "ChatGPT" finds OpenAI, "Meta" finds Facebook,
  Instagram, Threads and WhatsApp), documents, clause types and change headlines;
- ``assets/search-text.js``: the current text of every document as plain sentences,
  so a result shows the sentence that matched ("chatgpt arbitration" finds the
  arbitration clause of OpenAI's terms).

Nothing is sent anywhere: ``assets/search.js`` matches in the browser.
"""

from __future__ import annotations

import json
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from tracker.site.builder import Builder
from tracker.site.data import SiteData, version_text
from tracker.site.paths import ALL_FEED, category_path, feed_links
from tracker.site.text import plain_text

ALIASES = Path(__file__).resolve().parent / "aliases.toml"
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+(?=[\"“‘'(\[]?[A-Z0-9])")
#: sentences longer than this are cut into pieces of about this size at a space
MAX_SENTENCE = 400


@lru_cache(maxsize=1)
def aliases() -> dict[str, list[str]]:
    """``{service name: [other names]}`` from the alias table (see its comments)."""
    with ALIASES.open("rb") as f:
        table = tomllib.load(f)
    return {str(k): [str(a) for a in v] for k, v in table.items() if isinstance(v, list)}


def sentences(text: str) -> list[str]:
    """Plain text cut into sentences (a search result shows the one that matched)."""
    out: list[str] = []
    for block in text.split("\n"):
        block = " ".join(block.split())
        for piece in _SENTENCE.split(block):
            while len(piece) > MAX_SENTENCE:
                cut = piece.rfind(" ", 0, MAX_SENTENCE)
                cut = cut if cut > MAX_SENTENCE // 2 else MAX_SENTENCE
                out.append(piece[:cut])
                piece = piece[cut:].lstrip()
            if piece:
                out.append(piece)
    return out


def search_index(data: SiteData) -> list[dict[str, Any]]:
    """Services (with aliases), documents, clause types and changes."""
    names = aliases()
    items: list[dict[str, Any]] = []
    for s in data.services:
        items.append(
            {"k": "service", "t": s["name"], "u": s["path"], "a": names.get(s["name"], [])}
        )
    for d in data.documents:
        items.append(
            {
                "k": "document",
                "t": f"{d['service']} · {d['terms_type']}",
                "u": d["path"],
                "a": names.get(d["service"], []),
                "x": " ".join(p["title"] for p in d["present"]),
            }
        )
    for r in data.category_rows:
        items.append({"k": "category", "t": r["title"], "u": category_path(r["id"]), "x": r["id"]})
    for c in data.changes:
        items.append(
            {
                "k": "change",
                "t": f"{c['service']} · {c['document']}: {c['headline']}",
                "u": c["path"],
                "a": names.get(c["service"], []),
                "d": (c["detected_at"] or "")[:10],
                "m": 1 if c["minor"] else 0,
                "x": " ".join(f["title"] for f in c["flags"] if f.get("status") != "unchanged"),
            }
        )
    return items


def _script(name: str, payload: str) -> str:
    return f"window.{name} = " + payload.replace("</", "<\\/") + ";\n"


def search_pages(b: Builder, data: SiteData) -> None:
    """The search page and its two prebuilt files."""
    index_json = json.dumps(
        search_index(data), ensure_ascii=False, separators=(",", ":"), sort_keys=True
    )
    b.emit("search-index.json", index_json, lambda: index_json + "\n")
    b.emit("assets/search-index.js", index_json, lambda: _script("CLAUSEWATCH_SEARCH", index_json))
    names = aliases()
    docs = [d for d in data.documents if d["latest"]]
    key = [[d["path"], d["latest"]["text_hash"], names.get(d["service"], [])] for d in docs]

    def text_script() -> str:
        entries = [
            {
                "u": d["path"],
                "t": f"{d['service']} · {d['terms_type']}",
                "a": names.get(d["service"], []),
                "s": sentences(plain_text(version_text(b.db, d["latest"]["id"]))),
            }
            for d in docs
        ]
        payload = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
        return _script("CLAUSEWATCH_TEXT", payload)

    b.emit("assets/search-text.js", key, text_script)
    b.page(
        "search.html",
        "search.html",
        {},
        lambda: {"nav": "search", "feeds": feed_links("./", ALL_FEED)},
    )
