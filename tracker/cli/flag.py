"""``clausewatch flag FILE|-``: the flagged clauses of a document, for a terminal or as JSON.

Thin over :func:`diffs.flagger.flag_records`.
"""

from __future__ import annotations

import json
import sys

import click

from diffs.categories import CATEGORIES
from diffs.flagger import flag_records


def _format_entity(e: dict) -> str:
    return f"{e['kind']}: {e['text']}"


def _print_human(records: list[dict], show_all: bool) -> int:
    shown = 0
    for i, rec in enumerate(records, 1):
        if not rec["flags"] and not show_all:
            continue
        shown += 1
        where = f" [{rec['section']}]" if rec.get("section") else ""
        text = " ".join(rec["text"].split())
        if len(text) > 160:
            text = text[:157] + "..."
        click.echo(f"{i}{where}: {text}")
        for f in rec["flags"]:
            cat = CATEGORIES.get(f["category"])
            title = cat.title if cat else f["category"]
            pol = " (protective)" if f["polarity"] == "restricts" else ""
            click.echo(
                f"  - {f['category']} [{f['severity']}, {f['confidence']:.2f}]{pol}: {title}"
            )
            click.echo(f"      evidence: {f['evidence']}")
            if f["entities"]:
                click.echo("      " + "; ".join(_format_entity(e) for e in f["entities"]))
    return shown


@click.command("flag")
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--lines", is_flag=True, help="Treat each input line as one clause.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object per input line (or clause), in order, flagged or not.",
)
@click.option("--all", "show_all", is_flag=True, help="Also print clauses without flags.")
def flag(file, lines: bool, as_json: bool, show_all: bool) -> None:
    """Flag the clauses of FILE that matter (arbitration, AI training, venue, penalties ...).

    FILE is Markdown or plain text; "-" (the default) reads standard input.

    \b
    Examples:
      clausewatch flag terms.md
      echo "We may use your posts to train our AI models." | clausewatch flag --lines --json -
    """
    records = flag_records(file.read(), lines=lines)
    if as_json:
        for rec in records:
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return
    shown = _print_human(records, show_all)
    if not shown:
        click.echo("No flagged clauses.")
