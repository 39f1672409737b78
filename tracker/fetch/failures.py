"""Why a fetch failed: stable reason ids, and the rules that recognise them.

Reason ids (:data:`tracker.items.REASONS`) are stored in ``fetches.reason`` and
``documents.last_failure_reason``,
and shown by ``clausewatch status``.  A failed fetch is never a version.

Page rules look at *structure*, not single words: a real privacy policy that
mentions "CAPTCHA" or "access denied" is still a policy.  A page is a bot wall or
an error page only when a specific marker (a challenge header, a vendor's
challenge script, an error title) comes with little visible text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tracker.normalize import shown

if TYPE_CHECKING:
    from tracker.items import PageFetch


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and its causes (Scrapy wraps Twisted errors ``from`` the original)."""
    out: list[BaseException] = []
    while exc is not None and exc not in out and len(out) < 10:
        out.append(exc)
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return out


def _too_large(lowered: str, received: int, maxsize: int) -> str | None:
    """Why a download stopped for its size, however the body was sent, or None.

    Scrapy says so in the exception for a ``Content-Length`` over the cap and for a
    compressed body that inflates past it; a chunked body (or one without a length)
    is only cancelled, so the bytes the spider counted tell.
    """
    if "download_maxsize" in lowered and "decompress" in lowered:
        return "the page decompresses to more than the download cap (DOWNLOAD_MAXSIZE)"
    if "downloadcancellederror" not in lowered:
        return None
    if "size" in lowered or "maxsize" in lowered:
        return "the page is larger than the download cap (DOWNLOAD_MAXSIZE)"
    if maxsize and received > maxsize:
        return (
            f"the body passed the download cap of {maxsize} bytes (DOWNLOAD_MAXSIZE) "
            f"after {received} bytes"
        )
    return None


def classify_exception(exc: BaseException, received: int = 0, maxsize: int = 0) -> tuple[str, str]:
    """Map a download exception to a reason id and a readable detail.

    ``received`` is how many body bytes arrived before the download stopped, and
    ``maxsize`` the download cap in force (both 0 when unknown).
    """
    name = type(exc).__name__
    text = str(exc) or name
    lowered = " ".join(f"{type(e).__name__} {e}" for e in _chain(exc)).lower()
    if "privateaddressrefused" in lowered:
        return "private_address", text
    big = _too_large(lowered, received, maxsize)
    if big is not None:
        return "too_large", f"{big}; raise DOWNLOAD_MAXSIZE if the page is genuine ({text})"
    if "unsupported url scheme" in lowered or "notsupported" in lowered:
        return "unsupported_url", f"{text}: only http:// and https:// pages are fetched"
    if "robots" in lowered and "ignorerequest" in lowered:
        return (
            "robots_txt",
            "forbidden by robots.txt; set ignoreRobotsTxt in the declaration to override",
        )
    if "redirection" in lowered or "redirect" in lowered:
        return "http_error", f"too many redirects ({text})"
    if "httperror" in lowered:
        response = getattr(exc, "response", None)
        status = getattr(response, "status", None)
        if isinstance(status, int) and 300 <= status < 400:
            location = response.headers.get("Location") or b""  # type: ignore[union-attr]
            return unfollowed_redirect(status, location.decode("latin-1"))
        return "http_error", f"HTTP {status}" if status else text
    if "dataloss" in lowered or "data loss" in lowered:
        return (
            "truncated_body",
            "the connection closed before the whole page arrived (body shorter than "
            "Content-Length)",
        )
    if "timeout" in lowered or "timedout" in lowered or "took longer than" in lowered:
        return "timeout", f"no answer in time ({name}: {text})"
    if "cannotresolvehost" in lowered or "dnslookup" in lowered or "dns" in lowered:
        return "dns_error", f"host not found ({text})"
    if any(w in lowered for w in ("ssl", "tls", "certificate", "handshake")):
        return "tls_error", f"TLS failed ({text})"
    if any(
        w in lowered for w in ("refused", "reset", "lost", "neverreceived", "connection", "aborted")
    ):
        return "connection_error", f"{name}: {text}"
    return "network_error", f"{name}: {text}"


