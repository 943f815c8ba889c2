"""Every list under /api/v1 pages the same way: ?page&limit, bounded, never a 500."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import World
from triggerpoint.api.pages import MAX_LIMIT, MAX_PAGE

pytestmark = pytest.mark.django_db


def _soon() -> date:
    day = timezone.localdate() + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def lists(world: World) -> list[str]:
    return [
        "/api/v1/services?",
        "/api/v1/therapists?",
        f"/api/v1/availability?service={world.session60.pk}&date={_soon()}&",
    ]


def test_page_two_continues_where_page_one_stopped(world: World, client: HttpClient) -> None:
    url = lists(world)[2]
    whole = client.get(f"{url}limit={MAX_LIMIT}").json()
    assert whole["count"] >= 4 and whole["pages"] == 1
    first = client.get(f"{url}limit=2&page=1").json()
    second = client.get(f"{url}limit=2&page=2").json()
    assert first["items"] + second["items"] == whole["items"][:4]
    assert second["page"] == 2
    assert second["pages"] == -(-whole["count"] // 2)
    assert second["count"] == whole["count"]


def test_a_page_past_the_end_is_empty_not_an_error(world: World, client: HttpClient) -> None:
    for url in lists(world):
        body = client.get(f"{url}page={MAX_PAGE}").json()
        assert body["items"] == [] and body["page"] == MAX_PAGE


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        (f"page={MAX_PAGE + 1}", "page"),
        ("page=99999999999999999999999", "page"),
        ("limit=0", "limit"),
        (f"limit={MAX_LIMIT + 1}", "limit"),
        ("limit=ten", "limit"),
    ],
)
def test_out_of_range_pages_are_422_naming_the_field(
    world: World, client: HttpClient, query: str, field: str
) -> None:
    for url in lists(world):
        response = client.get(url + query)
        assert response.status_code == 422, (url, query)
        assert field in response.json()["errors"]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(page=st.integers(-(2**70), 2**70), limit=st.integers(-(2**70), 2**70))
def test_any_page_and_limit_is_a_page_or_a_422(
    world: World, client: HttpClient, page: int, limit: int
) -> None:
    response = client.get(f"/api/v1/services?page={page}&limit={limit}")
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert len(response.json()["items"]) <= limit


def test_the_openapi_documents_the_bounds(client: HttpClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/services", "/api/v1/therapists", "/api/v1/availability"):
        params = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert params["page"]["minimum"] == 1 and params["page"]["maximum"] == MAX_PAGE
        assert params["limit"]["minimum"] == 1 and params["limit"]["maximum"] == MAX_LIMIT
