"""WSGI entry point for gunicorn: `gunicorn triggerpoint.site.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triggerpoint.site.settings")
application = get_wsgi_application()
