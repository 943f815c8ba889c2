"""Adherence to a home plan: which days a client ticked each item as done, streaks, and
the share of recent days done, for the portal's "done today?" and the therapist's chart.

Days are the clinic's calendar days; the rules are plain functions of dates so they
read the same in tests on a fixed clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from triggerpoint.atlas import load_atlas
from triggerpoint.clinic.models import HomePlan, HomePlanCheck, HomePlanItem

# Two weeks: the span after which the self-care plan says to see someone if no better.
WINDOW_DAYS = 14


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive days done up to today; a day not yet ticked today does not break it."""
    done = set(days)
    day = today if today in done else today - timedelta(days=1)
    count = 0
    while day in done:
        count += 1
        day -= timedelta(days=1)
    return count


def recent_share(days: Iterable[date], since: date, today: date) -> tuple[int, int]:
    """(days done, days counted) over the last WINDOW_DAYS, never before the plan began."""
    first = max(since, today - timedelta(days=WINDOW_DAYS - 1))
    counted = max((today - first).days + 1, 0)
    done = {d for d in days if first <= d <= today}
    return len(done), counted


@dataclass(frozen=True)
class ItemAdherence:
    item: HomePlanItem
    name: str
    done_today: bool
    streak: int
    done: int
    counted: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.counted) if self.counted else 0


def plan_today(plan: HomePlan, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(plan.client.clinic.zone).date()


def of_plan(plan: HomePlan, now: datetime | None = None) -> list[ItemAdherence]:
    today = plan_today(plan, now)
    since = plan.created_at.astimezone(plan.client.clinic.zone).date()
    stretches = load_atlas().stretches
    rows = []
    for item in plan.items.all():
        days = list(item.checks.values_list("day", flat=True))
        done, counted = recent_share(days, since, today)
        name = stretches[item.stretch].name if item.stretch in stretches else item.stretch
        rows.append(ItemAdherence(item, name, today in days, streak(days, today), done, counted))
    return rows


def set_done(item: HomePlanItem, day: date, done: bool) -> None:
    if done:
        HomePlanCheck.objects.get_or_create(item=item, day=day)
    else:
        HomePlanCheck.objects.filter(item=item, day=day).delete()
