"""The static site and its feeds, rendered from the database alone.

- :mod:`~tracker.site.build`: the builder (incremental, manifest kept beside the site)
  and :func:`build_site`.
- :mod:`~tracker.site.data`: what the pages show, read through ``tracker.store.queries``.
- :mod:`~tracker.site.pages`: one function per kind of page.
- :mod:`~tracker.site.feeds`: Atom and RSS feeds (feedgen).
- :mod:`~tracker.site.paths`: where each page lives; the ``tag:`` scheme of ids.
- :mod:`~tracker.site.templating`: the one autoescaping Jinja environment.
"""

from tracker.site.build import BuildReport, build_site

__all__ = ["BuildReport", "build_site"]
