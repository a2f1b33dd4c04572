"""Every write the tutoring app makes: sessions, messages, and producing each reply."""

from __future__ import annotations

import logging
import random
import unicodedata
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, connection, connections, router, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from tutorconsole.audit import audit_record
from tutorconsole.models import School, User

from . import curriculum, workrows
from .models import Message, Reply, ReplyDraft, SchoolDailyUsage, TutorSession
from .providers.base import ProviderError, PupilNeeds, Turn, TutorReply, TutorRequest
from .redaction import redact
from .states import ReplyState
from .transitions import session_version_bump, transition

if TYPE_CHECKING:
    from safeguarding.screening.types import ScreenResult

logger = logging.getLogger("tutorconsole.tutoring")

# Threads for the optional classifier's look at pupil messages, overlapping generation.
_CLASSIFIER_POOL = ThreadPoolExecutor(max_workers=32, thread_name_prefix="classifier")

S = ReplyState

TEACHER_WILL_REPLY = "Your teacher will reply to this message."


class TutoringRefused(Exception):
    """A polite refusal shown to the pupil; nothing was stored."""


# --- Input --------------------------------------------------------------------------------------

_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def clean_pupil_text(text: str) -> str:
    """Normalise a pupil's text, or refuse it with a reason a pupil understands."""
    if not isinstance(text, str):
        raise TutoringRefused("Please type a message.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise TutoringRefused(
            "Your message has characters we can't read. Please type it again."
        ) from None
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\x00", "")
    text = "".join(
        ch for ch in text
        if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in _INVISIBLE)
    ).strip()
    if not text:
        raise TutoringRefused("Please type a message before sending.")
    limit = settings.TUTOR_MESSAGE_MAX_CHARS
    if len(text) > limit:
        raise TutoringRefused(
            f"Your message is too long ({len(text)} characters). Please keep it under {limit}, "
            "or split it into smaller questions."
        )
    if any(len(word) > 200 for word in text.split()):
        raise TutoringRefused("Your message has a very long word in it. Please check it.")
    return text


# --- Sessions -----------------------------------------------------------------------------------


def _minutes_used_today(pupil: User) -> float:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    total = timedelta()
    for started, last in TutorSession.objects.filter(
        pupil=pupil, last_activity_at__gte=start
    ).values_list("started_at", "last_activity_at"):
        total += last - max(started, start)
    return total.total_seconds() / 60


def daily_limit_minutes(pupil: User) -> int:
    profile = getattr(pupil, "pupil_profile", None)
    if profile is not None and profile.daily_minutes_limit is not None:
        return profile.daily_minutes_limit
    return pupil.school.default_daily_minutes


def session_start(*, pupil: User, topic_code: str) -> TutorSession:
    """Start a tutoring session on a curriculum topic."""
    school = pupil.school
    if not school.tutoring_enabled:
        raise TutoringRefused("Tutoring is not switched on for your school yet.")
    try:
        topic = curriculum.topic(topic_code)
    except KeyError:
        raise TutoringRefused("Please choose a topic from the list.") from None
    if _minutes_used_today(pupil) >= daily_limit_minutes(pupil):
        raise TutoringRefused(
            "You've reached today's tutoring time. Well done for your work today. "
            "You can come back tomorrow, or ask your teacher."
        )
    return TutorSession.objects.create(
        pupil=pupil,
        school=school,
        subject=topic.subject,
        topic_code=topic.code,
        topic_title=topic.title,
    )


