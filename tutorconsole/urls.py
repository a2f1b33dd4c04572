from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("privacy/", views.privacy, name="privacy"),
    path("health/", views.health, name="health"),
    path("school/data-protection/", views.data_protection, name="data_protection"),
    path("school/pupils/", views.pupil_data_list, name="pupil_data_list"),
    path("school/pupils/<int:pupil_id>/export.<str:fmt>", views.pupil_export,
         name="pupil_export"),
    path("school/pupils/<int:pupil_id>/erase/", views.pupil_erase, name="pupil_erase"),
    path("tutor/", include("tutoring.urls")),
    # Before the review app's own URLs, which have no offloading page.
    path("review/offloading/", views.offloading_report, name="offloading_report"),
    path("review/", include("review.urls")),
    path("safeguarding/", include("safeguarding.urls")),
    path("admin/", admin.site.urls),
]
