"""Screening records, concerns and notifications: every write the safeguarding app makes."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tutorconsole.audit import audit_record
from tutorconsole.models import School, User
from tutoring.models import Message, Reply

from .models import Concern, ConcernEvent, Notification, ScreeningRecord
from .screening.pipeline import screen
from .screening.types import ScreenPolicy, ScreenResult

logger = logging.getLogger("tutorconsole.safeguarding")

ROSTER_CACHE_SECONDS = 300
# How many earlier messages (each with its released reply) the screen reads as context.
CONTEXT_TURNS = 6


def policy_for_school(school: School) -> ScreenPolicy:
    """Build the screening policy from a school's settings."""
    return ScreenPolicy(
        confidence_threshold=school.confidence_threshold,
        strict=school.strict_mode,
        escalate_categories=frozenset(school.escalate_categories) or None,
        hold_categories=frozenset(school.hold_categories) or None,
    )


def roster_names(school_id: int) -> list[str]:
    """Names of the school's pupils and staff, for the personal-data check and redaction."""
    key = f"roster-names:{school_id}"
    names = cache.get(key)
    if names is None:
        rows = User.objects.filter(school_id=school_id, anonymised_at__isnull=True).values_list(
            "first_name", "last_name", "username"
        )
        found: set[str] = set()
        for first, last, username in rows:
            for part in (first, last, username):
                if part and len(part) >= 3:
                    found.add(part)
            if first and last:
                found.add(f"{first} {last}")
        school = School.objects.filter(pk=school_id).values_list("name", flat=True).first()
        if school:
            found.add(school)
        names = sorted(found)
        cache.set(key, names, ROSTER_CACHE_SECONDS)
    return names


def _record(
    *, result: ScreenResult, message: Message, reply: Reply | None, direction: str
) -> ScreeningRecord:
    return ScreeningRecord.objects.create(
        school_id=message.school_id,
        message=message,
        reply=reply,
        direction=direction,
        action=result.action,
        categories=list(result.categories),
        severity=result.severity,
        spans=[asdict(span) for span in result.spans],
        reasons=list(result.reasons),
        layers=list(result.layers),
    )


def conversation_context(*, message: Message, turns: int = CONTEXT_TURNS) -> list[str]:
    """Return the last few turns before `message`, oldest first, as the screen's context."""
    earlier = list(
        Message.objects.filter(session_id=message.session_id, created_at__lte=message.created_at)
        .exclude(pk=message.pk)
        .select_related("reply")
        .order_by("-created_at", "-id")[:turns]
    )
    context: list[str] = []
    for item in reversed(earlier):
        context.append(item.text)
        reply = getattr(item, "reply", None)
        if reply is not None and reply.released_text:
            context.append(reply.released_text)
    return context


def screen_pupil_message(
    *, message: Message, school: School, classifier=None, context: Sequence[str] | None = None
) -> ScreenResult:
    """Screen a pupil's message, record the outcome, and open a concern on a disclosure."""
    if context is None:
        context = conversation_context(message=message)
    result = screen_pupil_text(text=message.text, school=school, context=context,
                               classifier=classifier)
    return record_pupil_screening(message=message, school=school, result=result, context=context)


def screen_pupil_text(
    *, text: str, school: School, context: Sequence[str], classifier=None
) -> ScreenResult:
    """Screen a pupil's words in the context of the conversation; nothing is written."""
    return screen(
        text,
        direction="pupil",
        context=context,
        roster_names=roster_names(school.pk),
        policy=policy_for_school(school),
        classifier=classifier,
    )


def record_pupil_screening(
    *, message: Message, school: School, result: ScreenResult, context: Sequence[str]
) -> ScreenResult:
    """Store a pupil message's screening outcome, opening a concern on a disclosure."""
    with transaction.atomic():
        layers = sorted(set(message.screen_layers) | set(result.layers))
        Message.objects.filter(pk=message.pk).update(
            screen_action=result.action, screen_categories=list(result.categories),
            screen_layers=layers,
        )
        message.screen_action = result.action
        message.screen_categories = list(result.categories)
        message.screen_layers = layers
        record_stored_pupil_screening(message=message, school=school, result=result,
                                      context=context)
    return result


def record_stored_pupil_screening(
    *, message: Message, school: School, result: ScreenResult, context: Sequence[str]
) -> ScreenResult:
    """Record the screening of a message that was stored with its outcome already, opening a
    concern on a disclosure; part of the caller's transaction (`tutoring.services.message_post`
    screens a message before it stores it)."""
    with transaction.atomic(savepoint=False):
        _record(result=result, message=message, reply=None, direction="pupil")
        if result.action == "escalate":
            concern_open(
                school=school,
                pupil_id=message.pupil_id,
                message=message,
                categories=list(result.categories),
                urgency=max(2, min(3, result.severity)),
                words=message.text,
                conversation=list(context) + [message.text],
                source="screen",
                by=None,
            )
    return result


