"""``clausewatch flag FILE|-``: the flagged clauses of a document, for a terminal or as JSON.

Thin over :func:`diffs.flagger.flag_records`.  The input is read at most
``--max-mb`` megabytes (a policy is rarely over 1 MB), so that a stray binary or a
20 MB single line is refused at once instead of running for a minute; it must be UTF-8.
"""

from __future__ import annotations

import json
import sys
from typing import IO

import click

from diffs.categories import CATEGORIES
from diffs.flagger import flag_records
from tracker.errors import InputError
from tracker.normalize import shown

#: the default cap on the input, in megabytes
MAX_MB = 5.0


def read_text(handle: IO[bytes], name: str, max_mb: float = MAX_MB) -> str:
    """The UTF-8 text of ``handle``, read at most ``max_mb`` MB (memory stays bounded).

    Raises :class:`InputError` naming the file for input that is too large or not UTF-8.
    """
    limit = int(max_mb * 1024 * 1024)
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            f"{name}: larger than {max_mb:g} MB; flag reads one policy at a time (policies "
            "are rarely over 1 MB): split the file, or raise --max-mb"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None


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
@click.argument("file", type=click.File("rb"), default="-")
@click.option("--lines", is_flag=True, help="Treat each input line as one clause.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object per input line (or clause), in order, flagged or not.",
)
@click.option("--all", "show_all", is_flag=True, help="Also print clauses without flags.")
@click.option(
    "--max-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=MAX_MB,
    show_default=True,
    help="Refuse input larger than this many megabytes.",
)
def flag(file: IO[bytes], lines: bool, as_json: bool, show_all: bool, max_mb: float) -> None:
    """Flag the clauses of FILE that matter (arbitration, AI training, venue, penalties ...).

    FILE is Markdown or plain text; "-" (the default) reads standard input.

    \b
    Examples:
      clausewatch flag terms.md
      echo "We may use your posts to train our AI models." | clausewatch flag --lines --json -
    """
    name = getattr(file, "name", "-")
    name = "standard input" if name in ("-", "<stdin>") else shown(str(name))
    records = flag_records(read_text(file, name, max_mb), lines=lines)
    if as_json:
        for rec in records:
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return
    printed = _print_human(records, show_all)
    if not printed:
        click.echo("No flagged clauses.")
