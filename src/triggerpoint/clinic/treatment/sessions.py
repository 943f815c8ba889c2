"""The guided session of a visit: start it, store each event as it happens, read it back.

The stored `SessionEvent` rows are the record; the session is whatever replaying them
gives (`triggerpoint.protocol`). Every event is checked by applying it to the current
session before its row is written, in one transaction that holds the visit's lock, so
an event the protocol refuses stores nothing and two phones cannot interleave.

Instants are stamped here from the server's clock, never taken from a browser, and
never earlier than the last stored event (a clock stepping back must not make the
protocol refuse a client's stop).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from triggerpoint.atlas import load_atlas
from triggerpoint.clinic.models import (
    Appointment,
    DrawingSource,
    PainDrawing,
    SessionEvent,
    Status,
    Visit,
)
from triggerpoint.clinic.privacy.audit import Actor, record
from triggerpoint.clinic.treatment import replayed, visit_reads
from triggerpoint.clinic.treatment.learning import find_for_drawing
from triggerpoint.finder.result import FinderResult
from triggerpoint.protocol import (
    Event,
    Session,
    Start,
    Tick,
    apply,
    event_from_dict,
    event_to_dict,
)
from triggerpoint.protocol.reading import cap_passed, stamp

Sender = Literal["client", "therapist"]

# What each side may send; `start` comes only from `start_visit`.
THERAPIST_ACTIONS = (
    "locate",
    "press",
    "report",
    "therapist_release",
    "rest_done",
    "stretch_done",
    "skip",
    "finish",
)
CLIENT_ACTIONS = ("report", "stop")
SUGGESTED_POINTS = 5
MAX_PLANNED = 20


class SessionError(Exception):
    """A session request that cannot be met; `str(error)` is the whole reason."""


@dataclass(frozen=True, slots=True)
class Live:
    """A visit's session as its stored events replay, and how many events that is."""

    visit: Visit
    session: Session
    seq: int


# Starting


def intake_result(appointment: Appointment, top: int = SUGGESTED_POINTS) -> FinderResult | None:
    """The finder's answer for the latest intake drawing of the visit's client.

    The drawing made for this appointment wins over older ones; None when nothing is marked.
    """
    drawings = PainDrawing.objects.filter(
        client_id=appointment.client_id, source=DrawingSource.INTAKE
    )
    drawing = (
        drawings.filter(appointment=appointment).order_by("-created_at", "-pk").first()
        or drawings.order_by("-created_at", "-pk").first()
    )
    return find_for_drawing(drawing, top=top) if drawing is not None else None


def suggested_points(appointment: Appointment, top: int = SUGGESTED_POINTS) -> list[str]:
    """The finder's leading candidates for the visit's intake drawing; none marked, none."""
    result = intake_result(appointment, top)
    return [c.trigger_point for c in result.candidates] if result else []


def check_plan(points: Sequence[str]) -> tuple[str, ...]:
    """Known sided trigger point ids, each once, in the order given."""
    known = load_atlas().trigger_points
    plan: list[str] = []
    for point in points:
        if point not in known:
            raise SessionError(f"unknown trigger point {point!r}")
        if point not in plan:
            plan.append(point)
    if len(plan) > MAX_PLANNED:
        raise SessionError(f"plan at most {MAX_PLANNED} trigger points for one visit")
    return tuple(plan)


def start_visit(
    appointment: Appointment,
    actor: Actor,
    planned: Sequence[str] | None = None,
    now: datetime | None = None,
) -> Visit:
    """Open the visit of an appointment and start its session with the planned points.

    `planned=None` takes the finder's suggestions. Starting again returns the live visit
    unchanged; an appointment whose visit has ended, or that was cancelled, cannot start.
    """
    if appointment.status == Status.CANCELLED:
        raise SessionError("this appointment was cancelled")
    plan = check_plan(suggested_points(appointment) if planned is None else planned)
    now = now or timezone.now()
    with transaction.atomic():
        existing = Visit.objects.select_for_update().filter(appointment=appointment).first()
        if existing is not None:
            if not existing.is_live:
                raise SessionError("the visit of this appointment has ended")
            return existing
        visit = _new_visit(appointment, plan, now)
        event = Start(now, plan)
        _store(visit, 1, event)
        record(actor, "visit.session_started", visit)
    return visit


def _new_visit(appointment: Appointment, plan: tuple[str, ...], now: datetime) -> Visit:
    # A fresh code can clash with a live visit's (one in 887 million per pair): draw again.
    for _ in range(5):
        try:
            with transaction.atomic():
                return Visit.objects.create(
                    appointment=appointment,
                    client_id=appointment.client_id,
                    therapist_id=appointment.therapist_id,
                    planned_points=list(plan),
                    started_at=now,
                )
        except IntegrityError:
            continue
    raise SessionError("could not find a free join code; try again")


# Reading


def current(visit: Visit) -> Live:
    """The session as the stored events replay now."""
    live = _load(visit)
    _remember_after_commit(live)
    return live


def settle(visit: Visit, now: datetime | None = None) -> Live:
    """The session at `now`, with a hold past its cap released and stored at the cap.

    The protocol ends a hold at its cap only when an event arrives; storing that release
    as soon as anyone looks keeps the record's end time exact and the screens truthful.
    """
    live = current(visit)
    now = now or timezone.now()
    if cap_passed(live.session, now) is None or not visit.is_live:
        return live
    with transaction.atomic():
        live = _settled(_locked(visit)[1], now)
    _remember_after_commit(live)
    _unpin(visit)
    return live


