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
