"""The catalog: Open Terms Archive declarations, and the tools that keep them healthy.

- :mod:`~tracker.catalog.parse`: read and validate declaration files into
  :class:`DocumentSpec` objects (:func:`load_catalog`).
- :mod:`~tracker.catalog.check`: ``catalog check``, every problem at once.
- :mod:`~tracker.catalog.listing`: ``catalog list``, with each document's health.
- :mod:`~tracker.catalog.tryout`: ``catalog try``, fetch and extract a declaration.
- :mod:`~tracker.catalog.suggest`: a main-content selector for an unknown page.
- :mod:`~tracker.catalog.add`: ``catalog add``, write a new declaration.
- :mod:`~tracker.catalog.doctor`: ``catalog doctor``, a new selector for a broken one
  (:mod:`~tracker.catalog.candidates` searches a page, :mod:`~tracker.catalog.score`
  measures a text against the last version, :mod:`~tracker.catalog.selectors` judges
  names, :mod:`~tracker.catalog.links` finds where a moved document went).
- :mod:`~tracker.catalog.ota`: ``catalog sync-ota``, compare with Open Terms Archive.
- :mod:`~tracker.catalog.rewrite`: rewrite an entry, keeping the old one in
  ``*.history.json``.
"""

from tracker.catalog.parse import (
    FETCH_SCHEMES,
    TERMS_TYPES,
    Catalog,
    DocumentSpec,
    PageSpec,
    default_catalog_dir,
    load_catalog,
    load_declaration_file,
    parse_declaration,
)
from tracker.errors import CatalogError

__all__ = [
    "FETCH_SCHEMES",
    "TERMS_TYPES",
    "Catalog",
    "CatalogError",
    "DocumentSpec",
    "PageSpec",
    "default_catalog_dir",
    "load_catalog",
    "load_declaration_file",
    "parse_declaration",
]
