"""Staff pages of typical cases, under /publications/typical/ (namespace "publication")."""

from django.urls import path

from . import views

urlpatterns = [
    path("typical/", views.typical_list, name="typical-list"),
    path("typical/new/", views.typical_new, name="typical-new"),
    path("typical/<int:pk>/", views.typical_detail, name="typical-detail"),
    path("typical/<int:pk>/edit/", views.typical_edit, name="typical-edit"),
    path("typical/<int:pk>/transition/", views.typical_transition, name="typical-transition"),
]
