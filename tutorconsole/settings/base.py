"""Settings shared by every environment. Values come from environment variables."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from .env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("TUTORCONSOLE_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-tutor-console")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "tutorconsole",
    "tutoring",
    "safeguarding",
    "review",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tutorconsole.middleware.IdleTimeoutMiddleware",
    "tutorconsole.middleware.TwoFactorMiddleware",
    # Axes turns a locked-out login into its lockout answer; it must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tutorconsole.urls"
WSGI_APPLICATION = "tutorconsole.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tutorconsole" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tutorconsole.context_processors.console",
            ],
        },
    },
]

# The embedded default is a SQLite file; DATABASE_URL switches to PostgreSQL.
_sqlite_path = VAR_DIR / "tutorconsole.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{_sqlite_path}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ folder yet, and SQLite will not create the file's folder.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and IMMEDIATE transactions let the web process and the worker share the file safely.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    if env_bool("DATABASE_POOL", False):
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN", 2),
            "max_size": env_int("DATABASE_POOL_MAX", 20),
            "timeout": 10,
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_tutorconsole")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "tutorconsole.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Staff see safeguarding records: their passwords must be longer and mixed. Pupils keep
    # the rules above, which a Year 9 pupil can manage.
    {
        "NAME": "tutorconsole.passwords.StaffPasswordValidator",
        "OPTIONS": {"min_length": env_int("STAFF_PASSWORD_MIN_LENGTH", 12)},
    },
]
AUTHENTICATION_BACKENDS = [
    # Axes refuses a locked-out login before the model backend checks the password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a username after repeated failures from one address; a school's pupils share one
# public address, so the address alone would lock out a whole school.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "tutorconsole/locked_out.html"
AXES_VERBOSE = False
# Roles that must confirm a TOTP device before seeing anything; other staff may add one.
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", "dsl")
OTP_TOTP_ISSUER = "Tutor Console"

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Pupils often share devices: their sessions end after a short idle time.
PUPIL_IDLE_TIMEOUT_SECONDS = env_int("PUPIL_IDLE_TIMEOUT_SECONDS", 20 * 60)
STAFF_IDLE_TIMEOUT_SECONDS = env_int("STAFF_IDLE_TIMEOUT_SECONDS", 60 * 60)

# No inline script or style anywhere: page behaviour lives in static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "tutorconsole" / "static"]

# Caches hold status versions for polling. Redis when configured, else a file cache that the
# web and worker processes share.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "tc"),
            # Every thread's cache object shares one pool: under ASGI each request has its own
            # thread, and would otherwise open a new Redis connection (tutorconsole/cache.py).
            "OPTIONS": {"pool_class": "tutorconsole.cache.SharedConnectionPool"},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "safeguarding@tutorconsole.invalid")

# --- Celery ---------------------------------------------------------------------------------
# The embedded default broker is kombu's filesystem transport: a real broker that needs no server.
_broker_dir = VAR_DIR / "broker"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A task whose worker died is redelivered after this long; the sweeper catches sooner.
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600),
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = env_int("CELERY_WORKER_PREFETCH_MULTIPLIER", 4)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = "generation"
CELERY_TASK_ROUTES = {
    "tutoring.tasks.process_message": {"queue": "generation"},
    "tutoring.tasks.sweep_stuck_replies": {"queue": "housekeeping"},
    "safeguarding.tasks.*": {"queue": "housekeeping"},
    "tutorconsole.tasks.*": {"queue": "housekeeping"},
}
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-replies": {
        "task": "tutoring.tasks.sweep_stuck_replies",
        "schedule": timedelta(seconds=env_int("SWEEP_INTERVAL_SECONDS", 30)),
    },
    "renotify-unacknowledged-concerns": {
        "task": "safeguarding.tasks.renotify_unacknowledged_concerns",
        "schedule": timedelta(seconds=60),
    },
    "apply-retention": {
        "task": "tutorconsole.tasks.apply_retention",
        "schedule": crontab(hour=2, minute=30),
    },
    "wellbeing-patterns": {
        "task": "safeguarding.tasks.detect_wellbeing_patterns",
        "schedule": timedelta(minutes=env_int("WELLBEING_PATTERN_INTERVAL_MINUTES", 15)),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Tutor ------------------------------------------------------------------------------------
TUTOR_PROVIDER = env_str("TUTOR_PROVIDER", "")  # "", "offline" or "anthropic"
ANTHROPIC_API_KEY = env_str("ANTHROPIC_API_KEY", "")
ANTHROPIC_BASE_URL = env_str("ANTHROPIC_BASE_URL", "") or None
ANTHROPIC_MODEL = env_str("ANTHROPIC_MODEL", "claude-sonnet-5-5")
ANTHROPIC_MAX_TOKENS = env_int("ANTHROPIC_MAX_TOKENS", 600)
ANTHROPIC_TIMEOUT = env_float("ANTHROPIC_TIMEOUT", 30.0)
ANTHROPIC_TEMPERATURE = env_float("ANTHROPIC_TEMPERATURE", 0.3)
# Pence per million tokens, for cost records.
ANTHROPIC_INPUT_PENCE_PER_MTOK = env_float("ANTHROPIC_INPUT_PENCE_PER_MTOK", 240.0)
ANTHROPIC_OUTPUT_PENCE_PER_MTOK = env_float("ANTHROPIC_OUTPUT_PENCE_PER_MTOK", 1200.0)

# The optional classifier layer runs whenever an API key is set, unless switched off here.
SAFEGUARDING_CLASSIFIER_ENABLED = env_bool("SAFEGUARDING_CLASSIFIER_ENABLED", True)

TUTOR_MAX_ATTEMPTS = env_int("TUTOR_MAX_ATTEMPTS", 4)
TUTOR_RETRY_BASE_SECONDS = env_float("TUTOR_RETRY_BASE_SECONDS", 2.0)
TUTOR_RETRY_MAX_SECONDS = env_float("TUTOR_RETRY_MAX_SECONDS", 60.0)
# A claimed generation whose worker has not finished by then may be taken over.
TUTOR_LEASE_SECONDS = env_int("TUTOR_LEASE_SECONDS", 120)
# The sweeper re-enqueues replies queued for longer than this.
TUTOR_STUCK_AFTER_SECONDS = env_int("TUTOR_STUCK_AFTER_SECONDS", 120)
TUTOR_MESSAGE_MAX_CHARS = env_int("TUTOR_MESSAGE_MAX_CHARS", 2000)
TUTOR_MESSAGES_PER_MINUTE = env_int("TUTOR_MESSAGES_PER_MINUTE", 8)
TUTOR_HISTORY_TURNS = env_int("TUTOR_HISTORY_TURNS", 8)
# Rows each school's daily usage is spread over, so replies in one school do not queue for one
# row lock (tutoring.models.SchoolDailyUsage).
TUTOR_USAGE_SLOTS = env_int("TUTOR_USAGE_SLOTS", 8)
# Threads per web process that run Django (tutorconsole/serving.py). Each holds a pooled
# database connection while it works, so keep it at or below DATABASE_POOL_MAX.
WEB_THREADS = env_int("WEB_THREADS", 16)
# Pupil pages wait this long on the status endpoint for news before answering "no change".
STATUS_LONG_POLL_SECONDS = env_float("STATUS_LONG_POLL_SECONDS", 20.0)
# The page's plain polling interval, the fallback when no long poll is under way.
STATUS_POLL_SECONDS = env_float("STATUS_POLL_SECONDS", 2.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "tutorconsole": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        # Server errors (with their tracebacks) reach the operator's logs.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# --- Data protection ----------------------------------------------------------------------------
# A pupil with a concern open, or closed within this many months, is under a safeguarding hold:
# retention and erasure leave their records alone.
SAFEGUARDING_HOLD_MONTHS = env_int("SAFEGUARDING_HOLD_MONTHS", 24)
# Where the data lives, as shown on each school's data protection page.
DATA_LOCATION = env_str("DATA_LOCATION", "United Kingdom (the school's or trust's own hosting)")
DATA_CONTROLLER_NOTE = env_str(
    "DATA_CONTROLLER_NOTE", "Each school (or its trust) is the data controller for its pupils."
)

# --- Wellbeing patterns -------------------------------------------------------------------------
# Patterns over days can show distress no single message does; each opens a concern at most once
# per window.
WELLBEING_LOOKBACK_DAYS = env_int("WELLBEING_LOOKBACK_DAYS", 7)
WELLBEING_DISTRESS_MESSAGES = env_int("WELLBEING_DISTRESS_MESSAGES", 3)
WELLBEING_DISTRESS_DAYS = env_int("WELLBEING_DISTRESS_DAYS", 2)
WELLBEING_LATE_NIGHT_MESSAGES = env_int("WELLBEING_LATE_NIGHT_MESSAGES", 10)
WELLBEING_LATE_NIGHT_NIGHTS = env_int("WELLBEING_LATE_NIGHT_NIGHTS", 3)
WELLBEING_LONG_SESSION_MINUTES = env_int("WELLBEING_LONG_SESSION_MINUTES", 120)
WELLBEING_LONG_SESSIONS = env_int("WELLBEING_LONG_SESSIONS", 3)
WELLBEING_DUPLICATE_WINDOW_DAYS = env_int("WELLBEING_DUPLICATE_WINDOW_DAYS", 14)

# --- Performance ------------------------------------------------------------------------------
# Sessions are read from the cache and written through to the database: a pupil's status poll
# then costs PostgreSQL nothing while nothing changed.
SESSION_ENGINE = env_str("SESSION_ENGINE", "django.contrib.sessions.backends.cached_db")
