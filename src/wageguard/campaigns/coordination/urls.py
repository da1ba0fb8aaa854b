"""Coordination's pages, included by campaigns/urls.py into the "campaigns" namespace:
`assignments/...` and `group/...`."""

from django.urls import path

from . import views

assignment_patterns = [
    path("", views.assignment_list, name="assignments"),
    path("new/", views.assignment_new, name="assignment-new"),
    path("settings/", views.assignment_settings, name="assignment-settings"),
    path("<int:pk>/", views.assignment_detail, name="assignment"),
    path("<int:pk>/act/<slug:name>/", views.assignment_act, name="assignment-act"),
    path("<int:pk>/files/<int:file_pk>/", views.assignment_file, name="assignment-file"),
]

group_patterns = [
    path("", views.group_page, name="group"),
    path("act/<slug:name>/", views.group_act, name="group-act"),
]
