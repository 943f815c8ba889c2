"""Absolute addresses of the web pages, for links that leave the site (emails, feeds).

Built from SITE_URL, never from a request's Host header, so a forged Host cannot make the
app email a link to someone else's site, and emails sent from the CLI link correctly too.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def absolute_url(name: str, *args: Any) -> str:
    """The full address of the URL pattern `name` (e.g. "web:book-cancel") with `args`."""
    return str(settings.SITE_URL).rstrip("/") + reverse(name, args=args)
