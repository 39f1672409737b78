"""``clausewatch import ota PATH``: an Open Terms Archive versions repository as history.

An Open Terms Archive versions repository (e.g. a clone of ``pga-versions``) is a git
repository with one file per document, ``SERVICE/TERMS TYPE.md``, and one commit per
recorded version, dated with the fetch that produced it.  Its message says what the
version is (as the archive's engine writes it):

- "First record of …" (formerly "Start tracking …") and "Record new changes of …"
  (formerly "Update …"): the platform's text changed;
- "Apply technical or declaration upgrade on …" (formerly "Refilter …"): the archive
  extracted the same page again with new rules.  Recorded as minor, never alerted.

Any other message is taken as a change, as the archive's engine does.  Every document
is imported; a service and terms type that match a catalog declaration (by the
declaration's file name or service name, ignoring case, spaces and punctuation) join
that document, so a later crawl continues its history; the others are imported all
the same and listed.

Plain ``git`` subprocesses, not GitPython: the import needs two commands (``git log``
once for the whole history, ``git cat-file --batch`` streaming every file version),
which is the fastest way to read tens of thousands of commits, and the import must
have ``git`` anyway to clone the repository; a library would add a dependency that
runs the same ``git`` underneath.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from tracker.analysis import default_analyser
from tracker.catalog import Catalog, DocumentSpec, load_catalog
from tracker.errors import ExtractionError, ImportSourceError
from tracker.extract import extract_markdown
from tracker.importers.record import (
    Imported,
    history_end,
    parse_stamp,
    record_imported,
    stamp,
)
from tracker.items import PageFetch
from tracker.store.analyser import Analyser
from tracker.store.db import open_db
from tracker.store.documents import ensure_document, ensure_named_document
from tracker.store.lock import RunLock
from tracker.store.queries import latest_version

#: commit message prefixes of the archive's engine, and what each kind of version is
PREFIXES = (
    ("First record of", "first"),
    ("Start tracking", "first"),
    ("Record new changes of", "change"),
    ("Update", "change"),
    ("Apply technical or declaration upgrade on", "upgrade"),
    ("Refilter", "upgrade"),
)


def commit_kind(subject: str) -> str:
    """``first``, ``change``, ``upgrade`` or ``unknown`` (imported as a change)."""
    for prefix, kind in PREFIXES:
        if subject.startswith(prefix):
            return kind
    return "unknown"


@dataclass
class Commit:
    sha: str
    date: str  # stamp(): UTC
    subject: str
    files: list[tuple[str, str]]  # (blob sha, path) of the versions it added or modified

    @property
    def kind(self) -> str:
        return commit_kind(self.subject)


@dataclass
class DocumentImport:
    service: str
    terms_type: str
    path: str
    document_id: int = 0
    in_catalog: bool = False
    commits: int = 0
    versions: int = 0  # new versions recorded
    upgrades: int = 0  # of which archive re-extractions (minor)
    same_text: int = 0  # commits whose visible text was the previous version's
    older: int = 0  # commits at or before the document's history end (already there)
    errors: list[str] = field(default_factory=list)


@dataclass
class OtaReport:
    repository: str
    documents: list[DocumentImport] = field(default_factory=list)
    unknown_messages: int = 0  # commits whose message is not the archive engine's

    @property
    def missing_from_catalog(self) -> list[DocumentImport]:
        return [d for d in self.documents if not d.in_catalog]

    @property
    def versions(self) -> int:
        return sum(d.versions for d in self.documents)


def _git(repo: Path, *args: str) -> list[str]:
    if shutil.which("git") is None:
        raise ImportSourceError("git is not installed; install it (e.g. apt-get install git)")
    return ["git", "-C", str(repo), "-c", "core.quotepath=off", *args]


def check_repository(repo: Path) -> None:
    """Raise :class:`ImportSourceError` unless ``repo`` is a git repository with commits."""
    if not repo.is_dir():
        raise ImportSourceError(f"{repo}: folder not found; give the folder of a git clone")
    done = subprocess.run(
        _git(repo, "rev-parse", "--verify", "HEAD"), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise ImportSourceError(
            f"{repo}: not a git repository with commits; clone an Open Terms Archive "
            "versions repository (git clone https://github.com/OpenTermsArchive/pga-versions) "
            "and give its folder"
        )


def read_commits(repo: Path) -> list[Commit]:
    """Every commit that added or changed a ``SERVICE/TYPE.md`` file, oldest first."""
    done = subprocess.run(
        _git(
            repo, "log", "--reverse", "--no-merges", "--no-renames", "-z", "--raw",
            "--no-abbrev", "--format=%x1e%H%x1f%aI%x1f%s", "--", ":(glob)*/*.md",
        ),
        capture_output=True,
    )  # fmt: skip
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()
        raise ImportSourceError(f"{repo}: git log failed: {detail}")
    commits = []
    for record in done.stdout.decode("utf-8", "surrogateescape").split("\x1e")[1:]:
        header, _, raw = record.partition("\0")
        sha, date, subject = (header.split("\x1f") + ["", ""])[:3]
        tokens = raw.lstrip("\n").split("\0")
        files = []
        for meta, path in zip(tokens[0::2], tokens[1::2], strict=False):
            parts = meta.split()
            if len(parts) >= 5 and parts[4] in ("A", "M"):
                files.append((parts[3], path))
        when = stamp(datetime.fromisoformat(date))
        commits.append(Commit(sha, when, subject, files))
    return commits


class BlobReader:
    """``git cat-file --batch``: file versions by blob id, streamed from one process."""

    def __init__(self, repo: Path) -> None:
        self.proc = subprocess.Popen(
            _git(repo, "cat-file", "--batch"), stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

    def read(self, blob: str) -> bytes:
        stdin: IO[bytes] = self.proc.stdin  # type: ignore[assignment]
        stdout: IO[bytes] = self.proc.stdout  # type: ignore[assignment]
        stdin.write(blob.encode() + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            raise ImportSourceError(f"git cat-file cannot read blob {blob}")
        data = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after the content
        return data

    def close(self) -> None:
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()
        self.proc.wait()


def _compact(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def catalog_index(catalog: Catalog | None) -> dict[tuple[str, str], DocumentSpec]:
    """Catalog documents by (compact service name or file name, terms type)."""
    out: dict[tuple[str, str], DocumentSpec] = {}
    for spec in catalog.documents if catalog else []:
        for name in (Path(spec.source_file).stem, spec.service):
            out.setdefault((_compact(name), spec.terms_type.casefold()), spec)
    return out


def web_url(repo: Path) -> str | None:
    """``https://github.com/OWNER/NAME`` when the clone's origin is on GitHub."""
    done = subprocess.run(
        _git(repo, "config", "--get", "remote.origin.url"), capture_output=True, text=True
    )
    match = re.match(r"(?:https://github\.com/|git@github\.com:)([\w.-]+/[\w.-]+?)(?:\.git)?/?$",
                     done.stdout.strip())  # fmt: skip
    return f"https://github.com/{match.group(1)}" if match else None