# --- pages -------------------------------------------------------------------

# Few words: a challenge or error page, not a policy.  Policies run to thousands.
LITTLE_TEXT_WORDS = 250

_LOGIN_PATH = re.compile(
    r"(?:^|/)(?:log-?in|sign-?in|sign-?on|sso|auth|authenticate|authorize|oauth2?|"
    r"sessions?/new|consent|cookie-?consent|gdpr-?consent|"
    r"accounts?/(?:log-?in|sign-?in|access|auth)|idp|saml|cas/login)(?:/|$|\.)",
    re.I,
)
_LOGIN_HOST = re.compile(r"^(?:login|signin|sso|auth|accounts?|consent|id|idp)\.", re.I)
_LOGIN_QUERY = re.compile(r"(?:^|&)(?:return_?to|redirect_?(?:uri|url|to)|continue|next)=", re.I)

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_H1 = re.compile(rb"<h1[^>]*>(.*?)</h1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_INVISIBLE_BLOCKS = re.compile(
    rb"<(script|style|noscript|template|svg|head)\b[^>]*>.*?</\1\s*>", re.I | re.S
)
_ANY_TAG = re.compile(rb"<[^>]*>")
_COMMENT = re.compile(rb"<!--.*?-->", re.S)

# (vendor, marker in the raw page); each only counts on a page with little text
_WALL_MARKERS: tuple[tuple[str, re.Pattern[bytes]], ...] = (
    ("Cloudflare", re.compile(rb"_cf_chl_opt|cf-chl-|cf_chl_|challenges\.cloudflare\.com", re.I)),
    ("Cloudflare", re.compile(rb"cf-browser-verification|cf-error-details|cf-wrapper", re.I)),
    ("Akamai", re.compile(rb"errors\.edgesuite\.net|Reference&#32;&#35;|Reference #[0-9a-f.]+")),
    ("Imperva", re.compile(rb"_Incapsula_Resource|Incapsula incident ID|incap_ses_", re.I)),
    ("DataDome", re.compile(rb"captcha-delivery\.com|datadome", re.I)),
    ("PerimeterX", re.compile(rb"px-captcha|_pxCaptcha|perimeterx|human-challenge", re.I)),
    ("AWS WAF", re.compile(rb"awswaf|aws-waf-token", re.I)),
    (
        "CAPTCHA",
        re.compile(rb"g-recaptcha|recaptcha/api|h-captcha|hcaptcha\.com|cf-turnstile", re.I),
    ),
)
_WALL_TITLES = re.compile(
    r"^\s*(?:just a moment|attention required|access denied|access to this page has been denied|"
    r"are you a robot|verify(?:ing)? (?:you are|that you are) (?:a )?human|"
    r"human verification|security check|one more step|please wait|checking your browser|"
    r"request unsuccessful|pardon our interruption|captcha|bot check|ddos protection)"
    # the whole title, give or take punctuation and a " | Site" suffix
    r"[\s.!…]*(?:[|:\-–—].*)?$",
    re.I,
)
_ERROR_TITLES = re.compile(
    r"^\s*(?:error\s*)?(?:40[0-9]|41[0-9]|5[0-9][0-9])\b|"
    r"\bpage (?:not found|cannot be found|could not be found|does ?n[o']t exist|"
    r"is(?: not|n't) available|unavailable)\b|"
    r"^\s*(?:not found|file not found|page missing)\b|"
    r"\bsomething went wrong\b|^\s*oops\b|\bwe can(?:not|'t|’t) find (?:that|this|the) page\b|"
    r"\b(?:under|down for) maintenance\b|\bservice (?:is )?(?:temporarily )?unavailable\b|"
    r"\binternal server error\b|\bbad gateway\b|\bgateway time-?out\b|"
    r"^\s*error\s*$|\bthis page (?:isn't|is not) available\b",
    re.I,
)


def _strip(fragment: bytes) -> str:
    import html

    text = _ANY_TAG.sub(b" ", fragment).decode("utf-8", "replace")
    return " ".join(html.unescape(text).split())


