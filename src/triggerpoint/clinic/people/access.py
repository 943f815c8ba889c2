"""Who may see and change what. Every view, API call and admin page asks here, nowhere else.

It lives in clinic/ (it was web/policy.py) so the pages, the API and the admin all stand
on it without importing one another; callers import it as `access as policy`.

Roles: anonymous, client (a login linked to a Client record), therapist and owner
(a Staff record). Object rules: staff see the clients and appointments of their own
clinic; a client sees only their own. An owner also runs the clinic's reports.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from functools import wraps
from typing import Any, Literal, TypeVar, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse

from triggerpoint.clinic.booking import policy as booking_policy
from triggerpoint.clinic.messaging import calendar_files
from triggerpoint.clinic.models import (
    Appointment,
    AuditEvent,
    Client,
    Clinic,
    DeletionRequest,
    HomePlan,
    OpeningHours,
    Questionnaire,
    RecurringSeries,
    Role,
    Room,
    Service,
    Staff,
    TimeOff,
    Visit,
    WaitlistEntry,
    WorkingHours,
)
from triggerpoint.clinic.people import sites
from triggerpoint.clinic.privacy import deletion, tokens
from triggerpoint.clinic.treatment import sessions

RoleName = Literal["anonymous", "client", "therapist", "owner"]
STAFF_ROLES: frozenset[RoleName] = frozenset({"therapist", "owner"})

View = TypeVar("View", bound=Callable[..., HttpResponse])
Row = TypeVar("Row", bound=Model)


def staff_of(user: Any) -> Staff | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return cast(Staff, user.staff)
    except Staff.DoesNotExist:
        return None


def client_of(user: Any) -> Client | None:
    if not getattr(user, "is_authenticated", False) or staff_of(user) is not None:
        return None
    try:
        return cast(Client, user.client)
    except Client.DoesNotExist:
        return None


def self_treatment_keeper(user: Any) -> Client | None:
    """Whose record a finished self-treatment is saved to: a signed-in client's own;
    anyone else keeps theirs in the browser."""
    return client_of(user)


def role_of(user: Any) -> RoleName:
    staff = staff_of(user)
    if staff is not None:
        return "owner" if staff.role == Role.OWNER else "therapist"
    if client_of(user) is not None:
        return "client"
    return "anonymous"


def request_role(request: HttpRequest) -> RoleName:
    """role_of(request.user), worked out once per request: the layout, the view and its
    helpers all ask. Kept per signed-in user, so signing in or out mid-request is seen."""
    user = request.user
    key = (getattr(user, "pk", None), getattr(user, "is_authenticated", False))
    cached: tuple[Any, RoleName] | None = getattr(request, "_policy_role", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    found = role_of(user)
    request._policy_role = (key, found)  # type: ignore[attr-defined]
    return found


def can_view_client(user: Any, client: Client) -> bool:
    staff = staff_of(user)
    if staff is not None:
        return staff.clinic_id == client.clinic_id
    own = client_of(user)
    return own is not None and own.pk == client.pk


def can_change_appointment(user: Any, appointment: Appointment) -> bool:
    return can_view_client(user, appointment.client)


def can_keep_chart(user: Any, client: Client) -> bool:
    """Notes and attendance are written by the staff of the client's clinic, never by clients."""
    staff = staff_of(user)
    return staff is not None and staff.clinic_id == client.clinic_id


def may_cancel_booking(user: Any, booking_id: int, token: str) -> bool:
    """The signed link from the confirmation, or a signed-in user who may see the booking.

    Decided before the booking is fetched, so a refusal says nothing about whether it exists.
    """
    if tokens.read(tokens.CANCEL, token) == booking_id:
        return True
    return visible_appointments(user).filter(pk=booking_id).exists()


def schedulable_staff(user: Any) -> QuerySet[Staff]:
    """Whose schedule a user may open: an owner any colleague's, a therapist only their own."""
    staff = staff_of(user)
    if staff is None:
        return Staff.objects.none()
    if staff.role == Role.OWNER:
        return Staff.objects.filter(clinic_id=staff.clinic_id)
    return Staff.objects.filter(pk=staff.pk)


