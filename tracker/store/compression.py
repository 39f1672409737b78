"""Zstandard compression of the store's large columns: raw pages, version texts and flags.

One codec for every compressed column (issue 17): ``snapshots.body`` (the raw pages),
``versions.markdown`` and ``versions.flags`` (m013).  Zstandard at level :data:`LEVEL`
was, on the real policy pages of ../shared/data, 35% smaller than zlib at level 6 and
three times faster (bench/README.md).

- Bytes: :func:`compress` / :func:`decompress`.  Snapshots written before issue 17
  were compressed with zlib and are still read: a Zstandard frame starts with its magic
  number, which no zlib stream can (its first two bytes are a multiple of 31).
- Text columns: :func:`pack_text` / :func:`unpack_text`.  A packed text is a BLOB; a
  TEXT value (a row an older clausewatch wrote into a database not yet upgraded, or a
  read-only reader of one) is returned as it is, so every reader goes through
  :func:`unpack_text` and never needs to know which it got.
"""

from __future__ import annotations

import zlib

import zstandard

LEVEL = 9
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def compress(body: bytes) -> bytes:
    """Bytes as stored in a compressed column (a Zstandard frame with its size)."""
    return zstandard.ZstdCompressor(level=LEVEL).compress(body)


def decompress(stored: bytes) -> bytes:
    """A compressed column's bytes as they were given, whether Zstandard or (older) zlib."""
    if stored[:4] == _ZSTD_MAGIC:
        return zstandard.ZstdDecompressor().decompress(stored)
    return zlib.decompress(stored)


def pack_text(text: str | None) -> bytes | None:
    """A text (Markdown, JSON) as stored in a compressed TEXT column; None stays None."""
    return None if text is None else compress(text.encode("utf-8"))


def unpack_text(stored: bytes | str | None) -> str | None:
    """A compressed text column's value as text: a packed BLOB, or a plain (older) TEXT."""
    if stored is None or isinstance(stored, str):
        return stored
    return decompress(bytes(stored)).decode("utf-8")
