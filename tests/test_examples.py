"""The scheduling examples in docs/examples are valid: systemd units, crontab, workflow, Scrapyd."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"
SCHEDULING = (ROOT / "docs" / "scheduling.md").read_text(encoding="utf-8")

CRON_FIELDS = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
CRON_NAMES = {
    3: "jan feb mar apr may jun jul aug sep oct nov dec".split(),
    4: "sun mon tue wed thu fri sat".split(),
}


def cron_field_ok(text: str, index: int) -> bool:
    low, high = CRON_FIELDS[index]
    names = CRON_NAMES.get(index, [])
    for part in text.split(","):
        body, _, step = part.partition("/")
        if step and not (step.isdigit() and int(step) > 0):
            return False
        if body == "*":
            continue
        bounds = body.split("-")
        if len(bounds) > 2:
            return False
        for bound in bounds:
            if bound.lower() in names:
                continue
            if not bound.isdigit() or not low <= int(bound) <= high:
                return False
    return True


def cron_schedule_ok(schedule: str) -> bool:
    if schedule.startswith("@"):
        return schedule in {"@reboot", "@yearly", "@annually", "@monthly", "@weekly",
                            "@daily", "@midnight", "@hourly"}  # fmt: skip
    fields = schedule.split()
    return len(fields) == 5 and all(cron_field_ok(f, i) for i, f in enumerate(fields))


def run_options() -> set[str]:
    command = cli.commands["run"]
    return {opt for param in command.params for opt in param.opts + param.secondary_opts}


def assert_run_command(line: str) -> None:
    """``... clausewatch run OPTIONS`` uses only options ``clausewatch run`` has."""
    match = re.search(r"clausewatch run\b(.*)", line)
    assert match, line
    words = shlex.split(match.group(1).split("||")[0].split("&&")[0])
    unknown = {w.split("=")[0] for w in words if w.startswith("-")} - run_options()
    assert not unknown, f"{line}: clausewatch run has no {unknown}"


def test_cron_validator_itself() -> None:
    assert cron_schedule_ok("17 */6 * * *") and cron_schedule_ok("0 0 * jan-mar mon-fri")
    assert not cron_schedule_ok("60 * * * *") and not cron_schedule_ok("* * * *")
    assert not cron_schedule_ok("*/0 * * * *") and not cron_schedule_ok("1-2-3 * * * *")


def test_crontab_example_is_valid() -> None:
    entries = 0
    for line in (EXAMPLES / "crontab").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if re.match(r"^[A-Z_]+=", line):  # an environment line such as MAILTO=
            continue
        fields = line.split(None, 5)
        assert len(fields) == 6, line
        assert cron_schedule_ok(" ".join(fields[:5])), line
        assert_run_command(fields[5])
        assert "--quiet" in fields[5]  # mail only when there is news or an error
        assert f"\n{line}\n" in SCHEDULING  # the docs show the same line
        entries += 1
    assert entries == 1


def test_crontab_example_installs_when_cron_is_there(tmp_path: Path) -> None:
    crontab = shutil.which("crontab")
    if crontab is None:
        pytest.skip("crontab not installed (apt-get install cron); checked by parsing above")
    # `crontab -n` (cronie) checks without installing; Debian's cron has no such flag
    check = subprocess.run(
        [crontab, "-n", str(EXAMPLES / "crontab")], capture_output=True, text=True, check=False
    )
    if "invalid option" in check.stderr or "usage" in check.stderr.lower():
        pytest.skip("this crontab cannot check a file without installing it")
    assert check.returncode == 0, check.stderr


def _units(tmp_path: Path) -> Path:
    """The units with /srv/clausewatch pointing at a folder where clausewatch exists."""
    home = tmp_path / "srv"
    (home / ".venv" / "bin").mkdir(parents=True)
    (home / ".venv" / "bin" / "clausewatch").symlink_to(Path(sys.executable).parent / "clausewatch")
    for name in ("clausewatch.service", "clausewatch.timer"):
        text = (EXAMPLES / name).read_text().replace("/srv/clausewatch", str(home))
        (tmp_path / name).write_text(text)
    return tmp_path


def test_systemd_units_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not installed (apt-get install systemd)")
    if not (Path(sys.executable).parent / "clausewatch").exists():
        pytest.skip("the clausewatch script is not installed next to this Python")
    folder = _units(tmp_path)
    result = subprocess.run(
        [analyze, "verify", "clausewatch.service", "clausewatch.timer"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SYSTEMD_LOG_LEVEL": "notice"},
    )
    assert result.returncode == 0, result.stderr
    # unknown keys and unparsable values are only warnings for systemd: allow none
    assert result.stderr.strip() == "", result.stderr
    calendar = re.search(r"^OnCalendar=(.+)$", (folder / "clausewatch.timer").read_text(), re.M)
    assert calendar
    parsed = subprocess.run(
        [analyze, "calendar", calendar.group(1)], capture_output=True, text=True, check=False
    )
    assert parsed.returncode == 0 and "Next elapse" in parsed.stdout, parsed.stderr


def test_systemd_units_by_parsing() -> None:
    """What the units must say, whether or not systemd-analyze is at hand."""

    def sections(name: str) -> configparser.ConfigParser:
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read_string((EXAMPLES / name).read_text())
        return parser

    service, timer = sections("clausewatch.service"), sections("clausewatch.timer")
    assert service["Service"]["Type"] == "oneshot"
    assert_run_command(service["Service"]["ExecStart"])
    assert service["Service"]["ExecStart"].startswith("/")  # systemd needs an absolute path
    assert "network-online.target" in service["Unit"]["After"]
    assert timer["Timer"]["Persistent"] == "true" and timer["Timer"]["RandomizedDelaySec"]
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert "clausewatch.timer" in SCHEDULING and "systemctl enable --now" in SCHEDULING


def test_github_actions_workflow() -> None:
    yaml = pytest.importorskip("yaml", reason="PyYAML not installed")
    workflow = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads `on` as true
    assert "workflow_dispatch" in triggers
    (schedule,) = triggers["schedule"]
    assert cron_schedule_ok(schedule["cron"])
    assert workflow["permissions"] == {"contents": "write", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    (job,) = workflow["jobs"].values()
    assert job["environment"]["name"] == "github-pages"
    env = job["env"]
    steps = job["steps"]
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    runs = {s.get("name", s.get("id")): s.get("run", "") for s in steps}
    restore, save = runs["Restore the database"], runs["Save the database"]
    # the database comes from and goes back to the same branch, at the configured path
    assert "origin clausewatch-data" in restore and '> "$CLAUSEWATCH_DB"' in restore
    assert 'cp "$CLAUSEWATCH_DB"' in save and "--force" in save and "clausewatch-data" in save
    run_step = next(s for s in steps if s.get("id") == "run")
    assert_run_command(run_step["run"])
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == env["CLAUSEWATCH_SITE"]
    # the run's exit status is kept, and the workflow fails only after saving and publishing
    last = steps[-1]
    assert last["if"] == "steps.run.outputs.code != '0'" and "exit 1" in last["run"]
    order = [s.get("name", s.get("id")) for s in steps]
    assert order.index("Save the database") < order.index("deployment") < len(order) - 1
    # every CLAUSEWATCH_* variable is a real setting
    from tracker.config import SETTINGS

    known = {s.env for s in SETTINGS}
    assert {k for k in env if k.startswith("CLAUSEWATCH_")} <= known


def test_scrapyd_deployment_premises() -> None:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "scrapy.cfg")
    assert cfg["settings"]["default"] == "tracker.settings"
    assert cfg["deploy"]["project"] == "clausewatch"
    assert "scrapyd-deploy" in SCHEDULING and "schedule.json" in SCHEDULING
    scrapy = Path(sys.executable).parent / "scrapy"
    if not scrapy.exists():
        pytest.skip("the scrapy command is not installed next to this Python")
    listed = subprocess.run(
        [str(scrapy), "list"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == ["catalog"]  # the spider Scrapyd schedules
