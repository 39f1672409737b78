"""Subscriptions: who gets which changes, where, in what form; and keeping secrets secret.

A subscription is one ``[[alerts]]`` table of the settings file (fields:
:data:`tracker.config.ALERT_FIELDS`).  Its ``url`` is an Apprise URL in which every
password or token is written ``${VARIABLE}`` and read from the environment when the
settings are loaded; the file never holds a secret, and a URL with a password or a
token parameter written out is refused.  The values of those variables are scrubbed
from every log line and error (:meth:`Subscription.scrub`).
"""

from __future__ import annotations

import logging
import os
import re
import traceback
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlsplit

from tracker.config import Config
from tracker.errors import ConfigError
from tracker.normalize import slugify

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# query parameters that carry a secret in Apprise URLs
_SECRET_PARAMS = {
    "pass", "password", "pwd", "token", "secret", "apikey", "api_key", "key",
    "access_token", "bearer", "webhook", "auth",
}  # fmt: skip


@dataclass(frozen=True)
class Subscription:
    """One destination and what it wants to hear about."""

    name: str
    url_template: str  # as written in the settings file: secrets as ${VARIABLE}
    url: str = field(repr=False)  # resolved: never print or log it
    secrets: tuple[str, ...] = field(default=(), repr=False)
    services: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    min_severity: str = ""
    substantive_only: bool = True
    include_reverts: bool = False
    format: str = "full"
    mode: str = "immediate"

    @property
    def destination(self) -> str:
        """The URL as written in the settings file, safe to show (``${VARIABLE}`` kept)."""
        return self.url_template

    def scrub(self, text: str) -> str:
        """``text`` with every secret value (raw or URL-encoded) replaced by ``***``."""
        return scrub(text, self.secrets)

    def describe_filters(self) -> str:
        parts = []
        if self.services:
            parts.append("services: " + ", ".join(self.services))
        if self.documents:
            parts.append("documents: " + ", ".join(self.documents))
        if self.categories:
            parts.append("categories: " + ", ".join(self.categories))
        if self.min_severity:
            parts.append(f"severity ≥ {self.min_severity}")
        if not self.substantive_only:
            parts.append("minor changes too")
        if self.include_reverts:
            parts.append("reverts too")
        return "; ".join(parts) or "every substantive change"

    def matches(self, change: Mapping[str, Any]) -> bool:
        """Whether a change (a :func:`tracker.store.queries.list_changes` dict) is for us.

        A change counts when it is substantive (unless ``substantive_only`` is off), is
        not a revert (``revert_of``, unless ``include_reverts``), is of one of
        ``services`` and ``documents`` when given, and, when ``categories`` or
        ``min_severity`` are given, has at least one flag event (a flag added, removed
        or changed) of such a category and at least that severity.
        """
        if self.substantive_only and change.get("significance") != "substantive":
            return False
        if change.get("revert_of") and not self.include_reverts:
            return False
        if self.services and not _named(change, self.services):
            return False
        if self.documents and str(change.get("document", "")).casefold() not in {
            d.casefold() for d in self.documents
        }:
            return False
        if not self.categories and not self.min_severity:
            return True
        return any(self._counts(flag) for flag in flag_events(change))

    def _counts(self, flag: Mapping[str, Any]) -> bool:
        if self.categories and flag.get("category") not in self.categories:
            return False
        if self.min_severity:
            rank = SEVERITY_RANK.get(str(flag.get("severity")), 3)
            return rank <= SEVERITY_RANK[self.min_severity]
        return True


