"""Shared fixtures.

Real policy texts live outside the project in ``../shared/data`` (see its README);
tests that read them use the ``shared_data`` fixture, which skips with a reason when
the folder is absent.  Set ``CLAUSEWATCH_SHARED_DATA`` to point elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Every test server listens on 127.0.0.1, which the URL policy refuses by default
# (tracker/fetch/policy.py): allow loopback and private addresses for the whole session,
# crawl child processes included.  The tests of the policy switch it off themselves.
os.environ["CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES"] = "1"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_data_dir() -> Path:
    return Path(os.environ.get("CLAUSEWATCH_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if not (path / "README.md").exists():
        pytest.skip(f"real policy data not found at {path} (set CLAUSEWATCH_SHARED_DATA)")
    return path


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def loopback():
    """A real HTTP server on 127.0.0.1 serving ``server.pages`` ({path: bytes})."""
    from tracker.loopback import LoopbackServer

    with LoopbackServer() as server:
        yield server
