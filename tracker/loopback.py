"""The one loopback HTTP server: the demo, the tests and the benchmarks all serve from it.

A real threaded HTTP/1.1 server on a loopback address: 127.0.0.1, or another address of
127.0.0.0/8 given as ``host`` (a benchmark spreads its pages over many "sites" that way);
never another interface.  Each path
answers a :class:`Reply` (a status, headers, a body) or misbehaves on purpose
(``hang``, ``reset``, ``truncate``) so that crawls can be tested against every failure
a real site shows; ``etag`` answers ``304`` to a matching ``If-None-Match``.  Paths
come from ``routes`` (switchable while the server runs) or from a ``fallback``
function of the path and the request headers.  Every request is logged, and a
``POST`` keeps its body in ``posts`` (the demo's and the tests' webhook receivers).
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import struct
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["LoopbackServer", "Reply", "loopback_host"]


@dataclass
class Reply:
    """What a path answers: a status, headers, a body, or a misbehaviour."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    # "hang" (answer after `delay` seconds), "reset" (RST, no answer),
    # "truncate" (Content-Length larger than the body sent), "etag" (honour If-None-Match),
    # "chunked" (Transfer-Encoding: chunked, no Content-Length)
    mode: str = ""
    delay: float = 0.0
    content_type: str = "text/html; charset=utf-8"


Route = Reply | Callable[[], Reply]
Fallback = Callable[[str, Mapping[str, str]], Reply | None]
NOT_FOUND = Reply(b"<h1>Not here</h1>", status=404)


def loopback_host(host: str) -> str:
    """``host`` if it is an IPv4 address of the loopback network 127.0.0.0/8.

    Raises :class:`ValueError` for anything else (a name, another network, IPv6): the
    server never listens beyond this machine.
    """
    try:
        address = ipaddress.IPv4Address(host)
    except ValueError:
        raise ValueError(f"{host!r} is not an IPv4 address of 127.0.0.0/8") from None
    if address not in _LOOPBACK:
        raise ValueError(f"{host} is outside the loopback network 127.0.0.0/8")
    return str(address)


_LOOPBACK = ipaddress.IPv4Network("127.0.0.0/8")


class LoopbackServer:
    """A threaded HTTP server on a loopback address whose answers are switched per path.

    ``with LoopbackServer() as server: server.routes["/tos"] = Reply(html)``; then
    ``server.url("/tos")``.  ``server.pages = {path: bytes}`` serves plain pages.
    ``host`` is 127.0.0.1 or another address of 127.0.0.0/8 (anything else raises
    :class:`ValueError`).
    """

    def __init__(
        self,
        routes: dict[str, Route] | None = None,
        fallback: Fallback | None = None,
        port: int = 0,
        host: str = "127.0.0.1",
    ) -> None:
        self.host = loopback_host(host)
        self.routes: dict[str, Route] = dict(routes or {})
        self.fallback = fallback
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.times: list[tuple[str, float]] = []  # (path, time.monotonic()) per request
        self.posts: list[tuple[str, dict[str, str], bytes]] = []  # (path, headers, body)
        self.stop = threading.Event()
        self.httpd = _Server((self.host, port), _handler(self))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def pages(self) -> dict[str, bytes]:
        return {p: r.body for p, r in self.routes.items() if isinstance(r, Reply)}

    @pages.setter
    def pages(self, pages: Mapping[str, bytes | str]) -> None:
        self.routes = {
            path: Reply(body.encode() if isinstance(body, str) else body)
            for path, body in pages.items()
        }

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def reply_for(self, path: str, headers: Mapping[str, str]) -> Reply:
        route = self.routes.get(path)
        reply = route() if callable(route) else route
        if reply is None and self.fallback is not None:
            reply = self.fallback(path, headers)
        return reply or NOT_FOUND

    def paths_requested(self, path: str) -> list[dict[str, str]]:
        """The headers of every request made for ``path`` (query strings ignored)."""
        return [h for p, h in self.requests if p.split("?")[0] == path]

    def serve_forever(self) -> None:
        """Serve in this thread until the process ends (for a server in a child process)."""
        self.httpd.serve_forever(poll_interval=0.2)

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # resets and hangs are on purpose


def _send_chunked(handler: BaseHTTPRequestHandler, reply: Reply, chunk: int = 65536) -> None:
    """Answer with ``Transfer-Encoding: chunked`` (no Content-Length), as streaming servers do."""
    handler.send_response(reply.status)
    handler.send_header("Content-Type", reply.content_type)
    for key, value in reply.headers.items():
        handler.send_header(key, value)
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    try:
        for start in range(0, len(reply.body), chunk):
            part = reply.body[start : start + chunk]
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        handler.wfile.write(b"0\r\n\r\n")
        handler.wfile.flush()
    except OSError:  # the client gave up (a body over its size cap)
        handler.close_connection = True


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


def _handler(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real servers do

        def do_POST(self) -> None:  # noqa: N802 (http.server API)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            server.posts.append((self.path.split("?")[0], headers, body))
            self.do_GET()

        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            path = self.path.split("?")[0]
            headers = {k.lower(): v for k, v in self.headers.items()}
            server.requests.append((self.path, headers))
            server.times.append((path, time.monotonic()))
            reply = server.reply_for(path, headers)
            if reply.mode == "hang":
                server.stop.wait(reply.delay or 5)
            elif reply.delay:
                time.sleep(reply.delay)
            if reply.mode == "reset":
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.connection.close()
                self.close_connection = True
            elif reply.mode == "etag":
                self._etag(reply, headers)
            elif reply.mode == "chunked":
                _send_chunked(self, reply)
            else:
                self._send(reply, length=len(reply.body) + 5000 * (reply.mode == "truncate"))
                self.close_connection = self.close_connection or reply.mode == "truncate"

        do_HEAD = do_GET  # noqa: N815 (http.server API)

        def _etag(self, reply: Reply, headers: Mapping[str, str]) -> None:
            tag = _etag(reply.body)
            if headers.get("if-none-match") == tag:
                self._send(Reply(b"", status=304, headers={"ETag": tag}))
            else:
                self._send(Reply(reply.body, reply.status, {**reply.headers, "ETag": tag}))

        def _send(self, reply: Reply, length: int | None = None) -> None:
            self.send_response(reply.status)
            if reply.status != 304:
                self.send_header("Content-Type", reply.content_type)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(reply.body) if length is None else length))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)
                self.wfile.flush()

        def log_message(self, *args: Any) -> None:
            pass

    return Handler
