"""ASGI entry point: `triggerpoint serve` runs it in uvicorn workers under gunicorn
(site/serving.py). The event loop reads every client's request; the views run in a
worker thread (site/dispatch.py says which handler serves which request)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triggerpoint.site.settings")
django.setup(set_prefix=False)

from triggerpoint.site.dispatch import application_for  # noqa: E402 - needs the settings

application = application_for()
