from django.urls import path

from . import views

# Included by dispatch/urls.py under the "dispatch" namespace.
urlpatterns = [
    path(
        "rounds/<int:pk>/documents/<str:kind>/generate/",
        views.generate,
        name="round-document-generate",
    ),
    path(
        "rounds/<int:pk>/documents/<int:doc_id>/",
        views.download,
        name="round-document",
    ),
]
