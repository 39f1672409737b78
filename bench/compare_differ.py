"""Whether this checkout's differ gives the same diffs as another git revision's.

The JavaScript port of the differ (templates/assets/clausediff.js) must match the Python
differ on real documents, so a change to the differ that is meant to leave ordinary
documents alone (bounds on huge input, speed-ups) must give *identical* output.  This
diffs consecutive and first-vs-last versions of every document in the shared real-data
histories (and the X and Bluesky sets) with both differs, each in its own process, and
compares ``diff_texts(a, b).to_dict()``; with ``--analysis``, also the headline, events
and significance of ``analyse_change``.

    python bench/compare_differ.py                      # against main
    python bench/compare_differ.py --ref ce07535 --analysis

The other revision's ``diffs`` package is exported with ``git archive`` into a temporary
folder.  Exit status 0 when every pair is equal.  Needs ``../shared/data``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def pairs(data: Path) -> list[tuple[Path, Path]]:
    """(old, new) files: consecutive versions, and first against last, of each document."""
    folders: list[list[Path]] = []
    for folder in sorted((data / "histories").glob("*/*")):
        if folder.is_dir():
            folders.append(sorted(folder.glob("*.md")))
    folders.append(sorted((data / "x" / "tos").glob("*.md")))
    folders.append(sorted((data / "x" / "privacy").glob("*.md")))
    folders.append(sorted((data / "bluesky").glob("bluesky_tos__*.md")))
    folders.append(sorted((data / "bluesky").glob("bluesky_privacy__*.md")))
    out: list[tuple[Path, Path]] = []
    for files in folders:
        out.extend(zip(files, files[1:], strict=False))
        if len(files) > 2:
            out.append((files[0], files[-1]))
    return out


def worker(listing: str, analysis: bool) -> None:
    """Print one digest per pair read from ``listing`` (run in the process being compared)."""
    import diffs
    from diffs.analysis import analyse_change
    from diffs.differ import diff_texts

    print(Path(diffs.__file__).resolve().parent.parent, flush=True)
    for line in Path(listing).read_text(encoding="utf-8").splitlines():
        a, b = line.split("\t")
        old = Path(a).read_text(encoding="utf-8")
        new = Path(b).read_text(encoding="utf-8")
        record: dict[str, object] = {"diff": diff_texts(old, new).to_dict()}
        if analysis:
            result = analyse_change(old, new)
            record["headline"] = result.headline
            record["significance"] = result.significance
            record["events"] = [repr(e) for e in result.events]
        text = json.dumps(record, sort_keys=True, ensure_ascii=False, default=repr)
        print(hashlib.sha256(text.encode()).hexdigest(), flush=True)


def digests(code_root: Path, listing: Path, analysis: bool) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(code_root)}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(listing)]
    if analysis:
        cmd.append("--analysis")
    done = subprocess.run(cmd, env=env, cwd=code_root, capture_output=True, text=True, check=True)
    where, *lines = done.stdout.splitlines()
    if Path(where) != code_root.resolve():  # the other differ must not shadow this one
        raise SystemExit(f"imported diffs from {where}, not {code_root}")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="main", help="git revision to compare with")
    parser.add_argument("--analysis", action="store_true", help="also compare analyse_change")
    parser.add_argument("--repo", default=str(ROOT), help="git repository holding --ref")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.analysis)
        return 0
    if not DATA.is_dir():
        print(f"no real data at {DATA}", file=sys.stderr)
        return 2
    todo = pairs(DATA)
    with tempfile.TemporaryDirectory() as tmp:
        other = Path(tmp) / "ref"
        archive = subprocess.run(
            ["git", "-C", args.repo, "archive", args.ref, "diffs"], capture_output=True, check=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(other, filter="data")
        listing = Path(tmp) / "pairs.tsv"
        listing.write_text("".join(f"{a}\t{b}\n" for a, b in todo), encoding="utf-8")
        theirs = digests(other, listing, args.analysis)
        ours = digests(ROOT, listing, args.analysis)
    differ = [p for p, x, y in zip(todo, theirs, ours, strict=True) if x != y]
    for a, b in differ:
        print(f"differs: {a.relative_to(DATA)} -> {b.relative_to(DATA)}")
    print(f"{len(todo)} pairs compared with {args.ref}, {len(todo) - len(differ)} equal")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
