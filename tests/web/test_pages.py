"""The public pages, read as HTML (BeautifulSoup), never by grepping."""

from __future__ import annotations

import json
from typing import Any

import pytest
from bs4 import BeautifulSoup

from triggerpoint.bodymap.regions import fine_regions

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_home_lists_the_clinics_active_services(client, world):
    world.spa_afternoon.active = False
    world.spa_afternoon.save()
    page = soup(client.get("/"))
    names = [card.h3.get_text() for card in page.select("[data-service]")]
    assert "Trigger point therapy, 60 minutes" in names
    assert "Spa afternoon" not in names
    assert page.select_one(".brand").get_text() == "Test Clinic"


def test_every_page_has_the_search_box(client, world):
    for url in ("/", "/trigger-point-therapy/", "/find/", "/muscles/", "/search/?q=neck"):
        box = soup(client.get(url)).select_one("form.search input[name=q]")
        assert box is not None, url
        assert box["placeholder"].startswith("Search services, muscles, symptoms")


def test_the_therapy_page_says_what_a_session_feels_like_and_that_it_is_no_diagnosis(client):
    text = soup(client.get("/trigger-point-therapy/")).get_text(" ")
    for phrase in ("referred pain", "breathe", "0 to 10", "Drink some water", "not a diagnosis"):
        assert phrase in text


def test_the_find_page_draws_every_region_and_offers_a_list_instead(client):
    page = soup(client.get("/find/"))
    slots = page.select("[data-svg-src]")
    # One drawing, loaded by both the body map and the referral pattern preview.
    assert {slot["data-svg-src"] for slot in slots} == {slots[0]["data-svg-src"]}
    drawing = BeautifulSoup(client.get(slots[0]["data-svg-src"]).content, "html.parser")
    drawn = {p["data-region"] for p in drawing.select("path.region")}
    assert drawn == set(fine_regions())
    frames = json.loads(page.select_one("#zoom-frames").string)
    framed = [region for frame in frames for region in frame["regions"]]
    assert sorted(framed) == sorted(fine_regions())
    options = {
        o["value"] for o in page.select("[data-list-form] select[name=region] option") if o["value"]
    }
    assert options == set(fine_regions())
    assert page.select_one("[data-finder]")["data-find-url"] == "/api/v1/find"


def test_the_body_map_drawing_is_one_cached_file_and_its_regions_are_buttons(client):
    page = soup(client.get("/find/"))
    url = page.select_one("[data-map-stage]")["data-svg-src"]
    response = client.get(url)
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    svg: Any = BeautifulSoup(response.content, "html.parser").svg
    # An image must not hold controls (axe nested-interactive): the map is a group.
    assert svg["role"] == "group"
    temple = svg.select_one("path#temple-r")
    assert temple["role"] == "button"
    assert temple["tabindex"] == "-1"
    assert temple["aria-label"] == "temple, your right, front: not marked"


def test_the_find_page_is_light_without_the_drawing(client):
    assert len(client.get("/find/").content) < 60_000


def test_the_find_page_takes_marks_from_the_address(client):
    page = soup(client.get("/find/?mark=temple-r:7&mark=bogus-r&mark=occiput-l"))
    drawing = json.loads(page.select_one("#initial-drawing").string)
    assert drawing["marks"] == [
        {"region": "temple-r", "intensity": 7, "quality": "aching"},
        {"region": "occiput-l", "intensity": 5, "quality": "aching"},
    ]


def test_the_page_ids_are_unique_with_two_maps_on_the_page(client):
    page = soup(client.get("/find/"))
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))


def test_search_for_tension_headache_reaches_the_upper_trapezius_page(client, world):
    page = soup(client.get("/search/", {"q": "tension headache"}))
    links = [a["href"] for a in page.select(".results a")]
    assert links[0].startswith("/find/?")
    assert "/muscles/upper-trapezius/" in links[:6]
    assert client.get("/muscles/upper-trapezius/").status_code == 200


@pytest.mark.parametrize("query", ["stiff neck", "sciatica", "tennis elbow", "tempel", "trapezius"])
def test_everyday_words_and_small_typos_find_results(client, world, query):
    assert soup(client.get("/search/", {"q": query})).select(".results li")


def test_search_finds_services(client, world):
    page = soup(client.get("/search/", {"q": "spa afternoon"}))
    assert page.select_one(".results li")["data-kind"] == "service"


@pytest.mark.parametrize("query", ["", "   ", "xqzvwk", "'%; --", "a" * 5000])
def test_empty_and_nonsense_queries_get_a_helpful_page(client, world, query):
    page = soup(client.get("/search/", {"q": query}))
    assert page.select_one("main p") is not None
    assert not page.select(".results li")


def test_a_muscle_page_shows_points_maps_satellites_and_stretches(client):
    page = soup(client.get("/muscles/upper-trapezius/"))
    assert page.h1.get_text() == "Upper trapezius"
    points = page.select("section.trigger-point")
    assert points
    first = points[0]
    marked = {p["data-region"] for p in first.select("path.region") if p["data-value"] != "0"}
    assert "temple-r" in marked
    assert first.select("circle.marker")
    assert page.select("[id^=stretch-]")


def test_an_unknown_muscle_is_a_404(client):
    assert client.get("/muscles/no-such-muscle/").status_code == 404


def test_the_atlas_index_links_every_muscle(client):
    from triggerpoint.atlas import load_atlas

    page = soup(client.get("/muscles/"))
    linked = {a["href"].split("/")[2] for a in page.select(".card a")}
    assert linked == set(load_atlas().muscles)
