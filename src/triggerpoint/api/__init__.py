"""The JSON API at /api/v1 (django-ninja). Routers stay thin; the rules live in `clinic`."""
