"""Storage in one SQLite file, through sqlite-utils.

- :mod:`~tracker.store.db`: open (create, upgrade) and check the database;
  :mod:`~tracker.store.migrations`: the schema, one migration per change.
- :mod:`~tracker.store.recorder`: every write a fetch leads to (versions, changes, the
  fetch log, a document's health, held-back texts), each in one transaction.
- :mod:`~tracker.store.runs`: runs, opened before a crawl and closed with a summary.
- :mod:`~tracker.store.snapshots`: raw pages, compressed and deduplicated.
- :mod:`~tracker.store.compression`: the one codec of every compressed column (raw
  pages, versions' Markdown and flags); read those columns only through it.
- :mod:`~tracker.store.documents`: services and documents from a catalog.
- :mod:`~tracker.store.queries`: every SELECT the site, ``status`` and the CLI need.
- :mod:`~tracker.store.lock`: one run at a time per database.
- :mod:`~tracker.store.fetchlog`: the fetch log's rows; unchanged fetches in batches.
"""

import sys


def _import_sqlite_utils() -> None:
    """Import sqlite-utils without the numpy and pandas it imports when they are installed.

    It imports them only to infer column types from their scalars when it creates a table
    or column from values; every table here is created by a migration with its types, and
    nothing numpy makes is ever inserted.  Importing numpy costs each crawl process about
    0.1 s of CPU and 15 MB (bench/README.md); whatever imports numpy later still can.
    """
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import numpy" raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


_import_sqlite_utils()

from tracker.errors import StoreError  # noqa: E402
from tracker.store.db import open_db  # noqa: E402

__all__ = ["StoreError", "open_db"]
