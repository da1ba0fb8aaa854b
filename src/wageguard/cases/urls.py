"""Staff pages for cases: list, detail with its investigation and measures, documents."""

from django.urls import path

from .views import actions, detail, documents, export, filing, lists, settings

app_name = "cases"

urlpatterns: list = [
    path("", lists.case_list, name="list"),
    path("new/", filing.new_case, name="new"),
    path("export.xlsx", export.export_xlsx, name="export"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/act/<slug:what>/", actions.act, name="act"),
    path("<int:pk>/act/<slug:what>/<int:item>/", actions.act, name="act-item"),
    path("<int:pk>/evidence/<int:evidence_id>/", documents.evidence_file, name="evidence"),
    path("<int:pk>/documents/<int:doc_id>/", documents.document_file, name="document"),
    path(
        "<int:pk>/receipts/<int:doc_id>.docx",
        documents.document_receipt,
        name="document-receipt",
    ),
    path("settings/threshold/", settings.threshold_settings, name="threshold-settings"),
    path("templates/", documents.templates_page, name="templates"),
    path(
        "templates/<slug:kind>/builtin/",
        documents.template_builtin,
        name="template-builtin",
    ),
    path(
        "templates/<slug:kind>/current/",
        documents.template_current,
        name="template-current",
    ),
]