# Writing


def act(
    visit: Visit,
    kind: str,
    *,
    by: Sender,
    actor: Actor = None,
    trigger_point: str | None = None,
    intensity: int | None = None,
    now: datetime | None = None,
) -> Live:
    """Store one event from the therapist or the client and return the session after it.

    The event is stamped now, checked against the session and stored with the next
    sequence number, all under the visit's lock; anything refused raises `SessionError`
    and stores nothing. `finish` also ends the visit, which closes its join code.
    """
    if kind not in (THERAPIST_ACTIONS if by == "therapist" else CLIENT_ACTIONS):
        raise SessionError(f"the {by} cannot send {kind!r}")
    with transaction.atomic():
        locked, live = _locked(visit)
        if not locked.is_live:
            raise SessionError("this visit has ended; its session takes no more events")
        at = stamp(live.session, now or timezone.now())
        live = _settled(live, at)
        fields: dict[str, object] = {}
        if kind == "locate":
            fields["trigger_point"] = trigger_point or _next_planned(live.session)
            check_plan([str(fields["trigger_point"])])
        if kind == "report":
            fields |= {"intensity": intensity, "by": by}
        try:
            event = event_from_dict({**fields, "kind": kind, "at": at.isoformat()})
            session = apply(live.session, event)
        except ValueError as error:  # ProtocolError is a ValueError too
            raise SessionError(str(error)) from None
        live = Live(locked, session, live.seq + 1)
        # Remembered at the commit, before the stored event's own commit callback wakes
        # this process's live screens (web/session_push.py): they then find it here.
        _remember_after_commit(live)
        _store(locked, live.seq, event)
        if session.phase == "done":
            locked.ended_at = at
            locked.save(update_fields=["ended_at"])
            record(actor, "visit.session_ended", locked)
    visit.ended_at = live.visit.ended_at
    _unpin(visit)
    return live


def end_visit(visit: Visit, actor: Actor, now: datetime | None = None) -> Live:
    """Finish the session and close the visit (its join code stops working)."""
    live = settle(visit, now)
    if not visit.is_live:
        raise SessionError("this visit has already ended")
    if live.session.phase == "holding":
        raise SessionError("pressure is still on: release before finishing")
    if live.session.phase not in ("ready", "done"):
        raise SessionError("leave the current trigger point first (skip), then finish")
    return act(visit, "finish", by="therapist", actor=actor, now=now)


def _next_planned(session: Session) -> str:
    if not session.plan:
        raise SessionError("no planned trigger point is left: name the one you located")
    return session.plan[0]


def _settled(live: Live, now: datetime) -> Live:
    """Store the cap release of a hold whose cap passed before `now` (caller holds the lock)."""
    cap = cap_passed(live.session, now)
    if cap is None:
        return live
    tick = Tick(stamp(live.session, cap))
    session = apply(live.session, tick)
    _store(live.visit, live.seq + 1, tick)
    return Live(live.visit, session, live.seq + 1)


def _store(visit: Visit, seq: int, event: Event) -> None:
    SessionEvent.objects.create(
        visit=visit, seq=seq, kind=event.kind, at=event.at, data=event_to_dict(event)
    )


def _locked(visit: Visit) -> tuple[Visit, Live]:
    """The visit row locked for this transaction and its session (inside `atomic`)."""
    locked = visit_reads.locked_visit(visit.pk)
    if locked is None:
        raise Visit.DoesNotExist(f"visit {visit.pk} is gone")
    return locked, _load(locked)


def with_latest_seq(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    """Visits with the seq of their latest event, in the same query: a poll whose session
    is remembered up to that seq needs no query for events."""
    latest = SessionEvent.objects.filter(visit=OuterRef("pk")).order_by("-seq").values("seq")
    return visits.annotate(latest_event_seq=Subquery(latest[:1]))


def _unpin(visit: Visit) -> None:
    """The caller's visit has changed under it: its `latest_event_seq`, if read with one,
    no longer says its version, so its next read replays every event stored."""
    visit.__dict__.pop("latest_event_seq", None)


def _load(visit: Visit) -> Live:
    try:
        seq, session = replayed.load(visit)
    except replayed.ReplayError as error:
        raise SessionError(str(error)) from None
    return Live(visit, session, seq)


def remembered(visit: Visit, seq: int | None) -> Live | None:
    """The session of `visit` replayed up to exactly `seq`, if this process remembers it
    (no query): a live screen woken by an event this process stored needs no read."""
    session = replayed.exactly(visit, seq)
    return None if session is None or seq is None else Live(visit, session, seq)


def _remember_after_commit(live: Live) -> None:
    replayed.remember_after_commit(live.visit, live.seq, live.session)


# Joining from the client's phone


def visit_for_code(code: str) -> Visit | None:
    """The live visit a join code opens; None for a wrong code or an ended visit."""
    cleaned = "".join(code.split()).upper()
    if not cleaned or len(cleaned) > 12:
        return None
    return visit_reads.live_visit_by_code(cleaned)


def latest_seqs(visit_ids: Sequence[int]) -> dict[int, int]:
    """The seq of each visit's latest event, in one query: a visit's version for the
    live screens (every change to a session stores an event; a deleted visit is absent)."""
    return visit_reads.latest_seqs(visit_ids)
