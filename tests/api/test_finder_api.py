"""POST /api/v1/find: the finder over HTTP, for the body map page."""

from __future__ import annotations

import pytest

# Every drawing is counted against FINDER_RATE in the shared cache, a database table.
pytestmark = pytest.mark.django_db

URL = "/api/v1/find"


def post(client, body):
    return client.post(URL, body, content_type="application/json")


def marks(*pairs):
    return {"marks": [{"region": r, "intensity": i} for r, i in pairs]}


def test_a_drawing_gets_ranked_candidates_with_maps_and_links(client):
    response = post(client, marks(("si-joint-r", 6), ("greater-trochanter-r", 7)))
    assert response.status_code == 200
    body = response.json()
    assert body["method"] == "exact"
    first = body["candidates"][0]
    assert first["side"] == "right"
    assert first["url"].startswith(f"/muscles/{first['muscle']}/#")
    assert set(first["zones"].values()) <= {3.0, 6.0, 8.0}
    probabilities = [c["probability"] for c in body["candidates"]]
    assert probabilities == sorted(probabilities, reverse=True)


def test_the_next_question_names_its_region_in_words(client):
    body = post(client, marks(("temple-r", 7), ("angle-of-neck-r", 5))).json()
    question = body["next_question"]
    assert question["region"].endswith("-r")
    assert question["label"].endswith("(right)")
    assert question["prompt"]


def test_saying_no_to_the_question_changes_the_ranking(client):
    drawing = marks(("temple-r", 7), ("angle-of-neck-r", 5), ("eye-r", 6))
    before = post(client, drawing).json()
    asked = before["next_question"]["region"]
    after = post(client, {**drawing, "denied": [asked]}).json()
    assert after["candidates"] != before["candidates"]
    assert after["next_question"]["region"] != asked


def test_chest_pain_with_left_arm_pain_is_flagged_for_referral(client):
    body = post(client, marks(("sternum-l", 8), ("inner-arm-l", 6), ("jaw-angle-l", 4))).json()
    assert "refer" in [flag["code"] for flag in body["flags"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"marks": [{"region": "tempel-r", "intensity": 5}]}, "drawing.marks.0.region"),
        ({"marks": [{"region": "temple-r", "intensity": 11}]}, "drawing.marks.0.intensity"),
        (
            {"marks": [{"region": "temple-r", "intensity": 5, "quality": "itchy"}]},
            "drawing.marks.0.quality",
        ),
        ({"marks": [], "denied": ["nowhere"]}, "drawing.denied"),
    ],
)
def test_bad_drawings_get_422_with_the_field_named(client, body, field):
    response = post(client, body)
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_a_body_that_is_not_json_is_a_4xx_not_a_500(client):
    response = client.post(URL, "not json", content_type="application/json")
    assert 400 <= response.status_code < 500


def test_a_voice_adds_a_view_worded_for_the_reader(client):
    drawing = marks(("temple-r", 7), ("angle-of-neck-r", 5), ("eye-r", 6))
    plain = post(client, drawing).json()
    assert "view" not in plain
    public = post(client, {**drawing, "voice": "public"}).json()["view"]
    clinical = post(client, {**drawing, "voice": "clinical"}).json()["view"]
    assert public["voice"] == "public" and clinical["voice"] == "clinical"
    tops = [c["trigger_point"] for c in plain["candidates"]]
    assert [c["trigger_point"] for c in public["candidates"]] == tops
    assert public["candidates"][0]["badge"] == "" and clinical["candidates"][0]["badge"] == "key"


def test_an_unknown_voice_is_a_422_naming_the_field(client):
    response = post(client, {**marks(("temple-r", 7)), "voice": "whisper"})
    assert response.status_code == 422
    assert "drawing.voice" in response.json()["errors"]


def test_flags_lead_and_an_emergency_suppresses_pressing_guidance(client):
    body = post(client, marks(("inner-arm-l", 6), ("jaw-angle-l", 4), ("interscapular-l", 5)))
    body = body.json()
    assert body["safety_first"] is True and body["show_press_first"] is False
    assert body["flags"][0]["rule"] == "cardiac" and body["flags"][0]["level"] == "emergency"
    assert body["action"] == body["flags"][0]["action"]
    assert {"code", "message", "rule", "level", "action", "source"} <= set(body["flags"][0])


def test_symptoms_are_inputs_and_unanswered_ones_come_back_as_questions(client):
    body = post(client, {**marks(("lumbar-r", 6)), "symptoms": {"fever": True, "trauma": False}})
    data = body.json()
    assert [f["rule"] for f in data["flags"]] == ["fever"]
    asked = [q["symptom"] for q in data["safety_questions"]]
    assert "fever" not in asked and "trauma" not in asked and "night-pain" in asked


def test_an_unknown_symptom_is_422(client):
    response = post(client, {**marks(("lumbar-r", 6)), "symptoms": {"dizzy": True}})
    assert response.status_code == 422
    assert "drawing.symptoms" in response.json()["errors"]


def test_a_quality_on_an_unmarked_region_is_422_with_a_message(client):
    body = {
        "marks": [
            {"region": "calf-r", "intensity": 5},
            {"region": "heel-r", "intensity": 0, "quality": "sharp"},
        ]
    }
    response = post(client, body)
    assert response.status_code == 422
    assert "a quality needs a mark" in response.json()["message"]


def test_a_default_quality_on_a_zero_mark_is_not_an_error(client):
    body = {
        "marks": [
            {"region": "calf-r", "intensity": 5},
            {"region": "heel-r", "intensity": 0, "quality": "aching"},
        ]
    }
    assert post(client, body).status_code == 200


@pytest.mark.parametrize("marks", [[], [{"region": "temple-r", "intensity": 0}]])
def test_a_drawing_with_no_pain_is_422_and_recommends_nothing(client, marks):
    response = post(client, {"marks": marks})
    assert response.status_code == 422
    assert response.json()["message"].startswith("0 marks")


def test_drawings_past_the_finder_rate_are_refused_with_retry_after(client, settings):
    settings.FINDER_RATE = "3/m"
    drawing = marks(("temple-r", 7))
    seen = [post(client, drawing).status_code for _ in range(5)]
    assert seen == [200, 200, 200, 429, 429]
    refused = post(client, drawing)
    assert refused.status_code == 429
    body = refused.json()
    assert body["errors"] == {}
    assert body["message"].startswith("too many finder requests")
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_the_finder_rate_is_counted_per_client_address(client, settings):
    settings.FINDER_RATE = "2/m"
    drawing = marks(("temple-r", 7))
    for _ in range(3):
        post(client, drawing)
    assert post(client, drawing).status_code == 429
    other = client.post(URL, drawing, content_type="application/json", REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def test_a_malformed_drawing_is_refused_before_it_is_counted(client, settings):
    settings.FINDER_RATE = "1/m"
    assert post(client, {"marks": [{"region": "nowhere", "intensity": 3}]}).status_code == 422
    assert post(client, marks(("temple-r", 7))).status_code == 200
