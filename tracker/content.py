"""What a fetched body is, and the one extraction entry point for every kind.

:func:`content_kind` tells a web page (HTML, XHTML, text) from a PDF, and both from
what clausewatch cannot track (an image, an archive, a video…), which fails with the
reason ``unsupported_content_type`` instead of becoming a version of raw bytes.
:func:`extract_document` turns the pages of a document into Markdown whatever their
kind: web pages through :mod:`tracker.extract`, PDFs through :mod:`tracker.pdf`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from tracker.extract import (
    extract_pages,
    extract_pages_unless,
    extractor_fingerprint,
    selected_source,
)
from tracker.pdf import looks_like_pdf, pdf_fingerprint, pdf_markdown

PDF_TYPES = frozenset({"application/pdf", "application/x-pdf", "application/acrobat"})
TEXT_TYPES = frozenset({"application/xhtml+xml", "application/xml", ""})
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Magic numbers of common binary files (images, archives, media, office files, fonts)
_BINARY_MAGIC = (
    b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"RIFF", b"ID3",
    b"\x00\x00\x01\x00", b"BM", b"7z\xbc\xaf", b"Rar!", b"\xd0\xcf\x11\xe0", b"wOFF", b"OggS",
    b"fLaC", b"\x1aE\xdf\xa3",
)  # fmt: skip


def _binary(head: bytes, declared_text: bool = False) -> bool:
    """Whether the first bytes of a body are a binary file's.

    A known file signature always is; for a body declared as text, nothing else is (a
    stray NUL byte in an HTML page is a page with a NUL byte); otherwise a body with
    more than a few NUL bytes is.
    """
    if head.startswith(_BOMS):
        return False  # UTF-8/16 text (UTF-16 has NUL bytes)
    if head.startswith(_BINARY_MAGIC):
        return True
    return not declared_text and head.count(b"\x00") > len(head) // 100


def content_kind(body: bytes, content_type: str | None = "") -> str | None:
    """``"html"`` (any markup or text), ``"pdf"``, or None for content we cannot track.

    The bytes win over the header when they are clear (a PDF served as
    ``application/octet-stream``, an HTML page served as ``application/pdf``).
    """
    mime = (content_type or "").split(";")[0].strip().lower()
    head = body[:2048].lstrip()
    if looks_like_pdf(head):
        return "pdf"
    if mime in PDF_TYPES:
        return "html" if head.startswith(b"<") and not _binary(head) else "pdf"
    if mime.startswith("text/") or mime.endswith("+xml") or mime in TEXT_TYPES:
        return None if _binary(head, declared_text=True) else "html"
    # another type (application/octet-stream, image/…): markup served with a wrong type
    # is still a page; anything else is not
    markup = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return "html" if markup.startswith(b"<") and not _binary(head) else None


def describe_content(body: bytes, content_type: str | None) -> str:
    """Why a body is not something we can track, for a failure's detail."""
    mime = (content_type or "").split(";")[0].strip() or "no content type"
    return (
        f"the server sent {mime} ({len(body)} bytes), which is neither a web page nor a "
        "PDF; clausewatch tracks the text of HTML pages and PDFs"
    )


Page = tuple[str | bytes, dict[str, Any], str | None]


def extract_document(pages: Sequence[Page], known_source: str | None) -> tuple[str, str | None]:
    """Every page's Markdown joined, like :func:`tracker.extract.extract_pages_unless`.

    A page whose spec says ``"pdf": True`` carries the raw PDF bytes.  Returns
    ``(source_hash, markdown)``; ``markdown`` is None when ``source_hash`` is
    ``known_source``: for a PDF the hash is of its bytes, so an unchanged PDF is not
    even read.  Raises :class:`tracker.errors.ExtractionError` (or its
    :class:`tracker.pdf.PdfError`) when a page gives no text.
    """
    if not any(spec.get("pdf") for _, spec, _ in pages):
        return extract_pages_unless(pages, known_source)
    digest = hashlib.sha256(extractor_fingerprint() + pdf_fingerprint())
    # web pages of a mixed document are converted at once (a rare case); PDFs only if new
    html = {i: extract_pages([page]) for i, page in enumerate(pages) if not page[1].get("pdf")}
    for i, (body, _, base_url) in enumerate(pages):
        digest.update(b"\0page\0" + (base_url or "").encode() + b"\0")
        if i in html:
            digest.update(b"html\0" + html[i].encode("utf-8"))
        else:
            digest.update(b"pdf\0" + hashlib.sha256(_bytes(body)).digest())
    source = digest.hexdigest()
    if known_source is not None and source == known_source:
        return source, None
    parts = [html.get(i) or pdf_markdown(_bytes(page[0])) for i, page in enumerate(pages)]
    return source, "\n\n".join(parts)


def known_web_source(pages: Sequence[Page], known_source: str | None) -> bool:
    """Whether the pages of a web-page document have the source ``known_source``.

    Each page is parsed once and selected; nothing is converted (a PDF, or a known source
    of None, is never known here: :func:`extract_document` decides).
    """
    if known_source is None or any(spec.get("pdf") for _, spec, _ in pages):
        return False
    return selected_source(pages)[0] == known_source


_PDF_FINGERPRINT: list[bytes] = []


def raw_source(pages: Sequence[tuple[bytes, str | None, dict[str, Any], str | None]]) -> str:
    """A digest of a document's raw pages and of all their extraction depends on.

    Each page is ``(body, content type, {"select", "remove"}, base URL)``.  Two fetches
    with the same digest have the same source hash (:func:`extract_document`): the same
    bytes, read as the same kind of content, through the same declaration and extractor.
    """
    if not _PDF_FINGERPRINT:
        _PDF_FINGERPRINT.append(pdf_fingerprint())
    digest = hashlib.sha256(b"raw\0" + extractor_fingerprint() + _PDF_FINGERPRINT[0])
    for body, content_type, spec, base_url in pages:
        selectors = [spec.get("select"), spec.get("remove"), content_type, base_url]
        digest.update(json.dumps(selectors, sort_keys=True).encode() + b"\0")
        digest.update(hashlib.sha256(body).digest())
    return digest.hexdigest()


def _bytes(body: str | bytes) -> bytes:
    return body if isinstance(body, bytes) else body.encode("latin-1", "replace")
