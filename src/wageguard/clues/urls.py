from django.urls import path

from . import views, views_intake, views_supervision

app_name = "clues"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views_intake.new_clue, name="new"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("overview/", views.overview_page, name="overview"),
    path("assign/", views.assign, name="assign"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/supervise/", views_supervision.list_clue, name="supervise"),
    path(
        "<int:pk>/supervision/<int:supervision_id>/report/",
        views_supervision.report,
        name="supervision-report",
    ),
    path("<int:pk>/arrears/", views.arrears_add, name="arrears-add"),
    path("<int:pk>/arrears/<int:line>/recovery/", views.recovery, name="recovery"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
