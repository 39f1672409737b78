"""Clause-level differ and clause flagger: pure Python, no Scrapy.

Public API (stable):

- ``diffs.diff_texts(old_markdown, new_markdown) -> DiffResult``
- ``diffs.flag_text(text) -> list[Flag]``
- ``diffs.flag_diff(result) -> ChangeReport``
"""

from diffs.result import (
    ChangeEvent,
    ChangeReport,
    Clause,
    ClauseChange,
    DiffResult,
    DiffStats,
    Entity,
    Flag,
    FlagChange,
)

__all__ = [
    "ChangeEvent",
    "ChangeReport",
    "Clause",
    "ClauseChange",
    "DiffResult",
    "DiffStats",
    "Entity",
    "Flag",
    "FlagChange",
    "diff_texts",
    "flag_diff",
    "flag_text",
]


def __getattr__(name: str):  # lazy, so importing the contract stays cheap
    if name == "diff_texts":
        from diffs.differ import diff_texts

        return diff_texts
    if name == "flag_text":
        from diffs.flagger import flag_text

        return flag_text
    if name == "flag_diff":
        from diffs.events import flag_diff

        return flag_diff
    raise AttributeError(name)
