"""Storage in one SQLite file, through sqlite-utils.

- :mod:`~tracker.store.db`: open (create, upgrade) and check the database;
  :mod:`~tracker.store.migrations`: the schema, one migration per change.
- :mod:`~tracker.store.recorder`: every write a fetch leads to (versions, changes, the
  fetch log, a document's health, held-back texts), each in one transaction.
- :mod:`~tracker.store.runs`: runs, opened before a crawl and closed with a summary.
- :mod:`~tracker.store.snapshots`: raw pages, compressed and deduplicated.
- :mod:`~tracker.store.documents`: services and documents from a catalog.
- :mod:`~tracker.store.queries`: every SELECT the site, ``status`` and the CLI need.
- :mod:`~tracker.store.lock`: one run at a time per database.
"""

from tracker.errors import StoreError
from tracker.store.db import open_db

__all__ = ["StoreError", "open_db"]
