"""Settings for the test suite: real PostgreSQL and Redis."""

from .base import *  # noqa: F403
from .base import CACHES as _CACHES
from .env import env_str

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_CACHES["default"]["KEY_PREFIX"] = env_str("CACHE_KEY_PREFIX", "tc-test")
