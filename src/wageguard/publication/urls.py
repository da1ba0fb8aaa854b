"""Staff pages for publication under /publications/: batches of major violations (Order 29),
typical cases and the publicity log."""

from django.urls import path

from . import views
from .publicity.urls import urlpatterns as publicity_urls
from .typical.urls import urlpatterns as typical_urls

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
    *typical_urls,
    *publicity_urls,
]
