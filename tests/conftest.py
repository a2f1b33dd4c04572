"""Personas and real-process fixtures shared by the whole suite."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from .factories import (
    PASSWORD,
    DslFactory,
    PupilFactory,
    SchoolClassFactory,
    SchoolFactory,
    TeacherFactory,
)

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class SchoolWorld:
    """One school with a class, its teacher, its DSL and deputy, and two pupils."""

    school: object
    klass: object
    teacher: object
    dsl: object
    deputy: object
    pupil: object
    other_pupil: object


def make_school_world(prefix: str) -> SchoolWorld:
    school = SchoolFactory(name=f"{prefix.title()} High School")
    klass = SchoolClassFactory(school=school)
    teacher = TeacherFactory(school=school, username=f"{prefix}_teacher")
    dsl = DslFactory(school=school, username=f"{prefix}_dsl")
    deputy = DslFactory(school=school, username=f"{prefix}_deputy", is_deputy=True)
    pupil = PupilFactory(school=school, username=f"{prefix}_pupil", first_name="Jordan",
                         last_name=f"{prefix.title()}son")
    other = PupilFactory(school=school, username=f"{prefix}_pupil2")
    klass.teachers.add(teacher)
    klass.pupils.add(pupil, other)
    return SchoolWorld(school, klass, teacher, dsl, deputy, pupil, other)


@pytest.fixture
def world_a(db) -> SchoolWorld:
    return make_school_world("alpha")


@pytest.fixture
def world_b(db) -> SchoolWorld:
    return make_school_world("beta")


def login(user, *, second_factor: bool = True) -> Client:
    """Sign in; staff who must use two-factor sign-in (the DSL) also pass it, as at a real desk."""
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    session = client.session
    session["role"] = user.role
    if second_factor and user.role in settings.OTP_REQUIRED_ROLES:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "test"}
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


# --- A real Celery worker process ------------------------------------------------------------


class WorkerProcess:
    """A `celery worker` child process against the real Redis broker and the test database."""

    def __init__(self, env: dict[str, str], concurrency: int = 8, log_path: Path | None = None):
        self.env = env
        self.concurrency = concurrency
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self, timeout: float = 60) -> WorkerProcess:
        from tutorconsole.celery import app

        self._log = open(self.log_path, "ab") if self.log_path else None  # noqa: SIM115
        log = self._log or subprocess.DEVNULL
        hostname = f"test-{os.getpid()}-{time.monotonic_ns()}@localhost"
        self.proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "tutorconsole", "worker", "--pool", "threads",
             "--concurrency", str(self.concurrency), "-Q", "generation,housekeeping",
             "--loglevel", "INFO", "--hostname", hostname, "--without-mingle",
             "--without-gossip"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                raise RuntimeError(f"worker exited with {code}; see {self.log_path}")
            replies = app.control.ping(destination=[hostname], timeout=0.5)
            if replies:
                return self
        self.kill()
        raise RuntimeError("worker did not become ready in time")

    def kill(self) -> None:
        """End the worker at once, as a crash or an out-of-memory kill would."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()


def worker_env(**extra: str) -> dict[str, str]:
    """The environment a worker needs to share this test run's database, broker and cache."""
    db = settings.DATABASES["default"]
    env = os.environ.copy()  # carries TUTORCONSOLE_TEST_RUN, so the worker joins this run
    env.update(
        DJANGO_SETTINGS_MODULE="tutorconsole.settings.test",
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/"
            f"{db['NAME']}"
        ),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        REDIS_URL=settings.REDIS_URL,
        PYTHONUNBUFFERED="1",
    )
    env.pop("ANTHROPIC_API_KEY", None)
    env.update(extra)
    return env


def purge_queues() -> None:
    from tutorconsole.celery import app

    with app.connection_for_write() as conn:
        for queue in ("generation", "housekeeping"):
            channel = conn.default_channel
            try:
                channel.queue_purge(queue)
            except Exception:  # noqa: BLE001 - a queue that does not exist yet has nothing in it
                pass


@pytest.fixture
def start_worker(transactional_db, tmp_path):
    """Start real worker processes; each is stopped after the test."""
    workers: list[WorkerProcess] = []
    purge_queues()

    def start(concurrency: int = 8, **extra_env: str) -> WorkerProcess:
        worker = WorkerProcess(
            worker_env(**extra_env), concurrency=concurrency,
            log_path=tmp_path / f"worker-{len(workers)}.log",
        )
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()
    purge_queues()


def wait_for(predicate, timeout: float = 30, interval: float = 0.1, message: str = ""):
    """Poll until `predicate()` is truthy; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(message or f"condition not met within {timeout}s")
