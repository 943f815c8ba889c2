"""The therapist's workspace: schedule, client list, client chart and the chart's finder.

Times show in the clinic's time zone whatever the server's. A chart is a clinical record:
every view and change of one is written to the audit trail, and a chart of another
clinic's client is a 404 (not a 403), so staff cannot probe for records they may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from triggerpoint.bodymap.svg import render_svg
from triggerpoint.clinic.models import Appointment, Client, PainDrawing, Staff
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy.audit import record, record_list
from triggerpoint.clinic.treatment.health_intake import therapist_panel
from triggerpoint.clinic.treatment.learning import find_for_drawing
from triggerpoint.web.feed_link import feed_context
from triggerpoint.web.finder_page import finder_context
from triggerpoint.web.local_days import local_midnight, local_today

MAX_CLIENTS = 100
MAX_QUERY = 100


def _me(request: HttpRequest) -> Staff:
    staff = policy.staff_of(request.user)
    if staff is None:  # require_role let only staff through
        raise Http404
    return staff


# Far beyond any real booking, near enough that stepping a week either way stays a date.
EARLIEST, LATEST = date(2000, 1, 1), date(2200, 1, 1)


def parse_day(raw: str | None, zone: ZoneInfo) -> date:
    """`YYYY-MM-DD`, or today in the clinic when the value is missing or not a usable date."""
    try:
        day = date.fromisoformat(raw or "")
    except ValueError:
        return local_today(zone)
    return day if EARLIEST <= day <= LATEST else local_today(zone)


@dataclass(frozen=True)
class Day:
    day: date
    appointments: list[Appointment]
    is_today: bool


def schedule_days(therapist: Staff, days: list[date], zone: ZoneInfo, today: date) -> list[Day]:
    """The therapist's appointments of each local day, cancelled ones included and marked."""
    since, until = local_midnight(days[0], zone), local_midnight(days[-1] + timedelta(1), zone)
    booked = (
        Appointment.objects.filter(therapist=therapist, start__gte=since, start__lt=until)
        .select_related("client", "service", "room")
        .order_by("start")
    )
    by_day: dict[date, list[Appointment]] = {d: [] for d in days}
    for appointment in booked:
        by_day[appointment.start.astimezone(zone).date()].append(appointment)
    return [Day(d, by_day[d], d == today) for d in days]


def _therapist(request: HttpRequest, me: Staff) -> tuple[Staff, list[Staff]]:
    choices = list(policy.schedulable_staff(request.user).order_by("display_name"))
    wanted = request.GET.get("therapist", "")
    if wanted:
        chosen = next((s for s in choices if str(s.pk) == wanted), None)
        if chosen is None:
            raise Http404("No such therapist in your schedules.")
        return chosen, choices
    if me.takes_bookings or len(choices) == 1:
        return me, choices
    return next((s for s in choices if s.takes_bookings), me), choices


