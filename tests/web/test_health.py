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
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert any("SELECT 1" in q["sql"] for q in queries.captured_queries)
    assert any("triggerpoint_cache" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
def test_readyz_is_503_naming_the_database_when_it_does_not_answer(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("no database")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    # The default cache is a table of that database: it is down with it, and said so.
    assert response.json() == {
        "status": "unavailable",
        "reason": "database and cache do not answer",
        "checks": {"database": "does not answer", "cache": "does not answer"},
    }


@pytest.mark.django_db
def test_readyz_is_503_naming_the_cache_when_it_does_not_answer(client, monkeypatch):
    from triggerpoint.site import health

    def broken(*args, **kwargs):
        raise ConnectionError("no cache")

    monkeypatch.setattr(health.cache, "get", broken)
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["reason"] == "cache does not answer"


@pytest.mark.django_db
def test_the_role_is_worked_out_once_per_request_and_again_for_another_user():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from triggerpoint.clinic.models import Clinic, Role, Staff
    from triggerpoint.clinic.people import access as policy

    clinic = Clinic.objects.create(name="North")
    user = get_user_model().objects.create_user("o@example.com", "o@example.com", "pw-long-1")
    Staff.objects.create(user=user, clinic=clinic, display_name="O", role=Role.OWNER)
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as first:
        assert policy.request_role(request) == "owner"
    with CaptureQueriesContext(connection) as again:
        assert policy.request_role(request) == "owner"
    assert len(first.captured_queries) >= 1
    assert len(again.captured_queries) == 0
    request.user = AnonymousUser()  # signed out mid-request
    assert policy.request_role(request) == "anonymous"
