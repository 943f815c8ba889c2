"""/healthz answers without the database; /readyz says whether the database and the
shared cache answer, 503 with the reason as JSON when one does not."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query here would raise instead of answering.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_any_host_and_plain_http(settings):
    # A load balancer probes by the worker's address over HTTP: no host check, no redirect.
    settings.SECURE_SSL_REDIRECT = True
    response = Browser(HTTP_HOST="10.1.2.3:8000").get("/healthz")
    assert response.status_code == 200


def test_a_probe_takes_only_get(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_readyz_asks_the_database_and_the_cache(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert any("SELECT 1" in q["sql"] for q in queries.captured_queries)
    assert any("triggerpoint_cache" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
def test_readyz_is_503_naming_the_database_when_it_does_not_answer(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("no database")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "database does not answer"}


@pytest.mark.django_db
def test_readyz_is_503_naming_the_cache_when_it_does_not_answer(client, monkeypatch):
    from triggerpoint.site import health

    def broken(*args, **kwargs):
        raise ConnectionError("no cache")

    monkeypatch.setattr(health.cache, "get", broken)
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["reason"] == "cache does not answer"
