"""`{% outcomes_of client as outcomes %}`: a client's progress for the chart and the portal.

A template tag, so the therapist's chart and the client portal each show the outcomes
with one include line and no change to their views. The pages that include it already
check who may see the client and audit the read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from triggerpoint.clinic.models import Client, HomePlan, Note, Visit
from triggerpoint.clinic.treatment.homecare import latest_plan
from triggerpoint.clinic.treatment.outcome_trends import (
    Trend,
    client_visits,
    pgic_history,
    trends,
)
from triggerpoint.outcomes import render_trend_svg

register = template.Library()
# Narrower than the chart's default so its 12 px text stays near 11 px on a phone.
WIDTH = 440


@dataclass(frozen=True)
class TrendPanel:
    trend: Trend
    svg: str

    @property
    def sentences(self) -> list[str]:
        changes = [self.trend.since_last, self.trend.since_first]
        words = ["Since the visit before: ", "Since the first visit: "]
        return [w + c.sentence for w, c in zip(words, changes, strict=True) if c is not None]


@dataclass(frozen=True)
class VisitRow:
    visit: Visit
    note: Note | None
    plan: HomePlan | None


@register.simple_tag
def outcomes_of(client: Client) -> dict[str, Any]:
    panels = [
        TrendPanel(
            trend,
            render_trend_svg(
                trend.series, width=WIDTH, title=trend.title, id_prefix=f"trend-{trend.key}"
            ),
        )
        for trend in trends(client)
    ]
    visits = list(reversed(client_visits(client)))
    notes = {n.visit_id: n for n in Note.objects.filter(visit__in=visits)}
    plans: dict[int, HomePlan] = {}
    for plan in HomePlan.objects.filter(visit__in=visits).order_by("created_at", "pk"):
        if plan.visit_id is not None:
            plans[plan.visit_id] = plan
    return {
        "panels": panels,
        "pgic": pgic_history(client),
        "visits": [VisitRow(v, notes.get(v.pk), plans.get(v.pk)) for v in visits],
        "plan": latest_plan(client),
        "zone": client.clinic.zone.key,
    }
