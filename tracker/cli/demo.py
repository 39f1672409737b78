"""``clausewatch demo``: the whole pipeline, offline, on a fictional platform."""

from __future__ import annotations

import click


@click.command("demo")
@click.option(
    "--dir",
    "workdir",
    default="clausewatch-demo",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where to put the demo database and site.",
)
def demo_cmd(workdir: str) -> None:
    """Run the whole pipeline offline on a fictional platform, then build the site.

    Serves three releases of made-up policies (one of them in Arabic) on 127.0.0.1,
    crawls each with the real spider into a fresh database, builds the site in English
    and in Arabic, and shows the alert a webhook on 127.0.0.1 receives for the
    high-severity change.

    \b
    Example:
        clausewatch demo --dir /tmp/cw-demo && xdg-open /tmp/cw-demo/site/index.html
        xdg-open /tmp/cw-demo/site/ar/index.html   # the same site in Arabic
    """
    from rich.console import Console
    from rich.table import Table

    from tracker.demo import run_demo

    report = run_demo(workdir)
    console = Console()
    table = Table(title="clausewatch demo: one crawl per release")
    for col in (
        "release",
        "what changed on the server",
        "checked",
        "unchanged",
        "changed",
        "failed",
    ):
        table.add_column(col)
    for r in report.releases:
        table.add_row(
            r["release"],
            r["description"],
            str(r["checked"]),
            str(r["unchanged"]),
            str(r["changed"]),
            str(r["failed"]),
        )
    console.print(table)
    console.print("Recorded changes:")
    for c in report.changes:
        console.print(
            f"  • {c['service']} / {c['document']} [{c['significance']}]: {c['headline'] or '-'}",
            markup=False,
            highlight=False,
        )
    for alert in report.alerts:
        console.print(f"Alert received by the demo's webhook, {report.alert_subscription}:")
        lines = [alert.get("title", ""), *alert.get("message", "").splitlines()]
        for line in lines[:14] + (["…"] if len(lines) > 14 else []):
            console.print(f"  | {line}", markup=False, highlight=False)
    console.print(f"Database: {report.db_path}")
    console.print(f"Site ({report.pages_written} pages), in each of its languages:")
    names = {"en": "English", "ar": "Arabic"}
    for language, home in report.homes.items():
        console.print(
            f"  {names.get(language, language)}: {home.resolve()}", highlight=False, soft_wrap=True
        )
    console.print(f"Try: clausewatch changes --db {report.db_path} --json")
