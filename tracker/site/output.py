"""The output folder of ``clausewatch build``: which folders it may use, and how it is swapped.

- **Which folder.** Never the root of a file system nor the home folder.  A folder that
  is not empty is used only if an earlier build made it (it holds :data:`MARKER`, or
  has a build manifest beside it), or with ``force``: clausewatch never overwrites
  files it did not write without being asked.
- **Nothing outside it.** Every path written or deleted is resolved (symbolic links
  included) and must stay inside the folder; a build manifest that names ``../x`` or
  ``/etc/x`` cannot make a build delete anything outside.
- **All or nothing.** A build is written into a staging folder beside the site (a copy
  of the current site made of hard links, so unchanged pages cost nothing), which then
  replaces the site by two renames.  A build that fails or is killed leaves the
  published site as it was; the next build removes the leftovers and starts again.
  Where the folder cannot be swapped (a mount point, a parent folder this user cannot
  write), the build writes in place, each file atomically, and a killed build is
  resumed: the next build trusts none of the fingerprints of the interrupted one.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from tracker.errors import SiteError, describe_os_error

#: written into every site folder: "a clausewatch build made this folder"
MARKER = ".clausewatch-site"
MARKER_TEXT = (
    "This folder is a site written by 'clausewatch build'. Files that clausewatch did "
    "not write here are left alone.\n"
)
STAGE_SUFFIX = ".clausewatch-build"
OLD_SUFFIX = ".clausewatch-old"


def is_ours(out: Path, manifests: tuple[Path, ...] = ()) -> bool:
    """Whether an earlier build made ``out`` (its marker, or a build manifest)."""
    return (out / MARKER).is_file() or any(m.is_file() for m in manifests)


def check_out(out: Path, force: bool = False, manifests: tuple[Path, ...] = ()) -> Path:
    """The resolved output folder, or :class:`SiteError` if it must not be used."""
    resolved = out.expanduser().resolve()
    if resolved == Path(resolved.anchor):
        raise SiteError(f"{out}: refusing to build the site into the root folder; use --out site")
    if resolved == Path.home().resolve():
        raise SiteError(
            f"{out}: refusing to build the site into your home folder; use a folder of its "
            "own, e.g. --out ~/tos-site"
        )
    if resolved.exists() and not resolved.is_dir():
        raise SiteError(f"{out}: not a folder; give --out a folder for the site")
    if resolved.is_dir() and not force and not is_ours(resolved, manifests):
        try:
            with os.scandir(resolved) as entries:
                empty = next(entries, None) is None
        except OSError as exc:
            raise SiteError(describe_os_error(exc, str(out))) from exc
        if not empty:
            raise SiteError(
                f"{out}: the folder is not empty and was not made by clausewatch build; "
                "use an empty or new folder, or pass --force to build into it anyway "
                "(files clausewatch did not write are never deleted)"
            )
    return resolved


def inside(root: Path, rel: str) -> Path | None:
    """``root/rel`` if it stays inside ``root`` once resolved, else None.

    ``rel`` must be a plain relative path: no ``..``, no absolute path, no NUL; and no
    symbolic link on the way may lead out of ``root``.
    """
    if not rel or "\0" in rel or rel.startswith(("/", "\\")) or Path(rel).is_absolute():
        return None
    parts = Path(rel).parts
    if any(part in ("..", "") for part in parts):
        return None
    target = root / rel
    try:
        parent = target.parent.resolve()
        base = root.resolve()
    except (OSError, RuntimeError):
        return None
    if parent != base and base not in parent.parents:
        return None
    return target


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` through a temporary file in its folder; never leave the temporary."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cw-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_temporaries(root: Path) -> None:
    """Delete the temporary files of :func:`write_atomically` under ``root`` (no symlinks)."""
    for folder, _, files in os.walk(root):
        for name in files:
            if name.startswith(".cw-") and name.endswith(".tmp"):
                (Path(folder) / name).unlink(missing_ok=True)


def _link_tree(src: Path, dst: Path) -> None:
    """Copy the tree ``src`` into ``dst`` as hard links (copies where links fail)."""
    for folder, dirs, files in os.walk(src):
        rel = Path(folder).relative_to(src)
        target = dst / rel
        for name in dirs:
            source = Path(folder) / name
            if source.is_symlink():
                os.symlink(os.readlink(source), target / name)
            else:
                (target / name).mkdir(exist_ok=True)
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
        for name in files:
            source, copy = Path(folder) / name, target / name
            if rel == Path(".") and name == MARKER:
                continue
            mode = source.lstat().st_mode
            if stat.S_ISLNK(mode):
                os.symlink(os.readlink(source), copy)
            elif stat.S_ISREG(mode):
                try:
                    os.link(source, copy)
                except OSError:
                    shutil.copy2(source, copy)


class Output:
    """Where a build writes (:attr:`root`) and how it is published (:meth:`commit`)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.stage = out.with_name(f".{out.name}{STAGE_SUFFIX}")
        self.old = out.with_name(f".{out.name}{OLD_SUFFIX}")
        self.staged = False
        self.root = out

    def begin(self) -> Path:
        """Prepare the folder the pages are written into, and return it."""
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SiteError(describe_os_error(exc, str(self.out.parent))) from exc
        self._recover()
        if self._can_stage():
            try:
                self.stage.mkdir()
                (self.stage / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
                if self.out.is_dir():
                    _link_tree(self.out, self.stage)
                self.staged, self.root = True, self.stage
                return self.root
            except OSError as exc:
                self._remove(self.stage)
                if exc.errno in (28, 122):  # ENOSPC, EDQUOT: in place would fail too
                    raise SiteError(
                        describe_os_error(exc, str(self.out.parent))
                        + "; the published site was left as it was"
                    ) from exc
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            write_atomically(self.out / MARKER, MARKER_TEXT.encode("utf-8"))
            _remove_temporaries(self.out)  # left by a killed in-place build
        except OSError as exc:
            raise SiteError(describe_os_error(exc, str(self.out))) from exc
        self.staged, self.root = False, self.out
        return self.root

    def commit(self) -> None:
        """Publish the staged site: the old one is swapped out, then removed."""
        if not self.staged:
            return
        if self.out.exists():
            os.rename(self.out, self.old)
            try:
                os.rename(self.stage, self.out)
            except OSError:
                os.rename(self.old, self.out)
                raise
            self._remove(self.old)
        else:
            os.rename(self.stage, self.out)
        self.staged, self.root = False, self.out

    def abort(self) -> None:
        """Forget a staged build: the published site stays as it was."""
        if self.staged:
            self._remove(self.stage)
            self.staged, self.root = False, self.out

    def _can_stage(self) -> bool:
        parent = self.out.parent
        if not os.access(parent, os.W_OK | os.X_OK):
            return False
        return not (self.out.exists() and os.path.ismount(self.out))

    def _recover(self) -> None:
        """Undo what a build killed between its two renames, or before, left behind."""
        if not self.out.exists() and (self.old / MARKER).is_file():
            os.rename(self.old, self.out)
        for leftover in (self.stage, self.old):
            if leftover.exists() or leftover.is_symlink():
                if leftover.is_symlink() or not (leftover / MARKER).is_file():
                    raise SiteError(
                        f"{leftover}: in the way of the build and not made by clausewatch; "
                        "move it away"
                    )
                self._remove(leftover)

    @staticmethod
    def _remove(path: Path) -> None:
        shutil.rmtree(path, ignore_errors=True)
