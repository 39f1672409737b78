"""Settings: one TOML file plus ``CLAUSEWATCH_*`` environment variables.

The file is ``$CLAUSEWATCH_CONFIG`` if set, else ``clausewatch.toml`` in the current
folder if it exists; none is needed.  For every setting the order is: a command-line
option, then the environment variable, then the file, then the default.  Every
setting is listed in :data:`SETTINGS` and documented in ``docs/configuration.md``
(a test checks both agree)::

    db = "data/clausewatch.db"
    site = "site"
    base_url = "https://example.org/tos/"
    contact = "mailto:ops@example.org"

    [crawl]
    concurrent_requests_per_domain = 2
    download_delay = 1.0

    [watch]
    every = "6h"
    jitter = "10%"

    [[alerts]]                      # one table per subscription (docs/alerts.md)
    name = "press-desk"
    url = "mailtos://alerts:${SMTP_PASSWORD}@mail.example.org?to=desk@example.org"
    categories = ["ai_training", "arbitration"]

This table is the one place a setting is defined: ``tracker/settings.py`` (the Scrapy
settings module) takes every default that drives Scrapy from it, then
``Config.scrapy_settings()`` for what the file or the environment set, so ``scrapy
crawl catalog`` and Scrapyd see the same configuration as ``clausewatch run``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError

CONFIG_ENV = "CLAUSEWATCH_CONFIG"
CONFIG_FILE = "clausewatch.toml"
DEFAULT_CONTACT = "https://github.com/clausewatch/clausewatch"


@dataclass(frozen=True)
class Setting:
    key: str  # TOML key, dotted for a table: "crawl.download_delay"
    env: str  # environment variable
    kind: type  # str, int, float or bool
    default: Any
    scrapy: str | None  # the Scrapy setting it drives, if any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "CLAUSEWATCH_DB", str, "data/clausewatch.db", "CLAUSEWATCH_DB",
            "SQLite database file."),
    Setting("site", "CLAUSEWATCH_SITE", str, "site", None,
            "Folder the static site is written to."),
    Setting("catalog", "CLAUSEWATCH_CATALOG", str, "", "CLAUSEWATCH_CATALOG",
            "Folder of declarations; empty means ./catalog if it exists, else the shipped one."),
    Setting("base_url", "CLAUSEWATCH_BASE_URL", str, "", None,
            "Public URL of the site, for absolute links in feeds."),
    Setting("contact", "CLAUSEWATCH_CONTACT", str, DEFAULT_CONTACT, "CLAUSEWATCH_CONTACT",
            "How site owners reach you: a URL or mailto:, put in the User-Agent."),
    Setting("crawl.concurrent_requests", "CLAUSEWATCH_CONCURRENT_REQUESTS", int, 32,
            "CONCURRENT_REQUESTS", "Requests in flight at once, all sites together."),
    Setting("crawl.concurrent_requests_per_domain", "CLAUSEWATCH_CONCURRENT_REQUESTS_PER_DOMAIN",
            int, 4, "CONCURRENT_REQUESTS_PER_DOMAIN", "Requests in flight at once to one site."),
    Setting("crawl.download_delay", "CLAUSEWATCH_DOWNLOAD_DELAY", float, 0.0, "DOWNLOAD_DELAY",
            "Seconds to wait between two requests to the same site."),
    Setting("crawl.autothrottle", "CLAUSEWATCH_AUTOTHROTTLE", bool, True, "AUTOTHROTTLE_ENABLED",
            "Slow down automatically when a site answers slowly."),
    Setting("crawl.obey_robots_txt", "CLAUSEWATCH_OBEY_ROBOTS_TXT", bool, True, "ROBOTSTXT_OBEY",
            "Obey robots.txt (a declaration can opt out with ignoreRobotsTxt)."),
    Setting("crawl.timeout", "CLAUSEWATCH_TIMEOUT", int, 30, "DOWNLOAD_TIMEOUT",
            "Seconds before a fetch is given up."),
    Setting("crawl.retries", "CLAUSEWATCH_RETRIES", int, 2, "RETRY_TIMES",
            "Retries of a fetch that failed with a network error or a 5xx/429."),
    Setting("crawl.retry_backoff", "CLAUSEWATCH_RETRY_BACKOFF", float, 2.0,
            "CLAUSEWATCH_RETRY_BACKOFF", "Seconds before the first retry, doubled each time."),
    Setting("crawl.retry_backoff_max", "CLAUSEWATCH_RETRY_BACKOFF_MAX", float, 60.0,
            "CLAUSEWATCH_RETRY_BACKOFF_MAX", "Longest wait before a retry (Retry-After included)."),
    Setting("crawl.conditional", "CLAUSEWATCH_CONDITIONAL", bool, True, "CLAUSEWATCH_CONDITIONAL",
            "Send If-None-Match/If-Modified-Since; a 304 counts as unchanged."),
    Setting("crawl.max_shrink", "CLAUSEWATCH_MAX_SHRINK", float, 0.5, "CLAUSEWATCH_MAX_SHRINK",
            "Share of its words a document may lose before the new text is held back (1: off)."),
    Setting("crawl.collapse_share", "CLAUSEWATCH_COLLAPSE_SHARE", float, 0.2,
            "CLAUSEWATCH_COLLAPSE_SHARE",
            "A text keeping less than this share of the words or clauses is a suspect (0: off)."),
    Setting("crawl.collapse_min_words", "CLAUSEWATCH_COLLAPSE_MIN_WORDS", int, 50,
            "CLAUSEWATCH_COLLAPSE_MIN_WORDS",
            "A text cut by half to fewer words than this is a suspect collapse (0: off)."),
    Setting("crawl.browser", "CLAUSEWATCH_BROWSER", bool, False, "CLAUSEWATCH_BROWSER",
            "Fetch executeClientScripts declarations with headless chromium (browser extra)."),
    Setting("crawl.chromium", "CLAUSEWATCH_CHROMIUM", str, "", "CLAUSEWATCH_CHROMIUM",
            "Path of the chromium binary; empty means look for Debian's chromium on PATH."),
    Setting("crawl.allow_private_addresses", "CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES", bool, False,
            "CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES",
            "Fetch pages on loopback and private addresses (localhost, 10.x, 192.168.x…)."),
    Setting("crawl.log_level", "CLAUSEWATCH_LOG_LEVEL", str, "INFO", "LOG_LEVEL",
            "Scrapy's log level when it runs under scrapy or Scrapyd."),
    Setting("crawl.extract_workers", "CLAUSEWATCH_EXTRACT_WORKERS", str, "auto",
            "CLAUSEWATCH_EXTRACT_WORKERS",
            "Extraction processes: auto (one per core but one, at most 4) or a number; 0: none."),
    Setting("watch.every", "CLAUSEWATCH_WATCH_EVERY", str, "6h", None,
            "Interval of clausewatch watch, e.g. 30m, 6h, 1d."),
    Setting("watch.jitter", "CLAUSEWATCH_WATCH_JITTER", str, "10%", None,
            "Random spread of each wait of clausewatch watch: a share (10%) or a duration (5m)."),
    Setting("outbox.retry_backoff", "CLAUSEWATCH_OUTBOX_RETRY_BACKOFF", float, 300.0, None,
            "Seconds before a failing alert destination is tried again, doubled each time."),
    Setting("outbox.retry_backoff_max", "CLAUSEWATCH_OUTBOX_RETRY_BACKOFF_MAX", float, 21600.0,
            None, "Longest wait before a failing alert destination is tried again."),
    Setting("outbox.max_attempts", "CLAUSEWATCH_OUTBOX_MAX_ATTEMPTS", int, 10, None,
            "Attempts at one alert before it is given up ('alerts retry' sends it again)."),
    Setting("wayback.url", "CLAUSEWATCH_WAYBACK_URL", str, "https://web.archive.org", None,
            "Base URL of the Wayback Machine (its CDX API and archived pages)."),
    Setting("wayback.delay", "CLAUSEWATCH_WAYBACK_DELAY", float, 4.0, None,
            "Seconds between two requests to the Wayback Machine."),
)  # fmt: skip


@dataclass(frozen=True)
class AlertField:
    """One field of an ``[[alerts]]`` subscription (a table of the settings file)."""

    key: str
    kind: type  # str, bool or list (of strings)
    default: Any  # None: required
    help: str
    choices: tuple[str, ...] = ()


ALERT_FIELDS: tuple[AlertField, ...] = (
    AlertField("name", str, None, "A unique name; it keys its queue in the database."),
    AlertField("url", str, None,
               "Apprise destination URL; write every password or token as ${VARIABLE}."),
    AlertField("services", list, [], "Only changes of these services (names or slugs)."),
    AlertField("documents", list, [], "Only changes of these terms types."),
    AlertField("categories", list, [], "Only changes that add, remove or change such a clause."),
    AlertField("min_severity", str, "", "Only changes with a flag event at least this severe.",
               ("", "low", "medium", "high")),
    AlertField("substantive_only", bool, True, "Leave out minor changes (typos, formatting)."),
    AlertField("include_reverts", bool, False, "Also send changes that undo an earlier one."),
    AlertField("format", str, "full", "short (300 characters, for microblogs) or full.",
               ("short", "full")),
    AlertField("mode", str, "immediate", "immediate (one message per change) or digest.",
               ("immediate", "digest")),
)  # fmt: skip

_BY_KEY = {s.key: s for s in SETTINGS}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass
class Config:
    """Resolved settings; ``explicit`` names those set by the file or the environment."""

    values: dict[str, Any] = field(default_factory=dict)
    explicit: set[str] = field(default_factory=set)
    path: Path | None = None  # the settings file read, if any
    scrapy_extra: dict[str, Any] = field(default_factory=dict)  # the file's [scrapy] table
    alerts: list[dict[str, Any]] = field(default_factory=list)  # the file's [[alerts]]

    def get(self, key: str) -> Any:
        return self.values[key]

    @property
    def db(self) -> str:
        return str(self.values["db"])

    @property
    def site(self) -> str:
        return str(self.values["site"])

    @property
    def catalog(self) -> str:
        return str(self.values["catalog"])

    @property
    def base_url(self) -> str:
        return str(self.values["base_url"])

    @property
    def contact(self) -> str:
        return str(self.values["contact"])

    @property
    def user_agent(self) -> str:
        return user_agent(self.contact)

    def scrapy_defaults(self) -> dict[str, Any]:
        """The default of every setting that drives Scrapy, by its Scrapy name."""
        out = {s.scrapy: s.default for s in SETTINGS if s.scrapy}
        out["USER_AGENT"] = user_agent(DEFAULT_CONTACT)
        return out

    def scrapy_settings(self) -> dict[str, Any]:
        """Scrapy settings for what was configured (Scrapy's own defaults stay otherwise)."""
        out: dict[str, Any] = dict(self.scrapy_extra)
        for setting in SETTINGS:
            if setting.scrapy and setting.key in self.explicit:
                out[setting.scrapy] = self.values[setting.key]
        if "contact" in self.explicit:
            out["USER_AGENT"] = self.user_agent
        return out


def user_agent(contact: str = DEFAULT_CONTACT) -> str:
    """The User-Agent of every clausewatch fetch: who we are and how to reach the operator."""
    return f"clausewatch/{_version()} (+{contact}; terms-of-service change tracker)"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("clausewatch")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


def config_path(env: Mapping[str, str] | None = None) -> Path | None:
    """The settings file in force: ``$CLAUSEWATCH_CONFIG``, else ``./clausewatch.toml``."""
    env = os.environ if env is None else env
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV])
    here = Path(CONFIG_FILE)
    return here if here.is_file() else None