def _wanted(service: str, terms_type: str, only: Iterable[str] | None) -> bool:
    if not only:
        return True
    for item in only:
        name, _, kind = item.partition("/")
        if _compact(name) == _compact(service) and (
            not kind.strip() or kind.strip().casefold() == terms_type.casefold()
        ):
            return True
    return False


def _by_document(commits: list[Commit]) -> dict[str, list[tuple[Commit, str]]]:
    out: dict[str, list[tuple[Commit, str]]] = {}
    for commit in commits:
        for blob, path in commit.files:
            out.setdefault(path, []).append((commit, blob))
    return out


def import_ota(
    repo_path: str | Path,
    db_path: str | Path,
    catalog_dir: str | Path | None = None,
    only: Iterable[str] | None = None,
    analyser: Analyser | None = None,
    progress: Callable[[DocumentImport], None] | None = None,
) -> OtaReport:
    """Import every document's history from an Open Terms Archive versions repository.

    Idempotent: history is only added after each document's latest version (see
    :mod:`tracker.importers.record`), so a second import adds nothing and an import
    after ``git pull`` adds the new commits.  Holds the database's run lock.  Raises
    :class:`ImportSourceError` when ``repo_path`` is not a git repository.
    """
    repo = Path(repo_path)
    check_repository(repo)
    analyser = analyser or default_analyser()
    catalog = load_catalog(catalog_dir) if catalog_dir else None
    known = catalog_index(catalog)
    report = OtaReport(str(repo))
    commits = read_commits(repo)
    report.unknown_messages = sum(1 for c in commits if c.kind == "unknown")
    github = web_url(repo)
    with RunLock(db_path):
        db = open_db(db_path)
        blobs = BlobReader(repo)
        try:
            for path, history in _by_document(commits).items():
                service, _, name = path.partition("/")
                terms_type = name[: -len(".md")]
                if not _wanted(service, terms_type, only):
                    continue
                spec = known.get((_compact(service), terms_type.casefold()))
                doc = DocumentImport(service, terms_type, path, in_catalog=spec is not None)
                with db.atomic():
                    doc.document_id = (
                        ensure_document(db, spec)
                        if spec
                        else ensure_named_document(db, service, terms_type)
                    )
                start = _resume_at(db, doc.document_id, history)
                for index, (commit, blob) in enumerate(history):
                    if index < start:
                        doc.commits += 1
                        doc.older += 1
                        continue
                    _import_one(db, doc, commit, blobs.read(blob), spec, github, analyser)
                report.documents.append(doc)
                if progress is not None:
                    progress(doc)
        finally:
            blobs.close()
            db.close()
    return report