def visible_clients(user: Any) -> QuerySet[Client]:
    staff = staff_of(user)
    if staff is not None:
        return Client.objects.filter(clinic_id=staff.clinic_id)
    own = client_of(user)
    return Client.objects.filter(pk=own.pk) if own else Client.objects.none()


def visible_appointments(user: Any) -> QuerySet[Appointment]:
    return Appointment.objects.filter(client__in=visible_clients(user))


# The guided session.


def session_visits(user: Any) -> QuerySet[Visit]:
    """Visits whose session a user may run and record findings in: their clinic's, for staff."""
    staff = staff_of(user)
    if staff is None:
        return Visit.objects.none()
    return Visit.objects.filter(client__clinic_id=staff.clinic_id)


def joinable_visit(code: str) -> Visit | None:
    """The join code is the client's key to report from their phone, with no sign-in:
    it opens only a live visit, and only its report and stop controls."""
    return sessions.visit_for_code(code)


def require_role(*roles: RoleName) -> Callable[[View], View]:
    """Anonymous visitors go to the login page; a signed-in user without the role gets 403,
    and one of another clinic than the host's site a 403 saying where theirs is."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            role = role_of(request.user)
            if role in roles:
                person = staff_of(request.user) or client_of(request.user)
                if person is not None:
                    sites.honour_host(request, person.clinic_id)
                return view(request, *args, **kwargs)
            if role == "anonymous" or isinstance(request.user, AnonymousUser):
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied("Your account cannot open this page.")

        return cast(View, guarded)

    return decorate


def check(allowed: bool) -> None:
    """Raise 403 unless an object-level rule allowed the access."""
    if not allowed:
        raise PermissionDenied("You cannot see this record.")


# Booking flow and client portal.


def can_see_booking(user: Any, appointment: Appointment, booked_here: Collection[int]) -> bool:
    """A confirmation page: the browser session that booked it, or anyone who may see it."""
    return appointment.pk in booked_here or can_change_appointment(user, appointment)


def booking_of_link(token: str) -> int | None:
    """The booking a confirmation's signed link acts on; None for a forged or mangled one."""
    return tokens.read(tokens.CANCEL, token)


def booking_of_calendar_link(token: str) -> int | None:
    """The booking a calendar-file link opens (read only: it cannot cancel)."""
    return tokens.read(tokens.CALENDAR, token)


def therapist_of_feed(token: str) -> Staff | None:
    """The therapist whose calendar feed a link opens; None when forged or reset since."""
    return calendar_files.therapist_of_feed(token)


def notice_allows_change(appointment: Appointment, now: datetime) -> bool:
    """Clients cancel or move a booking themselves only before the clinic's notice window
    (the rule itself: clinic.booking.policy)."""
    return booking_policy.notice_allows_change(appointment, now, booking_policy.ONLINE)


def client_may_change(user: Any, appointment: Appointment, now: datetime) -> bool:
    return (
        role_of(user) == "client"
        and can_change_appointment(user, appointment)
        and notice_allows_change(appointment, now)
    )


# The front desk (on the schedule): staff book, move, cancel and mark attendance for the
# schedules they may open, with their own clinic's services and clients.


def desk_therapists(user: Any) -> QuerySet[Staff]:
    """Whom the front desk books with: the schedules a user may open that take bookings."""
    return schedulable_staff(user).filter(takes_bookings=True)


def desk_services(user: Any) -> QuerySet[Service]:
    staff = staff_of(user)
    if staff is None:
        return Service.objects.none()
    return Service.objects.filter(clinic_id=staff.clinic_id, active=True)


def desk_appointments(user: Any) -> QuerySet[Appointment]:
    """The bookings the front desk changes: those on the schedules a user may open."""
    return Appointment.objects.filter(therapist__in=schedulable_staff(user))


# Outcomes, SOAP notes and home care.


def chart_visits(user: Any) -> QuerySet[Visit]:
    """Visits whose outcomes and home plan a user may record: their clinic's, for staff."""
    return session_visits(user)


def note_visits(user: Any) -> QuerySet[Visit]:
    """SOAP notes are written, signed and read by the therapists of the client's clinic."""
    staff = staff_of(user)
    if staff is None or staff.role != Role.THERAPIST:
        return Visit.objects.none()
    return Visit.objects.filter(client__clinic_id=staff.clinic_id)


