"""Staff pages for cases: list, detail with its investigation and measures, documents."""

from django.urls import path

app_name = "cases"

urlpatterns: list = []
