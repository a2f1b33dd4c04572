"""Writes for schools and people: turning tutoring on, pupil settings, retention."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from .audit import audit_record
from .models import PupilProfile, School, User

logger = logging.getLogger("tutorconsole")


class SchoolNotReady(Exception):
    """The school cannot turn tutoring on yet; the message says what is missing."""


def school_enable_tutoring(*, school: School, by: User | None) -> School:
    """Turn tutoring on, which needs a DSL with contact details first."""
    leads = User.objects.filter(school=school, role=User.Role.DSL, is_active=True, is_deputy=False)
    if not leads.exists():
        raise SchoolNotReady("Set a Designated Safeguarding Lead before turning tutoring on.")
    if not leads.exclude(email="").exclude(phone="").exists():
        raise SchoolNotReady("The Designated Safeguarding Lead needs an email and a phone number.")
    with transaction.atomic():
        School.objects.filter(pk=school.pk).update(tutoring_enabled=True)
        audit_record(action="school.tutoring_enabled", actor=by, school=school, target=school)
    school.refresh_from_db()
    return school


def school_disable_tutoring(*, school: School, by: User | None) -> School:
    with transaction.atomic():
        School.objects.filter(pk=school.pk).update(tutoring_enabled=False)
        audit_record(action="school.tutoring_disabled", actor=by, school=school, target=school)
    school.refresh_from_db()
    return school


PUPIL_SETTING_FIELDS = ("send", "eal", "home_language", "daily_minutes_limit")


def pupil_settings_update(
    *, pupil: User, by: User, reason: str = "", **changes: object
) -> PupilProfile:
    """Change a pupil's adaptations or daily limit, recording before and after."""
    unknown = set(changes) - set(PUPIL_SETTING_FIELDS)
    if unknown:
        raise ValueError(f"Unknown settings: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        profile, _ = PupilProfile.objects.select_for_update().get_or_create(user=pupil)
        before = {name: getattr(profile, name) for name in changes}
        for name, value in changes.items():
            setattr(profile, name, value)
        profile.full_clean()
        profile.save(update_fields=list(changes))
        audit_record(
            action="pupil.settings_changed", actor=by, school=pupil.school_id, target=pupil,
            data={"before": before, "after": changes, "reason": reason},
        )
    return profile


def pupil_preferences_update(*, pupil: User, font: str, text_size: int, high_contrast: bool
                             ) -> PupilProfile:
    """Remember a pupil's display preferences."""
    profile, _ = PupilProfile.objects.get_or_create(user=pupil)
    profile.font = font
    profile.text_size = text_size
    profile.high_contrast = high_contrast
    profile.full_clean()
    profile.save(update_fields=["font", "text_size", "high_contrast"])
    return profile


def _months_ago(today: date, months: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, min(today.day, 28))


# --- Safeguarding hold ----------------------------------------------------------------------------


def safeguarding_held_pupil_ids(*, school: School, today: date | None = None) -> set[int]:
    """Pupils with a concern still open, or opened or closed within the hold window.

    Their records are evidence a DSL may still need: retention and erasure leave them alone.
    """
    from django.db.models import Q

    from safeguarding.models import Concern

    today = today or timezone.localdate()
    since = _months_ago(today, settings.SAFEGUARDING_HOLD_MONTHS)
    return set(
        Concern.objects.filter(school=school)
        .filter(
            ~Q(status=Concern.Status.CLOSED)
            | Q(opened_at__date__gte=since)
            | Q(closed_at__date__gte=since)
        )
        .values_list("pupil_id", flat=True)
    )


def _anonymise_account(pupil: User) -> None:
    User.objects.filter(pk=pupil.pk).update(
        username=f"anonymised-{pupil.pk}",
        first_name="",
        last_name="",
        email="",
        phone="",
        password=make_password(None),
        is_active=False,
        anonymised_at=timezone.now(),
    )
    PupilProfile.objects.filter(user=pupil).update(home_language="")


# --- Retention ------------------------------------------------------------------------------------


@dataclass
class RetentionReport:
    pupils_chats_deleted: int = 0
    sessions_deleted: int = 0
    accounts_anonymised: int = 0
    concerns_due_for_review: int = 0
    held_pupils_skipped: int = 0


def retention_apply(*, today: date | None = None) -> RetentionReport:
    """Apply each school's retention policy; safe to run twice.

    Chats of pupils who left longer ago than `chat_retention_months` are deleted and their
    account anonymised. Closed concerns older than `safeguarding_retention_years` are reported
    to the DSL for review (their chronology cannot be deleted by the console).
    A pupil under a safeguarding hold is not touched at all. Every step is audited.
    """
    from safeguarding.models import Concern
    from tutoring.models import TutorSession

    today = today or timezone.localdate()
    report = RetentionReport()
    for school in School.objects.all():
        cutoff = _months_ago(today, school.chat_retention_months)
        held = safeguarding_held_pupil_ids(school=school, today=today)
        leavers = list(
            User.objects.filter(
                school=school, role=User.Role.PUPIL,
                pupil_profile__left_school_on__isnull=False,
                pupil_profile__left_school_on__lt=cutoff,
            )
        )
        skipped = [pupil.pk for pupil in leavers if pupil.pk in held]
        for pupil in leavers:
            if pupil.pk in held:
                continue
            with transaction.atomic():
                sessions = TutorSession.objects.filter(pupil=pupil).count()
                rows, _ = TutorSession.objects.filter(pupil=pupil).delete()
                anonymise = pupil.anonymised_at is None
                if anonymise:
                    _anonymise_account(pupil)
                if rows or anonymise:
                    audit_record(
                        action="retention.pupil_applied", school=school, target=pupil,
                        data={"pupil_id": pupil.pk, "sessions_deleted": sessions, "rows": rows,
                              "anonymised": anonymise, "cutoff": cutoff.isoformat()},
                    )
            if rows:
                report.pupils_chats_deleted += 1
                report.sessions_deleted += sessions
            report.accounts_anonymised += int(anonymise)
        report.held_pupils_skipped += len(skipped)

        # The chronology is append-only in the database, so expired safeguarding records are
        # not deleted here: the DSL is told which are due for review and destruction by hand.
        safeguarding_cutoff = today.replace(year=today.year - school.safeguarding_retention_years)
        due = sorted(Concern.objects.filter(
            school=school, status=Concern.Status.CLOSED,
            closed_at__date__lt=safeguarding_cutoff,
        ).exclude(pupil_id__in=held).values_list("pk", flat=True))
        if due:
            report.concerns_due_for_review += len(due)
            audit_record(
                action="retention.safeguarding_review_due", school=school,
                data={"concern_ids": due, "cutoff": safeguarding_cutoff.isoformat()},
            )
        if skipped:
            audit_record(
                action="retention.held_skipped", school=school,
                data={"pupil_ids": sorted(skipped), "reason": "safeguarding hold"},
            )
    return report


# --- Subject access and erasure -------------------------------------------------------------------


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def pupil_subject_access_export(*, pupil: User, by: User) -> dict[str, Any]:
    """Gather everything Tutor Console holds about one pupil, and audit the export.

    Safeguarding records are listed in full only for the DSL, who decides what may be disclosed
    (the Data Protection Act 2018 exemptions for serious harm); others see that they exist.
    """
    from safeguarding.models import Concern
    from tutoring.models import TutorSession

    profile = PupilProfile.objects.filter(user=pupil).first()
    sessions = []
    for session in TutorSession.objects.filter(pupil=pupil).order_by("started_at"):
        messages = []
        for message in session.messages.select_related("reply").order_by("created_at", "id"):
            reply = getattr(message, "reply", None)
            messages.append({
                "sent_at": _iso(message.created_at),
                "text": message.text,
                "asked_for_answer": message.reveal_request,
                "screening": message.screen_action,
                "reply": None if reply is None else {
                    "state": reply.state,
                    "text_shown": reply.released_text,
                    "shown_at": _iso(reply.released_at),
                    "provider": reply.provider,
                    "model": reply.model,
                },
            })
        sessions.append({
            "subject": session.subject,
            "topic": session.topic_title,
            "started_at": _iso(session.started_at),
            "ended_at": _iso(session.ended_at),
            "messages": messages,
        })
    concerns = Concern.objects.filter(pupil=pupil).order_by("opened_at")
    if by.role == User.Role.DSL:
        safeguarding = {
            "note": "For the DSL's review before disclosure.",
            "concerns": [
                {"id": c.pk, "opened_at": _iso(c.opened_at), "status": c.status,
                 "categories": c.categories, "words": c.words, "outcome": c.outcome,
                 "chronology": [
                     {"at": _iso(e.created_at), "kind": e.kind, "note": e.note}
                     for e in c.events.order_by("created_at", "id")
                 ]}
                for c in concerns
            ],
        }
    else:
        safeguarding = {
            "note": "Safeguarding records are held by the Designated Safeguarding Lead, who "
                    "decides what may be disclosed.",
            "count": concerns.count(),
        }
    export = {
        "generated_at": _iso(timezone.now()),
        "generated_by": by.username,
        "school": pupil.school.name if pupil.school_id else None,
        "pupil": {
            "id": pupil.pk,
            "username": pupil.username,
            "first_name": pupil.first_name,
            "last_name": pupil.last_name,
            "email": pupil.email,
            "date_joined": _iso(pupil.date_joined),
            "last_login": _iso(pupil.last_login),
            "classes": [str(c) for c in pupil.classes_attended.all()],
        },
        "profile": None if profile is None else {
            "year_group": profile.year_group,
            "free_school_meals": profile.fsm,
            "send": profile.send,
            "eal": profile.eal,
            "home_language": profile.home_language,
            "daily_minutes_limit": profile.daily_minutes_limit,
            "left_school_on": _iso(profile.left_school_on),
            "font": profile.font,
            "text_size": profile.text_size,
            "high_contrast": profile.high_contrast,
        },
        "sessions": sessions,
        "safeguarding": safeguarding,
    }
    audit_record(
        action="pupil.subject_access_exported", actor=by, school=pupil.school_id, target=pupil,
        data={"sessions": len(sessions), "safeguarding_included": by.role == User.Role.DSL},
    )
    return export


@dataclass
class ErasureReport:
    pupil_id: int
    erased: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    safeguarding_hold: bool = False


def pupil_erase(*, pupil: User, by: User, reason: str) -> ErasureReport:
    """Erase a pupil's chats and identity, except what safeguarding law requires us to keep."""
    from safeguarding.models import Concern
    from tutoring.models import Message, TutorSession

    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Please record why the pupil's data is being erased.")
    if pupil.role != User.Role.PUPIL:
        raise ValueError("Only a pupil's records can be erased here.")
    report = ErasureReport(pupil_id=pupil.pk)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=pupil.pk).first()
        if pupil.pk in safeguarding_held_pupil_ids(school=pupil.school):
            report.safeguarding_hold = True
            report.kept.append(
                "Everything: the pupil has an open or recent safeguarding concern, so the "
                "records are kept for the DSL (safeguarding exception). Ask again when the hold "
                "ends."
            )
        else:
            report.erased["sessions"] = TutorSession.objects.filter(pupil=pupil).count()
            report.erased["messages"] = Message.objects.filter(pupil=pupil).count()
            TutorSession.objects.filter(pupil=pupil).delete()
            _anonymise_account(pupil)
            report.erased["account_identity"] = 1
            kept_concerns = Concern.objects.filter(pupil=pupil).count()
            if kept_concerns:
                report.kept.append(
                    f"{kept_concerns} closed safeguarding record(s), kept for "
                    f"{pupil.school.safeguarding_retention_years} years under the school's "
                    "safeguarding policy."
                )
            report.kept.append("The audit trail, which names no pupil and cannot be changed.")
        audit_record(
            action=("pupil.erasure_deferred" if report.safeguarding_hold else "pupil.erased"),
            actor=by, school=pupil.school_id, target=pupil,
            data={"reason": reason, "erased": report.erased, "kept": report.kept,
                  "safeguarding_hold": report.safeguarding_hold},
        )
    pupil.refresh_from_db()
    return report


def audit_sensitive_read(*, by: User, target: Any, what: str, school: School | int | None = None
                         ) -> None:
    """Record that someone read something sensitive (a transcript, an export, a record)."""
    with transaction.atomic():
        audit_record(action=f"read.{what}", actor=by,
                     school=school if school is not None else by.school_id, target=target)

