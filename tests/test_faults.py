"""Fault injection: real crawls against a loopback server that misbehaves in every way.

Each failure is served in turn between good fetches.  None may make a version; each
must be reported with its reason; the history afterwards must be exactly the history
of a crawl that never saw them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from loopback import FAST, LoopbackServer, Reply, fetch_rows, page, versions, write_declaration

from tracker.crawl import crawl
from tracker.store.db import open_db

SECTIONS = [
    ("Who we are", "Acme Social, Inc. runs the Acme service. These terms are a contract."),
    ("Your account", "You must be at least 13 years old to use Acme. Keep your password safe."),
    ("Your content", "You own what you post. You give us a licence to host and show it."),
    ("Acceptable use", "Do not spam, scrape, or harass other people on the service."),
    ("Privacy", "Our Privacy Policy explains how we collect and use personal data."),
    ("Fees", "Acme is free. Paid features are billed monthly and can be cancelled."),
    ("Termination", "You can leave at any time. We may suspend accounts that break rules."),
    ("Liability", "The service is provided as is. Our liability is limited by law."),
    ("Disputes", "These terms are governed by the laws of Oregon, United States."),
    ("Changes", "We will give you 30 days notice of changes to these terms by e-mail."),
]


def policy_html(edit: str = "", sections: list[tuple[str, str]] | None = None) -> str:
    body = "".join(
        f"<h2>{i}. {title}</h2><p>{text} {text.lower()} {'Read this carefully.' * 3}</p>"
        for i, (title, text) in enumerate(sections or SECTIONS, start=1)
    )
    if edit:
        body = body.replace("30 days", edit)
    return (
        "<!doctype html><html><head><title>Terms of Service | Acme</title></head><body>"
        '<nav><a href="/">Home</a></nav>'
        f'<main id="content"><h1>Acme Terms of Service</h1>{body}</main>'
        "<footer>Acme Social, Inc.</footer></body></html>"
    )


GOOD = policy_html()
EDITED = policy_html(edit="60 days")

CHALLENGE = (
    "<!DOCTYPE html><html lang='en-US'><head><title>Just a moment...</title>"
    "<meta http-equiv='refresh' content='390'></head><body><div class='main-wrapper'>"
    "<h1>acme.example</h1><p>Verifying you are human. This may take a few seconds.</p>"
    "<noscript>Enable JavaScript and cookies to continue</noscript>"
    "<script>window._cf_chl_opt={cvId: '3',cZone: 'acme.example',cType: 'managed'};"
    "</script></div></body></html>"
)
LOGIN = (
    "<html><head><title>Log in to Acme</title></head><body><main id='content'>"
    "<h1>Log in</h1><form><input name='user'><input name='pass' type='password'>"
    "<button>Log in</button></form></main></body></html>"
)
VANISHED = (
    "<html><head><title>Terms of Service | Acme</title></head><body>"
    "<div class='app-root' data-v='2'><h1>Acme Terms of Service</h1>"
    "<p>Loading...</p></div></body></html>"
)
NOT_FOUND_200 = (
    "<html><head><title>Page not found | Acme</title></head><body>"
    "<main id='content'><h1>Page not found</h1><p>Sorry, we could not find that page. "
    "Go back <a href='/'>home</a>.</p></main></body></html>"
)
SHRUNK = policy_html(sections=SECTIONS[:2])

# (label, reply, expected reason)
FAILURES = [
    ("5xx", Reply(b"<h1>Service Unavailable</h1>", status=503), "http_error"),
    ("hang past the timeout", Reply(GOOD.encode(), mode="hang", delay=8), "timeout"),
    ("reset connection", Reply(mode="reset"), "connection_error"),
    (
        "Cloudflare challenge",
        Reply(CHALLENGE.encode(), status=403, headers={"cf-mitigated": "challenge"}),
        "bot_wall",
    ),
    (
        "challenge page served 200 without the header",
        Reply(CHALLENGE.encode()),
        "bot_wall",
    ),
    ("login redirect", Reply(status=302, headers={"Location": "/login?next=/terms"}), None),
    ("empty body", Reply(b""), "empty_body"),
    ("truncated body", Reply(GOOD.encode()[:3000], mode="truncate"), "truncated_body"),
    ("selector vanished", Reply(VANISHED.encode()), "selector_no_match"),
    ("200 error page", Reply(NOT_FOUND_200.encode()), "error_page"),
]


def _catalog(tmp_path: Path, server: LoopbackServer) -> Path:
    catalog = tmp_path / "catalog"
    write_declaration(
        catalog,
        "Acme",
        {"Terms of Service": {"fetch": server.url("/terms"), "select": "main#content"}},
    )
    return catalog


def test_every_failure_is_reported_with_its_reason_and_never_a_version(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog = _catalog(tmp_path, server)
        server.routes["/login"] = page(LOGIN)
        db_path = tmp_path / "faults.db"
        ref_path = tmp_path / "reference.db"

        def run(db: Path, reply: Reply) -> int:
            server.routes["/terms"] = reply
            return crawl(catalog, db, settings=FAST).run_id

        # the reference history: good, edited
        run(ref_path, page(GOOD))
        run(ref_path, page(EDITED))

        run(db_path, page(GOOD))
        for count, (label, reply, reason) in enumerate(FAILURES, start=1):
            run_id = run(db_path, reply)
            rows = fetch_rows(db_path, run_id)
            assert len(rows) == 1, label
            assert rows[0]["outcome"] == "failed", (label, rows[0])
            assert rows[0]["reason"] == (reason or "login_redirect"), (label, rows[0])
            assert rows[0]["version_id"] is None
            assert len(versions(db_path)) == 1, f"{label} made a version"
            doc = open_db(db_path, create=False)["documents"].get(1)
            assert (doc["status"], doc["consecutive_failures"]) == ("failing", count)
        # the real page again: unchanged, healthy; then a real edit is a version
        run_id = run(db_path, page(GOOD))
        assert [r["outcome"] for r in fetch_rows(db_path, run_id)] == ["unchanged"]
        run(db_path, page(EDITED))

    assert versions(db_path) == versions(ref_path)
    db = open_db(db_path, create=False)
    doc = db["documents"].get(1)
    assert doc["status"] == "ok" and doc["consecutive_failures"] == 0
    # the changes table holds exactly one change, good → edited
    assert db.execute("select count(*) from changes").fetchone()[0] == 1


def test_failures_count_up_then_recover(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog = _catalog(tmp_path, server)
        db_path = tmp_path / "h.db"
        server.routes["/terms"] = page(GOOD)
        crawl(catalog, db_path, settings=FAST)
        server.routes["/terms"] = Reply(b"down", status=500)
        first = crawl(
            catalog,
            db_path,
            settings={**FAST, "CLAUSEWATCH_RETRY_BACKOFF": 0.6, "CLAUSEWATCH_RETRY_BACKOFF_MAX": 5},
        )
        # the retry waited for the backoff before asking again
        (_, asked), (_, retried) = [t for t in server.times if t[0] == "/terms"][-2:]
        assert retried - asked >= 0.6
        second = crawl(catalog, db_path, settings=FAST)
        assert first.needs_attention and second.summary["failed_by_reason"] == {"http_error": 1}
        db = open_db(db_path, create=False)
        doc = db["documents"].get(1)
        assert doc["status"] == "failing"
        assert doc["consecutive_failures"] == 2
        assert doc["last_failure_reason"] == "http_error"
        good_since = doc["last_success_at"]
        assert good_since < doc["last_attempt_at"]
        # the retries backed off but still happened: 1 + RETRY_TIMES requests per run
        assert len(server.paths_requested("/terms")) == 1 + 2 * 2
        server.routes["/terms"] = page(GOOD)
        report = crawl(catalog, db_path, settings=FAST)
        assert not report.needs_attention
        doc = open_db(db_path, create=False)["documents"].get(1)
        assert doc["status"] == "ok" and doc["consecutive_failures"] == 0


def test_suspicious_shrink_is_held_back_until_a_later_run_confirms_it(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog = _catalog(tmp_path, server)
        db_path = tmp_path / "s.db"
        server.routes["/terms"] = page(GOOD)
        crawl(catalog, db_path, settings=FAST)

        # a collapse, then the real page again: nothing recorded, the hold is cleared
        server.routes["/terms"] = page(SHRUNK)
        held = crawl(catalog, db_path, settings=FAST)
        assert held.summary["held_back"] == 1 and held.needs_attention
        row = fetch_rows(db_path, held.run_id)[0]
        assert (row["outcome"], row["reason"]) == ("held_back", "suspicious_shrink")
        assert "CLAUSEWATCH_MAX_SHRINK" in row["detail"]
        doc = open_db(db_path, create=False)["documents"].get(1)
        assert doc["status"] == "held_back" and doc["held_text_hash"]
        server.routes["/terms"] = page(GOOD)
        assert crawl(catalog, db_path, settings=FAST).summary["unchanged"] == 1
        assert open_db(db_path, create=False)["documents"].get(1)["held_text_hash"] is None
        assert len(versions(db_path)) == 1

        # a real, lasting cut: held back once, recorded when the next run sees it again
        server.routes["/terms"] = page(SHRUNK)
        assert crawl(catalog, db_path, settings=FAST).summary["held_back"] == 1
        confirmed = crawl(catalog, db_path, settings=FAST)
        assert confirmed.summary["changed"] == 1
        assert [v[2] for v in versions(db_path)] == [1, 2]
        assert "Your content" not in versions(db_path)[-1][3]

        # a looser limit lets a shrink through at once
        server.routes["/terms"] = page(GOOD)
        crawl(catalog, db_path, settings=FAST)  # grows back: recorded
        server.routes["/terms"] = page(SHRUNK)
        loose = crawl(catalog, db_path, settings={**FAST, "CLAUSEWATCH_MAX_SHRINK": 1})
        assert loose.summary["changed"] == 1


def test_too_large_tls_and_robots(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog = tmp_path / "catalog"
        port = server.httpd.server_address[1]
        write_declaration(
            catalog,
            "Acme",
            {
                "Terms of Service": {"fetch": server.url("/big"), "select": "main#content"},
                "Privacy Policy": {"fetch": server.url("/private/privacy"), "select": "main"},
                "Cookie Policy": {
                    "fetch": server.url("/private/cookies"),
                    "select": "main",
                    "ignoreRobotsTxt": True,
                },
                "Community Guidelines": {
                    "fetch": f"https://127.0.0.1:{port}/rules",
                    "select": "main",
                },
            },
        )
        server.routes["/robots.txt"] = Reply(
            b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
        )
        server.routes["/big"] = page(policy_html() + "<!--" + "x" * 60_000 + "-->")
        server.routes["/private/privacy"] = page(GOOD.replace('id="content"', ""))
        server.routes["/private/cookies"] = page(GOOD.replace('id="content"', ""))
        db_path = tmp_path / "t.db"
        report = crawl(catalog, db_path, settings={**FAST, "DOWNLOAD_MAXSIZE": 50_000})
        reasons = {
            r["url"].rsplit("/", 1)[-1]: (r["outcome"], r["reason"]) for r in fetch_rows(db_path)
        }
        assert reasons == {
            "big": ("failed", "too_large"),
            "privacy": ("failed", "robots_txt"),
            "cookies": ("new_version", None),
            "rules": ("failed", "tls_error"),
        }
        assert report.summary["failed_by_reason"] == {
            "too_large": 1,
            "robots_txt": 1,
            "tls_error": 1,
        }
        assert not server.paths_requested("/private/privacy")  # never even asked


def test_conditional_requests_and_user_agent(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog = _catalog(tmp_path, server)
        db_path = tmp_path / "c.db"
        server.routes["/terms"] = Reply(GOOD.encode(), mode="etag")
        settings = {**FAST, "CLAUSEWATCH_CONTACT": "mailto:ops@example.org"}
        crawl(catalog, db_path, settings=settings)
        second = crawl(catalog, db_path, settings=settings)
        assert second.summary["not_modified"] == 1 and second.summary["unchanged"] == 1
        assert not second.needs_attention
        sent = server.paths_requested("/terms")
        assert "if-none-match" not in sent[0] and sent[1]["if-none-match"].startswith('"')
        assert all("mailto:ops@example.org" in h["user-agent"] for h in sent)
        assert sent[0]["user-agent"].startswith("clausewatch/")
        # a 304 keeps the validators, so the third run is conditional too
        third = crawl(catalog, db_path, settings=settings)
        assert third.summary["not_modified"] == 1
        server.routes["/terms"] = Reply(EDITED.encode(), mode="etag")
        fourth = crawl(catalog, db_path, settings=settings)
        assert fourth.summary["changed"] == 1
        assert [v[2] for v in versions(db_path)] == [1, 2]
        # switched off: no validators sent
        crawl(catalog, db_path, settings={**settings, "CLAUSEWATCH_CONDITIONAL": False})
        assert "if-none-match" not in server.paths_requested("/terms")[-1]
    db = sqlite3.connect(db_path)
    outcomes = [r[0] for r in db.execute("select outcome from fetches order by id")]
    assert outcomes == ["new_version", "not_modified", "not_modified", "new_version", "unchanged"]


def test_unconditional_304_is_a_failure(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog = _catalog(tmp_path, server)
        server.routes["/terms"] = Reply(b"", status=304)
        report = crawl(catalog, tmp_path / "n.db", settings=FAST)
        assert report.summary["failed_by_reason"] == {"http_error": 1}


# --- the rules on their own --------------------------------------------------


def _page(body: str, status: int = 200, url: str = "https://acme.example/terms", **headers: str):
    from tracker.items import PageFetch

    return PageFetch(
        url="https://acme.example/terms",
        final_url=url,
        status=status,
        body=body.encode(),
        headers={k.replace("_", "-"): v for k, v in headers.items()},
    )


WALLS = {
    "akamai": (
        "<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>"
        'You don\'t have permission to access "http://www.acme.example/terms" on this server.'
        "<P>Reference #18.6b2d1402.1715000000.2a3f4e5</BODY></HTML>"
    ),
    "imperva": (
        "<html><head><META NAME='robots' CONTENT='noindex,nofollow'></head><body>"
        "<iframe src='/_Incapsula_Resource?CWUDNSAI=9&xinfo=1'>Request unsuccessful. "
        "Incapsula incident ID: 123</iframe></body></html>"
    ),
    "datadome": (
        "<html><head><title>acme.example</title></head><body><p>Please enable JS</p>"
        "<script src='https://ct.captcha-delivery.com/c.js'></script></body></html>"
    ),
    "perimeterx": (
        "<html><head><title>Access to this page has been denied</title></head><body>"
        "<div id='px-captcha'></div><p>Press &amp; Hold to confirm you are a human</p>"
        "</body></html>"
    ),
    "recaptcha": (
        "<html><head><title>Security check</title></head><body><form>"
        "<div class='g-recaptcha' data-sitekey='x'></div></form></body></html>"
    ),
    "cloudflare": CHALLENGE,
}


@pytest.mark.parametrize("vendor", sorted(WALLS))
def test_bot_walls_are_recognised(vendor: str) -> None:
    from tracker.fetch.failures import classify_page

    verdict = classify_page(_page(WALLS[vendor], status=403 if vendor == "akamai" else 200))
    assert verdict is not None and verdict[0] == "bot_wall", verdict


def test_policies_that_mention_captchas_and_errors_are_not_walls() -> None:
    """Words are not structure: a long policy about CAPTCHAs and access is a policy."""
    from tracker.fetch.failures import classify_page

    text = (
        "We use reCAPTCHA and hCaptcha to keep bots out; the g-recaptcha widget sends "
        "data to Google. If you see Access Denied or Just a moment..., contact us. "
        "Some pages answer 404 Page not found when content was removed. Something went "
        "wrong? Write to us. Our CDN is Cloudflare, which may set cf_chl cookies. "
    ) * 15
    body = (
        "<html><head><title>Privacy Policy | Acme</title>"
        "<script src='/cdn-cgi/challenge-platform/scripts/jsd/main.js'></script></head>"
        f"<body><main><h1>Privacy Policy</h1><p>{text}</p></main></body></html>"
    )
    assert classify_page(_page(body)) is None
    # a short page about captchas, without a vendor's challenge markup, is not a wall
    short = "<html><head><title>CAPTCHA policy</title></head><body><p>We use CAPTCHAs.</p>"
    assert classify_page(_page(short)) is None


def test_real_x_pages_are_documents(shared_data: Path) -> None:
    from tracker.fetch.failures import classify_page

    for path in sorted((shared_data / "x" / "html").glob("*.html")):
        page = _page(path.read_text(encoding="utf-8"), url="https://x.com/en/tos")
        page.headers["x-clausewatch-redirected-from"] = "https://x.com/tos"
        assert classify_page(page) is None, path.name


@pytest.mark.parametrize(
    "final_url, expected",
    [
        ("https://acme.example/login?next=/terms", "login_redirect"),
        ("https://accounts.acme-id.example/signin/v2", "login_redirect"),
        ("https://consent.acme.example/ml?continue=https://acme.example/terms", "login_redirect"),
        ("https://acme.example/account/login", "login_redirect"),
        ("https://acme.example/en/terms", None),  # a locale redirect is fine
        ("https://acme.example/legal/terms-of-service", None),
    ],
)
def test_login_and_consent_redirects(final_url: str, expected: str | None) -> None:
    from tracker.fetch.failures import classify_page

    page = _page(GOOD, url=final_url)
    page.headers["x-clausewatch-redirected-from"] = "https://acme.example/terms"
    verdict = classify_page(page)
    assert (verdict[0] if verdict else None) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("404 - Page Not Found", "error_page"),
        ("Something went wrong", "error_page"),
        ("Oops!", "error_page"),
        ("Error", "error_page"),
        ("We'll be back soon: down for maintenance", "error_page"),
        ("Terms of Service", None),
        ("Error reporting and bug bounty terms", None),
    ],
)
def test_error_pages_served_200(title: str, expected: str | None) -> None:
    from tracker.fetch.failures import classify_page

    body = f"<html><head><title>{title}</title></head><body><p>Sorry.</p></body></html>"
    verdict = classify_page(_page(body))
    assert (verdict[0] if verdict else None) == expected


def test_exceptions_map_to_reasons() -> None:
    from scrapy.exceptions import (
        CannotResolveHostError,
        DownloadCancelledError,
        DownloadConnectionRefusedError,
        DownloadFailedError,
        DownloadTimeoutError,
        IgnoreRequest,
        ResponseDataLossError,
    )

    from tracker.fetch.failures import classify_exception
    from tracker.items import REASONS

    cases = {
        CannotResolveHostError("DNS lookup failed: no results for hostname lookup: x.invalid"): (
            "dns_error"
        ),
        DownloadTimeoutError("Getting http://x took longer than 1.0 seconds."): "timeout",
        DownloadConnectionRefusedError("Connection was refused by other side"): (
            "connection_error"
        ),
        DownloadCancelledError(
            "Cancelling download of http://x: expected response size (90000) larger than "
            "download max size (50000)."
        ): "too_large",
        ResponseDataLossError("[<twisted.python.failure.Failure _DataLoss>]"): "truncated_body",
        DownloadFailedError("[<Failure SSL.Error: wrong version number>]"): "tls_error",
        IgnoreRequest("Forbidden by robots.txt"): "robots_txt",
        IgnoreRequest("max redirections reached"): "http_error",
    }
    for exc, reason in cases.items():
        assert classify_exception(exc)[0] == reason, exc
        assert reason in REASONS


def test_backoff_doubles_is_capped_and_honours_retry_after() -> None:
    from scrapy.http import Request, Response
    from scrapy.settings import Settings

    from tracker.fetch.retry import BackoffRetryMiddleware, retry_after_seconds

    mw = BackoffRetryMiddleware(
        Settings({"CLAUSEWATCH_RETRY_BACKOFF": 2, "CLAUSEWATCH_RETRY_BACKOFF_MAX": 30})
    )

    def retry(times: int) -> Request:
        return Request("http://127.0.0.1/x", meta={"retry_times": times})

    assert [mw.delay(retry(n)) for n in (1, 2, 3, 4, 5)] == [2, 4, 8, 16, 30]
    busy = Response("http://127.0.0.1/x", status=429, headers={"Retry-After": "12"})
    assert mw.delay(retry(1), busy) == 12
    assert mw.delay(retry(1), Response("http://x", headers={"Retry-After": "9999"})) == 30
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after_seconds("soon") is None
