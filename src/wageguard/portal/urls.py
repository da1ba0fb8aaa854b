"""Public pages under /report/: no login, no staff navigation, nothing but one's own clue."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("route/", views.route_preview, name="route-preview"),
    path("track/", views.track, name="track"),
    path("track/rate/", views.rate, name="rate"),
    path("track/supplement/", views.supplement_view, name="supplement"),
    path("track/end/", views.track_end, name="track-end"),
]
