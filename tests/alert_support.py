"""Alert-test helpers: a real SMTP server on 127.0.0.1 (aiosmtpd) and a history of changes.

The history is made by real crawls of the demo's pages (Parrot rewrites its terms,
Quillbox raises a plan limit) plus Inkwell, which only changes punctuation (a minor change).
"""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from loopback import FAST, LoopbackServer, write_declaration

from tracker.demo import release_pages, write_catalog

INKWELL_V1 = "<html><body><main><h1>Inkwell terms</h1><p>You will receive notices by e-mail.</p><p>Be kind to other writers.</p></main></body></html>"  # noqa: E501
INKWELL_V2 = INKWELL_V1.replace("other writers.", "other writers!")


@dataclass
class SmtpReceiver:
    """Messages an aiosmtpd server on 127.0.0.1 received, and whether they logged in."""

    port: int = 0
    password: bytes = b""
    messages: list[tuple[EmailMessage, bool]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((parsed, bool(session.authenticated)))  # type: ignore[arg-type]
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                     auth_data: Any) -> Any:  # fmt: skip
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = isinstance(auth_data, LoginPassword) and auth_data.password == self.password
        return AuthResult(success=ok)


@contextmanager
def smtp_receiver(password: str) -> Iterator[SmtpReceiver]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1, in its own thread and event loop."""
    from aiosmtpd.smtp import SMTP

    receiver = SmtpReceiver(password=password.encode())
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, Any] = {}

    def serve() -> None:
        asyncio.set_event_loop(loop)

        def factory() -> SMTP:
            return SMTP(receiver, hostname="mail.test", authenticator=receiver.authenticate,
                        auth_require_tls=False)  # fmt: skip

        holder["server"] = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", 0))
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(10)
    receiver.port = holder["server"].sockets[0].getsockname()[1]
    try:
        yield receiver
    finally:

        async def close() -> None:
            holder["server"].close()
            await holder["server"].wait_closed()

        asyncio.run_coroutine_threadsafe(close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def free_port() -> int:
    """A port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_history(workdir: Path, names: list[str]) -> Path:
    """A database with three changes made by real crawls; ``names`` are registered before
    the crawl that records them (as ``clausewatch run`` does)."""
    from tracker.alerts.dispatch import register_alerts
    from tracker.alerts.subscriptions import Subscription
    from tracker.crawl import crawl
    from tracker.store.db import open_db

    db_path = workdir / "history.db"
    catalog = workdir / "catalog"
    with LoopbackServer() as server:
        write_catalog(catalog, server.base_url)
        write_declaration(catalog, "Inkwell", {"Terms of Service": {
            "fetch": server.url("/inkwell/terms"), "select": "main"}})  # fmt: skip
        server.pages = {**release_pages("1"), "/inkwell/terms": INKWELL_V1}
        first = crawl(catalog, db_path, settings=FAST)
        assert first.summary["changed"] == 4, first.summary
        db = open_db(db_path)
        register_alerts(db, [Subscription(n, "json://x", "json://x") for n in names])
        db.close()
        server.pages = {**release_pages("3"), "/inkwell/terms": INKWELL_V2}
        second = crawl(catalog, db_path, settings=FAST)
        assert second.summary["changed"] == 3, second.summary
    return db_path
