"""Alerts: changes sent where people are, through Apprise (docs/alerts.md).

- :mod:`~tracker.alerts.subscriptions`: the ``[[alerts]]`` subscriptions, their filters,
  and their secrets (read from the environment, scrubbed from every log line).
- :mod:`~tracker.alerts.render`: the words of a message, short (300 characters) or full.
- :mod:`~tracker.alerts.delivery`: the outbox's rows sent through Apprise, at least once,
  with backoff.
- :mod:`~tracker.alerts.dispatch`: the use case: queue what matches, then deliver.

The outbox table itself is :mod:`tracker.store.outbox`.
"""