def session_end(*, session: TutorSession, by: User) -> TutorSession:
    TutorSession.objects.filter(pk=session.pk, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    session.refresh_from_db()
    return session


# --- Messages -----------------------------------------------------------------------------------


def _school_tokens_today(school_id: int) -> int:
    today = SchoolDailyUsage.objects.filter(school_id=school_id, day=timezone.localdate())
    total = today.aggregate(total=Sum(F("input_tokens") + F("output_tokens")))["total"]
    return total or 0


_REVEAL_PHRASES = (
    "just give me the answer", "just tell me the answer", "what is the answer", "whats the answer",
    "what's the answer", "give me the answer", "tell me the answer", "just the answer",
    "can you do it for me", "do it for me", "answer this for me", "write it for me",
    "write my essay", "do my homework",
)


def looks_like_reveal_request(text: str) -> bool:
    """Whether the pupil asks for the answer instead of trying (cognitive offloading)."""
    lowered = " ".join(text.lower().replace("’", "'").split())
    return any(phrase in lowered for phrase in _REVEAL_PHRASES)


def message_post(*, session: TutorSession, pupil: User, text: str) -> Message:
    """Screen a pupil's message, store it with its reply placeholder and its screening record,
    and queue the reply after commit. `session.version` becomes the version the page shows.

    The local screen runs first, before anything is stored or queued: a disclosure reaches the
    DSL and the pupil gets support at once even if the queue is slow, a screen that fails stores
    nothing, and the message is stored with its outcome in one transaction.
    """
    from safeguarding.services import (
        CONTEXT_TURNS,
        record_stored_pupil_screening,
        screen_pupil_text,
    )

    if session.pupil_id != pupil.pk:
        raise TutoringRefused("This is not your session.")
    if session.ended_at is not None:
        raise TutoringRefused("This session has ended. Please start a new one.")
    text = clean_pupil_text(text)
    school = session.school
    refusal = _limit_reached(session=session, pupil=pupil, school=school)
    context = screening_context(workrows.turns_latest(session_id=session.pk, limit=CONTEXT_TURNS))
    result = screen_pupil_text(text=text, school=school, context=context)
    # A disclosure is never turned away by a limit: it is stored, reaches the DSL and gets the
    # support message, which needs no tutor. Anything else over a limit stores nothing.
    if refusal is not None and result.action != "escalate":
        raise refusal
    with transaction.atomic():
        message = Message.objects.create(
            session=session,
            school=school,
            pupil=pupil,
            text=text,
            reveal_request=looks_like_reveal_request(text),
            screen_action=result.action,
            screen_categories=list(result.categories),
            screen_layers=sorted(set(result.layers)),
        )
        reply = Reply.objects.create(
            message=message, session=session, school=school, pupil=pupil
        )
        if result.action != "escalate":
            # Registered before the version bump's own callback, so the reply is queued first
            # after commit: the worker starting is what the pupil waits for; this page learns
            # of its new version from this request's answer.
            transaction.on_commit(lambda: enqueue_reply(message_id=message.pk))
        version = session_version_bump(session_id=session.pk, now=timezone.now())
        record_stored_pupil_screening(message=message, school=school, result=result,
                                      context=context)
        if result.action == "escalate":
            reply_signpost(reply=reply)
    if version is not None:
        session.version = version
    return message


def _limit_reached(*, session: TutorSession, pupil: User, school: School
                   ) -> TutoringRefused | None:
    """The first limit this message would break, as the polite refusal to show, or None."""
    if not school.tutoring_enabled:
        return TutoringRefused("Tutoring is paused for your school. Your teacher can help.")
    now = timezone.now()
    if now - session.started_at > timedelta(minutes=school.session_minutes):
        return TutoringRefused(
            f"This session has lasted {school.session_minutes} minutes, so it's time for a "
            "break. Stand up, stretch, and start a new session later if you need one."
        )
    recent, tokens = workrows.usage_before_message(
        pupil_id=pupil.pk, since=now - timedelta(minutes=1), school_id=school.pk,
        day=timezone.localdate(),
    )
    if recent >= settings.TUTOR_MESSAGES_PER_MINUTE:
        return TutoringRefused(
            "You're sending messages very quickly. Please wait a minute, read your tutor's "
            "last reply, then try again."
        )
    if tokens >= school.daily_token_budget:
        return TutoringRefused(
            "The tutor has reached its limit for your school today. Your teacher can still "
            "help, and the tutor will be back tomorrow."
        )
    return None


def enqueue_reply(*, message_id: int, countdown: float | None = None) -> None:
    from .tasks import process_message

    process_message.apply_async(args=[message_id], countdown=countdown)


# --- Producing a reply (the worker) -------------------------------------------------------------


def reply_signpost(*, reply: Reply, lease_token: uuid.UUID | None = None) -> bool:
    """Send the fixed safeguarding message instead of any tutor reply."""
    from safeguarding.signposting import SIGNPOSTING_MESSAGE

    with transaction.atomic():
        moved = transition(
            reply_id=reply.pk, to=S.SIGNPOSTED, lease_token=lease_token,
            released_text=SIGNPOSTING_MESSAGE, lease_until=None,
        )
        if moved:
            ReplyDraft.objects.create(
                reply=reply, source=ReplyDraft.Source.SIGNPOSTING, text=SIGNPOSTING_MESSAGE,
                screen_action="allow",
            )
            audit_record(action="reply.signposted", school=reply.school_id, target=reply)
    return moved


@dataclass(frozen=True)
class Outcome:
    """What happened to one processing attempt, for the task to act on."""

    state: str
    retry_in: float | None = None


def _backoff(attempt: int, retry_after: float | None) -> float:
    base = settings.TUTOR_RETRY_BASE_SECONDS * (2 ** max(0, attempt - 1))
    delay = min(settings.TUTOR_RETRY_MAX_SECONDS, base)
    delay = delay / 2 + random.uniform(0, delay / 2)  # noqa: S311 - jitter, not security
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


def _needs_for(pupil: User) -> PupilNeeds:
    profile = getattr(pupil, "pupil_profile", None)
    if profile is None:
        return PupilNeeds()
    return PupilNeeds(send=profile.send, eal=profile.eal, home_language=profile.home_language)


def screening_context(turns: list[tuple[str, str | None]]) -> list[str]:
    """The conversation as the screen reads it: every pupil turn and every released reply."""
    context: list[str] = []
    for text, released in turns:
        context.append(text)
        if released:
            context.append(released)
    return context


def build_tutor_request(
    *, message: Message, reply: Reply, turns: list[tuple[str, str | None]] | None = None,
    names: list[str] | None = None, needs: PupilNeeds | None = None,
    reveal_requests: int | None = None,
) -> TutorRequest:
    """Build what the provider sees: redacted text, the topic, adaptations; never a name."""
    from safeguarding.services import roster_names

    session = message.session
    if names is None:
        names = roster_names(message.school_id)
    if turns is None:
        turns = workrows.turns_before(message=message)
    history: list[Turn] = []
    for text, released in turns:
        history.append(Turn(role="pupil", text=redact(text, names=names)))
        if released:
            # A teacher's edit or own reply may name the pupil: redact tutor turns too.
            history.append(Turn(role="tutor", text=redact(released, names=names)))
    if reveal_requests is None:
        reveal_requests = Message.objects.filter(session_id=session.pk, reveal_request=True).count()
    return TutorRequest(
        subject=session.subject,
        topic_code=session.topic_code,
        topic_title=session.topic_title,
        message=redact(message.text, names=names),
        history=tuple(history),
        needs=needs if needs is not None else _needs_for(message.pupil),
        teacher_guidance=redact(reply.teacher_guidance, names=names),
        reveal_requests=reveal_requests,
    )


def _cost_pence(result: TutorReply, provider_name: str) -> Decimal:
    if provider_name != "anthropic":
        return Decimal(0)
    pence = (
        result.input_tokens * settings.ANTHROPIC_INPUT_PENCE_PER_MTOK
        + result.output_tokens * settings.ANTHROPIC_OUTPUT_PENCE_PER_MTOK
    ) / 1_000_000
    return Decimal(str(round(pence, 4)))


def usage_record(*, school_id: int, input_tokens: int, output_tokens: int, cost: Decimal) -> None:
    """Add one reply's tokens and cost to one of the school's usage slots for today.

    The slot is chosen at random, so replies released at once in one school seldom wait for
    the same row lock (see `SchoolDailyUsage`).
    """
    day = timezone.localdate()
    slot = random.randrange(settings.TUTOR_USAGE_SLOTS)  # noqa: S311 - spreading load, not security
    add = dict(school_id=school_id, day=day, slot=slot, input_tokens=input_tokens,
               output_tokens=output_tokens, cost=cost)
    if _usage_add(**add):
        return
    try:
        with transaction.atomic():
            SchoolDailyUsage.objects.create(
                school_id=school_id, day=day, slot=slot, input_tokens=input_tokens,
                output_tokens=output_tokens, cost_pence=cost, replies=1,
            )
    except IntegrityError:
        _usage_add(**add)


def _usage_add(*, school_id: int, day, slot: int, input_tokens: int, output_tokens: int,
               cost: Decimal) -> int:
    """Add one reply to an existing usage row; return how many rows were updated (0 or 1).

    Every reply runs this inside the transaction that releases it, so the statement is written
    out rather than compiled by the ORM each time: compiling the F() sums took nearly half of
    the worker's CPU for the release's writes. Each value is still prepared by its model field.
    """
    connection = connections[router.db_for_write(SchoolDailyUsage)]
    quote = connection.ops.quote_name
    field = SchoolDailyUsage._meta.get_field
    columns = [quote(field(name).column) for name in
               ("input_tokens", "output_tokens", "cost_pence", "replies", "school", "day", "slot")]
    tokens_in, tokens_out, pence, replies, school_col, day_col, slot_col = columns
    sql = (
        # Only column names from the model and placeholders are formatted in; values are params.
        f"UPDATE {quote(SchoolDailyUsage._meta.db_table)} SET "  # noqa: S608
        f"{tokens_in} = {tokens_in} + %s, {tokens_out} = {tokens_out} + %s, "
        f"{pence} = {pence} + %s, {replies} = {replies} + 1 "
        f"WHERE {school_col} = %s AND {day_col} = %s AND {slot_col} = %s"
    )
    params = [
        input_tokens, output_tokens,
        field("cost_pence").get_db_prep_save(cost, connection),
        school_id, field("day").get_db_prep_save(day, connection), slot,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _classify_pupil_message(*, message: Message, school: School, context: list[str], classifier):
    """Run the optional classifier on the pupil's words; no database work, so it can overlap."""
    from safeguarding.screening.pipeline import screen
    from safeguarding.services import policy_for_school, roster_names

    names, policy = roster_names(school.pk), policy_for_school(school)
    return lambda: screen(message.text, direction="pupil", context=context, roster_names=names,
                          policy=policy, classifier=classifier)


def _release_database_connection() -> None:
    """Hand this thread's connection back to the pool while the model thinks.

    A worker keeps hundreds of generations in flight on far fewer pooled connections; holding
    one through a model call of seconds would cap the calls in flight at the pool's size.
    """
    if connection.settings_dict.get("OPTIONS", {}).get("pool") and not connection.in_atomic_block:
        connection.close()


def _loaded_needs(reply: Reply) -> PupilNeeds:
    if reply.needs_send is None:  # no profile: the columns are NOT NULL, so the join found none
        return PupilNeeds()
    return PupilNeeds(send=reply.needs_send, eal=reply.needs_eal,
                      home_language=reply.needs_home_language)


def reply_process(*, message_id: int, provider=None, classifier=None) -> Outcome:
    """Produce, screen and release or hold the one reply to a pupil message.

    Safe to run any number of times, at once or one after another: each run first claims the
    reply with a conditional update and every later write is conditional on that claim.
    """
    from safeguarding.services import (
        record_pupil_screening,
        roster_names,
        screen_reply_draft,
    )

    from .providers import get_provider

    token = workrows.reply_claim(message_id=message_id)
    reply = workrows.reply_for_work(message_id=message_id)
    if reply is None:
        logger.error("No reply row for message %s", message_id)
        return Outcome(state="missing")
    if token is None or reply.lease_token != token:
        return Outcome(state=reply.state)
    message, school = reply.message, reply.school
    message.session = reply.session
    if message.screen_action == "escalate":
        reply_signpost(reply=reply, lease_token=token)
        return Outcome(state=S.SIGNPOSTED)
    turns = workrows.turns_before(message=message)
    context = screening_context(turns)
    names = roster_names(school.pk)

    if classifier is None:
        from safeguarding.classifier import configured_classifier

        classifier = configured_classifier()
    inbound = None
    if classifier is not None and "classifier" not in message.screen_layers:
        # The classifier's second look at the pupil's words runs alongside generation, so the
        # pupil waits for one model call, not two in a row. It can only make things stricter.
        inbound = _CLASSIFIER_POOL.submit(_classify_pupil_message(
            message=message, school=school, context=context, classifier=classifier
        ))

    provider = provider or get_provider()
    request = build_tutor_request(
        message=message, reply=reply, turns=turns, names=names, needs=_loaded_needs(reply),
        reveal_requests=reply.reveal_requests,
    )
    _release_database_connection()
    try:
        result = provider.generate(request)
    except ProviderError as error:
        result = error
    except Exception as error:  # noqa: BLE001 - any provider bug is a failed attempt
        logger.exception("Provider crashed for reply %s", reply.pk)
        result = ProviderError(str(error)[:200], retryable=True)
    if inbound is not None:
        verdict = inbound.result()
        record_pupil_screening(message=message, school=school, result=verdict, context=context)
        if verdict.action == "escalate":
            reply_signpost(reply=reply, lease_token=token)
            return Outcome(state=S.SIGNPOSTED)
    if isinstance(result, ProviderError):
        return _attempt_failed(reply=reply, token=token, error=result)

    cost = _cost_pence(result, provider.name)
    draft_fields = dict(
        draft_text=result.text, provider=provider.name, model=result.model,
        confidence=result.confidence, topics=list(result.topics),
        pupil_stuck=result.pupil_stuck, needs_teacher=result.needs_teacher,
        input_tokens=result.input_tokens, output_tokens=result.output_tokens, cost_pence=cost,
        last_error="",
    )
    if classifier is None:
        # The local screen takes a millisecond or two, so screening, recording and releasing (or
        # holding) share one transaction: one commit per reply instead of four. Nothing the pupil
        # can see changes before the commit, and a failure anywhere rolls back to GENERATING
        # under this run's lease, for another run once the lease runs out.
        with transaction.atomic():
            moved = transition(reply_id=reply.pk, to=S.SCREENING, lease_token=token,
                               session_id=reply.session_id, **draft_fields)
            if not moved:
                return Outcome(state="lost-lease")
            verdict = screen_reply_draft(
                reply=reply, message=message, school=school, text=result.text,
                confidence=result.confidence, classifier=None, context=context, names=names,
            )
            return _draft_settle(reply=reply, message=message, school=school, token=token,
                                 result=result, verdict=verdict, unrecorded_cost=cost)

    # The classifier's look at the draft is a model call of seconds: no transaction stays open
    # and no connection is held across it.
    moved = transition(reply_id=reply.pk, to=S.SCREENING, lease_token=token,
                       session_id=reply.session_id, **draft_fields)
    if not moved:
        return Outcome(state="lost-lease")
    usage_record(
        school_id=school.pk, input_tokens=result.input_tokens,
        output_tokens=result.output_tokens, cost=cost,
    )
    _release_database_connection()
    verdict = screen_reply_draft(
        reply=reply, message=message, school=school, text=result.text,
        confidence=result.confidence, classifier=classifier, context=context, names=names,
    )
    return _draft_settle(reply=reply, message=message, school=school, token=token,
                         result=result, verdict=verdict, unrecorded_cost=None)


def _draft_settle(
    *, reply: Reply, message: Message, school: School, token: uuid.UUID, result: TutorReply,
    verdict: ScreenResult, unrecorded_cost: Decimal | None,
) -> Outcome:
    """Store the screened draft and move the reply from SCREENING to RELEASED or HELD.

    `unrecorded_cost` set: add the reply to the school's usage here, late in the transaction,
    so the school's usage row stays locked for as short a time as possible.
    """
    categories = list(verdict.categories)
    reasons = list(verdict.reasons)
    hold = verdict.action != "allow"
    if message.screen_action == "hold":
        hold = True
        categories = sorted(set(categories) | set(message.screen_categories))
        reasons.append("The pupil's message was flagged: " + ", ".join(message.screen_categories))
    if result.needs_teacher and not hold:
        hold = True
        categories.append("tutor_asked_for_teacher")
        reasons.append("The tutor was unsure and asked for a teacher to check.")
    # No savepoint: inside the local path's transaction this is part of it; alone, it is one.
    with transaction.atomic(savepoint=False):
        ReplyDraft.objects.create(
            reply=reply, source=ReplyDraft.Source.PROVIDER, text=result.text,
            screen_action=verdict.action, screen_categories=list(verdict.categories),
            confidence=result.confidence,
        )
        if hold:
            moved = transition(
                reply_id=reply.pk, to=S.HELD, lease_token=token, session_id=reply.session_id,
                lease_until=None, hold_categories=categories, hold_reasons=reasons,
                hold_spans=[
                    {"start": s.start, "end": s.end, "text": s.text, "category": s.category}
                    for s in verdict.spans
                ],
                severity=verdict.severity,
            )
            action, data = "reply.held", {"categories": categories}
        else:
            moved = transition(
                reply_id=reply.pk, to=S.RELEASED, lease_token=token, session_id=reply.session_id,
                lease_until=None, released_text=result.text,
            )
            action, data = "reply.released", {"confidence": result.confidence}
        if moved:
            if unrecorded_cost is not None:
                usage_record(
                    school_id=school.pk, input_tokens=result.input_tokens,
                    output_tokens=result.output_tokens, cost=unrecorded_cost,
                )
            audit_record(action=action, school=school, target=reply, data=data)
    if not moved:
        return Outcome(state="lost-lease")
    return Outcome(state=S.HELD if hold else S.RELEASED)


def _attempt_failed(*, reply: Reply, token: uuid.UUID, error: ProviderError) -> Outcome:
    attempts = Reply.objects.filter(pk=reply.pk).values_list("attempts", flat=True)[0]
    if error.retryable and attempts < settings.TUTOR_MAX_ATTEMPTS:
        delay = _backoff(attempts, error.retry_after)
        transition(
            reply_id=reply.pk, to=S.QUEUED, from_states=frozenset({S.GENERATING}),
            lease_token=token, session_id=reply.session_id, lease_until=None,
            last_error=str(error)[:300],
        )
        logger.info("Reply %s attempt %s failed (%s); retry in %.1fs",
                    reply.pk, attempts, error, delay)
        return Outcome(state=S.QUEUED, retry_in=delay)
    with transaction.atomic():
        moved = transition(
            reply_id=reply.pk, to=S.FAILED, lease_token=token, session_id=reply.session_id,
            lease_until=None, last_error=str(error)[:300],
        )
        if moved:
            audit_record(action="reply.failed", school=reply.school_id, target=reply,
                         data={"error": str(error)[:300], "attempts": attempts})
    logger.warning("Reply %s failed after %s attempts: %s", reply.pk, attempts, error)
    return Outcome(state=S.FAILED)


def replies_sweep_stuck(*, older_than: timedelta | None = None) -> list[int]:
    """Find replies the queue lost (queued too long, or a dead worker's lease) and re-enqueue."""
    now = timezone.now()
    if older_than is None:
        older_than = timedelta(seconds=settings.TUTOR_STUCK_AFTER_SECONDS)
    stuck = Reply.objects.filter(
        Q(state=S.QUEUED, state_changed_at__lt=now - older_than)
        | Q(state__in=[S.GENERATING, S.SCREENING], lease_until__lt=now)
    ).values_list("message_id", flat=True)[:1000]
    message_ids = list(stuck)
    for message_id in message_ids:
        enqueue_reply(message_id=message_id)
    if message_ids:
        logger.warning("Sweeper re-enqueued %s stuck replies", len(message_ids))
    return message_ids


def school_tokens_used_today(*, school: School) -> int:
    return _school_tokens_today(school.pk)


def school_cost_today(*, school: School) -> Decimal:
    total = SchoolDailyUsage.objects.filter(school=school, day=timezone.localdate()).aggregate(
        total=Sum("cost_pence")
    )["total"]
    return total or Decimal(0)
