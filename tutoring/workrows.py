"""The rows the worker claims and reads for every reply, and the few the web reads for every
pupil message before it is queued, as hand-written SQL.

Every pupil message passes through here once, so at national scale these few statements run
hundreds of times a second. Compiling them with the ORM each time cost more CPU than the
database spent answering them; written out once, they run on PostgreSQL and SQLite alike. Each
column is still converted by its model field, exactly as a queryset would, and the rows become
ordinary model instances with every other field deferred.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.models import Model
from django.utils import timezone

from tutorconsole.models import PupilProfile, School

from .models import Message, Reply, SchoolDailyUsage, TutorSession
from .states import ReplyState

S = ReplyState

# The columns producing a reply reads, per model; everything else loads on first use.
_REPLY = ("id", "message_id", "session_id", "school_id", "pupil_id", "state", "lease_token",
          "teacher_guidance")
_MESSAGE = ("id", "session_id", "school_id", "pupil_id", "text", "created_at", "screen_action",
            "screen_categories", "screen_layers", "reveal_request")
_SESSION = ("id", "subject", "topic_code", "topic_title")
_SCHOOL = ("id", "confidence_threshold", "strict_mode", "escalate_categories",
           "hold_categories")
_PROFILE = ("send", "eal", "home_language")


def _in_model_order(model: type[Model], names: tuple[str, ...]) -> tuple[str, ...]:
    """`Model.from_db` takes a row's values in the order of the model's fields."""
    order = {field.attname: i for i, field in enumerate(model._meta.concrete_fields)}
    return tuple(sorted(names, key=lambda name: order[model._meta.get_field(name).attname]))


_LAYOUT: tuple[tuple[type[Model], str, tuple[str, ...]], ...] = tuple(
    (model, alias, _in_model_order(model, names)) for model, alias, names in (
        (Reply, "r", _REPLY), (Message, "m", _MESSAGE), (TutorSession, "s", _SESSION),
        (School, "sc", _SCHOOL), (PupilProfile, "p", _PROFILE),
    )
)

Converter = Callable[[Any], Any]


def _connection():
    return connections[router.db_for_write(Reply)]


def _column(model: type[Model], name: str) -> str:
    return model._meta.get_field(name).column


@cache
def _converters(alias: str, model: type[Model], names: tuple[str, ...]) -> tuple[Converter, ...]:
    """One function per column turning the driver's value into the field's Python value."""
    connection = connections[alias]
    out = []
    for name in names:
        field = model._meta.get_field(name)
        col = field.get_col(model._meta.db_table)
        steps = connection.ops.get_db_converters(col) + col.get_db_converters(connection)

        def convert(value, steps=steps, col=col):
            for step in steps:
                value = step(value, col, connection)
            return value

        out.append(convert if steps else _same)
    return tuple(out)


def _same(value: Any) -> Any:
    return value


@cache
def _load_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    columns = ", ".join(
        f"{alias_}.{quote(_column(model, name))}"
        for model, alias_, names in _LAYOUT for name in names
    )
    reply, message = Reply._meta.db_table, Message._meta.db_table
    return (
        f"SELECT {columns}, "  # noqa: S608 - only table and column names from the models
        f"(SELECT COUNT(*) FROM {quote(message)} x WHERE x.{quote('session_id')} = r."
        f"{quote('session_id')} AND x.{quote('reveal_request')} = %s) "
        f"FROM {quote(reply)} r "
        f"JOIN {quote(message)} m ON m.{quote('id')} = r.{quote('message_id')} "
        f"JOIN {quote(TutorSession._meta.db_table)} s ON s.{quote('id')} = r.{quote('session_id')} "
        f"JOIN {quote(School._meta.db_table)} sc ON sc.{quote('id')} = r.{quote('school_id')} "
        f"LEFT JOIN {quote(PupilProfile._meta.db_table)} p "
        f"ON p.{quote(_column(PupilProfile, 'user'))} = m.{quote('pupil_id')} "
        f"WHERE r.{quote('message_id')} = %s"
    )


def reply_claim(*, message_id: int) -> uuid.UUID | None:
    """Take the reply for generation; a lease lets another worker take over a dead one.

    A conditional update: of any number of workers given the same message, exactly one gets
    the token; a reply already being produced under a live lease, or settled, is not taken.
    """
    connection = _connection()
    quote = connection.ops.quote_name
    now = timezone.now()
    token = uuid.uuid4()
    until = now + timedelta(seconds=settings.TUTOR_LEASE_SECONDS)
    meta = Reply._meta

    def prep(name: str, value: Any) -> Any:
        return meta.get_field(name).get_db_prep_save(value, connection)

    sql = (
        f"UPDATE {quote(meta.db_table)} SET {quote('state')} = %s, "  # noqa: S608
        f"{quote('lease_token')} = %s, {quote('lease_until')} = %s, "
        f"{quote('attempts')} = {quote('attempts')} + 1, {quote('state_changed_at')} = %s "
        f"WHERE {quote('message_id')} = %s AND ({quote('state')} = %s "
        f"OR ({quote('state')} IN (%s, %s) AND {quote('lease_until')} < %s))"
    )
    params = [
        prep("state", S.GENERATING), prep("lease_token", token), prep("lease_until", until),
        prep("state_changed_at", now), message_id, S.QUEUED, S.GENERATING, S.SCREENING,
        prep("lease_until", now),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return token if cursor.rowcount else None


def reply_for_work(*, message_id: int) -> Reply | None:
    """Load the reply, its message, session and school in one query, with the pupil's needs
    (`needs_send`, `needs_eal`, `needs_home_language`) and the session's count of requests for
    the answer (`reveal_requests`) as attributes."""
    connection = _connection()
    with connection.cursor() as cursor:
        cursor.execute(_load_sql(connection.alias), [True, message_id])
        row = cursor.fetchone()
    if row is None:
        return None
    built: dict[str, Any] = {}
    at = 0
    for model, key, names in _LAYOUT:
        values = [
            convert(value) for convert, value in zip(
                _converters(connection.alias, model, names), row[at:at + len(names)], strict=True
            )
        ]
        at += len(names)
        built[key] = values if model is PupilProfile else model.from_db(
            connection.alias, list(names), values
        )
    reply, message = built["r"], built["m"]
    message.session = built["s"]
    reply.message, reply.session, reply.school = message, built["s"], built["sc"]
    message.school = built["sc"]
    reply.needs_send, reply.needs_eal, reply.needs_home_language = built["p"]
    reply.reveal_requests = row[at]
    return reply


@cache
def _turns_sql(alias: str, *, before_a_stored_message: bool) -> str:
    """A session's latest turns, newest first; optionally only those before a stored message."""
    quote = connections[alias].ops.quote_name
    before = (
        f"AND m.{quote('created_at')} <= %s AND m.{quote('id')} <> %s "
        if before_a_stored_message
        else ""
    )
    return (
        f"SELECT m.{quote('text')}, r.{quote('released_text')} "  # noqa: S608
        f"FROM {quote(Message._meta.db_table)} m "
        f"LEFT JOIN {quote(Reply._meta.db_table)} r ON r.{quote('message_id')} = m.{quote('id')} "
        f"WHERE m.{quote('session_id')} = %s {before}"
        f"ORDER BY m.{quote('created_at')} DESC, m.{quote('id')} DESC LIMIT %s"
    )


