"""Staff pages for cases: list, detail with its investigation and measures, documents."""

from django.urls import path

from . import views, views_act, views_documents, views_export, views_settings

app_name = "cases"

urlpatterns: list = [
    path("", views.case_list, name="list"),
    path("new/", views.new_case, name="new"),
    path("export.xlsx", views_export.export_xlsx, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<slug:what>/", views_act.act, name="act"),
    path("<int:pk>/act/<slug:what>/<int:item>/", views_act.act, name="act-item"),
    path("<int:pk>/evidence/<int:evidence_id>/", views.evidence_file, name="evidence"),
    path("<int:pk>/documents/<int:doc_id>/", views_documents.document_file, name="document"),
    path("settings/threshold/", views_settings.threshold_settings, name="threshold-settings"),
    path("templates/", views_documents.templates_page, name="templates"),
    path(
        "templates/<slug:kind>/builtin/",
        views_documents.template_builtin,
        name="template-builtin",
    ),
    path(
        "templates/<slug:kind>/current/",
        views_documents.template_current,
        name="template-current",
    ),
]
