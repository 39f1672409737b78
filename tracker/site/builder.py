"""The builder: renders pages incrementally into the output folder.

Every page has a fingerprint of its inputs (the data it shows, the templates and the
site's code), kept in a build manifest *beside* the output folder (``<out>.build.json``,
never published with the site); a page whose fingerprint is unchanged is not even
rendered, and a rendered page is written only when its bytes differ.  Pages carry no
build timestamp, so a rebuild after one new change rewrites only the pages that show
it.  Files of an earlier build that the site no longer has are deleted (only files
listed in the manifest, and only inside the output folder, are ever deleted).

A page that cannot be rendered or written (a name no file system takes, a bug) is
reported in :attr:`BuildReport.problems` and keeps its previous file: the other pages
are built.  Where pages are written, and how the folder is swapped, is
:mod:`tracker.site.output`.
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

from tracker.errors import SiteError, describe_os_error
from tracker.normalize import shown
from tracker.site.data import digest
from tracker.site.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator, translator
from tracker.site.output import inside, write_atomically
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
    if not out.name:  # the root folder, which no build uses (tracker.site.output)
        return out / MANIFEST_SUFFIX
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
    # each language's home page, site-relative: {"en": "index.html", "ar": "ar/index.html"}
    homes: dict[str, str] = field(default_factory=dict)
    # pages that could not be built (each names the page and why); the rest were built
    problems: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len(self.written) + self.unchanged


def _write(report: BuildReport, root: Path, rel: str, content: str | bytes) -> None:
    """Write a file only when its bytes differ (so rebuilds touch only what changed)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = inside(root, rel)
    if path is None:
        raise SiteError(
            f"{report.out / rel}: refusing to write outside the site folder (a symbolic "
            "link inside it leads elsewhere); remove the link"
        )
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        report.unchanged += 1
        return
    write_atomically(path, data)
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


def _pages_of(data: Any) -> dict[str, str]:
    """The ``{path: fingerprint}`` of a manifest, keeping only well-formed entries."""
    pages = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(pages, dict):
        return {}
    return {k: v for k, v in pages.items() if isinstance(k, str) and isinstance(v, str)}


