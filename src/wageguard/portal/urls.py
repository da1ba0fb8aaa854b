"""Public pages under /report/: no login, no staff navigation, nothing but one's own clue."""

from django.urls import path

from . import views
from .report import urls as report_urls
from .report import views as report

app_name = "portal"

urlpatterns = [
    path("", report.start, name="submit"),
    *report_urls.urlpatterns,
    path("route/", views.route_preview, name="route-preview"),
    path("track/", views.track, name="track"),
    path("track/rate/", views.rate, name="rate"),
    path("track/supplement/", views.supplement_view, name="supplement"),
    path("track/end/", views.track_end, name="track-end"),
]
