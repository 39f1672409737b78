"""Why a fetch failed: stable reason ids, and the rules that recognise them.

Reason ids are stored in ``fetches.reason`` and shown by ``clausewatch status``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.store import PageFetch

REASONS = {
    "http_error": "the server answered with an HTTP error status",
    "timeout": "the server did not answer in time",
    "dns_error": "the host name could not be resolved",
    "connection_error": "the connection was refused or reset",
    "tls_error": "the TLS handshake failed",
    "robots_txt": "robots.txt forbids fetching this page",
    "too_large": "the page is larger than the download cap",
    "selector_no_match": "the declaration's selector matched nothing",
    "needs_browser": "the declaration needs a browser (executeClientScripts)",
    "network_error": "the fetch failed",
    "empty_body": "the page body is empty",
    "internal_error": "clausewatch itself failed while recording the fetch (a bug: please report)",
}


def classify_exception(exc: BaseException) -> tuple[str, str]:
    """Map a download exception to a reason id and a readable detail."""
    name = type(exc).__name__
    text = str(exc) or name
    lowered = (name + " " + text).lower()
    if "ignorerequest" in lowered and "robots" in lowered:
        return (
            "robots_txt",
            "forbidden by robots.txt; set ignoreRobotsTxt in the declaration to override",
        )
    if "ignorerequest" in lowered:
        return "robots_txt", text
    if "timeout" in lowered or "timedout" in lowered:
        return "timeout", f"no answer in time ({name})"
    if "dnslookup" in lowered or "dns" in lowered:
        return "dns_error", f"host not found ({name})"
    if "ssl" in lowered or "tls" in lowered or "certificate" in lowered:
        return "tls_error", f"TLS failed ({text})"
    if "maxsize" in lowered or "cancelled" in lowered and "size" in lowered:
        return "too_large", text
    if any(w in lowered for w in ("refused", "reset", "lost", "neverreceived", "connection")):
        return "connection_error", f"{name}: {text}"
    return "network_error", f"{name}: {text}"


def classify_page(page: PageFetch) -> tuple[str, str] | None:
    """Return ``(reason, detail)`` when a fetched page is not a usable document."""
    if page.status >= 400:
        return "http_error", f"HTTP {page.status}"
    if not page.body.strip():
        return "empty_body", "the page body is empty"
    return None
