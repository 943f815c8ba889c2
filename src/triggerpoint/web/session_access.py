"""Who may open a live session's screens, through the one access policy
(clinic/people/access.py): the therapist's pages take the visits of the staff member's
clinic, the phone's pages only the live visit of a join code.

Shared by the page, poll, event and stream views of both screens (web/views/session*.py,
web/views/phone.py), so each asks the same question the same way. Not a view module.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from triggerpoint.clinic.models import Visit
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy import rate_limits
from triggerpoint.clinic.treatment import sessions

# The join codes a browser has joined, remembered in its session. Guessing a code is
# throttled per address (JOIN_CODE_RATE, clinic/privacy/rate_limits.py).
JOINED = "joined_visits"


class TooManyMissesError(Exception):
    """This address has guessed too many wrong codes lately."""


def therapist_visit(request: HttpRequest, visit_id: int) -> Visit:
    """A visit the signed-in staff member may run, with its latest event's seq; 404 for
    another clinic's visit or none at all."""
    visits = policy.session_visits(request.user).select_related("client", "therapist")
    visit: Visit = get_object_or_404(sessions.with_latest_seq(visits), pk=visit_id)
    return visit


def joined_visit(request: HttpRequest, code: str) -> Visit:
    """The live visit of a code; 404 for a wrong or ended one, refused after many misses.

    Codes this browser has joined are remembered: the ended session of one is not a miss,
    and a joined phone keeps working while its address is locked, so a stranger guessing
    from the clinic's network cannot cut a client off.
    """
    code = "".join(code.split()).upper()
    known: list[str] = request.session.get(JOINED, [])
    visit = policy.joinable_visit(code)
    if code in known:
        if visit is None:
            raise Http404("This session has ended.")
        return visit
    if rate_limits.exhausted(request, "join-code-miss"):
        raise TooManyMissesError
    if visit is None:
        rate_limits.over(request, "join-code-miss")
        raise Http404("No live session has this code.")
    request.session[JOINED] = [*known[-9:], code]
    return visit
