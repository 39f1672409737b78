"""Every error clausewatch reports to a user derives from :class:`ClausewatchError`.

A ``ClausewatchError`` is an expected failure: a broken declaration, a database that
cannot be opened, a page that cannot be fetched.  Its message names the file, field,
URL or destination and says what to do.  The command line prints it as
``Error: MESSAGE`` and exits with :attr:`ClausewatchError.exit_code` (2: the command
could not do its job); anything else is a bug, shown with a traceback.
"""

from __future__ import annotations


class ClausewatchError(Exception):
    """An expected failure whose message tells the user what to do."""

    exit_code = 2


class ConfigError(ClausewatchError):
    """The settings file or an environment variable holds a value we cannot use."""


class CatalogError(ClausewatchError):
    """A catalog cannot be read at all (missing folder, no declarations)."""


class StoreError(ClausewatchError):
    """The database cannot be used; the message says which file and what to do."""


class LockError(StoreError):
    """Another run holds the database's lock; the message names the lock file and pid."""


class SiteError(ClausewatchError):
    """The site cannot be built where asked (a refused output folder, a full disk...)."""


class InputError(ClausewatchError):
    """A file given to a command cannot be used (not UTF-8, too large...)."""


class ExtractionError(ClausewatchError, ValueError):
    """The page cannot give a document: a selector matched nothing, or nothing is left."""


class FetchError(ClausewatchError):
    """A page could not be fetched at all (DNS, refused connection, timeout...)."""


class BrowserUnavailable(ClausewatchError, RuntimeError):
    """Browser fetching was asked for but scrapy-playwright/playwright or chromium is missing."""


class TryError(ClausewatchError):
    """``catalog try`` got something it cannot try (bad file, unknown terms type...)."""


class AddError(ClausewatchError):
    """``catalog add`` cannot write the declaration (exists already, bad input...)."""


class ImportSourceError(ClausewatchError):
    """A history to import cannot be read: not a git repository, an archive that fails."""


# What to do about the operating system errors a user's machine can cause (full disk,
# read-only file system, permissions), by errno name.
_OS_ADVICE = {
    "ENOSPC": "the disk is full: free some space on it and run again",
    "EDQUOT": "the disk quota is used up: free some space and run again",
    "EROFS": "the file system is read-only: use a writable folder",
    "EACCES": "permission denied: make it readable and writable by this user",
    "EPERM": "operation not permitted: check its owner and permissions",
    "ENAMETOOLONG": "a file name is too long for the file system",
    "EMFILE": "too many open files: raise the limit (ulimit -n)",
    "ENOENT": "it does not exist",
}


def describe_os_error(exc: OSError, what: str | None = None) -> str:
    """A one-line explanation of an ``OSError``: the file, what happened, what to do."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    where = what or (str(exc.filename) if exc.filename else "")
    advice = _OS_ADVICE.get(name, exc.strerror or str(exc))
    return f"{where}: {advice}" if where else advice[:1].upper() + advice[1:]
