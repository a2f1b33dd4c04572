from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("replies/<int:reply_id>/", views.item, name="item"),
    path("replies/<int:reply_id>/approve/", views.approve, name="approve"),
    path("replies/<int:reply_id>/edit/", views.edit, name="edit"),
    path("replies/<int:reply_id>/reject/", views.reject, name="reject"),
    path("replies/<int:reply_id>/regenerate/", views.regenerate, name="regenerate"),
    path("replies/<int:reply_id>/write/", views.write, name="write"),
    path("replies/<int:reply_id>/concern/", views.raise_concern, name="raise_concern"),
]
