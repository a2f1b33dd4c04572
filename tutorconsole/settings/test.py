"""Settings for the test suite: real PostgreSQL and Redis.

Every test run gets its own database name, Redis key prefix and cache prefix, so that several
runs on one machine (and the worker processes each starts) never see each other's data or tasks.
"""

import os

from .base import *  # noqa: F403
from .base import CACHES as _CACHES
from .base import CELERY_BROKER_TRANSPORT_OPTIONS as _BROKER_OPTIONS
from .base import CELERY_BROKER_URL as _BROKER_URL
from .base import DATABASES as _DATABASES
from .base import MIDDLEWARE as _MIDDLEWARE

# Worker processes inherit the variable, so they join the run that started them.
RUN_ID = os.environ.setdefault("TUTORCONSOLE_TEST_RUN", f"r{os.getpid()}")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MIDDLEWARE = [m for m in _MIDDLEWARE if "whitenoise" not in m]

_DATABASES["default"]["TEST"] = {"NAME": f"test_tutorconsole_{RUN_ID}"}
_CACHES["default"]["KEY_PREFIX"] = f"tc-test-{RUN_ID}"
if _BROKER_URL.startswith("redis"):
    _BROKER_OPTIONS["global_keyprefix"] = f"tc-test-{RUN_ID}:"
# The test client's login() authenticates without a request, which axes refuses; the lockout
# tests turn axes back on and sign in through the login page.
AXES_ENABLED = False
