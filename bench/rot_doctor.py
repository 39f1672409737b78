"""The selector doctor on the real selector-rot cases: one row per case, then per site change.

    .venv/bin/python bench/rot_doctor.py                  # ../shared/data/rot
    .venv/bin/python bench/rot_doctor.py --data DIR --json

Each case of ``DIR/rot`` (see its README) holds the page before and after a redesign,
the declaration that broke (``old.json``), the one Open Terms Archive's maintainers
wrote (``new.json``) and the last good text (``before.md``).  For each case the doctor
(:func:`tracker.catalog.doctor.diagnose_page`) gets what a tracker has: the page the old
declaration failed on, the last good text and page, the old declaration.  For the
``moved`` cases that page is ``broken.html``, served on 127.0.0.1 at the old URL's
path with ``after.html`` at the new URL's path: the doctor must find it by the page's
links (every host is mapped to the loopback server; nothing leaves the machine).

Columns: the proposal; its similarity to the last good text ("to last"); the
similarity of its text on ``after.html`` to the maintainers' declaration's text
("to OTA": ``difflib.SequenceMatcher`` ratio over words, link targets dropped, as in
the rot README; the goal is at least 0.9); how it was found; whether it relies on
fragile names; seconds.  Cases are not independent (a site's terms and privacy policy
broke together), so the summary counts site changes too.

The test ``tests/test_doctor_realdata.py`` runs the same function on every case.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tracker.catalog import parse_declaration  # noqa: E402
from tracker.catalog.doctor import diagnose_page  # noqa: E402
from tracker.catalog.score import words  # noqa: E402
from tracker.extract import extract  # noqa: E402
from tracker.fetch.http import Fetched, fetch_page  # noqa: E402
from tracker.loopback import LoopbackServer, Reply  # noqa: E402

GOAL = 0.9
UA = "clausewatch-bench/1 (+https://example.org/clausewatch)"


@dataclass
class CaseResult:
    case: str
    service: str
    terms_type: str
    kind: str
    site_change: str  # cases with the same site change broke together
    page: str  # the page the doctor examined
    proposed: bool
    fetch: str | None
    select: list[str] | None
    remove: list[str] | None
    to_last: float | None  # similarity to the last good text
    to_ota: float | None  # similarity to the maintainers' declaration's text on after.html
    how: str | None
    moved_because: str | None
    fragile: list[str]
    seconds: float
    without_links: str | None = None  # moved cases: the doctor on the broken page alone

    @property
    def reached(self) -> bool:
        return self.proposed and (self.to_ota or 0.0) >= GOAL


def cases(data: Path) -> list[Path]:
    return sorted(p for p in (data / "rot").iterdir() if p.is_dir())


def _declaration(folder: Path, name: str) -> tuple[object, dict]:
    data = json.loads((folder / name).read_text(encoding="utf-8"))
    docs, problems = parse_declaration(data, str(folder / name))
    assert not problems and len(docs) == 1, problems
    return docs[0], next(iter(data["terms"].values()))


def similarity(a: str, b: str) -> float:
    """The rot README's similarity: SequenceMatcher over words, link targets dropped."""
    left, right = words(a), words(b)
    if not left or not right:
        return 0.0
    return difflib.SequenceMatcher(None, left, right, autojunk=False).ratio()


def through(server: LoopbackServer) -> Callable[[str, bool], Fetched]:
    """A real HTTP fetcher that sends every URL's path to the loopback server."""

    def fetcher(url: str, browser: bool) -> Fetched:
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return fetch_page(server.url(path), UA, timeout=20)

    return fetcher


def _serve(server: LoopbackServer, pages: dict[str, bytes]) -> None:
    routes = {}
    for path, body in pages.items():
        reply = Reply(body)
        routes[path.rstrip("/") or "/"] = reply
        routes[(path.rstrip("/") or "") + "/"] = reply
    server.routes = routes