def screen_reply_draft(
    *,
    reply: Reply,
    message: Message,
    school: School,
    text: str,
    confidence: float | None,
    classifier=None,
    context: Sequence[str] | None = None,
    names: Sequence[str] | None = None,
) -> ScreenResult:
    """Screen a tutor draft in the context of the conversation and record the outcome."""
    if context is None:
        context = conversation_context(message=message)
    context = list(context) + [message.text]
    result = screen(
        text,
        direction="reply",
        context=context,
        roster_names=names if names is not None else roster_names(school.pk),
        policy=policy_for_school(school),
        reply_confidence=confidence,
        classifier=classifier,
    )
    _record(result=result, message=message, reply=reply, direction="reply")
    return result


# --- Concerns ------------------------------------------------------------------------------------


def safeguarding_leads(school_id: int) -> list[User]:
    """The school's DSL and deputies who can receive concerns."""
    return list(
        User.objects.filter(school_id=school_id, role=User.Role.DSL, is_active=True).order_by(
            "is_deputy", "id"
        )
    )


def _notify(*, concern: Concern, recipients: Sequence[User], text: str) -> None:
    url = reverse("safeguarding:concern_detail", args=[concern.pk])
    Notification.objects.bulk_create(
        [Notification(user=user, concern=concern, text=text, url=url) for user in recipients]
    )
    emails = [user.email for user in recipients if user.email]
    if emails:
        # The email says only that there is a concern; the details stay behind the login.
        subject = f"[Tutor Console] Safeguarding concern #{concern.pk} needs your attention"
        body = (
            f"{text}\n\nOpen it in Tutor Console: {settings_site_url()}{url}\n\n"
            "No details are included in this email. Please sign in to view the concern."
        )
        transaction.on_commit(
            lambda: send_mail(subject, body, None, emails, fail_silently=False)
        )


def settings_site_url() -> str:
    return getattr(settings, "SITE_URL", "")


def concern_open(
    *,
    school: School,
    pupil_id: int,
    message: Message | None,
    categories: list[str],
    urgency: int,
    words: str,
    conversation: list[str],
    source: str,
    by: User | None,
    note: str = "",
) -> Concern:
    """Open a concern, start its chronology and notify the DSL and deputies at once."""
    with transaction.atomic():
        concern = Concern.objects.create(
            school=school,
            pupil_id=pupil_id,
            message=message,
            categories=categories,
            urgency=urgency,
            words=words,
            conversation=conversation,
            source=source,
            raised_by=by,
        )
        ConcernEvent.objects.create(concern=concern, actor=by, kind=ConcernEvent.Kind.OPENED,
                                    note=note)
        leads = safeguarding_leads(school.pk)
        label = "Urgent safeguarding concern" if urgency >= 3 else "Safeguarding concern"
        _notify(concern=concern, recipients=leads, text=f"{label} #{concern.pk} opened")
        ConcernEvent.objects.create(
            concern=concern,
            kind=ConcernEvent.Kind.NOTIFIED,
            note="Notified: " + ", ".join(u.username for u in leads),
        )
        audit_record(
            action="concern.opened",
            actor=by,
            school=school,
            target=concern,
            data={"categories": categories, "urgency": urgency, "source": source},
        )
    logger.warning("Safeguarding concern %s opened at school %s", concern.pk, school.pk)
    return concern


def concern_view(*, concern: Concern, by: User) -> None:
    """Record that someone looked at a concern."""
    with transaction.atomic():
        ConcernEvent.objects.create(concern=concern, actor=by, kind=ConcernEvent.Kind.VIEWED)
        audit_record(action="concern.viewed", actor=by, school=concern.school_id, target=concern)


class ConcernClosed(Exception):
    """The concern is closed and takes no more actions."""


def concern_acknowledge(*, concern: Concern, by: User) -> Concern:
    """Acknowledge an open concern; a second acknowledgement changes nothing."""
    now = timezone.now()
    with transaction.atomic():
        moved = Concern.objects.filter(pk=concern.pk, status=Concern.Status.OPEN).update(
            status=Concern.Status.ACKNOWLEDGED, acknowledged_at=now, acknowledged_by=by
        )
        if moved:
            ConcernEvent.objects.create(
                concern=concern, actor=by, kind=ConcernEvent.Kind.ACKNOWLEDGED
            )
            Notification.objects.filter(concern=concern, read_at__isnull=True).update(read_at=now)
            audit_record(
                action="concern.acknowledged", actor=by, school=concern.school_id, target=concern
            )
    concern.refresh_from_db()
    return concern