def _turns(connection, sql: str, params: list) -> list[tuple[str, str | None]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    rows.reverse()
    return [(text, released) for text, released in rows]


def turns_before(*, message: Message) -> list[tuple[str, str | None]]:
    """The pupil's earlier messages in the session with what they were shown, oldest first."""
    connection = _connection()
    created = Message._meta.get_field("created_at").get_db_prep_value(
        message.created_at, connection
    )
    sql = _turns_sql(connection.alias, before_a_stored_message=True)
    return _turns(
        connection, sql,
        [message.session_id, created, message.pk, settings.TUTOR_HISTORY_TURNS],
    )


def turns_latest(*, session_id: int, limit: int) -> list[tuple[str, str | None]]:
    """The session's last `limit` messages with what the pupil was shown, oldest first: the
    turns before a message not yet stored."""
    connection = _connection()
    sql = _turns_sql(connection.alias, before_a_stored_message=False)
    return _turns(connection, sql, [session_id, limit])


@cache
def _usage_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    message, usage = Message._meta.db_table, SchoolDailyUsage._meta.db_table
    return (
        f"SELECT (SELECT COUNT(*) FROM {quote(message)} "  # noqa: S608
        f"WHERE {quote('pupil_id')} = %s AND {quote('created_at')} >= %s), "
        f"(SELECT COALESCE(SUM({quote('input_tokens')} + {quote('output_tokens')}), 0) "
        f"FROM {quote(usage)} WHERE {quote('school_id')} = %s AND {quote('day')} = %s)"
    )


def usage_before_message(*, pupil_id: int, since, school_id: int, day) -> tuple[int, int]:
    """The pupil's messages since `since` and the school's tokens on `day`, in one statement:
    the two limits a new message is checked against."""
    connection = _connection()
    params = [
        pupil_id, Message._meta.get_field("created_at").get_db_prep_value(since, connection),
        school_id, SchoolDailyUsage._meta.get_field("day").get_db_prep_value(day, connection),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_usage_sql(connection.alias), params)
        messages, tokens = cursor.fetchone()
    return int(messages), int(tokens)