def run_case(folder: Path, server: LoopbackServer) -> CaseResult:
    """Run the doctor on one rot case (the moved ones through ``server``)."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    old, _ = _declaration(folder, "old.json")
    new, _ = _declaration(folder, "new.json")
    after = (folder / "after.html").read_bytes()
    target = extract(after, list(new.pages[0].select), list(new.pages[0].remove), new.url)
    reference = (folder / "before.md").read_text(encoding="utf-8")
    previous = (folder / "before.html").read_bytes()
    broken = folder / "broken.html"
    page = old.pages[0]
    start = time.monotonic()
    without = None
    if broken.exists():
        old_path, new_path = urlsplit(old.url).path or "/", urlsplit(new.url).path or "/"
        _serve(server, {old_path: broken.read_bytes(), new_path: after})
        url = server.url(old_path)
        alone = diagnose_page(broken.read_bytes(), url, reference, page, old.terms_type)
        without = "proposes " + repr(alone.proposal.select) if alone.proposal else "no proposal"
        result = diagnose_page(
            broken.read_bytes(), url, reference, page, old.terms_type, through(server),
            previous_html=previous,
        )  # fmt: skip
        examined = "broken.html, then its links"
    else:
        result = diagnose_page(
            after, new.url, reference, page, old.terms_type, previous_html=previous
        )
        examined = "after.html"
    seconds = time.monotonic() - start
    proposal = result.proposal or result.best_below
    to_ota = None
    if result.proposal is not None:
        mine = extract(after, result.proposal.select, result.proposal.remove or None, new.url)
        to_ota = similarity(mine, target)
    after_date = ((meta.get("snapshots") or {}).get("after") or {}).get("fetched_at") or ""
    return CaseResult(
        case=folder.name,
        service=meta["service"],
        terms_type=meta["terms_type"],
        kind=meta["kind"],
        site_change=f"{meta['service']}, redesign seen {after_date[:10]}",
        page=examined,
        proposed=result.proposal is not None,
        fetch=result.fetch if result.moved_because else None,
        select=proposal.select if proposal else None,
        remove=proposal.remove if proposal else None,
        to_last=round(proposal.score.similarity, 4) if proposal else None,
        to_ota=round(to_ota, 4) if to_ota is not None else None,
        how=proposal.how if proposal else None,
        moved_because=result.moved_because,
        fragile=proposal.fragile if proposal else [],
        seconds=round(seconds, 2),
        without_links=without,
    )


def _row(r: CaseResult) -> str:
    rules = " ".join(r.select or ["-"])
    if r.remove:
        rules += " − " + " ".join(r.remove)
    moved = f" [moved: {urlsplit(r.fetch).path}]" if r.fetch else ""
    fmt = "{:<36} {:>7} {:>7} {:>6}  {}{}{}"
    return fmt.format(
        r.case[:36],
        f"{r.to_last:.3f}" if r.to_last is not None else "-",
        f"{r.to_ota:.3f}" if r.to_ota is not None else "-",
        "ok" if r.reached else "MISS",
        rules[:70],
        moved,
        " (fragile)" if r.fragile else "",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--json", action="store_true", help="one JSON object per case")
    args = parser.parse_args(argv)
    if not (args.data / "rot").is_dir():
        print(f"{args.data / 'rot'}: the rot cases are not there (see ../shared/data/README.md)")
        return 2
    with LoopbackServer() as server:
        results = [run_case(folder, server) for folder in cases(args.data)]
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2, ensure_ascii=False))
        return 0 if all(r.reached for r in results) else 1
    print(f"{'case':<36} {'to last':>7} {'to OTA':>7} {'goal':>6}  proposal")
    for r in results:
        print(_row(r))
        if r.without_links:
            print(f"{'':<36} on the broken page alone: {r.without_links}")
    sites: dict[str, list[CaseResult]] = {}
    for r in results:
        sites.setdefault(r.site_change, []).append(r)
    reached_sites = sum(all(r.reached for r in group) for group in sites.values())
    print(
        f"\n{sum(r.reached for r in results)} of {len(results)} cases reach {GOAL} with the "
        f"maintainers' text; {reached_sites} of {len(sites)} site changes (every case of "
        "the change reached)"
    )
    for name, group in sites.items():
        status = "ok" if all(r.reached for r in group) else "MISS"
        print(f"  {status:<5} {name}: {', '.join(r.case[:2] for r in group)}")
    print(f"seconds per case: {max(r.seconds for r in results):.1f} at most")
    return 0 if all(r.reached for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
