"""The public self-care plan, read as HTML: built from the marks in the address, stopped
by a red flag, dosed and cautioned from the atlas."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from triggerpoint.atlas import load_atlas
from triggerpoint.web.selfcare_plan import _point_plan, symptoms_from_params

pytestmark = pytest.mark.django_db

HEADACHE = "/self-care/?mark=temple-r:7&mark=eyebrow-r:5"
CARDIAC = "/self-care/?mark=breast-l:8&mark=front-arm-l:6&mark=jaw-angle-l:5"


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    return BeautifulSoup(response.content, "html.parser")


def test_a_right_sided_headache_gets_a_plan_naming_the_leading_muscles(client, world):
    html = page(client, HEADACHE)
    muscles = [s["data-muscle"] for s in html.select("[data-muscle]")]
    assert muscles[0] == "temporalis"
    points = [p["data-point"] for p in html.select("[data-point]")]
    assert len(points) == 3 and all(p.endswith("-r") for p in points)
    first = html.select_one("[data-point]")
    dose = first.select_one("[data-dose]").get_text(" ", strip=True)
    assert "hold 60 seconds, 3 times, 3 times a day" in dose
    assert "4 to 6 out of 10" in dose
    assert first.select_one("svg circle.marker") is not None  # where the point is
    assert first.select("svg path[data-value='8']")  # its essential zone on the heat map
    assert first.select_one("[data-caution='anticoagulants']") is not None
    assert html.select("[data-stretch='jaw-opening-stretch']")
    factors = [i["value"] for i in html.select("[data-factors] input[type=checkbox]")]
    assert "clenching" in factors
    assert "water" in html.select_one("[data-aftercare]").get_text()
    assert html.select_one(".sc-book a")["href"] == "/book/"
    assert html.select("[data-safety-questions] li")  # asked before self-treatment


def test_a_red_flag_drawing_gets_no_plan_and_says_what_to_do(client, world):
    html = page(client, CARDIAC)
    stop = html.select_one("[data-stop]")
    assert stop is not None
    assert "emergency" in stop.get_text().lower()
    assert html.select_one("[data-flag='cardiac']") is not None
    assert html.select("[data-point]") == [] and html.select("[data-dose]") == []


def test_a_symptom_answered_yes_in_the_address_stops_the_plan(client, world):
    html = page(client, HEADACHE + "&symptom=fever")
    assert html.select_one("[data-stop]") is not None
    assert html.select("[data-point]") == []


def test_a_point_over_an_endangerment_site_shows_its_caution_with_its_self_treatment():
    # Every point of a plan is built by the same helper, whatever the finder ranks first.
    scalene = _point_plan(load_atlas(), "scalenes-anterior-r", 0.3, ["thumb-r"])
    assert scalene.treatment is not None and scalene.treatment.pressure == (3, 4)
    assert {"front-of-neck", "brachial-plexus"} <= {c.id for c in scalene.cautions}
    assert scalene.explains == ("thumb",)
    assert 'class="marker"' in scalene.map_svg


def test_no_usable_marks_asks_for_a_drawing(client, world):
    html = page(client, "/self-care/")
    assert html.select_one(".sc-empty a")["href"] == "/find/"
    html = page(client, "/self-care/?mark=nowhere:7")
    assert html.select_one(".sc-empty") is not None
    # A mark typed without an intensity is read as 5, as on the body map page.
    assert page(client, "/self-care/?mark=temple-r").select("[data-point]")


def test_symptoms_from_the_address_keep_known_names_only():
    assert symptoms_from_params(["fever", "bogus"], ["trauma"]) == {
        "fever": True,
        "trauma": False,
    }