def may_keep_notes(user: Any) -> bool:
    return role_of(user) == "therapist"


def visible_home_plans(user: Any) -> QuerySet[HomePlan]:
    """A client's own plans; the plans of the clinic's clients for its staff."""
    return HomePlan.objects.filter(client__in=visible_clients(user))


# Privacy (export, erasure) and the learning loop.


def exportable_client(user: Any) -> Client | None:
    """Whose whole record a user may download from the portal: only their own."""
    return client_of(user)


def erasure_of_link(token: str) -> DeletionRequest | None:
    """The emailed link is the proof the request comes from the owner of the address: it
    opens only its own pending request, and only until it expires."""
    return deletion.request_of(token)


def visible_deletion_requests(user: Any) -> QuerySet[DeletionRequest]:
    """Staff see their own clinic's requests; nobody else sees any."""
    staff = staff_of(user)
    if staff is None:
        return DeletionRequest.objects.none()
    return DeletionRequest.objects.filter(clinic_id=staff.clinic_id)


def learning_clinic(user: Any) -> int | None:
    """The clinic whose learned priors a user may see and reset: an owner's own."""
    staff = staff_of(user)
    return staff.clinic_id if staff is not None and staff.role == Role.OWNER else None


# Django's admin: the owners' tool for correcting their own clinic's records. Therapists
# and clients work in the app, whose pages apply the rules above; no flag on the account
# (is_staff, is_superuser) opens the admin or widens what it shows.


def admin_clinic(user: Any) -> int | None:
    """The clinic whose records a user may open in the admin: an active owner's own."""
    staff = staff_of(user)
    if staff is None or staff.role != Role.OWNER or not user.is_active:
        return None
    return staff.clinic_id


def admin_clinic_here(request: HttpRequest) -> int | None:
    """admin_clinic, on this host: another clinic's host raises sites.OtherClinicsSite (a
    403 saying where the owner's own site is), as every signed-in page does."""
    clinic = admin_clinic(request.user)
    if clinic is not None:
        sites.honour_host(request, clinic)
    return clinic


def _admin_scope(model: type[Model], clinic: int) -> Q | None:
    """Which rows of `model` belong to `clinic`; None for a model the admin never shows."""
    scopes: dict[type[Model], Q] = {
        Clinic: Q(pk=clinic),
        Room: Q(clinic_id=clinic),
        Service: Q(clinic_id=clinic),
        Staff: Q(clinic_id=clinic),
        WorkingHours: Q(staff__clinic_id=clinic),
        TimeOff: Q(staff__clinic_id=clinic),
        Client: Q(clinic_id=clinic),
        Appointment: Q(client__clinic_id=clinic),
        RecurringSeries: Q(client__clinic_id=clinic),
        OpeningHours: Q(clinic_id=clinic),
        Questionnaire: Q(clinic_id=clinic),
        WaitlistEntry: Q(clinic_id=clinic),
        # The trail of what the clinic's own people did; guests' and the system's
        # events name no clinic and stay out of every owner's view.
        AuditEvent: Q(actor__staff__clinic_id=clinic) | Q(actor__client__clinic_id=clinic),
        get_user_model(): Q(staff__clinic_id=clinic) | Q(client__clinic_id=clinic),
    }
    return scopes.get(model)


def admin_rows(user: Any, model: type[Row]) -> QuerySet[Row]:
    """Every row the admin lists, offers as a choice or saves: the owner's clinic's only."""
    manager = model._default_manager
    clinic = admin_clinic(user)
    scope = None if clinic is None else _admin_scope(model, clinic)
    return manager.none() if scope is None else manager.filter(scope)


def admin_may_touch(user: Any, obj: Model) -> bool:
    """One record in the admin: only if it belongs to the owner's clinic (checked after a
    save too, inside its transaction, so a changed foreign key cannot carry a row away)."""
    return obj.pk is not None and admin_rows(user, type(obj)).filter(pk=obj.pk).exists()


def intake_of_link(token: str) -> int | None:
    """The booking whose health questionnaire a signed intake link opens (health data:
    only the holder of the link, emailed to the client, fills it in)."""
    from triggerpoint.clinic.treatment.health_intake import appointment_of_token

    return appointment_of_token(token)
