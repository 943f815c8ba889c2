"""A real SMTP server for the tests: aiosmtpd on a free local port, keeping what it gets.

The `smtp` fixture (tests/conftest.py) starts one and points Django's SMTP backend at it,
so the app's emails go through smtplib and the wire like a deployment's; tests read the
delivered messages back, parsed by the standard `email` package.
"""

from __future__ import annotations

import email
import re
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://[^\s\"'<>]+")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Delivered:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def body(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        assert part is not None, f"no text/{subtype} part"
        return str(part.get_content())

    @property
    def text(self) -> str:
        return self.body("plain")

    @property
    def html(self) -> str:
        return self.body("html")

    def calendar_parts(self) -> list[EmailMessage]:
        return [p for p in self.message.walk() if p.get_content_type() == "text/calendar"]

    def links(self) -> list[str]:
        """Every address in both bodies, in order, each once."""
        found = LINK.findall(self.text) + LINK.findall(self.html.replace("&amp;", "&"))
        return list(dict.fromkeys(found))


@dataclass
class Mailbox:
    host: str
    port: int
    delivered: list[Delivered] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd calls it so)
        parsed = email.message_from_bytes(envelope.content, policy=default)
        with self.lock:
            self.delivered.append(Delivered(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def messages(self) -> list[Delivered]:
        with self.lock:
            return list(self.delivered)

    def to(self, address: str) -> list[Delivered]:
        return [m for m in self.messages() if address in m.recipients]

    def clear(self) -> None:
        with self.lock:
            self.delivered.clear()


def start() -> tuple[Mailbox, Controller]:
    mailbox = Mailbox("127.0.0.1", free_port())
    controller = Controller(mailbox, hostname=mailbox.host, port=mailbox.port)
    controller.start()
    return mailbox, controller
