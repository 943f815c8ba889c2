"""Home plans: the treated muscles' stretches at the atlas's dosage, then the therapist's edits."""

from __future__ import annotations

import pytest

from tests.clinic.test_outcomes_records import past_visit
from tests.conftest import World
from triggerpoint.atlas import load_atlas
from triggerpoint.clinic.models import AuditEvent, Finding, HomePlan
from triggerpoint.clinic.treatment import homecare
from triggerpoint.clinic.treatment.homecare import HomePlanError, ItemInput

pytestmark = pytest.mark.django_db


def test_a_plan_brings_the_stretches_of_the_muscles_with_findings_at_atlas_dosage(world: World):
    visit = past_visit(world, 0)  # planned: upper trapezius
    for point in (
        "quadratus-lumborum-deep-r",
        "iliocostalis-lumborum-r",
        "quadratus-lumborum-deep-l",
    ):
        Finding.objects.create(visit=visit, trigger_point=point)
    plan = homecare.plan_for(visit, world.alice.user)
    items = list(plan.items.values_list("stretch", "muscle", "hold_seconds", "repetitions"))
    stretches = [row[0] for row in items]
    assert stretches[:2] == ["side-bend-stretch", "knee-to-chest"]  # QL's, in atlas order
    assert stretches == ["side-bend-stretch", "knee-to-chest"], "shared stretches come once"
    assert "upper-trapezius-stretch" not in stretches, (
        "findings, not the plan, say what was treated"
    )
    side_bend = load_atlas().stretches["side-bend-stretch"]
    assert items[0][1:] == ("quadratus-lumborum", side_bend.hold_seconds, side_bend.repetitions)
    assert AuditEvent.objects.filter(action="homeplan.created", record_id=plan.pk).exists()


def test_before_any_finding_the_planned_points_say_which_muscles(world: World):
    plan = homecare.plan_for(past_visit(world, 0), None)
    assert list(plan.items.values_list("stretch", flat=True)) == ["upper-trapezius-stretch"]


def test_the_aftercare_advice_covers_water_soreness_and_when_to_call(world: World):
    advice = homecare.plan_for(past_visit(world, 0), None).advice.lower()
    for words in ("water", "sore", "a day or two", "call the clinic", "call a doctor"):
        assert words in advice


def test_a_visit_has_one_plan_however_often_it_is_asked_for(world: World):
    visit = past_visit(world, 0)
    assert homecare.plan_for(visit, None) == homecare.plan_for(visit, None)
    assert HomePlan.objects.count() == 1


def test_saving_replaces_the_items_and_the_advice(world: World):
    plan = homecare.plan_for(past_visit(world, 0), None)
    items = [ItemInput("chin-tuck", 10, 8, "every two hours", "upper-trapezius")]
    homecare.save_plan(plan, items, "  Warm shower tonight.  ", world.alice.user)
    plan.refresh_from_db()
    assert plan.advice == "Warm shower tonight."
    assert list(plan.items.values_list("stretch", "hold_seconds", "repetitions")) == [
        ("chin-tuck", 10, 8)
    ]
    assert AuditEvent.objects.filter(action="homeplan.changed").count() == 1


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        (ItemInput("no-such-stretch", 30, 3, "daily"), "unknown stretch"),
        (ItemInput("chin-tuck", 0, 3, "daily"), "hold 1-600"),
        (ItemInput("chin-tuck", 30, 51, "daily"), "repeat 1-50"),
        (ItemInput("chin-tuck", 30, 3, "  "), "how often"),
        (ItemInput("chin-tuck", 30, 3, "daily", "no-such-muscle"), "unknown muscle"),
    ],
)
def test_a_bad_item_is_refused_and_the_plan_stays_as_it_was(world: World, item, reason):
    plan = homecare.plan_for(past_visit(world, 0), None)
    with pytest.raises(HomePlanError, match=reason):
        homecare.save_plan(plan, [item], "New advice", None)
    plan.refresh_from_db()
    assert plan.advice != "New advice"
    assert list(plan.items.values_list("stretch", flat=True)) == ["upper-trapezius-stretch"]


def test_the_client_reads_each_stretch_by_name_with_instructions_and_dosage(world: World):
    plan = homecare.plan_for(past_visit(world, 0), None)
    [line] = homecare.plan_lines(plan)
    assert line.name == "Side-bend neck stretch" and line.muscle == "Upper trapezius"
    assert line.instructions.startswith("Sit tall")
    assert line.dosage == "Hold 30 seconds, 3 times, twice a day."


def test_the_latest_plan_is_the_clients_newest(world: World):
    first = homecare.plan_for(past_visit(world, 0), None)
    second = homecare.plan_for(past_visit(world, 7), None)
    assert homecare.latest_plan(world.client_a) == second != first
    assert homecare.latest_plan(world.client_b) is None
