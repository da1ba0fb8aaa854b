"""Staff pages for cases: list, detail with its investigation and measures, documents."""

from django.urls import path

from . import views, views_act

app_name = "cases"

urlpatterns: list = [
    path("", views.case_list, name="list"),
    path("new/", views.new_case, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<slug:what>/", views_act.act, name="act"),
    path("<int:pk>/act/<slug:what>/<int:item>/", views_act.act, name="act-item"),
    path("<int:pk>/evidence/<int:evidence_id>/", views.evidence_file, name="evidence"),
]
