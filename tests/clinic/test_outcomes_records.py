"""Outcome measurements as stored: checked before writing, read back as trends per visit."""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import World
from tests.web.roles import appointment
from triggerpoint.clinic.models import (
    Appointment,
    AuditEvent,
    DrawingSource,
    Finding,
    Measurement,
    PainDrawing,
    Visit,
)
from triggerpoint.clinic.treatment.outcome_trends import trends
from triggerpoint.clinic.treatment.outcomes_records import (
    OutcomeError,
    diary_entries,
    record_diary,
    record_ndi,
    record_pgic,
    record_ppt,
    record_value,
)
from triggerpoint.outcomes import render_trend_svg

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)
_slots = itertools.count()


def past_visit(world: World, day: int, client=None) -> Visit:
    """A finished visit `day` days after T0, on its own appointment."""
    start = T0 + timedelta(days=day, hours=2 * (next(_slots) % 6))
    booked = appointment(client or world.client_a, world.alice, world.session60, start)
    return Visit.objects.create(
        appointment=booked,
        client=booked.client,
        therapist=world.alice,
        planned_points=["upper-trapezius-1-r"],
        started_at=start,
        ended_at=start + timedelta(minutes=50),
    )


def began(visit: Visit) -> datetime:
    assert visit.started_at is not None
    return visit.started_at


def pains(world: World, *values: int, measure: str = "pain-now") -> list[Visit]:
    visits = []
    for week, value in enumerate(values):
        visit = past_visit(world, 7 * week)
        record_value(visit, measure, value, "before", world.alice.user, at=visit.started_at)
        visits.append(visit)
    return visits


# Checking


@pytest.mark.parametrize("value", [-1, 11, 10.5, math.nan, math.inf])
def test_a_pain_rating_outside_0_to_10_is_refused_and_nothing_is_stored(world: World, value):
    visit = past_visit(world, 0)
    with pytest.raises(OutcomeError, match="Pain now"):
        record_value(visit, "pain-now", value, "before", world.alice.user)
    assert not Measurement.objects.exists()


def test_an_unknown_measure_or_timing_is_refused(world: World):
    visit = past_visit(world, 0)
    with pytest.raises(OutcomeError, match="unknown measure"):
        record_value(visit, "grip-strength", 30, "before", world.alice.user)
    with pytest.raises(OutcomeError, match="before or after"):
        record_value(visit, "pain-now", 3, "between", world.alice.user)
    assert not Measurement.objects.exists()


def test_a_stored_value_is_audited_by_id(world: World):
    visit = past_visit(world, 0)
    row = record_value(visit, "rom-cervical-rotation-left", 62, "after", world.alice.user)
    assert (row.value, row.timing, row.client_id) == (62, "after", world.client_a.pk)
    event = AuditEvent.objects.get(action="measurement.created")
    assert (event.record_id, event.actor_id) == (row.pk, world.alice.user.pk)


def test_a_pressure_pain_threshold_keeps_the_mean_of_three_trials_and_the_trials(world: World):
    visit = past_visit(world, 0)
    row = record_ppt(visit, "upper-trapezius-1-r", [2.0, 2.4, 2.2], "before", world.alice.user)
    assert row.value == pytest.approx(2.2)
    assert row.detail["trials"] == [2.0, 2.4, 2.2]
    assert row.detail["kpa"] == pytest.approx(215.7, abs=0.1)
    assert row.site == "upper-trapezius-1-r"


@pytest.mark.parametrize(
    ("site", "trials", "reason"),
    [
        ("", [2.0, 2.1, 2.2], "where"),
        ("temple-r", [2.0, 2.1], "3 trials"),
        ("temple-r", [2.0, 0, 2.2], "above 0"),
        ("temple-r", [2.0, 25, 2.2], "plausibility"),
    ],
)
def test_a_threshold_without_a_site_or_three_plausible_trials_is_refused(
    world: World, site, trials, reason
):
    with pytest.raises(OutcomeError, match=reason):
        record_ppt(past_visit(world, 0), site, trials, "before", world.alice.user)
    assert not Measurement.objects.exists()


def test_the_ndi_is_scored_from_its_sections_and_the_answers_are_kept(world: World):
    answers = [3, 1, 2, 3, 4, 2, 2, None, 2, 2]  # driving skipped
    row = record_ndi(past_visit(world, 0), answers, "before", world.alice.user)
    assert row.value == pytest.approx(21 * 50 / 45, abs=0.05)
    assert row.detail["answers"]["driving"] is None
    assert row.detail["band"] == "moderate disability"


def test_an_ndi_with_three_sections_missing_is_refused(world: World):
    with pytest.raises(OutcomeError, match="3 sections missing"):
        record_ndi(past_visit(world, 0), [1, None, None, None, 1, 1, 1, 1, 1, 1], "before", None)


def test_the_pgic_takes_only_its_seven_points(world: World):
    visit = past_visit(world, 0)
    assert record_pgic(visit, 2, world.alice.user).detail["label"] == "Much improved"
    with pytest.raises(OutcomeError, match="1-7"):
        record_pgic(visit, 8, world.alice.user)


# The diary


