"""Where every page of the site lives, and the permanent ids of changes.

A change's page is named after the number of the version it produced, never after a
database row id, so its URL and its feed id (a ``tag:`` URI, the one definition of the
scheme is :func:`change_tag`) survive ``clausewatch reextract``.
"""

from __future__ import annotations

from typing import Any

from tracker.site.i18n import DEFAULT_LANGUAGE, N_, Translator

TAG_AUTHORITY = "tag:clausewatch,2026:"


def root_of(rel: str) -> str:
    depth = rel.count("/")
    return "../" * depth if depth else "./"


def service_path(service_slug: str) -> str:
    return f"services/{service_slug}/index.html"


def document_path(service_slug: str, document_slug: str) -> str:
    return f"services/{service_slug}/{document_slug}/index.html"


def change_path(service_slug: str, document_slug: str, to_version: int) -> str:
    """The page of the change that produced version ``to_version`` of a document."""
    return f"services/{service_slug}/{document_slug}/changes/{to_version}.html"


def version_path(service_slug: str, document_slug: str, number: int) -> str:
    return f"services/{service_slug}/{document_slug}/versions/{number}.html"


def category_path(category_id: str) -> str:
    return f"categories/{category_id}.html"


def change_tag(service_slug: str, document_slug: str, to_version: int) -> str:
    """The change's permanent ``tag:`` URI (feed entry id): no database row id in it."""
    return f"{TAG_AUTHORITY}change/{service_slug}/{document_slug}/{to_version}"


def feed_tag(stem: str) -> str:
    """A feed's permanent ``tag:`` URI, from its path without extension (``feeds/all``)."""
    return f"{TAG_AUTHORITY}feed/{stem.removeprefix('feeds/')}"


def clause_anchor(clause: dict[str, Any]) -> str:
    """The fragment id of a clause in a change page (stable: from the clause id)."""
    if clause.get("kind") == "removed" or not clause.get("new_id"):
        return f"old-{clause.get('old_id') or clause.get('old_position')}"
    return f"c-{clause['new_id']}"


def language_tag(tag: str, language: str) -> str:
    """The ``tag:`` URI of a feed or entry in another language than English.

    An Arabic feed is another feed, and its entries other entries (a reader subscribed
    to both sees each), so their ids carry the language: ``tag:clausewatch,2026:ar/…``.
    """
    if language == DEFAULT_LANGUAGE or not tag.startswith(TAG_AUTHORITY):
        return tag
    return f"{TAG_AUTHORITY}{language}/{tag.removeprefix(TAG_AUTHORITY)}"


ALL_FEED = (N_("All substantive changes"), "feeds/all")
HIGH_FEED = (N_("High-severity changes"), "feeds/high")


def feed_links(root: str, t: Translator, *feeds: tuple[str, str]) -> list[dict[str, str]]:
    """``<link rel=alternate>`` entries: (title, site-relative path without extension).

    Titles are translated by ``t`` (the fixed ones: :data:`ALL_FEED`, :data:`HIGH_FEED`).
    """
    out = []
    for title, stem in feeds:
        title = t.gettext(title)
        out.append({"title": title, "href": f"{root}{stem}.atom", "type": "application/atom+xml"})
        out.append(
            {"title": f"{title} (RSS)", "href": f"{root}{stem}.rss", "type": "application/rss+xml"}
        )
    return out