def _coerce(setting: Setting, value: Any, where: str, from_env: bool = False) -> Any:
    """Check (and for environment variables, convert) a value to the setting's type."""
    kind = setting.kind
    if from_env and kind is not str:
        text = str(value).strip().lower()
        if kind is bool:
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
        try:
            value = kind(text)
        except ValueError:
            raise ConfigError(f"{where}: expected {kind.__name__}, got {value!r}") from None
    if kind is bool and not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{where}: expected {kind.__name__}, got {value!r}")
    if kind in (int, float) and value < 0:
        raise ConfigError(f"{where}: expected a number >= 0, got {value!r}")
    return value


def _alert_tables(value: Any, path: Path) -> list[dict[str, Any]]:
    """The ``[[alerts]]`` subscriptions, each field checked and defaulted."""
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise ConfigError(f"{path}: alerts must be written as [[alerts]] tables (docs/alerts.md)")
    fields = {f.key: f for f in ALERT_FIELDS}
    out: list[dict[str, Any]] = []
    for number, table in enumerate(value, 1):
        where = f"{path}: [[alerts]] #{number}"
        if isinstance(table.get("name"), str) and table["name"].strip():
            where = f'{path}: [[alerts]] "{table["name"]}"'
        entry: dict[str, Any] = {}
        for key, spec in fields.items():
            if key not in table:
                if spec.default is None:
                    raise ConfigError(f"{where}: {key} is required")
                entry[key] = list(spec.default) if spec.kind is list else spec.default
                continue
            item = table[key]
            if spec.kind is list:
                item = [item] if isinstance(item, str) else item
                if not isinstance(item, list) or not all(isinstance(x, str) for x in item):
                    raise ConfigError(f"{where}: {key}: expected a list of strings, got {item!r}")
            elif not isinstance(item, spec.kind):
                raise ConfigError(f"{where}: {key}: expected {spec.kind.__name__}, got {item!r}")
            if spec.choices and item not in spec.choices:
                choices = ", ".join(repr(c) for c in spec.choices if c)
                raise ConfigError(f"{where}: {key}: expected one of {choices}, got {item!r}")
            entry[key] = item
        unknown = sorted(set(table) - set(fields))
        if unknown:
            known = ", ".join(fields)
            raise ConfigError(f"{where}: unknown field {unknown[0]!r} (known: {known})")
        if not entry["name"].strip():
            raise ConfigError(f"{where}: name must not be empty")
        if any(e["name"] == entry["name"] for e in out):
            raise ConfigError(f"{where}: two subscriptions are named {entry['name']!r}")
        out.append(entry)
    return out


