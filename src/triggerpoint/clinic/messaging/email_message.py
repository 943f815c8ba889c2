"""Render and send one email: a plain-text body and an HTML body from two templates.

An email named `thing` is `clinic/emails/thing.txt` and `clinic/emails/thing.html` under
clinic/templates/; the HTML one extends `clinic/emails/base.html` (the clinic's header,
inline styles that email programs keep, a footer). Attachments are MIME parts built by the
caller (e.g. `calendar_part`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


def render(name: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """(plain text, HTML) of the email `name`."""
    text = render_to_string(f"clinic/emails/{name}.txt", dict(context))
    html = render_to_string(f"clinic/emails/{name}.html", dict(context))
    return text, html


def calendar_part(ics: bytes, method: str, filename: str = "appointment.ics") -> MIMEBase:
    """An .ics attachment as calendar programs expect it: text/calendar; method=..."""
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def send(
    name: str,
    *,
    to: str,
    subject: str,
    context: Mapping[str, Any],
    attachments: Iterable[MIMEBase] = (),
) -> None:
    """Render the email `name` and send it to one address. Raises when sending fails."""
    text, html = render(name, context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    message.attach_alternative(html, "text/html")
    for part in attachments:
        message.attach(part)
    message.send()
    # Ids only: addresses and names stay out of the logs.
    log.info("email %s sent", name)
