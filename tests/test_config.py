"""Settings: clausewatch.toml, CLAUSEWATCH_* variables, their order, errors, and their reach."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from loopback import LoopbackServer, page

from tracker.cli import cli
from tracker.config import SETTINGS, load_config, user_agent
from tracker.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "configuration.md"
EXAMPLE = ROOT / "docs" / "examples" / "clausewatch.toml"

TOML = """
db = "state/tos.db"
site = "public"
base_url = "https://example.org/tos/"
contact = "mailto:ops@example.org"

[crawl]
concurrent_requests_per_domain = 1
download_delay = 2
autothrottle = false
browser = true

[watch]
every = "12h"

[scrapy]
HTTPCACHE_ENABLED = false
"""


@pytest.fixture(autouse=True)
def no_config_in_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from an empty folder with no CLAUSEWATCH_* variables, whatever the machine has."""
    monkeypatch.chdir(tmp_path)
    for setting in SETTINGS:
        monkeypatch.delenv(setting.env, raising=False)
    for name in ("CLAUSEWATCH_CONFIG",):
        monkeypatch.delenv(name, raising=False)


def test_defaults_without_file_or_environment() -> None:
    config = load_config(env={})
    assert config.path is None and config.explicit == set()
    assert config.db == "data/clausewatch.db" and config.site == "site"
    assert config.base_url == "" and config.get("watch.every") == "6h"
    assert config.scrapy_settings() == {}  # Scrapy's own defaults (tracker/settings.py) stay
    assert re.fullmatch(
        r"clausewatch/\S+ \(\+https://github.com/clausewatch/clausewatch; "
        r"terms-of-service change tracker\)",
        config.user_agent,
    )


def test_file_in_the_current_folder_is_read(tmp_path: Path) -> None:
    (tmp_path / "clausewatch.toml").write_text(TOML)
    config = load_config(env={})
    assert config.path == Path("clausewatch.toml")
    assert (config.db, config.site, config.base_url) == (
        "state/tos.db",
        "public",
        "https://example.org/tos/",
    )
    assert config.get("crawl.download_delay") == 2.0  # an int in TOML, a float setting
    assert config.get("watch.every") == "12h"
    assert config.scrapy_settings() == {
        "CLAUSEWATCH_DB": "state/tos.db",
        "CLAUSEWATCH_CONTACT": "mailto:ops@example.org",
        "USER_AGENT": user_agent("mailto:ops@example.org"),
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_DELAY": 2.0,
        "AUTOTHROTTLE_ENABLED": False,
        "CLAUSEWATCH_BROWSER": True,
        "HTTPCACHE_ENABLED": False,
    }


def test_environment_overrides_the_file_and_chooses_it(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.toml"
    path.write_text(TOML)
    env = {
        "CLAUSEWATCH_CONFIG": str(path),
        "CLAUSEWATCH_DB": "/var/lib/cw.db",
        "CLAUSEWATCH_AUTOTHROTTLE": "yes",
        "CLAUSEWATCH_DOWNLOAD_DELAY": "0.5",
        "CLAUSEWATCH_SITE": "",  # empty: not set
        "CLAUSEWATCH_CONTACT": "https://ops.example.org",
    }
    config = load_config(env=env)
    assert config.path == path
    assert config.db == "/var/lib/cw.db" and config.site == "public"
    assert config.get("crawl.autothrottle") is True
    assert config.get("crawl.download_delay") == 0.5
    assert config.contact == "https://ops.example.org"


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ("dbb = 'x'", {}, "unknown setting 'dbb'"),
        ("[crawl]\ndownload_delay = 'slow'", {}, "crawl.download_delay: expected float"),
        ("[crawl]\nautothrottle = 'yes'", {}, "crawl.autothrottle: expected true or false"),
        ("[crawl]\nretries = -1", {}, "crawl.retries: expected a number >= 0"),
        ("db = ", {}, "invalid TOML"),
        ("scrapy = 3", {}, "[scrapy] must be a table"),
        ("", {"CLAUSEWATCH_BROWSER": "perhaps"}, "$CLAUSEWATCH_BROWSER: expected true or false"),
        ("", {"CLAUSEWATCH_TIMEOUT": "soon"}, "$CLAUSEWATCH_TIMEOUT: expected int"),
    ],
)
def test_errors_name_the_file_and_the_setting(
    tmp_path: Path, text: str, env: dict[str, str], message: str
) -> None:
    path = tmp_path / "clausewatch.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(env={"CLAUSEWATCH_CONFIG": str(path), **env})
    assert message in str(info.value)
    if not env:
        assert str(info.value).startswith(str(path))


def test_a_missing_file_named_by_the_environment_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="settings file not found"):
        load_config(env={"CLAUSEWATCH_CONFIG": str(tmp_path / "nope.toml")})


def test_every_setting_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for setting in SETTINGS:
        name = setting.key.split(".")[-1]
        assert f"`{name}`" in text, setting.key
        assert f"`{setting.env}`" in text, setting.env
    assert "`CLAUSEWATCH_CONFIG`" in text and "[scrapy]" in text


def test_the_example_settings_file_loads_and_sets_everything() -> None:
    config = load_config(EXAMPLE, env={})
    assert config.explicit == {s.key for s in SETTINGS}


def test_the_cli_takes_its_defaults_from_the_file(tmp_path: Path, monkeypatch) -> None:
    catalog = tmp_path / "my-catalog"
    catalog.mkdir()
    (catalog / "Acme.json").write_text(
        json.dumps({"name": "Acme", "terms": {"Terms of Service": {
            "fetch": "https://acme.example/tos", "select": "main"}}})
    )  # fmt: skip
    (tmp_path / "clausewatch.toml").write_text(f'catalog = "{catalog}"\ndb = "none/cw.db"\n')
    runner = CliRunner()
    listed = runner.invoke(cli, ["catalog", "list", "--json"])
    assert [r["service"] for r in json.loads(listed.output)] == ["Acme"]
    changes = runner.invoke(cli, ["changes"])
    assert changes.exit_code == 2 and "none/cw.db: database not found" in changes.output
    (tmp_path / "clausewatch.toml").write_text("[crawl]\nbrowser = 'maybe'\n")
    broken = runner.invoke(cli, ["changes"])
    assert broken.exit_code == 2 and "crawl.browser: expected true or false" in broken.output


def test_a_crawl_uses_the_file_for_its_user_agent(tmp_path: Path, monkeypatch) -> None:
    with LoopbackServer() as server:
        server.routes["/tos"] = page(b"<main><h1>Terms</h1><p>Be nice.</p></main>")
        catalog = tmp_path / "catalog"
        catalog.mkdir()
        (catalog / "Acme.json").write_text(
            json.dumps({"name": "Acme", "terms": {"Terms of Service": {
                "fetch": server.url("/tos"), "select": "main"}}})
        )  # fmt: skip
        settings = tmp_path / "ops.toml"
        # the loopback server is a private address: the settings file allows it
        settings.write_text(
            'contact = "mailto:ops@example.org"\n[crawl]\nretries = 0\n'
            "allow_private_addresses = true\n"
        )
        monkeypatch.setenv("CLAUSEWATCH_CONFIG", str(settings))
        from tracker.crawl import crawl

        report = crawl(catalog, tmp_path / "cw.db")
    seen = [f"{path} {headers.get('user-agent')}" for path, headers in server.requests]
    assert report.summary["changed"] == 1
    tos = [line for line in seen if line.startswith("/tos ")]
    assert tos and "(+mailto:ops@example.org; terms-of-service change tracker)" in tos[0]
