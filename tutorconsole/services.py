"""Writes for schools and people: turning tutoring on, pupil settings, retention."""

from __future__ import annotations

import logging
from datetime import date

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


def retention_apply(*, today: date | None = None) -> int:
    """Delete chats of pupils who left longer ago than their school keeps them.

    A pupil with any safeguarding concern is under a safeguarding hold: nothing of theirs is
    touched here. Returns the number of sessions deleted.
    """
    from safeguarding.models import Concern
    from tutoring.models import TutorSession

    today = today or timezone.localdate()
    deleted = 0
    for school in School.objects.all():
        cutoff = _months_ago(today, school.chat_retention_months)
        leavers = PupilProfile.objects.filter(
            user__school=school, left_school_on__isnull=False, left_school_on__lt=cutoff
        ).values_list("user_id", flat=True)
        held = set(Concern.objects.filter(school=school).values_list("pupil_id", flat=True))
        for pupil_id in leavers:
            if pupil_id in held:
                continue
            with transaction.atomic():
                count, _ = TutorSession.objects.filter(pupil_id=pupil_id).delete()
                if count:
                    deleted += 1
                    audit_record(
                        action="retention.chats_deleted", school=school,
                        data={"pupil_id": pupil_id, "rows": count, "cutoff": cutoff.isoformat()},
                    )
    return deleted
