"""The ASGI entry point: Django, behind the long-poll layer for pupils' status updates."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutorconsole.settings.dev")
django_application = get_asgi_application()

from tutoring.status import long_poll_app  # noqa: E402 - needs the app registry loaded

application = long_poll_app(django_application)
