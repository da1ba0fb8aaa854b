from django.urls import path

from . import views

# Included by dispatch/urls.py under the "dispatch" namespace.
urlpatterns = [
    path("meeting/", views.latest, name="meeting-latest"),
    path("meeting/<int:pk>/", views.screen, name="meeting"),
    path("meeting/<int:pk>/<str:page>/", views.screen, name="meeting-page"),
]
