"""ASGI entry point: `triggerpoint serve` runs it in uvicorn workers under gunicorn
(site/serving.py). The views stay synchronous; Django runs them in a worker thread while
the event loop keeps reading other clients' requests."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triggerpoint.site.settings")
application = get_asgi_application()
