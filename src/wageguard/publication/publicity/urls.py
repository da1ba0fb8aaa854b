"""The publicity log, under /publications/publicity/ (namespace "publication")."""

from django.urls import path

from . import views

urlpatterns = [
    path("publicity/", views.publicity_log, name="publicity-log"),
    path("publicity/add/", views.publicity_add, name="publicity-add"),
    path("publicity/<int:pk>/remove/", views.publicity_remove, name="publicity-remove"),
]
