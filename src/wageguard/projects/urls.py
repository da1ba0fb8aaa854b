from django.urls import path

from . import views
from .warnings import views as warnings

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_form, name="new"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("rates/", views.rates, name="rates"),
    path("payroll/", views.payroll_months, name="payroll-months"),
    path("feeds/settings/", views.feed_settings, name="feed-settings"),
    path("deposits/settings/", views.deposit_settings, name="deposit-settings"),
    path("rates/export.xlsx", views.rates_xlsx, name="rates-export"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_form, name="edit"),
    path("<int:pk>/act/<slug:name>/", views.project_act, name="act"),
    path("warnings/", warnings.inbox, name="warnings"),
    path("warnings/export.xlsx", warnings.export_xlsx, name="warnings-export"),
    path("warnings/rules/", warnings.precision, name="warning-precision"),
    path("warnings/settings/", warnings.rule_settings, name="warning-settings"),
    path("warnings/<int:pk>/", warnings.detail, name="warning"),
    path("warnings/<int:pk>/act/<slug:name>/", warnings.act, name="warning-act"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence"),
]