ACTION_KINDS = {
    ConcernEvent.Kind.NOTE,
    ConcernEvent.Kind.ACTION,
    ConcernEvent.Kind.REFERRED_SOCIAL_CARE,
    ConcernEvent.Kind.REFERRED_POLICE,
    ConcernEvent.Kind.REFERRED_EARLY_HELP,
}


def concern_record_action(*, concern: Concern, kind: str, note: str, by: User) -> ConcernEvent:
    """Add an action, referral or note to a concern's chronology."""
    if kind not in ACTION_KINDS:
        raise ValueError("Choose a kind of action from the list.")
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if locked.status == Concern.Status.CLOSED:
            raise ConcernClosed("This concern is closed.")
        updates: dict = {}
        if locked.status == Concern.Status.OPEN:
            updates.update(acknowledged_at=timezone.now(), acknowledged_by=by)
        if kind != ConcernEvent.Kind.NOTE:
            updates["status"] = Concern.Status.ACTIONED
        elif locked.status == Concern.Status.OPEN:
            updates["status"] = Concern.Status.ACKNOWLEDGED
        if updates:
            Concern.objects.filter(pk=concern.pk).update(**updates)
        event = ConcernEvent.objects.create(concern=concern, actor=by, kind=kind, note=note)
        audit_record(
            action=f"concern.{kind}", actor=by, school=concern.school_id, target=concern,
            data={"note": note},
        )
    return event


def concern_close(*, concern: Concern, outcome: str, by: User) -> Concern:
    """Close a concern with its outcome."""
    if not outcome.strip():
        raise ValueError("Please record the outcome before closing the concern.")
    with transaction.atomic():
        moved = Concern.objects.filter(pk=concern.pk).exclude(
            status=Concern.Status.CLOSED
        ).update(status=Concern.Status.CLOSED, closed_at=timezone.now(), outcome=outcome)
        if not moved:
            raise ConcernClosed("This concern is already closed.")
        ConcernEvent.objects.create(
            concern=concern, actor=by, kind=ConcernEvent.Kind.CLOSED, note=outcome
        )
        audit_record(
            action="concern.closed", actor=by, school=concern.school_id, target=concern,
            data={"outcome": outcome},
        )
    concern.refresh_from_db()
    return concern


def concern_record_export(*, concern: Concern, fmt: str, by: User) -> None:
    """Record that a concern's chronology was exported."""
    with transaction.atomic():
        ConcernEvent.objects.create(
            concern=concern, actor=by, kind=ConcernEvent.Kind.EXPORTED, note=f"Format: {fmt}"
        )
        audit_record(
            action="concern.exported", actor=by, school=concern.school_id, target=concern,
            data={"format": fmt},
        )


def concerns_renotify_overdue(*, now=None) -> int:
    """Re-send urgent concerns nobody acknowledged in time, to the DSL and every deputy."""
    now = now or timezone.now()
    resent = 0
    candidates = Concern.objects.filter(
        status=Concern.Status.OPEN, urgency__gte=Concern.Urgency.URGENT
    ).select_related("school")
    for concern in candidates:
        due = concern.opened_at + timedelta(minutes=concern.school.concern_ack_minutes)
        if now < due:
            continue
        if concern.renotified_at and now < concern.renotified_at + timedelta(
            minutes=concern.school.concern_ack_minutes
        ):
            continue
        with transaction.atomic():
            # Claim the re-send so two beat runs never send it twice.
            claimed = Concern.objects.filter(
                Q(renotified_at__isnull=True) | Q(renotified_at=concern.renotified_at),
                pk=concern.pk,
                status=Concern.Status.OPEN,
            ).update(renotified_at=now)
            if not claimed:
                continue
            leads = safeguarding_leads(concern.school_id)
            _notify(
                concern=concern,
                recipients=leads,
                text=f"Not yet acknowledged: urgent safeguarding concern #{concern.pk}",
            )
            ConcernEvent.objects.create(
                concern=concern,
                kind=ConcernEvent.Kind.RENOTIFIED,
                note="Re-sent to: " + ", ".join(u.username for u in leads),
            )
            audit_record(action="concern.renotified", school=concern.school_id, target=concern)
        resent += 1
    return resent




def concern_raise_by_teacher(*, message: Message, note: str, by: User) -> Concern:
    """Open a concern by hand on a pupil's message."""
    context = conversation_context(message=message)
    return concern_open(
        school=message.school,
        pupil_id=message.pupil_id,
        message=message,
        categories=["raised_by_teacher"],
        urgency=Concern.Urgency.MEDIUM,
        words=message.text,
        conversation=context + [message.text],
        source="teacher",
        by=by,
        note=note,
    )
