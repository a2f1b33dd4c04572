from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("privacy/", views.privacy, name="privacy"),
    path("health/", views.health, name="health"),
    path("tutor/", include("tutoring.urls")),
    path("review/", include("review.urls")),
    path("safeguarding/", include("safeguarding.urls")),
    path("admin/", admin.site.urls),
]