def _flatten(data: dict[str, Any], path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    flat: dict[str, Any] = {}
    scrapy: dict[str, Any] = {}
    for key, value in data.items():
        if key == "alerts":
            continue  # subscriptions: see _alert_tables
        if key == "scrapy":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: [scrapy] must be a table of Scrapy settings")
            scrapy.update(value)
        elif isinstance(value, dict):
            for sub, subvalue in value.items():
                flat[f"{key}.{sub}"] = subvalue
        else:
            flat[key] = value
    return flat, scrapy


def load_config(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Read the settings file (if any) and the environment.

    Raises :class:`ConfigError` naming the file and key (or variable) of a bad value.
    """
    env = os.environ if env is None else env
    file = Path(path) if path is not None else config_path(env)
    config = Config(values={s.key: s.default for s in SETTINGS}, path=file)
    if file is not None:
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{file}: settings file not found (from ${CONFIG_ENV})") from None
        except OSError as exc:
            raise ConfigError(f"{file}: cannot read: {exc.strerror or exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: invalid TOML: {exc}") from None
        flat, config.scrapy_extra = _flatten(data, file)
        if "alerts" in data:
            config.alerts = _alert_tables(data["alerts"], file)
        for key, value in flat.items():
            setting = _BY_KEY.get(key)
            if setting is None:
                known = ", ".join(s.key for s in SETTINGS)
                raise ConfigError(f"{file}: unknown setting {key!r} (known: {known})")
            config.values[key] = _coerce(setting, value, f"{file}: {key}")
            config.explicit.add(key)
    for setting in SETTINGS:
        raw = env.get(setting.env)
        if raw is None or raw == "":
            continue
        config.values[setting.key] = _coerce(setting, raw, f"${setting.env}", from_env=True)
        config.explicit.add(setting.key)
    return config
