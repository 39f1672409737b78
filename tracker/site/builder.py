"""The builder: renders pages incrementally into the output folder.

Every page has a fingerprint of its inputs (the data it shows, the templates and the
site's code), kept in a build manifest *beside* the output folder (``<out>.build.json``,
never published with the site); a page whose fingerprint is unchanged is not even
rendered, and a rendered page is written only when its bytes differ.  Pages carry no
build timestamp, so a rebuild after one new change rewrites only the pages that show
it.  Files of an earlier build that the site no longer has are deleted (only files
listed in the manifest are ever deleted).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracker.site.data import digest
from tracker.site.paths import root_of
from tracker.site.templating import environment, template_fingerprint

#: the manifest of the last build, kept next to the output folder: ``<out>.build.json``
MANIFEST_SUFFIX = ".build.json"
#: where earlier versions kept it, inside the site (read once, then removed)
LEGACY_MANIFEST = ".clausewatch-build.json"
#: bump when the meaning of a fingerprint changes
BUILD_FORMAT = 2


def manifest_path(out: str | Path) -> Path:
    """The build manifest of a site folder: beside it, never published with it."""
    out = Path(out).resolve()
    return out.with_name(out.name + MANIFEST_SUFFIX)


@dataclass
class BuildReport:
    """What a build did: pages written (site-relative paths), left alone, deleted."""

    out: Path
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # things the reader of the log should know

    @property
    def pages(self) -> int:
        return len(self.written) + self.unchanged


def _write(report: BuildReport, rel: str, content: str | bytes) -> None:
    """Write a file only when its bytes differ (so rebuilds touch only what changed)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = report.out / rel
    if path.exists() and path.read_bytes() == data:
        report.unchanged += 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    report.written.append(rel)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the templates and of the code that renders them."""
    here = Path(__file__).resolve().parent
    fingerprint = hashlib.sha256(template_fingerprint().encode())
    for path in sorted(here.glob("*.py")):
        fingerprint.update(path.read_bytes())
    fingerprint.update(str(BUILD_FORMAT).encode())
    return fingerprint.hexdigest()


class Builder:
    """Renders pages into ``out``, skipping those whose inputs did not change."""

    def __init__(self, db: Database, out: Path, base_url: str | None) -> None:
        self.db = db
        self.out = out
        self.base_url = (base_url or "").rstrip("/")
        self.env = environment()
        self.report = BuildReport(out)
        self.salt = digest([code_fingerprint(), self.base_url])
        old = self._load_manifest()
        self.old_pages: dict[str, str] = old.get("pages", {}) if old.get("salt") else {}
        self.pages: dict[str, str] = {}

    def _load_manifest(self) -> dict[str, Any]:
        for path in (manifest_path(self.out), self.out / LEGACY_MANIFEST):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict) and data.get("format") in (1, BUILD_FORMAT):
                return data
        return {}

    def save_manifest(self) -> None:
        data = {"format": BUILD_FORMAT, "salt": self.salt, "pages": self.pages}
        path = manifest_path(self.out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, sort_keys=True, indent=0), encoding="utf-8")
        (self.out / LEGACY_MANIFEST).unlink(missing_ok=True)

    def emit(self, rel: str, key: Any, render: Callable[[], str | bytes]) -> None:
        """Render and write ``rel`` unless its inputs are the same as at the last build."""
        if rel in self.pages:
            raise ValueError(f"two pages want the same path: {rel}")
        fingerprint = digest([self.salt, key])
        self.pages[rel] = fingerprint
        if self.old_pages.get(rel) == fingerprint and (self.out / rel).exists():
            self.report.unchanged += 1
            return
        _write(self.report, rel, render())

    def page(self, template: str, rel: str, key: Any, context: Callable[[], dict]) -> None:
        """Render ``template`` to ``rel`` with the common context plus ``context()``."""

        def render() -> str:
            ctx = {
                "root": root_of(rel),
                "path": rel,
                "base_url": self.base_url,
                "feeds": [],
                "nav": "",
                "lang": "en",
                "dir": "ltr",
            }
            ctx.update(context())
            return self.env.get_template(template).render(**ctx)

        self.emit(rel, [template, key], render)

    def remove_stale(self) -> None:
        for rel in sorted(set(self.old_pages) - set(self.pages)):
            path = self.out / rel
            if path.is_file():
                path.unlink()
                self.report.removed.append(rel)
