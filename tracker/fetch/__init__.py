"""Fetching: what happens between a request and a response.

- :mod:`~tracker.fetch.retry`: retries that back off (a downloader middleware).
- :mod:`~tracker.fetch.conditional`: conditional requests (``If-None-Match``).
- :mod:`~tracker.fetch.browser`: headless chromium for ``executeClientScripts`` pages.
- :mod:`~tracker.fetch.failures`: why a fetch failed, from an exception or the page.
- :mod:`~tracker.fetch.http`: a plain blocking fetch for the catalog tools.
"""
