"""``clausewatch run`` queues and sends alerts after each run; ``crawl`` only records."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from loopback import LoopbackServer, Reply, page, write_declaration

from tracker.cli import cli

V1 = "<main><h1>Acme terms</h1><p>You may post content.</p></main>"
V2 = V1.replace(
    "</main>",
    "<p>You grant Acme a licence to use your content to train our artificial intelligence "
    "models.</p></main>",
)
V3 = V2.replace(
    "</main>", "<p>Any dispute will be resolved by binding individual arbitration.</p></main>"
)


def test_run_sends_what_the_crawl_recorded(tmp_path: Path) -> None:
    fast = "[crawl]\nautothrottle = false\nretries = 0\ntimeout = 5\n"
    with LoopbackServer() as server:
        server.routes["/tos"] = page(V1)
        answers = [Reply(b"ok")]
        server.routes["/hook"] = lambda: answers[0]
        catalog = tmp_path / "catalog"
        write_declaration(catalog, "Acme", {"Terms of Service": {
            "fetch": server.url("/tos"), "select": "main"}})  # fmt: skip
        settings = tmp_path / "clausewatch.toml"
        settings.write_text(
            f'base_url = "https://tos.example.org/"\n{fast}'
            f'[[alerts]]\nname = "desk"\nurl = "json://127.0.0.1:{server.httpd.server_address[1]}'
            '/hook"\nmin_severity = "medium"\n',
            encoding="utf-8",
        )
        env = {"CLAUSEWATCH_CONFIG": str(settings)}
        args = ["--catalog", str(catalog), "--db", str(tmp_path / "cw.db")]
        run = ["run", *args, "--out", str(tmp_path / "site")]
        runner = CliRunner()
        first = runner.invoke(cli, run, env=env)
        assert first.exit_code == 0, first.output
        assert "alerts: 0 queued, 0 sent" in first.output and not server.posts
        server.routes["/tos"] = page(V2)
        crawled = runner.invoke(cli, ["crawl", *args], env=env)  # records, sends nothing
        assert crawled.exit_code == 0, crawled.output
        assert "alerts" not in crawled.output and not server.posts
        server.routes["/tos"] = page(V3)
        answers[0] = Reply(b"down", status=500)
        failing = runner.invoke(cli, run, env=env)
        assert failing.exit_code == 1, failing.output  # cron mails: an alert is stuck
        assert "alert not delivered: desk:" in failing.output
        assert "alerts: 2 queued, 0 sent" in failing.output
        answers[0] = Reply(b"ok")
        retried = runner.invoke(cli, ["alerts", "retry", "--db", str(tmp_path / "cw.db")], env=env)
        assert retried.exit_code == 0, retried.output
    titles = [json.loads(body)["title"] for _, _, body in server.posts]
    # the first was refused (the destination then waits for the next run), then both
    # were delivered, oldest first
    assert len(titles) == 3 and titles[0] == titles[1]
    assert titles[1].startswith("Acme Terms of Service: ") and "AI-training" in titles[1]
    assert "arbitration" in titles[2].lower()
    bodies = [json.loads(body)["message"] for _, _, body in server.posts[1:]]
    assert "https://tos.example.org/services/acme/terms-of-service/changes/2.html" in bodies[0]
