"""Audit log pages (namespace "audit", at /audit/) and the holiday-year page (`holiday_urlpatterns`,
included by the site's urls.py without a namespace so its name is "holiday-years")."""

from django.urls import path

from . import views_audit, views_calendar, views_imports, views_profiles

app_name = "audit"

urlpatterns = [
    path("", views_audit.event_list, name="list"),
    path("<int:pk>/", views_audit.event_detail, name="detail"),
]

holiday_urlpatterns = [
    path("holiday-years/", views_calendar.holiday_years, name="holiday-years"),
]

# Imports of every kind (namespace "imports", at /imports/).
import_urlpatterns = (
    [
        path("<int:pk>/", views_imports.job_page, name="job"),
        path("<int:pk>/errors.csv", views_imports.job_errors, name="errors"),
        # Import profiles (导入配置) before the kinds: "profiles" is not a kind.
        path("profiles/", views_profiles.profile_list, name="profiles"),
        path("profiles/new/", views_profiles.profile_create, name="profile-new"),
        path("profiles/<int:pk>/", views_profiles.profile_edit, name="profile-edit"),
        path("profiles/<int:pk>/delete/", views_profiles.profile_delete, name="profile-delete"),
        path("<slug:kind>/", views_imports.upload, name="upload"),
        path("<slug:kind>/template.xlsx", views_imports.template, name="template"),
    ],
    "imports",
)