def flag_events(change: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The flags a change added, removed or changed (the site shows the same ones)."""
    return [f for f in change.get("flags") or [] if f.get("status") != "unchanged"]


def _named(change: Mapping[str, Any], services: Iterable[str]) -> bool:
    names = {str(change.get("service", "")).casefold(), str(change.get("service_slug", ""))}
    return any(s.casefold() in names or slugify(s) in names for s in services)


def scrub(text: str, secrets: Iterable[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, "***")
    return text


def _secret_forms(value: str) -> set[str]:
    return {value, quote(value, safe=""), quote_plus(value, safe=""), quote(value)} - {""}


def resolve_url(template: str, env: Mapping[str, str], where: str) -> tuple[str, tuple[str, ...]]:
    """Fill ``${VARIABLE}`` from the environment; return the URL and the secret values.

    Raises :class:`ConfigError` (naming the variable, never its value) when one is unset.
    """
    secrets: set[str] = set()

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = env.get(name)
        if not value:
            raise ConfigError(
                f"{where}: url: the environment variable {name} is not set; export it "
                "(e.g. in the cron job or the systemd unit) before running clausewatch"
            )
        secrets.update(_secret_forms(value))
        return quote(value, safe="")

    return _PLACEHOLDER.sub(fill, template), tuple(sorted(secrets))


def _literal_secret(template: str) -> str | None:
    """What looks like a password or token written out in the URL, if anything."""
    try:
        parts = urlsplit(template)
        password = parts.password
    except ValueError:
        return None
    if password and not _PLACEHOLDER.fullmatch(password):
        return "a password"
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        name = key.lstrip("+-:").lower()
        secretish = name in _SECRET_PARAMS or "token" in name or name == "authorization"
        if secretish and value and not _PLACEHOLDER.fullmatch(value):
            return f"the parameter {key!r}"
    return None


def _categories() -> set[str]:
    from diffs.categories import CATEGORIES

    return set(CATEGORIES)


def load_subscriptions(
    config: Config, env: Mapping[str, str] | None = None, check_urls: bool = True
) -> list[Subscription]:
    """The subscriptions of the settings file, checked, with their secrets filled in.

    Raises :class:`ConfigError` naming the file, the subscription and the field: an
    unknown category, a URL with a secret written out, an unset variable, a URL Apprise
    does not understand (``check_urls``).
    """
    env = os.environ if env is None else env
    known = _categories() if config.alerts else set()
    out = []
    for entry in config.alerts:
        where = f'{config.path}: [[alerts]] "{entry["name"]}"'
        unknown = [c for c in entry["categories"] if c not in known]
        if unknown:
            raise ConfigError(
                f"{where}: categories: unknown category {unknown[0]!r} "
                f"(known: {', '.join(sorted(known))})"
            )
        literal = _literal_secret(entry["url"])
        if literal:
            raise ConfigError(
                f"{where}: url: {literal} is written in the settings file; put it in an "
                "environment variable and write ${VARIABLE} in its place"
            )
        url, secrets = resolve_url(entry["url"], env, where)
        sub = Subscription(
            name=entry["name"],
            url_template=entry["url"],
            url=url,
            secrets=secrets,
            services=tuple(entry["services"]),
            documents=tuple(entry["documents"]),
            categories=tuple(entry["categories"]),
            min_severity=entry["min_severity"],
            substantive_only=entry["substantive_only"],
            include_reverts=entry["include_reverts"],
            format=entry["format"],
            mode=entry["mode"],
        )
        if check_urls:
            check_destination(sub, where)
        out.append(sub)
    return out


@contextmanager
def scrubbed_logs(secrets: Iterable[str]) -> Iterator[None]:
    """Every log record made meanwhile, by any library, has the secrets replaced by ``***``.

    Apprise and urllib3 log destination URLs (with tokens in their paths and headers)
    at debug level; this runs before any handler or filter sees a record.
    """
    secrets = tuple(s for s in secrets if s)
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if not secrets:
            return record
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: keep its template only
            message = str(record.msg)
        record.msg, record.args = scrub(message, secrets), ()
        if record.exc_info:
            text = "".join(traceback.format_exception(*record.exc_info))
            record.exc_text, record.exc_info = scrub(text, secrets).rstrip("\n"), None
        return record

    logging.setLogRecordFactory(factory)
    try:
        yield
    finally:
        logging.setLogRecordFactory(previous)


def load_apprise() -> Any:
    """The apprise module, without the ``imghdr`` DeprecationWarning of its e-mail plugin.

    Apprise's PGP support imports ``imghdr`` (deprecated in Python 3.11 and 3.12, gone in
    3.13, where Apprise shims it); it is imported here once with that warning silenced.
    """
    import importlib
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*imghdr.*", category=DeprecationWarning)
        try:
            importlib.import_module("imghdr")
        except ImportError:  # Python 3.13+: Apprise installs its own stand-in
            pass
        import apprise
    return apprise


def check_destination(sub: Subscription, where: str) -> None:
    """Raise :class:`ConfigError` when Apprise does not understand the subscription's URL."""
    apprise = load_apprise()
    with scrubbed_logs(sub.secrets):
        ok = apprise.Apprise().add(sub.url)
    if not ok:
        scheme = sub.url_template.split("://", 1)[0] if "://" in sub.url_template else ""
        raise ConfigError(
            f"{where}: url: Apprise does not understand this destination"
            + (f" (scheme {scheme!r})" if scheme else "")
            + "; see the Apprise wiki for the URL of each service "
            "(https://github.com/caronc/apprise/wiki)"
        )


def adhoc_subscription(url: str, env: Mapping[str, str] | None = None) -> Subscription:
    """A subscription for one URL given on the command line (``alerts test URL``)."""
    env = os.environ if env is None else env
    resolved, secrets = resolve_url(url, env, "the destination")
    return Subscription(name="(command line)", url_template=url, url=resolved, secrets=secrets)