def _visible_markup(body: bytes) -> tuple[bytes, dict[int | None, int]]:
    """The page without comments and invisible blocks (scripts, styles, SVG, the head),
    and the word counts already made of it (by cap).

    The last page's are kept (one tuple, replaced at once, so threads cannot mix two
    pages): a page's tests ask for them more than once.
    """
    last = _LAST[0]
    if last[0] is body:
        return last[1], last[2]
    markup = _without_blocks(_COMMENT.sub(b" ", body))
    counts: dict[int | None, int] = {}
    _LAST[0] = (body, markup, counts)
    return markup, counts


_LAST: list[tuple[bytes | None, bytes, dict[int | None, int]]] = [(None, b"", {})]
_BLOCK_OPENER = re.compile(rb"<(script|style|noscript|template|svg|head)\b[^>]*>", re.I)
_BLOCK_CLOSER = {
    name: re.compile(rb"</" + name + rb"\s*>", re.I)
    for name in (b"script", b"style", b"noscript", b"template", b"svg", b"head")
}


def _without_blocks(text: bytes) -> bytes:
    """``_INVISIBLE_BLOCKS.sub(b" ", text)``, three times faster on a page whose head
    holds a large script bundle: the closing tag is found by a literal search rather
    than tried at every character of the block."""
    out: list[bytes] = []
    pos = kept = 0
    while (opener := _BLOCK_OPENER.search(text, pos)) is not None:
        closer = _BLOCK_CLOSER[opener.group(1).lower()].search(text, opener.end())
        if closer is None:  # never closed: not a block, as for the regular expression
            pos = opener.start() + 1
            continue
        out += (text[kept : opener.start()], b" ")
        pos = kept = closer.end()
    out.append(text[kept:])
    return b"".join(out)


def _count(markup: bytes) -> int:
    """Words of tagless text, as :func:`_strip` would split them."""
    import html

    return len(html.unescape(_ANY_TAG.sub(b" ", markup).decode("utf-8", "replace")).split())


_FIRST_CHUNK = 8_192


def _words_at_least(prefix: bytes) -> int:
    """A lower bound of the words of any visible markup that starts with ``prefix``.

    A tag cut short at the end and the last two words (perhaps cut, or an entity cut
    in two) are not counted, so every word counted is a word of the whole page.
    """
    cut = prefix.find(b"<", prefix.rfind(b">") + 1)  # a tag that closes after the prefix
    return max(0, _count(prefix if cut < 0 else prefix[:cut]) - 2)


def visible_words(body: bytes, cap: int | None = None) -> int:
    """A cheap count of the words a reader would see on a page (no parsing).

    With ``cap``, counting stops once the page is known to have more than ``cap``
    words: the count is exact up to ``cap`` and some number above it otherwise.  Most
    of the cost is splitting the text into words, so a policy is through after its
    first few kilobytes of text instead of all of it (bench/README.md).
    """
    markup, counts = _visible_markup(body)
    if cap not in counts:
        counts[cap] = _capped_count(markup, cap)
    return counts[cap]


def _capped_count(markup: bytes, cap: int | None) -> int:
    if cap is not None:
        size = _FIRST_CHUNK
        while size < len(markup):
            at_least = _words_at_least(markup[:size])
            if at_least > cap:
                return at_least
            size *= 2
    return _count(markup)


def page_title(body: bytes) -> str:
    match = _TITLE.search(body[:200_000])
    return _strip(match.group(1)) if match else ""


def page_h1(body: bytes) -> str:
    match = _H1.search(_INVISIBLE_BLOCKS.sub(b" ", body[:400_000]))
    return _strip(match.group(1)) if match else ""


