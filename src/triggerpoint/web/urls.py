from django.urls import path

from triggerpoint.web.views import atlas, find, owner, public, search, therapist

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
]
