"""Routes of the report in steps, included in the portal's namespace (names `portal:report-*`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("what/", views.step, {"slug": "what"}, name="report-what"),
    path("where/", views.step, {"slug": "where"}, name="report-where"),
    path("who/", views.step, {"slug": "who"}, name="report-who"),
    path("check/", views.check, name="report-check"),
    path("done/", views.done, name="report-done"),
]
