"""What the spider hands to the pipelines: fetched pages, and the item that carries them.

A fetch type lives here, beside the item, so that fetching, the pipelines and the store
share it without depending on one another.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.catalog import DocumentSpec


def utcnow() -> str:
    """Now, in UTC, as stored everywhere: ``2026-12-02T08:30:00.123456Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class PageFetch:
    """One fetched page: what the spider saw."""

    url: str
    final_url: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: str = ""
    # Scrapy response flags, e.g. "dataloss" for a body cut short
    flags: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass
class DocumentItem:
    """One fetch attempt of one document (all pages of a ``combine`` declaration)."""

    document: DocumentSpec
    pages: list[PageFetch] = field(default_factory=list)
    # set when the fetch failed; the pipelines record it and never make a version of it
    error_reason: str | None = None
    error_detail: str | None = None
    # set by the extraction pipeline; markdown stays None when source_hash is the
    # document's known source (see tracker.extract.extract_pages_unless)
    markdown: str | None = None
    source_hash: str | None = None
    # digest of the raw pages (tracker.content.raw_source), kept with a known source
    body_hash: str | None = None
    # conditional-request headers sent with the first page (If-None-Match, ...)
    validators: dict[str, str] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.error_reason is not None

    @property
    def not_modified(self) -> bool:
        """The server answered ``304 Not Modified`` to our conditional request."""
        return bool(self.validators) and bool(self.pages) and self.pages[0].status == 304

    def fail(self, reason: str, detail: str) -> DocumentItem:
        self.error_reason, self.error_detail = reason, detail
        return self


@dataclass
class CrawlPlan:
    """What the crawl's parent process knows before the child fetches anything.

    Per document key (``Service / Terms type``): its database id, the conditional
    headers to send (``If-None-Match`` / ``If-Modified-Since``), the hash of its
    known source (see :func:`tracker.extract.extract_pages_unless`) and the digest of
    the raw pages that gave it (:func:`tracker.content.raw_source`).  ``clausewatch
    crawl`` reads them once, syncing the catalog once, and hands them to the Scrapy
    process as a JSON file (the ``CLAUSEWATCH_PLAN`` setting), so the spider never
    opens the database and the pipelines do not read it again.
    """

    document_ids: dict[str, int] = field(default_factory=dict)
    validators: dict[str, dict[str, str]] = field(default_factory=dict)
    known_sources: dict[str, str] = field(default_factory=dict)
    known_bodies: dict[str, str] = field(default_factory=dict)

    def dump(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.__dict__, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> CrawlPlan:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(
            data["document_ids"],
            data["validators"],
            data["known_sources"],
            data.get("known_bodies", {}),
        )

    @classmethod
    def from_settings(cls, settings: Any) -> CrawlPlan | None:
        """The plan named by the ``CLAUSEWATCH_PLAN`` setting (None for a bare crawl)."""
        path = settings.get("CLAUSEWATCH_PLAN")
        return cls.load(path) if path else None


# Why a fetch failed: stable ids, stored in ``fetches.reason`` and shown by ``status``.
REASONS = {
    "http_error": "the server answered with an HTTP error status",
    "timeout": "the server did not answer in time",
    "dns_error": "the host name could not be resolved",
    "connection_error": "the connection was refused or reset",
    "tls_error": "the TLS handshake failed",
    "truncated_body": "the connection closed before the whole page arrived",
    "robots_txt": "robots.txt forbids fetching this page",
    "too_large": "the page is larger than the download cap (DOWNLOAD_MAXSIZE)",
    "login_redirect": "the page redirected to a login or consent page",
    "bot_wall": "a bot wall or challenge page (Cloudflare, Akamai, Imperva, CAPTCHA) answered",
    "error_page": "the server answered 200 OK with an error page",
    "empty_body": "the page body is empty",
    "selector_no_match": "the declaration's selector matched nothing",
    "suspicious_shrink": "the text shrank a lot; held back until a later run confirms it",
    "suspect_collapse": (
        "the text collapsed to a fragment of the document: the selector is probably broken; "
        "held as suspect and never recorded"
    ),
    "needs_browser": "the declaration needs a browser (executeClientScripts)",
    "unsupported_url": "the URL is not an http(s) web page; only web pages are tracked",
    "private_address": "the host is a loopback or private address, refused by the URL policy "
    "(crawl.allow_private_addresses)",
    "unsupported_content_type": "the page is neither HTML, text nor a PDF with text "
    "(an image, an archive, a PDF without a text layer…)",
    "network_error": "the fetch failed",
    "internal_error": "clausewatch itself failed while recording the fetch (a bug: please report)",
}


def describe(reason: str | None) -> str:
    """A readable sentence for a reason id (the id itself when unknown)."""
    return REASONS.get(reason or "", reason or "")
