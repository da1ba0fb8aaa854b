from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.overview_page, name="overview"),
    path("checks/", views.check_list, name="check-list"),
    path("checks/new/", views.check_create, name="check-create"),
    path("checks/<int:pk>/", views.check_detail, name="check-detail"),
    path("findings/", views.finding_list, name="finding-list"),
    path("findings/<int:pk>/", views.finding_detail, name="finding-detail"),
]
