"""Audit log pages (namespace "audit", at /audit/) and the holiday-year page (`holiday_urlpatterns`,
included by the site's urls.py without a namespace so its name is "holiday-years")."""

from django.urls import path

from . import views_audit, views_calendar

app_name = "audit"

urlpatterns = [
    path("", views_audit.event_list, name="list"),
    path("<int:pk>/", views_audit.event_detail, name="detail"),
]

holiday_urlpatterns = [
    path("holiday-years/", views_calendar.holiday_years, name="holiday-years"),
]
