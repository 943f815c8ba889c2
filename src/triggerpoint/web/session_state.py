"""The live session's JSON state: what the therapist's screen and the client's phone show,
built from the session as its stored events replay (clinic/treatment/sessions.py).

One builder for every way a screen gets it: the page renders it once, the poll endpoint
answers it (with an ETag over its `stable` part), the event stream pushes it
(web/views/session_stream.py) and every posted tap answers with it. Also the request
helpers both screens' event endpoints share. Not a view module: the views import it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils import timezone

from triggerpoint.atlas import TriggerPoint, load_atlas
from triggerpoint.clinic.treatment.sessions import Live, SessionError
from triggerpoint.protocol import Session, pacer, screen
from triggerpoint.protocol.prompts import RELEASE_WORDS
from triggerpoint.protocol.reading import allowed_actions, last_words

POLL_MS = 500

THERAPIST_PHASES = {
    "new": "Not started",
    "ready": "Between trigger points",
    "located": "Located: ready to press",
    "holding": "Pressure on",
    "resting": "Pressure off: rest",
    "stretching": "Stretch",
    "done": "Session finished",
}
CLIENT_PHASES = {
    "new": "Getting ready",
    "ready": "Relax: the therapist is finding the next spot",
    "located": "The therapist has found the spot",
    "holding": "Pressure on",
    "resting": "Pressure off: rest",
    "stretching": "Gentle stretch",
    "done": "Session finished. Thank you.",
}
ACTION_LABELS = {
    "locate": "Located",
    "press": "Press",
    "therapist_release": "Felt release",
    "rest_done": "Rest done",
    "stretch_done": "Stretch done",
    "skip": "Skip",
    "finish": "Finish session",
}


def point_name(tp: TriggerPoint) -> str:
    return f"{tp.side.capitalize()} {tp.name[0].lower()}{tp.name[1:]}"


def _name(point_id: str | None) -> str | None:
    if point_id is None:
        return None
    tp = load_atlas().trigger_points.get(point_id)
    return point_name(tp) if tp else point_id


def _now(session: Session) -> datetime:
    now = timezone.now()
    last = session.last_at
    return last if last is not None and last > now else now


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _stretch_of(point_id: str | None) -> dict[str, str] | None:
    atlas = load_atlas()
    tp = atlas.trigger_points.get(point_id or "")
    if tp is None:
        return None
    muscle = atlas.muscles[tp.muscle]
    if not muscle.stretches:
        return None
    stretch = atlas.stretches[muscle.stretches[0]]
    return {"name": stretch.name, "instructions": stretch.instructions}


def therapist_state(live: Live) -> dict[str, Any]:
    """Everything the therapist's screen shows, as JSON; the page renders it once too."""
    session = live.session
    now = _now(session)
    view = screen(session, now)
    words = last_words(session)
    settings = session.hold.settings if session.hold else session.settings
    hold = session.hold
    done = {p.trigger_point: p.status for p in session.points}
    return {
        "seq": live.seq,
        "ended": not live.visit.is_live,
        "phase": session.phase,
        "phase_label": THERAPIST_PHASES[session.phase],
        "point": session.current,
        "point_name": _name(session.current),
        "focus": _focus(session),
        "cycle": view.cycle,
        "cycles": view.cycles,
        "prompts": [{"code": p.code, "text": p.text} for p in view.prompts],
        "hold": None
        if hold is None
        else {
            "left": _seconds(view.hold_seconds_left),
            "cap_left": _seconds(view.cap_seconds_left),
            "elapsed": _seconds(hold.seconds_at(now)),
            "planned": settings.hold_seconds,
            "cap": settings.cap_seconds,
        },
        "rest_left": _seconds(view.rest_seconds_left),
        "stretch_left": _seconds(view.stretch_seconds_left),
        "stretch": _stretch_of(session.current) if session.phase == "stretching" else None,
        "breath": _breath(session, now),
        "intensity": words.intensity,
        "intensity_by": words.intensity_by,
        "stopped": words.stopped_at is not None,
        "ease_off": "ease_off" in view.codes,
        "allowed": list(allowed_actions(session, now)),
        "plan": [{"id": p, "name": _name(p)} for p in session.plan],
        "statuses": {
            **done,
            **({session.current: "current"} if session.current else {}),
            **({session.plan[0]: "next"} if session.plan and session.phase == "ready" else {}),
        },
        "holds": [
            {
                "point_name": _name(h.trigger_point),
                "cycle": h.cycle,
                "seconds": round(h.duration_seconds),
                "start": h.start_intensity,
                "lowest": h.lowest_intensity,
                "reason": RELEASE_WORDS[h.end_reason],
            }
            for h in session.holds
        ],
    }