def bot_wall(page: PageFetch) -> str | None:
    """Describe the bot wall or challenge the page is, or None."""
    headers = page.headers
    if "challenge" in headers.get("cf-mitigated", "").lower():
        return "Cloudflare challenge (cf-mitigated: challenge)"
    if headers.get("x-datadome") and page.status in (401, 403, 429):
        return "DataDome block (x-datadome header)"
    if headers.get("x-amzn-waf-action", "").lower() in ("captcha", "challenge", "block"):
        return f"AWS WAF {headers['x-amzn-waf-action'].lower()}"
    body = page.body
    if not body.strip():
        return None
    # a marker alone proves nothing (a policy may load reCAPTCHA): little text must go
    # with it.  The count comes first because it is the cheaper test: it stops after the
    # first few kilobytes of a policy, where the case-insensitive marker searches take
    # ~14 ms for a 100 KB page (bench/workload.py pages); many words are no wall at all.
    words = visible_words(body, cap=LITTLE_TEXT_WORDS)
    if words > LITTLE_TEXT_WORDS:
        return None
    title = page_title(body)
    vendor = next((v for v, marker in _WALL_MARKERS if marker.search(body)), None)
    if vendor is None and not _WALL_TITLES.search(title):
        return None
    if vendor:
        return f"{vendor} challenge page ({words} words, title {title!r})"
    return f"challenge page (title {title!r}, {words} words)"


def error_page(page: PageFetch) -> str | None:
    """Describe the error page a ``200 OK`` really is, or None."""
    body = page.body
    title = page_title(body)
    # count the words only for an error-like title: counting is the costly part
    if title and _ERROR_TITLES.search(title):
        words = visible_words(body, cap=4 * LITTLE_TEXT_WORDS)
        if words <= 4 * LITTLE_TEXT_WORDS:
            return f"an error page (title {title!r}, {words} words)"
    # a heading only counts on a page with few words; finding it is a pass over the page
    words = visible_words(body, cap=LITTLE_TEXT_WORDS)
    if words > LITTLE_TEXT_WORDS:
        return None
    h1 = page_h1(body)
    if h1 and _ERROR_TITLES.search(h1):
        return f"an error page (heading {h1!r}, {words} words)"
    return None


def login_redirect(page: PageFetch) -> str | None:
    """Describe the login or consent page a redirect landed on, or None."""
    origin = page.headers.get("x-clausewatch-redirected-from")
    if not origin:
        return None
    final = urlsplit(page.final_url or page.url)
    start = urlsplit(origin)
    if _LOGIN_PATH.search(start.path):
        return None  # the declared page itself lives under such a path
    if (
        _LOGIN_PATH.search(final.path)
        or (_LOGIN_HOST.match(final.hostname or "") and final.hostname != start.hostname)
        or (_LOGIN_QUERY.search(final.query) and final.path != start.path)
    ):
        return f"redirected from {origin} to a login or consent page {page.final_url}"
    return None


def unfollowed_redirect(status: int, location: str) -> tuple[str, str]:
    """A ``3xx`` that was not followed: a redirect outside http(s) (refused), or a broken one."""
    from tracker.fetch.policy import is_web_url

    location = location.strip()
    try:
        scheme = urlsplit(location).scheme.lower() if location else ""
    except ValueError:
        scheme = ""
    if scheme and not is_web_url(location):
        return (
            "unsupported_url",
            f"HTTP {status} redirect to a {shown(scheme)}: URL, refused: only http:// and "
            "https:// pages are fetched",
        )
    return "http_error", f"HTTP {status} redirect that was not followed"


def classify_page(page: PageFetch) -> tuple[str, str] | None:
    """Return ``(reason, detail)`` when a fetched page is not a usable document."""
    from tracker.content import content_kind, describe_content

    kind = content_kind(page.body, page.content_type)
    wall = bot_wall(page) if kind == "html" else None
    if wall:
        return "bot_wall", f"HTTP {page.status}: {wall}"
    if page.status == 304:
        return None  # not modified: the caller made the request conditional
    if page.status >= 400:
        return "http_error", f"HTTP {page.status}"
    if 300 <= page.status < 400:
        return unfollowed_redirect(page.status, page.headers.get("location", ""))
    if "dataloss" in page.flags:
        return "truncated_body", "the connection closed before the whole page arrived"
    login = login_redirect(page)
    if login:
        return "login_redirect", login
    if not page.body.strip():
        return "empty_body", "the page body is empty"
    if kind is None:
        return "unsupported_content_type", describe_content(page.body, page.content_type)
    if kind == "pdf":
        return None
    error = error_page(page)
    if error:
        return "error_page", f"HTTP {page.status} but {error}"
    return None
