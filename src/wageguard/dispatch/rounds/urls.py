from django.urls import path

from . import views

# Included by dispatch/urls.py under the "dispatch" namespace.
urlpatterns = [
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/new/", views.round_new, name="round-new"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/next/", views.round_next, name="round-next"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/return/", views.report_return, name="report-return"),
]
