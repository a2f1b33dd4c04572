"""Fill a PostgreSQL database with a national-scale data set for the performance benchmarks.

    python manage.py seed_large --schools 50 --messages 1000000 --held 100000

Schools, staff, pupils and classes go in with bulk_create; sessions, messages and replies with
COPY, which loads a million messages and their replies in a few minutes on a small machine. Every
column a model has gets its default, so new columns need no change here. Never run it against a
database that matters: it adds a great deal of synthetic data.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from tutorconsole.models import PupilProfile, School, SchoolClass, Trust, User
from tutoring.models import Message, Reply, TutorSession

PASSWORD = "bench-password-not-secret"  # noqa: S105 - synthetic accounts in a bench database
PUPIL_TEXTS = (
    "How do I solve 3x + 5 = 20?", "What is a quadratic?",
    "I think the answer is 7, is that right?",
    "Can you explain what a metaphor is?", "I don't get simultaneous equations",
    "Why do we multiply both sides?", "Is Macbeth the villain?", "What does gradient mean?",
)
TUTOR_TEXTS = (
    "Good start. What do you get if you take 5 away from both sides?",
    "Let's try a smaller example first. What is 2 squared?",
    "You're close. Check the sign in your second step.",
    "A metaphor says one thing is another. Can you find one in the poem?",
)
HOLD_CATEGORIES = ("personal_data", "off_topic", "answer_revealed", "low_confidence", "distress")


class Command(BaseCommand):
    help = "Seed a large synthetic data set (schools, pupils, messages, held replies) quickly."

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=50)
        parser.add_argument("--messages", type=int, default=1_000_000)
        parser.add_argument("--held", type=int, default=100_000)
        parser.add_argument("--pupils-per-class", type=int, default=30)
        parser.add_argument("--classes-per-school", type=int, default=10)
        parser.add_argument("--messages-per-session", type=int, default=8)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **opts):
        if connection.vendor != "postgresql":
            raise CommandError("seed_large needs PostgreSQL (it loads rows with COPY).")
        if opts["held"] > opts["messages"]:
            raise CommandError("--held cannot be more than --messages.")
        rng = random.Random(opts["seed"])
        started = time.monotonic()
        with transaction.atomic():
            pupils = self._schools(opts)
        self.stdout.write(f"schools and {len(pupils)} pupils in {time.monotonic() - started:.1f}s")
        self._conversations(pupils, opts, rng)
        with connection.cursor() as cursor:
            for model in (TutorSession, Message, Reply):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        self.stdout.write(self.style.SUCCESS(
            f"seeded {opts['messages']} messages ({opts['held']} held) in "
            f"{time.monotonic() - started:.1f}s"
        ))

    def _schools(self, opts) -> list[tuple[int, int]]:
        """Create schools, staff, classes and pupils; return (pupil id, school id) pairs."""
        trust, _ = Trust.objects.get_or_create(name="Benchmark Trust")
        start = School.objects.count()
        schools = School.objects.bulk_create(
            School(trust=trust, name=f"Bench School {start + i}", urn=f"B{start + i:07d}",
                   tutoring_enabled=True, daily_token_budget=2_000_000_000)
            for i in range(opts["schools"])
        )
        password = make_password(PASSWORD)
        per_class = opts["pupils_per_class"]
        users: list[User] = []
        for school in schools:
            sid = school.pk
            users.append(User(username=f"s{sid}_dsl", role=User.Role.DSL, school=school,
                              password=password, first_name="Dana", last_name=f"Lead{sid}"))
            for c in range(opts["classes_per_school"]):
                users.append(User(username=f"s{sid}_t{c}", role=User.Role.TEACHER, school=school,
                                  password=password, first_name="Terry", last_name=f"Teach{c}"))
                for p in range(per_class):
                    users.append(User(
                        username=f"s{sid}_c{c}_p{p}", role=User.Role.PUPIL, school=school,
                        password=password, first_name=f"Pupil{p}", last_name=f"Class{c}",
                    ))
        User.objects.bulk_create(users, batch_size=5000)
        created = {u.username: u for u in User.objects.filter(school__in=schools)}
        PupilProfile.objects.bulk_create(
            (PupilProfile(user=u) for u in created.values() if u.role == User.Role.PUPIL),
            batch_size=5000,
        )
        classes = []
        for school in schools:
            for c in range(opts["classes_per_school"]):
                classes.append(SchoolClass(school=school, name=f"10B{c}", subject="maths"))
        SchoolClass.objects.bulk_create(classes, batch_size=5000)
        teacher_links, pupil_links, pupils = [], [], []
        for klass in classes:
            sid, c = klass.school_id, int(klass.name[3:])
            teacher_links.append(SchoolClass.teachers.through(
                schoolclass_id=klass.pk, user_id=created[f"s{sid}_t{c}"].pk))
            for p in range(per_class):
                pupil = created[f"s{sid}_c{c}_p{p}"]
                pupil_links.append(SchoolClass.pupils.through(
                    schoolclass_id=klass.pk, user_id=pupil.pk))
                pupils.append((pupil.pk, sid))
        SchoolClass.teachers.through.objects.bulk_create(teacher_links, batch_size=5000)
        SchoolClass.pupils.through.objects.bulk_create(pupil_links, batch_size=5000)
        return pupils

    def _conversations(self, pupils, opts, rng: random.Random) -> None:
        total, held = opts["messages"], opts["held"]
        per_session = opts["messages_per_session"]
        n_sessions = max(1, total // per_session)
        now = timezone.now()
        span = timedelta(days=180).total_seconds()
        session_id = _next_id(TutorSession)
        message_id = _next_id(Message)
        reply_id = _next_id(Reply)
        # Which messages get a held reply: spread evenly and at random over the whole set.
        held_at = set(rng.sample(range(total), held))
        sessions, messages, replies = [], [], []
        t0 = time.monotonic()
        index = 0
        for s in range(n_sessions):
            pupil_id, school_id = pupils[s % len(pupils)]
            started = now - timedelta(seconds=rng.random() * span)
            count = per_session if s < n_sessions - 1 else total - index
            sessions.append(dict(id=session_id + s, pupil_id=pupil_id,
                                 school_id=school_id, subject="maths",
                                 topic_code="maths.algebra.linear-equations",
                                 topic_title="Solving linear equations", started_at=started,
                                 last_activity_at=started, version=count * 2))
            for k in range(count):
                at = started + timedelta(seconds=40 * k)
                mid = message_id + index
                messages.append(dict(id=mid, session_id=session_id + s,
                                     school_id=school_id, pupil_id=pupil_id,
                                     text=PUPIL_TEXTS[index % len(PUPIL_TEXTS)], created_at=at,
                                     screen_action="allow"))
                is_held = index in held_at
                text = TUTOR_TEXTS[index % len(TUTOR_TEXTS)]
                replies.append(dict(
                    id=reply_id + index, message_id=mid, session_id=session_id + s,
                    school_id=school_id, pupil_id=pupil_id,
                    state="held" if is_held else "released", created_at=at,
                    state_changed_at=at + timedelta(seconds=2), draft_text=text,
                    released_text=None if is_held else text,
                    released_at=None if is_held else at + timedelta(seconds=2), attempts=1,
                    provider="offline", model="offline", confidence=0.9,
                    hold_categories=[rng.choice(HOLD_CATEGORIES)] if is_held else [],
                    hold_reasons=["Synthetic hold for the benchmark."] if is_held else [],
                    severity=rng.randint(0, 3) if is_held else 0, cost_pence=Decimal(0),
                ))
                index += 1
            if len(messages) >= 50_000 or s == n_sessions - 1:
                _copy(TutorSession, sessions)
                _copy(Message, messages)
                _copy(Reply, replies)
                sessions, messages, replies = [], [], []
                self.stdout.write(f"  {index} messages ({time.monotonic() - t0:.0f}s)")
        for model in (TutorSession, Message, Reply):
            _reset_sequence(model)


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        # The table name comes from the model, never from input.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")  # noqa: S608
        return cursor.fetchone()[0]


def _reset_sequence(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        # The table name comes from the model, never from input.
        sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: E501, S608
        cursor.execute(sql)


def _copy(model, rows: list[dict]) -> None:
    """COPY rows into the model's table; columns a row leaves out get the field's default."""
    if not rows:
        return
    from psycopg.types.json import Jsonb

    fields = [f for f in model._meta.concrete_fields]
    columns = [f.column for f in fields]
    defaults = {}
    for f in fields:
        if f.has_default():
            defaults[f.attname] = f.get_default()
        elif getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            defaults[f.attname] = timezone.now()
        elif f.null:
            defaults[f.attname] = None
        elif isinstance(f, (models.CharField, models.TextField)):
            defaults[f.attname] = ""
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    names = [f.attname for f in fields]
    sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            out = []
            for name in names:
                value = row[name] if name in row else defaults[name]
                if name in json_fields and value is not None:
                    value = Jsonb(value)
                out.append(value)
            copy.write_row(out)
