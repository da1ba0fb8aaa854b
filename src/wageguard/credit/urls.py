"""Staff pages for the credit list (失信联合惩戒名单) and the watch list (重点关注名单)."""

from django.urls import path

from . import views

app_name = "credit"

urlpatterns = [
    path("", views.listing_list, name="list"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.json", views.export_json, name="export-json"),
    path("settings/", views.settings_page, name="settings"),
    path("watch/", views.watch_list, name="watch"),
    path("watch/add/<int:pk>/", views.watch_add, name="watch-add"),
    path("propose/<int:pk>/", views.propose, name="propose"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/documents/<str:kind>/", views.document, name="document"),
]