def test_a_diary_entry_stores_the_rating_between_visits_and_the_drawing_as_a_diary_drawing(
    world: World,
):
    marks = [{"region": "temple-r", "intensity": 4, "quality": "aching"}]
    entry = record_diary(world.client_a, 4, marks, None, at=T0)
    assert (entry.rating.measure, entry.rating.timing, entry.rating.visit) == (
        "pain-now",
        "between",
        None,
    )
    assert entry.drawing is not None and entry.drawing.source == DrawingSource.DIARY
    assert diary_entries(world.client_a)[0].drawing == entry.drawing


def test_a_diary_rating_alone_needs_no_drawing(world: World):
    entry = record_diary(world.client_a, 0, [], None)
    assert entry.drawing is None and entry.rating.value == 0


@pytest.mark.parametrize(
    ("rating", "marks", "reason"),
    [
        (11, [], "outside"),
        (True, [], "whole number"),
        (3, [{"region": "nowhere", "intensity": 3}], "not a body region"),
    ],
)
def test_a_bad_diary_entry_stores_nothing(world: World, rating, marks, reason):
    with pytest.raises(OutcomeError, match=reason):
        record_diary(world.client_a, rating, marks, None)
    assert not Measurement.objects.exists() and not PainDrawing.objects.exists()


# Trends


def test_a_visit_stands_by_its_reading_before_treatment(world: World):
    visit = past_visit(world, 0)
    record_value(visit, "pain-now", 3, "after", None, at=began(visit) + timedelta(minutes=40))
    record_value(visit, "pain-now", 7, "before", None, at=visit.started_at)
    [trend] = trends(world.client_a)
    assert [o.value for o in trend.visits.observations] == [7]


def test_a_visit_measured_only_after_treatment_stands_by_that(world: World):
    visit = past_visit(world, 0)
    record_value(visit, "pain-worst", 6, "after", None)
    assert [o.value for o in trends(world.client_a)[0].visits.observations] == [6]


def test_falling_pain_over_visits_is_said_to_be_a_meaningful_change(world: World):
    pains(world, 7, 5, 3)
    [trend] = trends(world.client_a)
    assert trend.since_last is not None and trend.since_first is not None
    assert trend.since_last.sentence.startswith("Pain now fell from 5 to 3")
    assert trend.since_last.verdict == "meaningful" and trend.since_last.improved  # 40%
    assert trend.since_first.sentence.startswith("Pain now fell from 7 to 3")
    assert trend.since_first.verdict == "substantial"  # 57%: beyond IMMPACT's 50%


def test_a_one_point_change_from_a_high_start_is_not_meaningful(world: World):
    pains(world, 8, 7)
    [trend] = trends(world.client_a)
    assert trend.since_last is not None and trend.since_last.verdict == "not meaningful"
    assert trend.since_first is None  # with two visits the last change is the whole course


def test_diary_ratings_join_the_pain_now_chart_marked_as_diary_but_not_the_words(world: World):
    first, _ = pains(world, 7, 4)
    record_diary(world.client_a, 6, [], None, at=began(first) + timedelta(days=3))
    [trend] = trends(world.client_a)
    assert [(o.value, o.diary) for o in trend.series.observations] == [
        (7, False),
        (6, True),
        (4, False),
    ]
    assert [o.value for o in trend.visits.observations] == [7, 4]
    assert trend.since_last is not None and "from 7 to 4" in trend.since_last.sentence
    root = ET.fromstring(render_trend_svg(trend.series, id_prefix="t"))
    ns = {"svg": "http://www.w3.org/2000/svg"}
    diary = root.findall("svg:circle[@class='diary']", ns)
    title = diary[0].find("svg:title", ns)
    assert len(diary) == 1 and title is not None and (title.text or "").startswith("Diary")
    assert len(root.findall("svg:circle[@class='visit']", ns)) == 2
    assert "Lower is better" in ET.tostring(root, encoding="unicode")


def test_each_ppt_site_is_its_own_trend_and_findings_count_as_readings(world: World):
    first, second = past_visit(world, 0), past_visit(world, 7)
    for visit, mean in ((first, 1.6), (second, 2.4)):
        Finding.objects.create(
            visit=visit, trigger_point="upper-trapezius-1-r", ppt_kg_cm2=mean, ppt_kpa=mean * 98
        )
        record_ppt(visit, "levator-scapulae-upper-r", [3.0, 3.0, 3.0], "before", None)
    keys = [t.key for t in trends(world.client_a)]
    assert keys == ["ppt-levator-scapulae-upper-r", "ppt-upper-trapezius-1-r"]
    upper = trends(world.client_a)[1]
    assert upper.since_last is not None and "beyond the 0.62 kg/cm²" in upper.since_last.sentence


def test_another_clients_values_never_enter_a_trend(world: World):
    pains(world, 7, 5)
    other = past_visit(world, 3, client=world.client_b)
    record_value(other, "pain-now", 1, "before", None)
    record_diary(world.client_b, 9, [], None)
    assert [o.value for o in trends(world.client_a)[0].series.observations] == [7, 5]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=5))
def test_a_trend_holds_one_point_per_visit_in_visit_order(world: World, values: list[int]):
    Measurement.objects.all().delete()
    Visit.objects.all().delete()
    Appointment.objects.all().delete()
    pains(world, *values)
    [trend] = trends(world.client_a)
    assert [o.value for o in trend.visits.observations] == values
