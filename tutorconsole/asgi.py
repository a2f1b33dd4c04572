"""The ASGI entry point: Django, behind the long-poll layer for pupils' status updates.

Django runs through its WSGI handler in a fixed pool of threads (`tutorconsole.serving`): every
view is synchronous, and one thread running the whole request costs far less than Django's ASGI
handler passing it between the event loop and threads. The long poll waits on the event loop.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutorconsole.settings.dev")
wsgi_application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - configured by the line above

from tutorconsole.serving import ThreadedWSGI  # noqa: E402
from tutoring.status import long_poll_app  # noqa: E402 - needs the app registry loaded

django_application = ThreadedWSGI(wsgi_application, threads=settings.WEB_THREADS)
application = long_poll_app(django_application)
