"""Start and stop a real Tutor Console stack on 127.0.0.1 for the benchmarks.

gunicorn (uvicorn workers) serves the web app, a Celery worker (thread pool) produces replies,
PostgreSQL and Redis are the local servers. Benchmarks use their own database (`bench` unless
BENCH_DATABASE_URL says otherwise) and Redis databases 10 and 11, so test runs are undisturbed.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PY = sys.executable

BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
BENCH_REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(**extra: str) -> dict[str, str]:
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="tutorconsole.settings.dev",
        DEBUG="false",
        DATABASE_URL=BENCH_DATABASE_URL,
        DATABASE_POOL="true",
        REDIS_URL=f"{BENCH_REDIS}/10",
        CELERY_BROKER_URL=f"{BENCH_REDIS}/11",
        CACHE_KEY_PREFIX="bench",
        # Pupils in the benchmark write faster than the classroom limit allows.
        TUTOR_MESSAGES_PER_MINUTE="10000",
        AXES_ENABLED="false",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def ensure_database(env: dict[str, str]) -> None:
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run(  # noqa: S603
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"],  # noqa: S607
        capture_output=True, check=False,
    )
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env,  # noqa: S603
                   check=True)


def flush_redis(env: dict[str, str]) -> None:
    import redis

    for url in (env["REDIS_URL"], env["CELERY_BROKER_URL"]):
        redis.Redis.from_url(url).flushdb()


class Stack:
    """The processes of one benchmark run; every one is stopped by its process group."""

    def __init__(self, env: dict[str, str], log_dir: Path):
        self.env = env
        self.log_dir = log_dir
        self.procs: list[subprocess.Popen] = []
        log_dir.mkdir(parents=True, exist_ok=True)

    def _spawn(self, name: str, args: list[str], env: dict[str, str] | None = None):
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115
        proc = subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env=env or self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def fake_anthropic(self, latency: float) -> str:
        port = free_port()
        self._spawn("fake_anthropic", [PY, "-m", "tutoring.testing.fake_anthropic", "--port",
                                       str(port), "--latency", str(latency)])
        _wait_port(port)
        return f"http://127.0.0.1:{port}"

    def web(self, workers: int = 2) -> str:
        port = free_port()
        env = dict(self.env, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(workers))
        self._spawn("web", [PY, "-m", "gunicorn", "-c", "tutorconsole/gunicorn_conf.py",
                            "tutorconsole.asgi:application"], env)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/health/", timeout=2)  # noqa: S310
                return url
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.3)
        raise RuntimeError("web did not start; see " + str(self.log_dir / "web.log"))

    def worker(self, concurrency: int = 100, queues: str = "generation,housekeeping") -> None:
        hostname = f"bench-{secrets.token_hex(4)}@localhost"
        self._spawn("worker", [PY, "-m", "celery", "-A", "tutorconsole", "worker", "--pool",
                               "threads", "--concurrency", str(concurrency), "-Q", queues,
                               "--loglevel", "WARNING", "--hostname", hostname,
                               "--without-mingle", "--without-gossip"])
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            out = subprocess.run(  # noqa: S603
                [PY, "-m", "celery", "-A", "tutorconsole", "inspect", "ping", "-d", hostname,
                 "--timeout", "3"], cwd=ROOT, env=self.env, capture_output=True, check=False,
            )
            if out.returncode == 0:
                return
        raise RuntimeError("worker did not answer; see " + str(self.log_dir / "worker.log"))

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listening on {port}")


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def write_result(name: str, payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return path


def django_setup(env: dict[str, str]) -> None:
    """Configure Django in this process against the benchmark's database and cache."""
    for key in ("DJANGO_SETTINGS_MODULE", "DEBUG", "DATABASE_URL", "REDIS_URL",
                "CELERY_BROKER_URL", "CACHE_KEY_PREFIX", "AXES_ENABLED"):
        os.environ[key] = env[key]
    os.environ.pop("DATABASE_POOL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def signed_in_cookie(user) -> str:
    """A session cookie for `user`, made directly: signing in would time password hashing."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["role"] = user.role
    store["_last_seen"] = int(time.time())
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def make_pupils(count: int, run: str) -> list[dict]:
    """Create a school, its class and `count` pupils, each with a signed-in session cookie and
    a tutoring session. Signing in through the form would spend the benchmark on password hashing.
    """

    from django.contrib.auth.hashers import make_password

    from tutorconsole.models import PupilProfile, School, SchoolClass, Trust, User
    from tutoring import curriculum
    from tutoring.models import TutorSession

    trust, _ = Trust.objects.get_or_create(name="Benchmark Trust")
    school = School.objects.create(trust=trust, name=f"Bench {run}", urn=f"R{run}"[:12],
                                   tutoring_enabled=True, daily_token_budget=2_000_000_000)
    klass = SchoolClass.objects.create(school=school, name="10B", subject="maths")
    teacher = User.objects.create(username=f"{run}_teacher", role=User.Role.TEACHER,
                                  school=school, password=make_password(None))
    klass.teachers.add(teacher)
    password = make_password("bench-not-secret")
    users = User.objects.bulk_create(
        User(username=f"{run}_p{i}", role=User.Role.PUPIL, school=school, password=password,
             first_name="Alex", last_name=f"Pupil{i}")
        for i in range(count)
    )
    PupilProfile.objects.bulk_create(PupilProfile(user=u) for u in users)
    klass.pupils.add(*users)
    topic = curriculum.topics("maths")[0]
    pupils = []
    for user in users:
        tutor_session = TutorSession.objects.create(
            pupil=user, school=school, subject=topic.subject, topic_code=topic.code,
            topic_title=topic.title,
        )
        pupils.append({"user_id": user.pk, "session_id": tutor_session.pk,
                       "cookie": signed_in_cookie(user)})
    return pupils
