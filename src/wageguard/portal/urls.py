"""Public pages under /report/: no login, no staff navigation, nothing but one's own clue."""

from django.urls import path

from . import views
from .report import urls as report_urls
from .report import views as report
from .track import views as track

app_name = "portal"

urlpatterns = [
    path("", report.start, name="submit"),
    *report_urls.urlpatterns,
    path("route/", views.route_preview, name="route-preview"),
    path("track/", track.track, name="track"),
    path("track/phone/", track.phone, name="track-phone"),
    path("track/phone/code/", track.code, name="track-code"),
    path("track/mine/", track.mine, name="track-mine"),
    path("track/rate/", track.rate, name="rate"),
    path("track/supplement/", track.supplement_view, name="supplement"),
    path("track/end/", track.track_end, name="track-end"),
]
