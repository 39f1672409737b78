"""The catalog: Open Terms Archive declarations, and the tools that keep them healthy.

- :mod:`~tracker.catalog.parse`: read and validate declaration files into
  :class:`DocumentSpec` objects (:func:`load_catalog`).
- :mod:`~tracker.catalog.check`: ``catalog check``, every problem at once.
- :mod:`~tracker.catalog.listing`: ``catalog list``, with each document's health.
- :mod:`~tracker.catalog.tryout`: ``catalog try``, fetch and extract a declaration.
- :mod:`~tracker.catalog.suggest`: a main-content selector for an unknown page.
- :mod:`~tracker.catalog.add`: ``catalog add``, write a new declaration.
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
