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
from tracker.site.i18n import DEFAULT_LANGUAGE, Translator
from tracker.site.paths import ALL_FEED, category_path, feed_links
from tracker.site.text import plain_text

ALIASES = Path(__file__).resolve().parent / "aliases.toml"
# a sentence ends at . ! ? ; : (and Arabic ؟ ؛ ۔) before a capital, a digit or an Arabic letter
_SENTENCE = re.compile(
    r"(?<=[.!?;:\u061f\u061b\u06d4])\s+(?=[\"“‘'(\[«]?[A-Z0-9\u0600-\u06ff\u0660-\u0669])"
)
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


def search_index(data: SiteData, t: Translator | None = None) -> list[dict[str, Any]]:
    """Services (with aliases), documents, clause types and changes.

    With ``t`` for another language than English, a change's date is also given as that
    language writes it (``ds``), for the results to show.
    """
    names = aliases()
    local = t is not None and t.language != DEFAULT_LANGUAGE
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
        if local and t is not None and c["detected_at"]:
            items[-1]["ds"] = t.short_date(c["detected_at"])
    return items


def _script(name: str, payload: str) -> str:
    return f"window.{name} = " + payload.replace("</", "<\\/") + ";\n"


def search_pages(b: Builder, data: SiteData) -> None:
    """The search page and its two prebuilt files, in the language being built."""
    index_json = json.dumps(
        search_index(data, b.t), ensure_ascii=False, separators=(",", ":"), sort_keys=True
    )
    b.emit("search-index.json", index_json, lambda: index_json + "\n")
    b.emit("assets/search-index.js", index_json, lambda: _script("CLAUSEWATCH_SEARCH", index_json))
    names = aliases()
    docs = [d for d in data.documents if d["latest"]]
    key = [
        [d["path"], d["terms_type"], d["latest"]["text_hash"], names.get(d["service"], [])]
        for d in docs
    ]
    # the sentences of a text are the same in every language: cut once per build
    cut: dict[str, list[str]] = b.memo.setdefault("search-sentences", {})

    def text_of(d: dict[str, Any]) -> list[str]:
        found = cut.get(d["latest"]["text_hash"])
        if found is None:
            found = sentences(plain_text(version_text(b.db, d["latest"]["id"])))
            cut[d["latest"]["text_hash"]] = found
        return found

    def text_script() -> str:
        entries = [
            {
                "u": d["path"],
                "t": f"{d['service']} · {d['terms_type']}",
                "a": names.get(d["service"], []),
                "s": text_of(d),
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
        lambda: {"nav": "search", "feeds": feed_links("./", b.t, ALL_FEED)},
    )
