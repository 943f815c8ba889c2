from django.urls import path

from triggerpoint.web.views import (
    accounts,
    atlas,
    booking,
    find,
    owner,
    portal,
    public,
    search,
    session,
    therapist,
)

app_name = "web"

urlpatterns = [
    path("", public.home, name="home"),
    path("trigger-point-therapy/", public.therapy, name="therapy"),
    path("find/", find.find, name="find"),
    path("search/", search.search, name="search"),
    path("muscles/", atlas.index, name="atlas"),
    path("muscles/<slug:muscle_id>/", atlas.muscle, name="muscle"),
    path("staff/schedule/", therapist.schedule, name="schedule"),
    path("staff/clients/", therapist.clients, name="clients"),
    path("staff/clients/<int:client_id>/", therapist.chart, name="client_chart"),
    path("staff/clients/<int:client_id>/find/", therapist.client_find, name="client_find"),
    path("staff/report/", owner.report, name="report"),
    path("staff/appointments/<int:appointment_id>/session/", session.plan, name="session-plan"),
    path("staff/visits/<int:visit_id>/session/", session.session_screen, name="session"),
    path("staff/visits/<int:visit_id>/session/state/", session.session_state, name="session-state"),
    path(
        "staff/visits/<int:visit_id>/session/events/", session.session_event, name="session-event"
    ),
    path("staff/visits/<int:visit_id>/findings/", session.save_finding, name="session-finding"),
    path("join/", session.join, name="join"),
    path("join/<str:code>/", session.phone, name="join-phone"),
    path("join/<str:code>/state/", session.phone_state, name="join-state"),
    path("join/<str:code>/events/", session.phone_event, name="join-event"),
    path("book/", booking.services, name="book"),
    path("book/drawing/", booking.keep_drawing, name="book-drawing"),
    path("book/details/", booking.details, name="book-details"),
    path("book/confirmed/<int:appointment_id>/", booking.confirmed, name="book-confirmed"),
    path("book/calendar/<str:token>.ics", booking.calendar, name="book-calendar"),
    path("book/cancel/<str:token>/", booking.cancel_by_link, name="book-cancel"),
    path("book/<int:service_id>/", booking.therapists, name="book-therapist"),
    path("book/<int:service_id>/<str:who>/", booking.dates, name="book-date"),
    path("book/<int:service_id>/<str:who>/<str:day>/", booking.slots, name="book-slot"),
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("accounts/claim/", accounts.claim_start, name="claim"),
    path("accounts/claim/sent/", accounts.claim_sent, name="claim-sent"),
    path("accounts/claim/<str:token>/", accounts.claim_finish, name="claim-finish"),
    path("portal/", portal.index, name="portal"),
    path("portal/visits/<int:appointment_id>/cancel/", portal.cancel, name="portal-cancel"),
    path("portal/visits/<int:appointment_id>/move/", portal.move, name="portal-move"),
    path("portal/drawing/", portal.drawing, name="portal-drawing"),
    path("portal/my-data.json", portal.my_data, name="portal-data"),
]
