from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("classes/<int:class_id>/", views.class_detail, name="class_detail"),
    path("classes/<int:class_id>/figures.csv", views.class_figures_csv, name="class_figures_csv"),
    path("pupils/<int:pupil_id>/settings/", views.pupil_settings, name="pupil_settings"),
    path("pupils/<int:pupil_id>/sessions/<int:session_id>/", views.pupil_session,
         name="pupil_session"),
    path("replies/<int:reply_id>/", views.item, name="item"),
    path("replies/<int:reply_id>/approve/", views.approve, name="approve"),
    path("replies/<int:reply_id>/edit/", views.edit, name="edit"),
    path("replies/<int:reply_id>/reject/", views.reject, name="reject"),
    path("replies/<int:reply_id>/regenerate/", views.regenerate, name="regenerate"),
    path("replies/<int:reply_id>/write/", views.write, name="write"),
    path("replies/<int:reply_id>/concern/", views.raise_concern, name="raise_concern"),
]
