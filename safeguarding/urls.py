from django.urls import path

from . import views

app_name = "safeguarding"

urlpatterns = [
    path("concerns/", views.concern_list, name="concern_list"),
    path("concerns/<int:concern_id>/", views.concern_detail, name="concern_detail"),
    path("concerns/<int:concern_id>/acknowledge/", views.concern_acknowledge,
         name="concern_acknowledge"),
    path("concerns/<int:concern_id>/action/", views.concern_action, name="concern_action"),
    path("concerns/<int:concern_id>/close/", views.concern_close, name="concern_close"),
    path("concerns/<int:concern_id>/export.<str:fmt>", views.concern_export,
         name="concern_export"),
    path("messages/<int:message_id>/raise/", views.message_raise_concern,
         name="message_raise_concern"),
]
