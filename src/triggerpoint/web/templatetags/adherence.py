"""`{% adherence_of plan as rows %}`: "done today?", streaks and the last two weeks per
home-plan item, for the client portal's plan and the therapist's chart.

A template tag, so each page shows adherence with one include line and no change to
its view; the pages that include it already check who may see the plan.
"""

from __future__ import annotations

from django import template

from triggerpoint.clinic.models import Client, HomePlan, SelfTreatment
from triggerpoint.clinic.treatment.adherence import ItemAdherence, of_plan
from triggerpoint.clinic.treatment.homecare import latest_plan

register = template.Library()


@register.simple_tag
def adherence_of(plan: HomePlan | None) -> list[ItemAdherence]:
    return [] if plan is None else of_plan(plan)


@register.simple_tag
def latest_plan_of(client: Client) -> HomePlan | None:
    return latest_plan(client)


@register.simple_tag
def self_treatments_of(client: Client, limit: int = 5) -> list[SelfTreatment]:
    """The client's latest timed self-treatments at home, newest first."""
    return list(SelfTreatment.objects.filter(client=client)[:limit])
