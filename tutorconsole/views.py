"""Pages that belong to the whole console: home and health."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = request.user.role
    if role == "pupil":
        return redirect("tutoring:session_list")
    if role == "teacher":
        return redirect("review:queue")
    if role == "dsl":
        return redirect("safeguarding:concern_list")
    return render(request, "home.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html")


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class LoginView(auth_views.LoginView):
    """Log in and remember the role, so idle timeouts need no database read."""

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session["role"] = form.get_user().role
        return response
