"""``clausewatch catalog add``: write a declaration with a suggested selector."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.catalog.parse import (
    parse_declaration,
)
from tracker.catalog.suggest import Suggestion, page_language, suggest_selector
from tracker.catalog.tryout import TryReport, try_document
from tracker.errors import AddError, FetchError
from tracker.fetch.http import Fetcher


@dataclass
class AddReport:
    path: Path
    created: bool  # a new declaration file (else a terms type added to one)
    entry: dict[str, Any]
    suggestion: Suggestion | None
    trial: TryReport
    written: bool = True


def declaration_path(catalog_dir: Path, service: str) -> Path:
    """The file that declares ``service``: an existing one, else ``<Service>.json``."""
    if catalog_dir.is_dir():
        for path in sorted(catalog_dir.glob("*.json")):
            if path.name.endswith(".history.json"):
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            name = data.get("name") if isinstance(data, dict) else None
            if isinstance(name, str) and name.strip().casefold() == service.casefold():
                return path
    safe = re.sub(r'[/\\:*?"<>|\x00-\x1f]', "-", service).strip().lstrip(".") or "service"
    return catalog_dir / f"{safe}.json"


def add_declaration(
    url: str,
    service: str,
    terms_type: str,
    catalog_dir: str | Path,
    fetcher: Fetcher,
    select: str | None = None,
    remove: list[str] | None = None,
    browser: bool = False,
    force: bool = False,
    dry_run: bool = False,
) -> AddReport:
    """Write a declaration for ``url`` into ``catalog_dir`` and show what it extracts.

    The selector is ``select`` or :func:`suggest_selector`'s guess.  Adds the terms type
    to the service's existing file if there is one; refuses to replace a terms type
    already declared unless ``force``.  Raises :class:`AddError`.
    """
    if not re.match(r"^https?://[^/\s]+", url):
        raise AddError(f"{url!r}: expected an http(s) URL")
    if not service.strip():
        raise AddError("--service: give the service's name, e.g. 'Acme'")
    catalog_dir = Path(catalog_dir)
    path = declaration_path(catalog_dir, service.strip())
    data: dict[str, Any]
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise AddError(f"{path}: invalid JSON ({exc}); fix it first") from exc
        terms = data.setdefault("terms", {})
        if terms_type in terms and not force:
            raise AddError(
                f'{path}: terms "{terms_type}" is already declared; use --force to replace it'
            )
    else:
        data = {"name": service.strip(), "terms": {}}

    try:
        fetched = fetcher(url, browser)
    except FetchError as exc:
        raise AddError(f"cannot fetch {url}: {exc}") from exc
    if fetched.status >= 400:
        raise AddError(f"{url}: HTTP {fetched.status}; give the URL of the document itself")
    suggestion = None
    if select is None:
        suggestion = suggest_selector(fetched.html)
        select = suggestion.select
        remove = list(dict.fromkeys((remove or []) + suggestion.remove))
    entry: dict[str, Any] = {"fetch": url, "select": select}
    if remove:
        entry["remove"] = remove
    if browser:
        entry["executeClientScripts"] = True
    language = page_language(fetched.html)
    if language:
        entry["language"] = language
    data["terms"][terms_type] = entry

    docs, problems = parse_declaration(data, str(path))
    if problems:
        raise AddError("the new declaration would not load:\n" + "\n".join(problems))
    doc = next(d for d in docs if d.terms_type == terms_type)
    trial = try_document(doc, fetcher, browser=browser, twice=False)
    report = AddReport(path, not path.exists(), entry, suggestion, trial, written=not dry_run)
    if not dry_run:
        catalog_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return report
