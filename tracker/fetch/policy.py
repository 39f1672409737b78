"""The URL policy: what clausewatch may fetch (pure rules, no Scrapy).

- Only ``http`` and ``https`` pages (:data:`FETCH_SCHEMES`), in the catalog, in the
  crawler (no download handler for ``file:``, ``data:``, ``ftp:``, ``s3:``) and after a
  redirect.
- Never a loopback, private or link-local address (127.0.0.0/8, ::1, 10/8, 172.16/12,
  192.168/16, 169.254/16, fe80::/10, fc00::/7, 100.64/10, 0.0.0.0…) unless the setting
  ``crawl.allow_private_addresses`` (``CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES``) is true.
  A declaration contributed to a catalog that CI crawls must not read the CI machine's
  own services (a cloud metadata endpoint, a database admin page) and publish them.

``catalog check`` reports a host that is a literal private address or ``localhost``;
in the crawler, :class:`tracker.fetch.private.PrivateAddressMiddleware` refuses every
request whose host *resolves* to one (redirects included), before anything is sent to
it.  It resolves through Scrapy's DNS cache, so the connection that follows uses the
address that was checked.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

FETCH_SCHEMES = ("http", "https")
SETTING = "CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES"
HINT = (
    "set crawl.allow_private_addresses = true (CLAUSEWATCH_ALLOW_PRIVATE_ADDRESSES=1) "
    "only if you trust every declaration of the catalog"
)
# Shared address space (carrier-grade NAT; some clouds' metadata services live there)
_SHARED = ipaddress.ip_network("100.64.0.0/10")


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an ``http(s)`` URL with a host name."""
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in FETCH_SCHEMES and bool(parts.hostname)
    except ValueError:  # e.g. an invalid IPv6 literal
        return False


def private_ip(address: str) -> bool:
    """Whether an IP address (text) is loopback, private, link-local or otherwise local."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_unspecified
        or ip.is_reserved
        or ip.is_multicast
        or (isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED)
    )


def literal_address(host: str) -> str | None:
    """The IP address a host name spells out, in any notation, or None for a name.

    ``127.1``, ``0x7f000001`` and ``2130706433`` all spell 127.0.0.1 to a resolver.
    """
    host = host.strip("[]")
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefxABCDEFX." for c in host):
        try:
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            return None
    return None


def private_host(host: str | None) -> str | None:
    """Why ``host`` is a private address by its spelling alone (no DNS), or None."""
    if not host:
        return None
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return f"{host} is the local machine"
    address = literal_address(name)
    if address is not None and private_ip(address):
        return f"{host} is a loopback or private address"
    return None


def url_problem(url: str) -> str | None:
    """Why the policy refuses ``url`` by its spelling alone (scheme, literal host), or None."""
    if not is_web_url(url):
        return "only http:// and https:// pages with a host name are fetched"
    why = private_host(urlsplit(url).hostname)
    return f"{why}; loopback and private addresses are refused: {HINT}" if why else None


def resolved_private(host: str) -> str | None:
    """The private address ``host`` resolves to (blocking DNS), or None.

    For the catalog tools' plain fetch; the crawler resolves through Twisted instead.
    """
    why = private_host(host)
    if why:
        return why
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return None  # the fetch itself will say that the host is unknown
    for info in infos:
        address = str(info[4][0])
        if private_ip(address):
            return f"{host} resolves to {address}, a loopback or private address"
    return None