def _focus(session: Session) -> dict[str, str] | None:
    """The point under the therapist's hand, or the next one to find, with where to press."""
    point = session.current or (
        session.plan[0] if session.phase == "ready" and session.plan else None
    )
    tp = load_atlas().trigger_points.get(point or "")
    if tp is None:
        return None
    heading = "Next" if session.current is None else "Now"
    return {"heading": heading, "name": point_name(tp), "find_it": tp.find_it}


def client_state(live: Live) -> dict[str, Any]:
    """The phone's share: the phase in plain words, the breathing cue and the last report."""
    session = live.session
    now = _now(session)
    words = last_words(session)
    return {
        "seq": live.seq,
        "ended": not live.visit.is_live,
        "phase": session.phase,
        "phase_label": CLIENT_PHASES[session.phase],
        "breath": _breath(session, now),
        "intensity": words.intensity,
        "stopped": words.stopped_at is not None,
    }


def _breath(session: Session, now: datetime) -> dict[str, Any] | None:
    """The pacer's timing for the hold under way; the page animates it between polls."""
    hold = session.hold
    if session.phase != "holding" or hold is None:
        return None
    rules = hold.settings
    elapsed = hold.seconds_at(now)
    period = 60.0 / rules.breaths_per_minute
    return {
        "period": period,
        "inhale": period * (1.0 - rules.exhale_share),
        "elapsed": _seconds(elapsed),
        "phase": pacer(elapsed, rules).phase,
    }


# The parts of a state that run on the clock: the screens animate them between states
# from the last one they got, so a state that differs only in these is not news.
CLOCK = {"hold": ("left", "cap_left", "elapsed"), "breath": ("elapsed", "phase")}
CLOCK_TOP = ("rest_left", "stretch_left")


def stable(state: dict[str, Any]) -> dict[str, Any]:
    """The state without its clock readings: equal for two states a screen shows alike."""
    kept = {k: v for k, v in state.items() if k not in CLOCK_TOP}
    kept.update({k: v is not None for k, v in state.items() if k in CLOCK_TOP})
    for key, fields in CLOCK.items():
        if isinstance(kept.get(key), dict):
            kept[key] = {k: v for k, v in kept[key].items() if k not in fields}
    return kept


def etag(state: dict[str, Any]) -> str:
    """A weak ETag over the stable part: a poll that would change nothing answers 304."""
    raw = json.dumps(stable(state), sort_keys=True, separators=(",", ":")).encode()
    return f'W/"{hashlib.blake2b(raw, digest_size=12).hexdigest()}"'


def wants_json(request: HttpRequest) -> bool:
    return request.content_type == "application/json" or "json" in request.headers.get("Accept", "")


def int_or_none(raw: Any) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise SessionError("intensity must be a whole number 0-10")
    try:
        return int(str(raw))
    except ValueError:
        raise SessionError("intensity must be a whole number 0-10") from None


def posted_fields(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            raise SessionError("the request is not JSON") from None
        if not isinstance(body, dict):
            raise SessionError("the request must be a JSON object")
        return body
    return {key: request.POST.get(key) for key in ("kind", "intensity", "trigger_point")}


def polled(request: HttpRequest, state: dict[str, Any]) -> HttpResponse:
    """The state, or 304 when the screen's copy (its ETag) shows the same: the screen then
    keeps animating its clocks from the state it has."""
    tag = etag(state)
    if tag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = JsonResponse(state)
    response["ETag"] = tag
    return response
