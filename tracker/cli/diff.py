"""``clausewatch diff OLD NEW``: the clause-level diff of two files, for a terminal or as JSON.

The command is thin: :func:`load_document` turns a file into Markdown,
:func:`diffs.analysis.analyse_change` does the work (the same analysis as a recorded
change: headline, flag events, diff), and :func:`render_rich` /
:func:`diffs.differ.render_lines` lay the result out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from diffs.analysis import ChangeAnalysis, analyse_change
from diffs.cosmetic import is_junk
from diffs.differ import render_lines
from diffs.result import DiffResult
from tracker.errors import InputError

HTML_SUFFIXES = (".html", ".htm", ".xhtml")

#: rich style for each run style of :func:`diffs.differ.render_lines`
STYLES = {
    "header": "bold",
    "section": "bold cyan",
    "added": "green",
    "removed": "red",
    "modified": "yellow",
    "moved": "magenta",
    "unchanged": "dim",
    "minor": "dim italic",
    "equal": "",
    "insert": "bold green underline",
    "delete": "bold red strike",
    "": "",
}


def load_document(path: str | Path, select: Sequence[str] = (), remove: Sequence[str] = ()) -> str:
    """Read ``path`` as Markdown; ``.html``/``.htm`` files go through the extractor first.

    ``select`` and ``remove`` are CSS selectors for HTML (see
    :func:`tracker.extract.extract`); they are an error for other files.  A file that is
    not text (a NUL byte, or a quarter of it undecodable bytes and control characters:
    an image, an archive, an executable) is an :class:`InputError`.
    """
    p = Path(path)
    raw = p.read_bytes()
    if p.suffix.lower() in HTML_SUFFIXES:
        from tracker.extract import extract  # lazy: keeps the Markdown path light

        try:
            return extract(raw, list(select) or None, list(remove) or None)
        except ValueError as exc:  # ExtractionError: a selector matched nothing
            raise click.ClickException(f"{p.name}: {exc}") from exc
    if select or remove:
        raise click.UsageError(f"--select/--remove apply to HTML files only, not {p.name}")
    text = raw.decode("utf-8-sig", errors="replace")
    if "\x00" in text or is_junk(text):
        raise InputError(
            f"{p}: binary content, not text; diff compares Markdown, text or HTML files "
            "(extract the text of a PDF or a word-processor file first)"
        )
    return text


def render_rich(result: DiffResult, include_unchanged: bool = False) -> list[Text]:
    """The diff as styled ``rich`` lines; the markers keep it readable without colour."""
    lines = []
    for runs in render_lines(result, include_unchanged):
        text = Text()
        for chunk, style in runs:
            text.append(chunk, style=STYLES.get(style, ""))
        lines.append(text)
    return lines


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the diff result as JSON.")
@click.option(
    "--select", multiple=True, metavar="CSS", help="HTML only: keep what this selects (repeatable)."
)
@click.option(
    "--remove", multiple=True, metavar="CSS", help="HTML only: drop what this selects (repeatable)."
)
@click.option("--all", "show_all", is_flag=True, help="Also show unchanged clauses.")
def diff(
    old: Path,
    new: Path,
    as_json: bool,
    select: tuple[str, ...],
    remove: tuple[str, ...],
    show_all: bool,
) -> None:
    """Show what changed between two versions of a document, clause by clause.

    OLD and NEW are Markdown or text files, or HTML pages (.html/.htm), which are
    reduced to the document first with --select/--remove.  Each changed clause is
    printed with a marker: + added, - removed, ~ reworded (with [-deleted-] and
    {+inserted+} words), ↕ moved; "(minor)" marks edits to formatting, links,
    punctuation or dates only.

    \b
    Examples:
      clausewatch diff terms-2023.md terms-2024.md
      clausewatch diff old.html new.html --select main --remove nav --json
    """
    old_text = load_document(old, select, remove)
    new_text = load_document(new, select, remove)
    analysis = analyse_change(old_text, new_text)
    if as_json:
        click.echo(json.dumps(diff_json(analysis, show_all), ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False, soft_wrap=True)
    header, *lines = render_rich(analysis.diff, include_unchanged=show_all)
    console.print(header)
    console.print(Text(f"headline: {analysis.headline}", style="bold"))
    for event in analysis.flag_events():
        console.print(Text(f"  {event_line(event.to_dict())}"))
    for line in lines:
        console.print(line)


def diff_json(analysis: ChangeAnalysis, include_unchanged: bool = False) -> dict:
    """``diff --json``: the diff, with the headline and events ``changes --json`` gives."""
    stored = analysis.to_dict()
    return {
        **analysis.diff.to_dict(include_unchanged=include_unchanged),
        "significance": analysis.significance,
        "headline": analysis.headline,
        "flags": stored["flags"],
        "events": stored["events"],
        "cosmetic_kinds": stored["cosmetic_kinds"],
        "effective_date": stored["effective_date"],
    }


def event_line(event: dict) -> str:
    """One flag event as a line of text: ``modified liquidated_damages: … → …``."""
    words = ""
    if event.get("old_phrase") or event.get("new_phrase"):
        words = f": “{event.get('old_phrase') or '…'}” → “{event.get('new_phrase') or '…'}”"
    elif event.get("removed_words") or event.get("added_words"):
        words = f": {event.get('removed_words') or '…'} → {event.get('added_words') or '…'}"
    elif event.get("old") or event.get("new"):
        words = f": {', '.join(event.get('old') or ['…'])} → {', '.join(event.get('new') or ['…'])}"
    return f"{event['kind'].replace('_', ' ')} {event.get('category', '')}{words}"
