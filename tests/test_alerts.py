"""Alerts through real Apprise to real receivers on 127.0.0.1: a JSON webhook, an SMTP server.

The changes come from real crawls (tests/alert_support.py): Parrot's terms rewrite
(AI training and liquidated damages: high; venue: medium; governing law: low),
Quillbox's plan limit (no flag) and Inkwell's new punctuation (minor).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alert_support import build_history, free_port, smtp_receiver
from click.testing import CliRunner
from loopback import LoopbackServer, Reply

from tracker.alerts.delivery import Backoff
from tracker.alerts.dispatch import queue_alerts, send_alerts
from tracker.alerts.render import SHORT_LIMIT, message, short_text
from tracker.alerts.subscriptions import load_subscriptions
from tracker.cli import cli
from tracker.config import load_config
from tracker.errors import ConfigError
from tracker.store.db import open_db
from tracker.store.queries import list_changes

NAMES = [
    "ai", "high", "arbitration", "everything", "quill", "minor-too", "venue-high", "short",
    "digest", "mail", "flaky", "down", "killed", "secret", "reextract",
]  # fmt: skip
SECRET = "s3cr3t/Tok:en@42"  # URL-hostile on purpose


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_history(tmp_path_factory.mktemp("alerts-history"), NAMES)


@pytest.fixture
def db_path(history: Path, tmp_path: Path) -> Path:
    target = tmp_path / "cw.db"
    source, copy = sqlite3.connect(history), sqlite3.connect(target)
    source.backup(copy)  # the WAL included
    source.close()
    copy.close()
    return target


@pytest.fixture
def hook():
    with LoopbackServer() as server:
        server.fallback = lambda path, headers: Reply(b"ok")
        yield server


def subs(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> list:
    path = tmp_path / "clausewatch.toml"
    path.write_text(text, encoding="utf-8")
    return load_subscriptions(load_config(path, env={}), env=env or {})


def posts(server: LoopbackServer, path: str) -> list[dict]:
    return [json.loads(body) for p, _, body in server.posts if p == path]


def test_category_and_severity_filters(tmp_path: Path, db_path: Path, hook) -> None:
    port = hook.httpd.server_address[1]
    tables = {
        "ai": 'categories = ["ai_training"]',
        "high": 'min_severity = "high"',
        "arbitration": 'categories = ["arbitration"]',
        "everything": "",
        "quill": 'services = ["quillbox"]',
        "minor-too": 'services = ["Inkwell"]\nsubstantive_only = false',
        # one flag must meet both: the venue flag is medium, so nothing
        "venue-high": 'categories = ["jurisdiction"]\nmin_severity = "high"',
    }
    text = "".join(
        f'[[alerts]]\nname = "{name}"\nurl = "json://127.0.0.1:{port}/{name}"\n{extra}\n'
        for name, extra in tables.items()
    )
    report = send_alerts(db_path, subs(tmp_path, text), "https://tos.example.org/")
    assert not report.delivery.errors
    titles = {
        name: sorted(p["title"].split(":")[0] for p in posts(hook, f"/{name}")) for name in tables
    }
    assert titles == {
        "ai": ["Parrot Terms of Service"],
        "high": ["Parrot Terms of Service"],
        "arbitration": [],
        "everything": ["Parrot Terms of Service", "Quillbox Terms of Service"],
        "quill": ["Quillbox Terms of Service"],
        "minor-too": ["Inkwell Terms of Service"],
        "venue-high": [],
    }
    assert report.queued == report.delivery.sent == 6
    again = send_alerts(db_path, subs(tmp_path, text), "https://tos.example.org/")
    assert again.queued == again.delivery.sent == 0 and len(hook.posts) == 6  # never twice


def test_full_message_and_short_form(tmp_path: Path, db_path: Path, hook) -> None:
    port = hook.httpd.server_address[1]
    base = "https://tos.example.org/" + "archive/" * 8  # a long link: the text must give way
    text = (
        f'[[alerts]]\nname = "short"\nurl = "json://127.0.0.1:{port}/short"\nformat = "short"\n'
        'categories = ["ai_training"]\n'
        f'[[alerts]]\nname = "ai"\nurl = "json://127.0.0.1:{port}/full"\n'
        'categories = ["ai_training"]\n'
    )
    send_alerts(db_path, subs(tmp_path, text), base)
    [short] = posts(hook, "/short")
    link = base + "services/parrot/terms-of-service/changes/2.html"
    assert short["title"] == ""
    assert len(short["message"]) <= SHORT_LIMIT
    assert short["message"].startswith("Parrot Terms of Service: New ")
    assert short["message"].endswith(" " + link)
    [parrot] = list_changes(open_db(db_path), service="Parrot")
    head = f"Parrot Terms of Service: {parrot['headline']}"
    if len(head) + 1 + len(link) <= SHORT_LIMIT:
        assert short["message"] == f"{head} {link}"
    else:  # the headline gives way, never the link
        cut = short["message"][: -len(link) - 1]
        assert cut.endswith("…") and head.startswith(cut[:-1])
    [full] = posts(hook, "/full")
    assert full["title"].startswith("Parrot Terms of Service: ")
    assert "AI-training licence" in full["title"]
    body = full["message"]
    assert "Flagged clauses:" in body
    assert "- Added: " in body and "train our machine learning" in body
    assert "$15,000 USD per 1,000,000 posts" in body
    assert "[-Oregon-]{+Texas+}" in body and "[-Multnomah-]{+Tarrant+}" in body
    assert body.rstrip().endswith(f"Full change: {link}")


def test_short_form_never_exceeds_300_characters() -> None:
    change = {
        "service": "A" * 80, "document": "Terms of Service", "headline": "word " * 200,
        "service_slug": "a", "document_slug": "terms-of-service", "to_version": 9,
    }  # fmt: skip
    for link in ("", "https://t.example/x", "https://t.example/" + "y" * 400):
        text = short_text(change, link)
        assert len(text) <= SHORT_LIMIT and text.startswith("A" * 80)
        assert text.endswith(" " + link) == (0 < len(link) <= SHORT_LIMIT // 2)
    title, body = message([change, change], "short", "https://t.example/")
    assert title == "" and len(body) <= SHORT_LIMIT and body.endswith(" https://t.example/")


def test_digest_sends_one_message(tmp_path: Path, db_path: Path, hook) -> None:
    port = hook.httpd.server_address[1]
    text = f'[[alerts]]\nname = "digest"\nurl = "json://127.0.0.1:{port}/digest"\nmode = "digest"\n'
    report = send_alerts(db_path, subs(tmp_path, text))
    [digest] = posts(hook, "/digest")
    assert report.delivery.messages == 1 and report.delivery.sent == 2
    assert digest["title"].startswith("clausewatch: 2 terms-of-service changes")
    assert "1. Parrot Terms of Service" in digest["message"]
    assert "2. Quillbox Terms of Service" in digest["message"]
    assert "The free plan holds up to [-500-]{+1,000+} notes." in digest["message"]


def test_e_mail_through_smtp_with_a_password_from_the_environment(
    tmp_path: Path, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with smtp_receiver(SECRET) as smtp:
        text = (
            '[[alerts]]\nname = "mail"\n'
            f'url = "mailto://alerts:${{CW_SMTP_PASSWORD}}@127.0.0.1:{smtp.port}'
            '?to=desk@example.org&from=clausewatch@example.org&mode=insecure"\n'
            'min_severity = "high"\n'
        )
        found = subs(tmp_path, text, {"CW_SMTP_PASSWORD": SECRET})
        report = send_alerts(db_path, found, "https://tos.example.org/")
    assert report.delivery.sent == 1, report.delivery.errors
    [(mail, logged_in)] = smtp.messages
    assert logged_in  # the password from the environment was the right one
    assert mail["To"] == "desk@example.org" and "clausewatch@example.org" in mail["From"]
    assert mail["Subject"].startswith("Parrot Terms of Service: ")
    assert "AI-training licence" in mail["Subject"]
    body = mail.get_body(("plain",)).get_content()
    assert "Flagged clauses:" in body and "train our machine learning" in body
    assert "[-Oregon-]{+Texas+}" in body
    assert "https://tos.example.org/services/parrot/terms-of-service/changes/2.html" in body
    assert SECRET not in caplog.text and "s3cr3t" not in caplog.text
    assert found[0].destination.count("${CW_SMTP_PASSWORD}") == 1


def test_no_secret_in_any_log_line_error_or_row(
    tmp_path: Path, db_path: Path, hook, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    port = hook.httpd.server_address[1]
    answers = iter([Reply(b"nope", status=500)])
    hook.routes["/hook/" + "s3cr3t"] = lambda: next(answers, Reply(b"ok"))
    text = (
        '[[alerts]]\nname = "secret"\n'
        f'url = "json://cw:${{CW_TOKEN}}@127.0.0.1:{port}/hook/${{CW_PATH}}?+X-Token=${{CW_TOKEN}}"\n'
    )
    env = {"CW_TOKEN": SECRET, "CW_PATH": "s3cr3t"}
    found = subs(tmp_path, text, env)
    failed = send_alerts(db_path, found, backoff=Backoff(0, 0, 5))
    assert failed.delivery.errors and "500" in failed.delivery.errors[0]
    later = send_alerts(db_path, found, backoff=Backoff(0, 0, 5))
    assert later.delivery.sent == 2
    _, headers, _ = hook.posts[-1]
    assert headers["x-token"] == SECRET  # the secret was used...
    assert headers["authorization"].startswith("Basic ")
    logged = "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    assert "json://cw:" in logged or "127.0.0.1" in logged  # Apprise did log its URLs
    for leak in (SECRET, "s3cr3t", "s3cr3t%2FTok"):  # ...and never shown, raw or encoded
        assert leak not in logged
        assert leak not in "\n".join(failed.delivery.errors)
    db = open_db(db_path)
    assert not any(SECRET in line or "s3cr3t" in line for line in db.iterdump())
    env_run = {**os.environ, **env, "CLAUSEWATCH_CONFIG": str(tmp_path / "clausewatch.toml")}
    listed = CliRunner().invoke(cli, ["alerts", "list", "--db", str(db_path)], env=env_run)
    assert listed.exit_code == 0, listed.output
    assert "${CW_TOKEN}" in listed.output and "s3cr3t" not in listed.output


def test_receiver_fails_with_500_then_recovers(tmp_path: Path, db_path: Path, hook) -> None:
    port = hook.httpd.server_address[1]
    answers = iter([Reply(b"busy", status=500)])
    hook.routes["/flaky"] = lambda: next(answers, Reply(b"ok"))
    text = f'[[alerts]]\nname = "flaky"\nurl = "json://127.0.0.1:{port}/flaky"\n'
    text += 'categories = ["ai_training"]\n'
    found = subs(tmp_path, text)
    backoff = Backoff(600, 3600, 10)
    now = datetime.now(UTC)
    first = send_alerts(db_path, found, backoff=backoff, now=now)
    assert first.delivery.sent == 0 and "500" in first.delivery.errors[0]
    db = open_db(db_path)
    [row] = db.execute("select state, attempts, last_error from alert_outbox").fetchall()
    assert row[0] == "retrying" and row[1] == 1 and "500" in row[2]
    soon = send_alerts(db_path, found, backoff=backoff, now=now + timedelta(seconds=60))
    assert soon.delivery.sent == 0 and soon.delivery.waiting and len(hook.posts) == 1
    later = send_alerts(db_path, found, backoff=backoff, now=now + timedelta(seconds=601))
    assert later.delivery.sent == 1 and len(hook.posts) == 2
    [row] = db.execute("select state, attempts, last_error, sent_at from alert_outbox").fetchall()
    assert row[0] == "sent" and row[1] == 2 and row[2] is None and row[3]
    send_alerts(db_path, found, backoff=backoff, now=now + timedelta(days=1))
    assert len(hook.posts) == 2  # delivered once, never again


def test_receiver_down_for_the_whole_run_loses_nothing(tmp_path: Path, db_path: Path) -> None:
    port = free_port()  # nobody listens there
    text = f'[[alerts]]\nname = "down"\nurl = "json://127.0.0.1:{port}/down"\n'
    (tmp_path / "clausewatch.toml").write_text(text, encoding="utf-8")
    env = {"CLAUSEWATCH_CONFIG": str(tmp_path / "clausewatch.toml")}
    runner = CliRunner()
    sent = runner.invoke(cli, ["alerts", "send", "--db", str(db_path)], env=env)
    assert sent.exit_code == 1, sent.output
    assert "not delivered: down:" in sent.output
    listed = runner.invoke(cli, ["alerts", "list", "--db", str(db_path)], env=env)
    assert listed.exit_code == 0, listed.output
    assert "retrying" in listed.output and "last error:" in listed.output
    assert "Parrot / Terms of Service v2" in listed.output
    with LoopbackServer(port=port) as server:
        server.fallback = lambda path, headers: Reply(b"ok")
        retried = runner.invoke(cli, ["alerts", "retry", "--db", str(db_path)], env=env)
        assert retried.exit_code == 0, retried.output
    assert sorted(json.loads(b)["title"].split(":")[0] for _, _, b in server.posts) == [
        "Parrot Terms of Service",
        "Quillbox Terms of Service",
    ]
    listed = runner.invoke(cli, ["alerts", "list", "--db", str(db_path), "--json"], env=env)
    assert {r["state"] for r in json.loads(listed.output)["outbox"]} == {"sent"}


def test_kill_9_during_delivery_loses_nothing(tmp_path: Path, db_path: Path, hook) -> None:
    port = hook.httpd.server_address[1]
    release = threading.Event()

    def stuck() -> Reply:
        release.wait(30)
        return Reply(b"ok")

    hook.routes["/killed"] = stuck
    text = f'[[alerts]]\nname = "killed"\nurl = "json://127.0.0.1:{port}/killed"\n'
    text += 'services = ["Parrot"]\n'
    (tmp_path / "clausewatch.toml").write_text(text, encoding="utf-8")
    env = {**os.environ, "CLAUSEWATCH_CONFIG": str(tmp_path / "clausewatch.toml")}
    code = "from tracker.cli import cli; cli()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "alerts", "send", "--db", str(db_path)], env=env
    )
    try:
        deadline = time.monotonic() + 60
        while not hook.posts and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert hook.posts, "the message never reached the receiver"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    db = open_db(db_path)
    assert db.execute("select state from alert_outbox").fetchall() == [("sending",)]
    hook.routes["/killed"] = Reply(b"ok")
    again = send_alerts(db_path, subs(tmp_path, text))
    assert again.delivery.sent == 1
    assert db.execute("select state, attempts from alert_outbox").fetchall() == [("sent", 2)]
    bodies = [b for p, _, b in hook.posts if p == "/killed"]
    assert len(bodies) == 2 and bodies[0] == bodies[1]  # at least once: sent again, same words
    send_alerts(db_path, subs(tmp_path, text))
    assert len(hook.posts) == 2


def test_reverts_are_left_out_unless_asked(tmp_path: Path, db_path: Path) -> None:
    [parrot] = list_changes(open_db(db_path), service="Parrot")
    text = '[[alerts]]\nname = "a"\nurl = "json://127.0.0.1/x"\n'
    [plain] = subs(tmp_path, text)
    [asked] = subs(tmp_path, text + "include_reverts = true\n")
    assert plain.matches(parrot) and asked.matches(parrot)
    revert = {**parrot, "revert_of": 7}
    assert not plain.matches(revert) and asked.matches(revert)


def test_reextract_and_old_changes_are_not_queued_again(
    tmp_path: Path, db_path: Path, hook
) -> None:
    from tracker.analysis import default_analyser
    from tracker.reextract import reextract

    port = hook.httpd.server_address[1]
    text = f'[[alerts]]\nname = "reextract"\nurl = "json://127.0.0.1:{port}/r"\n'
    found = subs(tmp_path, text)
    assert send_alerts(db_path, found).delivery.sent == 2
    db = open_db(db_path)
    reextract(db, default_analyser())
    assert queue_alerts(db, found) == 0
    late = subs(tmp_path, '[[alerts]]\nname = "newcomer"\nurl = "json://127.0.0.1:1/x"\n')
    report = send_alerts(db_path, late)  # registered now: the past is never sent
    assert report.new_subscriptions == ["newcomer"] and report.queued == 0


@pytest.mark.parametrize(
    ("table", "env", "message"),
    [
        ('name = "x"', {}, "url is required"),
        ('url = "json://h/x"', {}, "#1: name is required"),
        ('name = "x"\nurl = "json://h/x"\ncolour = "red"', {}, "unknown field 'colour'"),
        ('name = "x"\nurl = "json://h/x"\nmin_severity = "huge"', {}, "min_severity: expected"),
        ('name = "x"\nurl = "json://h/x"\ncategories = ["ai"]', {}, "unknown category 'ai'"),
        ('name = "x"\nurl = "json://h/x"\nformat = 3', {}, "format: expected str"),
        ('name = "x"\nurl = "mailtos://u:hunter2@mail.example.org"', {}, "a password is written"),
        ('name = "x"\nurl = "ntfys://ntfy.sh/t?token=tk_123"', {}, "the parameter 'token'"),
        ('name = "x"\nurl = "json://u:${CW_NOPE}@h/x"', {}, "CW_NOPE is not set"),
        ('name = "x"\nurl = "nope://h/x"', {}, "Apprise does not understand"),
    ],
)
def test_bad_subscriptions_are_clear_errors(
    tmp_path: Path, table: str, env: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        subs(tmp_path, f"[[alerts]]\n{table}\n", env)
    assert message in str(info.value)
    assert str(info.value).startswith(str(tmp_path / "clausewatch.toml"))
    assert "hunter2" not in str(info.value) and "tk_123" not in str(info.value)


def test_two_subscriptions_with_one_name_are_refused(tmp_path: Path) -> None:
    one = '[[alerts]]\nname = "x"\nurl = "json://h/x"\n'
    with pytest.raises(ConfigError, match="two subscriptions are named 'x'"):
        subs(tmp_path, one + one)


def test_alerts_test_sends_a_sample(tmp_path: Path, hook) -> None:
    port = hook.httpd.server_address[1]
    text = f'[[alerts]]\nname = "desk"\nurl = "json://127.0.0.1:{port}/desk"\nformat = "short"\n'
    (tmp_path / "clausewatch.toml").write_text(text, encoding="utf-8")
    env = {"CLAUSEWATCH_CONFIG": str(tmp_path / "clausewatch.toml"), "CW_P": "desk2"}
    runner = CliRunner()
    by_name = runner.invoke(cli, ["alerts", "test", "desk"], env=env)
    assert by_name.exit_code == 0, by_name.output
    by_url = runner.invoke(cli, ["alerts", "test", f"json://127.0.0.1:{port}/${{CW_P}}"], env=env)
    assert by_url.exit_code == 0, by_url.output
    assert (
        "sent a test message to json://127.0.0.1" in by_url.output and "desk2" not in by_url.output
    )
    [short] = posts(hook, "/desk")
    [full] = posts(hook, "/desk2")
    assert "Test message from clausewatch" in short["message"] and len(short["message"]) <= 300
    assert "no terms changed" in full["title"] + full["message"]
    unknown = runner.invoke(cli, ["alerts", "test", "nobody"], env=env)
    assert unknown.exit_code == 2 and "neither a subscription" in unknown.output
