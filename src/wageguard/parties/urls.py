from django.urls import path

from . import views

app_name = "parties"

urlpatterns = [
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise"),
]