@policy.require_role("therapist", "owner")
@require_safe
def schedule(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    zone = me.clinic.zone
    therapist, choices = _therapist(request, me)
    view = "week" if request.GET.get("view") == "week" else "day"
    today = local_today(zone)
    day = parse_day(request.GET.get("date"), zone)
    if view == "week":
        monday = day - timedelta(days=day.weekday())
        days = [monday + timedelta(days=n) for n in range(7)]
        step = timedelta(days=7)
    else:
        days, step = [day], timedelta(days=1)

    def link(**changes: str) -> str:
        query = {"date": day.isoformat(), "view": view, "therapist": str(therapist.pk)} | changes
        return f"{reverse('web:schedule')}?{urlencode(query)}"

    context = {
        "nav": "schedule",
        "therapist": therapist,
        "choices": choices if len(choices) > 1 else [],
        "view": view,
        "day": day,
        "days": schedule_days(therapist, days, zone, today),
        "zone": zone.key,
        "links": {
            "previous": link(date=(day - step).isoformat()),
            "next": link(date=(day + step).isoformat()),
            "today": link(date=today.isoformat()),
            "day": link(view="day"),
            "week": link(view="week"),
        },
        **feed_context(request),
    }
    # A schedule lists clients' names and times: a read of records, audited per therapist.
    record(request.user, f"schedule.{view}_viewed", therapist)
    with timezone.override(zone):
        return render(request, "web/therapist/schedule.html", context)


@policy.require_role("therapist", "owner")
@require_safe
def clients(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    found = policy.visible_clients(request.user).order_by("name")
    if query:
        found = found.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(phone__icontains=query)
        )
    total = found.count()
    # Names the clinic, never the search words (they may be a name).
    record_list(
        request.user, "clients.searched" if query else "clients.listed", _me(request).clinic_id
    )
    context = {
        "nav": "clients",
        "query": query,
        "clients": list(found[:MAX_CLIENTS]),
        "total": total,
        "shown": min(total, MAX_CLIENTS),
    }
    return render(request, "web/therapist/clients.html", context)


@dataclass(frozen=True)
class DrawingPanel:
    drawing: PainDrawing
    svg: str
    marks: int


def drawing_panels(client: Client) -> list[DrawingPanel]:
    """Every drawing of the client, oldest first, each as a small close-up heat map."""
    zone = client.clinic.zone
    panels = []
    for drawing in PainDrawing.objects.filter(client=client).order_by("created_at", "pk"):
        values = drawing.heat_values()
        svg = render_svg(
            values,
            focus=any(v > 0 for v in values.values()),
            legend=False,
            id_prefix=f"drawing-{drawing.pk}-",
            title=f"Pain drawing of {drawing.created_at.astimezone(zone):%d %b %Y}",
        )
        panels.append(DrawingPanel(drawing, svg, sum(v > 0 for v in values.values())))
    return panels


def latest_drawing(client: Client, wanted: str | None = None) -> PainDrawing | None:
    """The drawing `?drawing=<id>` names (only among this client's), else the newest."""
    drawings = PainDrawing.objects.filter(client=client)
    if wanted:
        if not wanted.isdecimal():
            raise Http404("No such drawing.")
        return get_object_or_404(drawings, pk=wanted)
    return drawings.order_by("-created_at", "-pk").first()


def finder_summary(drawing: PainDrawing | None, top: int = 5) -> dict[str, Any]:
    """The finder's answer for a drawing as the chart shows it: its flags first (a
    drawing that needs a doctor leads with what to do), then the leading trigger points
    to palpate and confirm, with "where to press" only when pressing is safe to suggest."""
    # Staff see the clinic's own priors (the learning loop); the public finder the atlas's.
    found = find_for_drawing(drawing, top=top) if drawing is not None else None
    if found is None:
        return {"candidates": [], "flags": [], "show_press_first": True, "action": ""}
    answer = found.to_json()
    rows: list[dict[str, Any]] = answer["candidates"]
    for row in rows:
        row["percent"] = round(row["probability"] * 100)
        row["url"] = reverse("web:muscle", args=[row["muscle"]])
    return {
        "candidates": rows,
        "flags": answer["flags"],
        "show_press_first": answer["show_press_first"],
        "action": answer["action"],
    }


class NotesForm(forms.Form):
    notes = forms.CharField(
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Seen only by the clinic's staff.",
    )


def _chart_client(request: HttpRequest, client_id: int) -> Client:
    return get_object_or_404(policy.visible_clients(request.user), pk=client_id)


@policy.require_role("therapist", "owner")
@require_http_methods(["GET", "HEAD", "POST"])
def chart(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _chart_client(request, client_id)
    zone = client.clinic.zone
    form = NotesForm(initial={"notes": client.notes})
    if request.method == "POST":
        policy.check(policy.can_keep_chart(request.user, client))
        form = NotesForm(request.POST)
        if form.is_valid():
            client.notes = form.cleaned_data["notes"]
            client.save(update_fields=["notes"])
            record(request.user, "client.notes_changed", client)
            return redirect("web:client_chart", client_id=client.pk)
    record(request.user, "client.chart_viewed", client)
    now = timezone.now()
    appointments = list(
        client.appointments.select_related("service", "therapist", "room").order_by("-start")
    )
    context = {
        "nav": "clients",
        "client": client,
        "form": form,
        "appointment_groups": [
            (
                "Coming",
                sorted((a for a in appointments if a.start >= now), key=lambda a: a.start),
                "upcoming",
            ),
            ("Past", [a for a in appointments if a.start < now], "past"),
        ],
        "drawings": drawing_panels(client),
        "intake": therapist_panel(client),
        "finder": finder_summary(latest_drawing(client)),
        "zone": zone.key,
    }
    with timezone.override(zone):
        return render(request, "web/therapist/chart.html", context)


@policy.require_role("therapist", "owner")
@require_safe
def client_find(request: HttpRequest, client_id: int) -> HttpResponse:
    """The /find/ body map and finder, preloaded with one of the client's drawings."""
    client = _chart_client(request, client_id)
    drawing = latest_drawing(client, request.GET.get("drawing"))
    marks: list[dict[str, object]] = [dict(m) for m in drawing.mark_list] if drawing else []
    record(request.user, "client.finder_viewed", client)
    context = finder_context({"marks": marks}, voice="clinical")
    context |= {
        "nav": "clients",
        "client": client,
        "drawing": drawing,
        "chart_url": reverse("web:client_chart", args=[client.pk]),
    }
    with timezone.override(client.clinic.zone):
        return render(request, "web/therapist/find.html", context)
