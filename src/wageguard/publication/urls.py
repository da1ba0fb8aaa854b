"""Staff pages for publication under /publications/."""

from django.urls import path

from . import views

app_name = "publication"

urlpatterns = [
    path("", views.batch_list, name="batches"),
    path("new/", views.batch_create, name="create"),
    path("queue/", views.queue_page, name="queue"),
    path("settings/", views.settings_page, name="settings"),
    path("<int:pk>/", views.batch_detail, name="detail"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/items/add/", views.item_add, name="item-add"),
    path("<int:pk>/items/<int:item_id>/", views.item_edit, name="item-edit"),
    path("<int:pk>/items/<int:item_id>/remove/", views.item_remove, name="item-remove"),
]
