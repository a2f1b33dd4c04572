from django.urls import path

from . import views

app_name = "tutoring"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("preferences/", views.preferences, name="preferences"),
    path("sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/messages/", views.message_new, name="message_new"),
    path("sessions/<int:session_id>/updates/", views.session_updates, name="session_updates"),
]