def _resume_at(db: Any, document_id: int, history: list[tuple[Commit, str]]) -> int:
    """Where a document's import resumes: after the commit recorded last, and never
    before the end of its history (a crawl after an import moves that end)."""
    end = history_end(db, document_id)
    latest = latest_version(db, document_id)
    shas = [commit.sha for commit, _ in history]
    start = 0
    if latest is not None and latest.get("origin_ref") in shas:
        start = shas.index(latest["origin_ref"]) + 1
    if end is not None:
        limit = parse_stamp(end)
        while start < len(history) and parse_stamp(history[start][0].date) < limit:
            start += 1
    return start


def _import_one(
    db: Any, doc: DocumentImport, commit: Commit, data: bytes, spec: DocumentSpec | None,
    github: str | None, analyser: Analyser,
) -> None:  # fmt: skip
    doc.commits += 1
    try:
        markdown = extract_markdown(data.decode("utf-8", "replace"))
    except ExtractionError as exc:
        doc.errors.append(f"{commit.sha[:12]}: {exc}; skipped")
        return
    source = f"{github}/blob/{commit.sha}/{quote(doc.path)}" if github else ""
    url = spec.url if spec else source
    page = PageFetch(
        url=url or source,
        final_url=source or url,
        status=200,
        body=data,
        headers={"content-type": "text/markdown; charset=utf-8"},
        fetched_at=commit.date,
    )
    upgrade = commit.kind == "upgrade"
    item = Imported(
        markdown=markdown,
        when=commit.date,
        origin="ota_upgrade" if upgrade else "ota",
        ref=commit.sha,
        pages=[page],
        declaration={"imported": "ota", "path": doc.path},
    )
    outcome = record_imported(db, doc.document_id, item, analyser)
    if outcome == "new_version":
        doc.versions += 1
        doc.upgrades += upgrade
    elif outcome == "same_text":
        doc.same_text += 1
    elif outcome == "older":
        doc.older += 1
