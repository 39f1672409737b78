"""The selector doctor on the real selector-rot cases of ../shared/data/rot (its README).

Every case: the doctor gets the page the old declaration failed on, the last good
text and page, and the old declaration; its proposal must give, on the page after
the redesign, a text whose similarity to the maintainers' declaration's text is at
least 0.9.  For the cases where the document moved (the old URL became a redirect
stub or a marketing page), the doctor must find the new page through the broken
page's links, served on 127.0.0.1 (``bench/rot_doctor.py`` prints the same as a table).
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import shared_data_dir

from tracker.loopback import LoopbackServer

ROOT = Path(__file__).resolve().parent.parent
ROT = shared_data_dir() / "rot"
CASES = sorted(p.name for p in ROT.iterdir() if p.is_dir()) if ROT.is_dir() else []

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def harness() -> Iterator[object]:
    sys.path.insert(0, str(ROOT))
    try:
        yield importlib.import_module("bench.rot_doctor")
    finally:
        sys.path.remove(str(ROOT))


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def test_there_are_seventeen_cases(shared_data: Path) -> None:
    assert len(CASES) == 17, "the rot README lists 17 cases"


@pytest.mark.parametrize("case", CASES or ["(no rot data)"])
def test_the_doctor_recovers_each_case(
    shared_data: Path, harness, server: LoopbackServer, case: str
) -> None:
    folder = shared_data / "rot" / case
    result = harness.run_case(folder, server)
    assert result.proposed, f"{case}: no proposal ({result.how}, {result.to_last})"
    assert result.to_ota >= 0.9, f"{case}: {result.select} {result.remove}: {result.to_ota}"
    assert result.to_last >= 0.9
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if (folder / "broken.html").exists():
        # moved: the broken page alone does not hold the document; its links lead to it
        assert result.without_links == "no proposal"
        assert result.moved_because
        new_path = urlsplit(meta["fetch_urls"]["new"]).path
        assert urlsplit(result.fetch).path.rstrip("/") == new_path.rstrip("/")
    else:
        assert result.moved_because is None and result.fetch is None


def test_generated_class_names_are_marked_fragile(shared_data: Path, harness, server) -> None:
    # Qwen's 2026 layout has only hashed class names around the text (README: case 16)
    result = harness.run_case(shared_data / "rot" / "16_qwen-chat_terms-of-service", server)
    assert result.fragile and all("generated name" in part for part in result.fragile)
    stable = harness.run_case(shared_data / "rot" / "10_sambanova_terms-of-service", server)
    assert stable.select == ["main"] and not stable.fragile
