from django.urls import path

from .views import detail, inbox, intake, overview, settings, supervision

app_name = "clues"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("new/", intake.new_clue, name="new"),
    path("export.xlsx", inbox.export_xlsx, name="export"),
    path("overview/", overview.overview_page, name="overview"),
    path("overview/print/", overview.overview_print, name="overview-print"),
    path("overview/export.xlsx", overview.overview_export, name="overview-export"),
    path("overview/remind/<str:code>/", overview.remind, name="overview-remind"),
    path("assign/", inbox.assign, name="assign"),
    path("filters/", inbox.save_filter, name="save-filter"),
    path("filters/<int:pk>/delete/", inbox.delete_filter, name="delete-filter"),
    path("supervisions/", supervision.register_page, name="supervisions"),
    path("reply-templates/", settings.reply_template_add, name="reply-template-add"),
    path(
        "reply-templates/<int:pk>/delete/",
        settings.reply_template_remove,
        name="reply-template-remove",
    ),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/reveal/", inbox.reveal, name="reveal"),
    path("<int:pk>/transition/", detail.transition, name="transition"),
    path("<int:pk>/supervise/", supervision.list_clue, name="supervise"),
    path(
        "<int:pk>/supervision/<int:supervision_id>/report/",
        supervision.report,
        name="supervision-report",
    ),
    path(
        "<int:pk>/supervision/<int:supervision_id>/review/",
        supervision.review,
        name="supervision-review",
    ),
    path("<int:pk>/arrears/", detail.arrears_add, name="arrears-add"),
    path("<int:pk>/arrears/<int:line>/recovery/", detail.recovery, name="recovery"),
    path("<int:pk>/attachments/<int:attachment_id>/", detail.attachment, name="attachment"),
]
