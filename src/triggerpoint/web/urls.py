from django.urls import path

from triggerpoint.web.views import atlas, find, public, search

app_name = "web"

urlpatterns = [
    path("", public.home, name="home"),
    path("trigger-point-therapy/", public.therapy, name="therapy"),
    path("find/", find.find, name="find"),
    path("search/", search.search, name="search"),
    path("muscles/", atlas.index, name="atlas"),
    path("muscles/<slug:muscle_id>/", atlas.muscle, name="muscle"),
]
