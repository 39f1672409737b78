"""Where every page of the site lives, and the permanent ids of changes.

A change's page is named after the number of the version it produced, never after a
database row id, so its URL and its feed id (a ``tag:`` URI, the one definition of the
scheme is :func:`change_tag`) survive ``clausewatch reextract``.
"""

from __future__ import annotations

from typing import Any

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


ALL_FEED = ("All substantive changes", "feeds/all")
HIGH_FEED = ("High-severity changes", "feeds/high")


def feed_links(root: str, *feeds: tuple[str, str]) -> list[dict[str, str]]:
    """``<link rel=alternate>`` entries: (title, site-relative path without extension)."""
    out = []
    for title, stem in feeds:
        out.append({"title": title, "href": f"{root}{stem}.atom", "type": "application/atom+xml"})
        out.append(
            {"title": f"{title} (RSS)", "href": f"{root}{stem}.rss", "type": "application/rss+xml"}
        )
    return out
