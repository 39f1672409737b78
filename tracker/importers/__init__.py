"""History import: years of versions on day one (docs/import.md).

- :mod:`~tracker.importers.ota`: an Open Terms Archive versions repository (git).
- :mod:`~tracker.importers.wayback`: the Wayback Machine's captures of a document.
- :mod:`~tracker.importers.record`: both record through the crawl's recorder and analyser.
"""
