"""End idle sessions: short for pupils on shared devices, longer for staff."""

import time

from django.conf import settings
from django.contrib.auth import logout

KEY = "_last_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.get("_auth_user_id"):
            now = int(time.time())
            role = session.get("role")
            limit = (
                settings.PUPIL_IDLE_TIMEOUT_SECONDS
                if role == "pupil"
                else settings.STAFF_IDLE_TIMEOUT_SECONDS
            )
            last = session.get(KEY)
            if last is not None and now - last > limit:
                logout(request)
            elif (last is None or now - last > 30) and not request.path.endswith("/updates/"):
                # Background polling is not activity; and write at most every 30 s.
                session[KEY] = now
        return self.get_response(request)


# Pages a signed-in user who still owes a second factor may reach.
_TWO_FACTOR_OPEN = ("/login/", "/logout/", "/account/two-factor/", "/static/", "/health/",
                    "/privacy/")


class TwoFactorMiddleware:
    """Send staff who owe a second factor to set one up or enter a code before anything else.

    A role in OTP_REQUIRED_ROLES (the DSL and deputies) must have a confirmed TOTP device; any
    user who has confirmed one must use it at each sign-in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import redirect
        from django.urls import reverse
        from django_otp import user_has_device

        # Pupils never owe a second factor; the role is in the server-side session, so their
        # status polls pass without loading the user from the database.
        if request.session.get("role") == "pupil":
            return self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_TWO_FACTOR_OPEN)
            and not user.is_verified()
        ):
            if user_has_device(user, confirmed=True):
                return redirect(f"{reverse('two_factor_verify')}?next={_safe_next(request)}")
            if user.role in settings.OTP_REQUIRED_ROLES:
                return redirect(f"{reverse('two_factor_setup')}?next={_safe_next(request)}")
        return self.get_response(request)


def _safe_next(request) -> str:
    from urllib.parse import quote

    path = request.get_full_path() if request.method == "GET" else "/"
    return quote(path, safe="/")