class Builder:
    """Renders pages into ``root`` (the site ``out``, or its staging copy).

    Pages whose inputs did not change since the last complete build are skipped.

    The site is built once per language (:meth:`set_language`): the pages of a language
    other than English are written under its folder (``ar/``), and every path given to
    :meth:`page` and :meth:`emit` is relative to that folder, unless ``shared`` (the
    assets and the documents' data files, which all languages use).
    """

    def __init__(
        self,
        db: Database,
        out: Path,
        base_url: str | None,
        root: Path | None = None,
        languages: tuple[str, ...] = (DEFAULT_LANGUAGE,),
    ) -> None:
        self.db = db
        self.out = out
        self.root = root or out
        self.base_url = (base_url or "").rstrip("/")
        self.env = environment()
        self.report = BuildReport(out)
        self.languages = languages
        self.t: Translator = translator(DEFAULT_LANGUAGE)
        # what one language computed that the next can reuse (e.g. sentences of texts)
        self.memo: dict[str, Any] = {}
        self.report.homes = {code: LANGUAGES[code].prefix + "index.html" for code in languages}
        self.salt = digest([code_fingerprint(), self.base_url, list(languages)])
        old = self._load_manifest()
        self.old_pages: dict[str, str] = _pages_of(old) if old.get("salt") else {}
        # an interrupted in-place build: its pages are known, their fingerprints are not
        self.trusted = old.get("complete", True) is not False
        self.pages: dict[str, str] = {}

    def _load_manifest(self) -> dict[str, Any]:
        for path in (manifest_path(self.out), self.out / LEGACY_MANIFEST):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError):
                continue
            if isinstance(data, dict) and data.get("format") in (1, BUILD_FORMAT):
                return data
        return {}

    def save_manifest(self, complete: bool = True) -> None:
        """Write the manifest; ``complete=False`` marks an in-place build under way."""
        pages = self.pages if complete else {**self.old_pages, **self.pages}
        data = {"format": BUILD_FORMAT, "salt": self.salt, "pages": pages, "complete": complete}
        path = manifest_path(self.out)
        text = json.dumps(data, sort_keys=True, indent=0)
        try:
            write_atomically(path, text.encode("utf-8"))
        except OSError as exc:
            raise SiteError(f"the build manifest {describe_os_error(exc, str(path))}") from exc
        (self.out / LEGACY_MANIFEST).unlink(missing_ok=True)

    @property
    def lang(self) -> str:
        """The language being built."""
        return self.t.language

    @property
    def prefix(self) -> str:
        """The folder of the language being built, inside the site (``""`` or ``ar/``)."""
        return LANGUAGES[self.lang].prefix

    def set_language(self, language: str) -> None:
        """Build the pages of ``language`` from now on."""
        self.t = translator(language)

    def site_path(self, rel: str) -> str:
        """The path inside the site of the current language's page ``rel``."""
        return self.prefix + rel

    def emit(
        self, rel: str, key: Any, render: Callable[[], str | bytes], shared: bool = False
    ) -> None:
        """Render and write ``rel`` unless its inputs are the same as at the last build.

        ``rel`` is relative to the current language's folder, or to the site when
        ``shared`` (a file every language uses, written with the English pages).  A page that fails is
        reported and keeps its previous file; the build goes on.
        """
        if shared:  # written with the default language's pages, once
            if self.lang != DEFAULT_LANGUAGE:
                return
        else:
            rel = self.site_path(rel)
        if rel in self.pages:
            self.problem(rel, "two pages of the site want this path; only the first was built")
            return
        fingerprint = digest([self.salt, key])
        unchanged = self.trusted and self.old_pages.get(rel) == fingerprint
        if unchanged and (self.root / rel).exists():
            self.pages[rel] = fingerprint
            self.report.unchanged += 1
            return
        try:
            _write(self.report, self.root, rel, render())
        except SiteError:
            raise
        except OSError as exc:
            if exc.errno in (28, 122, 30):  # ENOSPC, EDQUOT, EROFS: no page can be written
                raise SiteError(
                    f"cannot write {describe_os_error(exc, str(self.out / rel))}"
                ) from exc
            self._failed(rel, describe_os_error(exc, "").lstrip(": "))
            return
        except Exception as exc:  # one bad page must not take the site down with it
            self._failed(rel, f"{type(exc).__name__}: {exc}")
            return
        self.pages[rel] = fingerprint

    def _failed(self, rel: str, why: str) -> None:
        if rel in self.old_pages:
            self.pages[rel] = self.old_pages[rel]  # its previous file stays, and is listed
        self.problem(rel, f"not built: {why}")

    def problem(self, rel: str, what: str) -> None:
        """Report a page that could not be built (the rest of the site is)."""
        self.report.problems.append(f"{self.out / shown(rel)}: {shown(what)}")

    def page(self, template: str, rel: str, key: Any, context: Callable[[], dict]) -> None:
        """Render ``template`` to ``rel`` with the common context plus ``context()``.

        ``root`` leads to the top of the current language's pages, ``site_root`` to the
        top of the site (the assets); ``languages`` are the same page in every language
        built (the language switch).
        """
        common = self.common_context(rel)

        def render() -> str:
            ctx = dict(common)
            ctx.update(context())
            return self.env.get_template(template).render(**ctx)

        self.emit(rel, [template, key], render)

    def site_root(self, rel: str) -> str:
        """The way from the current language's page ``rel`` to the top of the site."""
        if not self.prefix:
            return root_of(rel)
        return "../" * (rel.count("/") + self.prefix.count("/"))

    def shared_path(self, rel: str, folder: str) -> str:
        """The way from the page ``rel`` to ``folder``, a folder of shared files (English's).

        ``""`` or ``../`` from an English page inside it, through the top of the site
        from the other languages' pages.
        """
        folder = folder.rstrip("/") + "/"
        if not self.prefix and rel.startswith(folder):
            return "../" * (rel.count("/") - folder.count("/"))
        return self.site_root(rel) + folder

    def common_context(self, rel: str) -> dict[str, Any]:
        """What every page of the current language at ``rel`` is rendered with."""
        root = root_of(rel)
        site_root = self.site_root(rel)
        path = self.site_path(rel)
        return {
            "root": root,
            "site_root": site_root,
            "path": path,
            "base_url": self.base_url,
            "feeds": [],
            "nav": "",
            "lang": self.lang,
            "dir": self.t.dir,
            "languages": [
                {
                    "code": code,
                    "name": LANGUAGES[code].name,
                    "dir": LANGUAGES[code].dir,
                    "href": site_root + LANGUAGES[code].prefix + rel,
                    "current": code == self.lang,
                }
                for code in self.languages
            ],
        }

    def remove_stale(self) -> None:
        """Delete the files of the last build that this build no longer has.

        Only files listed in the manifest, and only inside the site folder: an entry
        that leads outside (``../x``, ``/etc/x``, through a symbolic link) is skipped
        and reported.
        """
        for rel in sorted(set(self.old_pages) - set(self.pages)):
            path = inside(self.root, rel)
            if path is None:
                self.report.notes.append(
                    f"the build manifest lists {rel!r}, outside the site folder: not deleted"
                )
                continue
            if path.is_file() or path.is_symlink():
                path.unlink()
                self.report.removed.append(rel)
