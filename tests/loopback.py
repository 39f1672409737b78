"""A loopback HTTP server for crawl tests: each path serves a page or a failure, switchable.

Used by the fault, noise, crash, lock and status tests.  Everything stays on
127.0.0.1; the real crawler (``tracker.crawl.crawl``) fetches from it.
"""

from __future__ import annotations

import hashlib
import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# Fast crawls: no throttling, short timeouts, one quick retry.
FAST = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 2,  # small, yet safe on two busy cores
    "RETRY_TIMES": 1,
    "CLAUSEWATCH_RETRY_BACKOFF": 0.05,
    "CLAUSEWATCH_RETRY_BACKOFF_MAX": 0.1,
}


@dataclass
class Reply:
    """What a path answers: a status, headers, a body, or a misbehaviour."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    # "hang" (answer after `delay` seconds), "reset" (RST, no answer),
    # "truncate" (Content-Length larger than the body sent), "etag" (honour If-None-Match)
    mode: str = ""
    delay: float = 0.0
    content_type: str = "text/html; charset=utf-8"


def page(body: bytes | str, **kwargs: Any) -> Reply:
    return Reply(body.encode() if isinstance(body, str) else body, **kwargs)


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 whose answers tests switch per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply | Callable[[], Reply]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.times: list[tuple[str, float]] = []  # (path, time.monotonic()) per request
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                path = self.path.split("?")[0]
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                server.times.append((path, time.monotonic()))
                route = server.routes.get(path)
                reply = route() if callable(route) else route
                if reply is None:
                    self._send(Reply(b"<h1>Not here</h1>", status=404))
                    return
                if reply.mode == "hang":
                    server.stop.wait(reply.delay or 5)
                if reply.mode == "reset":
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.connection.close()
                    self.close_connection = True
                    return
                if reply.mode == "etag":
                    tag = '"' + hashlib.sha256(reply.body).hexdigest()[:16] + '"'
                    if self.headers.get("If-None-Match") == tag:
                        self._send(Reply(b"", status=304, headers={"ETag": tag}))
                        return
                    reply = Reply(reply.body, reply.status, {**reply.headers, "ETag": tag}, "", 0.0)
                if reply.mode == "truncate":
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body) + 5000))
                    self.end_headers()
                    self.wfile.write(reply.body)
                    self.wfile.flush()
                    self.close_connection = True
                    return
                if reply.delay and reply.mode != "hang":
                    time.sleep(reply.delay)
                self._send(reply)

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status)
                if reply.status != 304:
                    self.send_header("Content-Type", reply.content_type)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # resets and hangs are on purpose

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths_requested(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.requests if p.split("?")[0] == path]


def write_declaration(catalog: Path, name: str, terms: dict[str, dict[str, Any]]) -> Path:
    catalog.mkdir(parents=True, exist_ok=True)
    path = catalog / f"{name}.json"
    path.write_text(json.dumps({"name": name, "terms": terms}, indent=2), encoding="utf-8")
    return path


def versions(db_path: Path) -> list[tuple[str, str, int, str]]:
    """(service, terms type, number, markdown) of every version, in order."""
    from tracker.store import open_db

    db = open_db(db_path, create=False)
    try:
        return [
            tuple(row)  # type: ignore[misc]
            for row in db.execute(
                "select services.name, documents.terms_type, versions.number, versions.markdown "
                "from versions join documents on documents.id = versions.document_id "
                "join services on services.id = documents.service_id "
                "order by services.name, documents.terms_type, versions.number"
            ).fetchall()
        ]
    finally:
        db.close()


def fetch_rows(db_path: Path, run_id: int | None = None) -> list[dict[str, Any]]:
    from tracker.store import open_db

    db = open_db(db_path, create=False)
    try:
        sql = "select * from fetches" + (" where run_id = ?" if run_id else "") + " order by id"
        cursor = db.execute(sql, [run_id] if run_id else [])
        cols = [c[0] for c in cursor.description]
        return [dict(zip(cols, row, strict=True)) for row in cursor.fetchall()]
    finally:
        db.close()
