"""Scrapy's log, kept to what a person must read.

A page that cannot be fetched is recorded with its reason and listed in the run
report (``1 failed (connection_error: 1)``).  Scrapy also logs some of these failures
itself, at ``ERROR`` or ``WARNING`` and, for robots.txt, with a 60-line traceback, so
that one refused connection filled a cron mail even with ``--quiet``.
:class:`QuietFetchLogs` (an extension, in ``EXTENSIONS``) turns those records into
one-line ``INFO`` records: shown with ``--verbose``, not otherwise.
"""

from __future__ import annotations

import logging
from typing import Any

#: (logger, words of the message) of the records the run report already covers
ROUTINE: tuple[tuple[str, str], ...] = (
    ("scrapy.downloadermiddlewares.robotstxt", "Error downloading"),
    ("scrapy.core.downloader.handlers.http11", "download max size"),
    ("scrapy.core.downloader.handlers.http11", "download warn size"),
    ("scrapy.downloadermiddlewares.httpcompression", "DOWNLOAD_MAXSIZE"),
    ("scrapy.downloadermiddlewares.httpcompression", "DOWNLOAD_WARNSIZE"),
)


class RoutineFailureFilter(logging.Filter):
    """Lower a routine fetch failure to a one-line ``INFO`` record (no traceback)."""

    def __init__(self, words: tuple[str, ...]) -> None:
        super().__init__()
        self.words = words

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.INFO and any(w in str(record.msg) for w in self.words):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def install() -> None:
    """Add the filter to the loggers of :data:`ROUTINE` (once)."""
    by_logger: dict[str, tuple[str, ...]] = {}
    for name, words in ROUTINE:
        by_logger[name] = (*by_logger.get(name, ()), words)
    for name, words_of in by_logger.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, RoutineFailureFilter) for f in logger.filters):
            logger.addFilter(RoutineFailureFilter(words_of))


class QuietFetchLogs:
    """Scrapy extension: install :func:`install` for the crawl."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> QuietFetchLogs:
        install()
        return cls()
