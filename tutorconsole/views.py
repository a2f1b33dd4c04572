"""Pages that belong to the whole console: home, health, sign-in with a second factor, and the
school's data protection tools."""

from __future__ import annotations

import json
from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from . import access, offloading, services
from .audit import audit_record


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


# --- Second factor (TOTP) -----------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/"


def _grouped(key: bytes) -> str:
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: show the key, then confirm it with one code."""
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = request.user
    access.require(access.is_staff_member(user), "Two-factor sign-in is for staff.")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("two_factor_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    error = ""
    if request.method == "POST":
        token = "".join(request.POST.get("token", "").split())
        if token.isdigit() and device.verify_token(token):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit_record(action="account.two_factor_confirmed", actor=user,
                             school=user.school_id, target=user)
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is set up.")
            return redirect(_next_url(request))
        error = "That code did not match. Check the time on your phone and try the newest code."
    return render(
        request,
        "tutorconsole/two_factor_setup.html",
        {"key": _grouped(device.bin_key), "config_url": device.config_url, "error": error,
         "next": _next_url(request), "required": user.role in settings.OTP_REQUIRED_ROLES},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the authenticator app at each sign-in."""
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect("two_factor_setup")
    error = ""
    if request.method == "POST":
        token = "".join(request.POST.get("token", "").split())
        if token.isdigit() and device.verify_token(token):
            otp_login(request, device)
            return redirect(_next_url(request))
        error = "That code did not match. Try the newest code from your authenticator app."
    return render(request, "tutorconsole/two_factor_verify.html",
                  {"error": error, "next": _next_url(request)}, status=400 if error else 200)


# --- Data protection ----------------------------------------------------------------------------


def _processing_facts() -> dict:
    from tutoring.providers import get_provider
    from tutoring.redaction import PLACEHOLDERS

    try:
        provider = get_provider().name
    except Exception:  # noqa: BLE001 - the page must render even if the provider is misconfigured
        provider = "unavailable"
    anthropic = provider == "anthropic" and bool(settings.ANTHROPIC_API_KEY)
    return {
        "provider": provider,
        "external_ai": anthropic,
        "model": settings.ANTHROPIC_MODEL if anthropic else "none: replies are made on our server",
        "max_tokens": settings.ANTHROPIC_MAX_TOKENS,
        "redacted": [p.strip("[]") for p in PLACEHOLDERS],
        "history_turns": settings.TUTOR_HISTORY_TURNS,
        "message_max_chars": settings.TUTOR_MESSAGE_MAX_CHARS,
        "data_location": settings.DATA_LOCATION,
        "controller_note": settings.DATA_CONTROLLER_NOTE,
        "hold_months": settings.SAFEGUARDING_HOLD_MONTHS,
        "pupil_idle_minutes": settings.PUPIL_IDLE_TIMEOUT_SECONDS // 60,
        "staff_idle_minutes": settings.STAFF_IDLE_TIMEOUT_SECONDS // 60,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        # The optional safeguarding classifier runs whenever an Anthropic key is set.
        "classifier": bool(settings.ANTHROPIC_API_KEY),
        "classifier_model": getattr(settings, "ANTHROPIC_CLASSIFIER_MODEL", "")
        or _default_classifier_model(),
    }


def _default_classifier_model() -> str:
    from safeguarding.classifier import DEFAULT_CLASSIFIER_MODEL

    return DEFAULT_CLASSIFIER_MODEL


@login_required
@require_GET
def data_protection(request: HttpRequest) -> HttpResponse:
    """What this school's Tutor Console processes, where, for how long, and who else sees it."""
    user = request.user
    access.require(access.can_view_data_protection(user),
                   "The data protection page is for the school's staff.")
    return render(request, "tutorconsole/data_protection.html",
                  {"school": user.school, "facts": _processing_facts()})


@login_required
@require_GET
def pupil_data_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(access.can_manage_pupil_data(user),
                   "Subject access and erasure are for the school administrator and the DSL.")
    pupils = access.pupils_for_data_manager(user).order_by("last_name", "first_name")
    return render(request, "tutorconsole/pupil_data_list.html", {"pupils": pupils})


@login_required
@require_GET
def pupil_export(request: HttpRequest, pupil_id: int, fmt: str) -> HttpResponse:
    """Everything held about one pupil, as JSON or a printable page. Audited."""
    user = request.user
    access.require(access.can_manage_pupil_data(user),
                   "Subject access and erasure are for the school administrator and the DSL.")
    pupil = access.pupil_for_data_manager(user, pupil_id)
    if fmt not in ("json", "html"):
        return HttpResponse("Choose json or html.", status=404, content_type="text/plain")
    export = services.pupil_subject_access_export(pupil=pupil, by=user)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(export, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="pupil-{pupil.pk}.json"'
        return response
    return render(request, "tutorconsole/pupil_export.html", {"export": export, "pupil": pupil})


@login_required
@require_http_methods(["GET", "POST"])
def pupil_erase(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """Erase a pupil's data, keeping what safeguarding requires; the report says which."""
    user = request.user
    access.require(access.can_manage_pupil_data(user),
                   "Subject access and erasure are for the school administrator and the DSL.")
    pupil = access.pupil_for_data_manager(user, pupil_id)
    error = ""
    if request.method == "POST":
        try:
            report = services.pupil_erase(pupil=pupil, by=user,
                                          reason=request.POST.get("reason", ""))
        except ValueError as refusal:
            error = str(refusal)
        else:
            return render(request, "tutorconsole/pupil_erase_done.html",
                          {"report": report, "pupil": pupil})
    return render(request, "tutorconsole/pupil_erase.html", {"pupil": pupil, "error": error},
                  status=400 if error else 200)


# --- Cognitive offloading -----------------------------------------------------------------------


@login_required
@require_GET
def offloading_report(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(access.can_view_offloading(user), "This report is for teachers.")
    rows = offloading.offloading_report(teacher=user)
    return render(request, "tutorconsole/offloading.html",
                  {"rows": rows, "repeated": offloading.REPEATED_REVEAL_REQUESTS})


