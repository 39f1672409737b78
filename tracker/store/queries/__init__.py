"""Every SELECT the crawl, the site, ``status`` and the command line need.

One package, one module per subject; import from the package.  Writes live in
:mod:`tracker.store.recorder` (and :mod:`~tracker.store.runs`, the suspects, the outbox,
the doctor's diagnoses); these modules only read, and return plain dicts ready for
JSON or a template.
"""

from tracker.store.queries.changes import CHANGE_QUERY, list_changes, service_rows, site_documents
from tracker.store.queries.crawl import (
    conditional_validators,
    crawl_plan,
    current_sources,
    last_success,
)
from tracker.store.queries.doctor import (
    current_diagnoses,
    document_row,
    failed_page,
    last_versions,
    snapshot_in_use,
    suspect_page,
)
from tracker.store.queries.health import (
    PROBLEM_STATUSES,
    catalog_health,
    document_health,
    find_document,
    problem_sentence,
    problem_started,
    recent_runs,
    run_suspects,
)
from tracker.store.queries.rows import _rows
from tracker.store.queries.versions import (
    change_headlines,
    current_flags,
    document_ids,
    earlier_versions,
    known_bodies,
    known_sources,
    latest_version,
    snapshot_hashes,
    unpacked,
    version_markdown,
    version_rows,
    versions_of,
)

__all__ = [
    "CHANGE_QUERY",
    "PROBLEM_STATUSES",
    "_rows",
    "catalog_health",
    "change_headlines",
    "conditional_validators",
    "crawl_plan",
    "current_sources",
    "current_diagnoses",
    "current_flags",
    "document_health",
    "document_ids",
    "document_row",
    "earlier_versions",
    "failed_page",
    "find_document",
    "known_bodies",
    "known_sources",
    "last_success",
    "last_versions",
    "latest_version",
    "list_changes",
    "problem_sentence",
    "problem_started",
    "recent_runs",
    "run_suspects",
    "service_rows",
    "site_documents",
    "snapshot_hashes",
    "suspect_page",
    "snapshot_in_use",
    "unpacked",
    "version_markdown",
    "version_rows",
    "versions_of",
]
