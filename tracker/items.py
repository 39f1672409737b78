"""The item a spider yields: one document's fetched pages, or why they could not be fetched."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.catalog import DocumentSpec
from tracker.store import PageFetch


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
