"""Build an Open Terms Archive-style versions repository (a real git repository) in tests.

Each version is committed as ``SERVICE/TERMS TYPE.md`` with its recorded date and the
message the archive's engine writes for its kind.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

MESSAGES = {
    "first": "First record of {service} {terms_type}",
    "change": "Record new changes of {service} {terms_type}",
    "reextracted": "Apply technical or declaration upgrade on {service} {terms_type}",
    "refilter": "Refilter {service} {terms_type}",
}


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=True,
    )
    return done.stdout


def init_repo(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "OTA Bot")
    git(repo, "config", "user.email", "bot@example.org")
    git(repo, "config", "commit.gpgsign", "false")
    (repo / "README.md").write_text("# Versions\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "Initial commit",
        env={"GIT_AUTHOR_DATE": "2019-01-01T00:00:00+00:00",
             "GIT_COMMITTER_DATE": "2019-01-01T00:00:00+00:00"})  # fmt: skip
    return repo


def commit_version(
    repo: Path, service: str, terms_type: str, text: str, date: str, kind: str
) -> None:
    """Commit one version as the archive does: the file, its date, its message."""
    path = repo / service / f"{terms_type}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    git(repo, "add", "--", f"{service}/{terms_type}.md")
    message = MESSAGES[kind].format(service=service, terms_type=terms_type)
    git(repo, "commit", "-q", "--allow-empty", "-m", message, "-m",
        "This version was recorded after extracting from snapshot 0123456789abcdef",
        env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})  # fmt: skip


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def build_repo(repo: Path, rows: Iterable[dict[str, str]], base: Path) -> Path:
    """``rows`` are index.tsv rows (service, terms_type, file, recorded_at, kind).

    Every version becomes one commit, in date order, through ``git fast-import`` (one
    process for hundreds of commits), authored and committed at its recorded date.
    """
    init_repo(repo)
    stream = bytearray()
    parent = git(repo, "rev-parse", "HEAD").strip()
    for row in sorted(rows, key=lambda r: r["recorded_at"]):
        epoch = int(datetime.fromisoformat(row["recorded_at"]).timestamp())
        who = f"OTA Bot <bot@example.org> {epoch} +0000".encode()
        message = MESSAGES[row["kind"]].format(**row) + (
            "\n\nThis version was recorded after extracting from snapshot 0123456789abcdef\n"
        )
        path = f"{row['service']}/{row['terms_type']}.md".replace('"', '\\"')
        stream += b"commit refs/heads/main\nauthor " + who + b"\ncommitter " + who + b"\n"
        stream += _data(message.encode())
        if parent:
            stream += f"from {parent}\n".encode()
            parent = ""
        stream += f'M 100644 inline "{path}"\n'.encode()
        stream += _data((base / row["file"]).read_bytes())
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=bytes(stream),
                   check=True)  # fmt: skip
    git(repo, "reset", "-q", "--hard", "main")
    return repo
