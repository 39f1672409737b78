"""PDF policies: their text layer as Markdown paragraphs, with pypdf.

Many platforms publish terms as PDFs (Open Terms Archive tracks their text too).  A PDF
is versioned like a web page: its text is extracted, cleaned and compared, and the
raw PDF is kept as the snapshot.  Selectors do not apply to a PDF: its whole text is the
document.

pypdf gives the text line by line, as the page lays it out; :func:`pdf_markdown`
joins the lines of a paragraph again (a line much shorter than the page's width, or
ending a sentence short of it, ends a paragraph; a list marker starts one), so that a
reflowed PDF does not read as changed everywhere.  Pure: bytes in, Markdown out.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re

from tracker.errors import ExtractionError
from tracker.normalize import clean_markdown

#: pages read at most (a terms PDF has tens)
MAX_PAGES = 1000
#: characters of text kept at most (beyond, the PDF is not a policy)
MAX_CHARS = 5_000_000

_PDF_MAGIC = b"%PDF-"
# Control characters (but tab and newline), non-characters and bidi controls: invisible
_UNSAFE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_BREAKS = str.maketrans("\x0b\x0c", "\n\n")
_LIST_ITEM = re.compile(r"^(?:[-•▪◦‣*]|\(?\d{1,3}[.)]|\(?[a-z][.)]|[IVXLC]{1,6}\.)\s")
_SENTENCE_END = re.compile(r"[.:;!?)\]”\"]$")


class PdfError(ExtractionError):
    """The PDF has no text to track: damaged, encrypted, or a scan without a text layer."""


def looks_like_pdf(body: bytes) -> bool:
    """Whether ``body`` starts like a PDF file (``%PDF-``, after any leading whitespace)."""
    return body[:1024].lstrip().startswith(_PDF_MAGIC)


def pdf_fingerprint() -> bytes:
    """What a PDF's Markdown depends on besides its bytes: this module and pypdf's version."""
    from importlib import metadata
    from pathlib import Path

    digest = hashlib.sha256(Path(__file__).read_bytes())
    try:
        digest.update(metadata.version("pypdf").encode())
    except metadata.PackageNotFoundError:  # pragma: no cover - pypdf is a dependency
        digest.update(b"pypdf")
    return digest.digest()


def _page_texts(body: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are about the file
    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfError("the PDF is encrypted with a password; its text cannot be read")
        texts, size = [], 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PAGES or size > MAX_CHARS:
                raise PdfError(
                    f"the PDF is longer than {MAX_PAGES} pages or {MAX_CHARS} characters"
                )
            text = page.extract_text() or ""
            size += len(text)
            texts.append(text)
        return texts
    except PdfError:
        raise
    except (PdfReadError, Exception) as exc:  # pypdf raises many types on a damaged file
        raise PdfError(f"the PDF cannot be read ({type(exc).__name__}: {exc})") from exc


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of one page's text, its layout lines joined again."""
    text = _UNSAFE.sub("", text.translate(_BREAKS))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return []
    width = lengths[int(len(lengths) * 0.9)] if len(lengths) > 1 else lengths[0]
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            joined = current[0]
            for line in current[1:]:
                # "self-" + "service": a hyphen at the end of a line joins without a space
                joined += line if joined.endswith("-") else " " + line
            paragraphs.append(joined)
            current.clear()

    for line in lines:
        if not line:
            flush()
            continue
        if _LIST_ITEM.match(line):
            flush()
        current.append(line)
        short = len(line) < 0.6 * width
        if short or (_SENTENCE_END.search(line) and len(line) < 0.9 * width):
            flush()
    flush()
    return paragraphs


def pdf_markdown(body: bytes) -> str:
    """The text of a PDF as Markdown paragraphs.

    Raises :class:`PdfError` for a damaged or password-protected PDF, and for one
    without a text layer (a scan).
    """
    paragraphs = [p for text in _page_texts(body) for p in _paragraphs(text)]
    markdown = clean_markdown("\n\n".join(paragraphs))
    if not markdown.strip():
        raise PdfError("the PDF has no text layer (a scanned document?); only text is tracked")
    return markdown
