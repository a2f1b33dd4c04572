"""Reads for DSL case work."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tutorconsole.models import User

from .models import Concern, Notification


def concerns_for(*, user: User) -> QuerySet[Concern]:
    """DSL and deputies see their school's concerns; a teacher sees only those they raised."""
    if user.role == User.Role.DSL:
        return Concern.objects.filter(school_id=user.school_id)
    if user.role == User.Role.TEACHER:
        return Concern.objects.filter(school_id=user.school_id, raised_by=user)
    return Concern.objects.none()


def concern_list(*, user: User, status: str | None = None) -> list[Concern]:
    qs = concerns_for(user=user).select_related("pupil")
    if status:
        qs = qs.filter(status=status)
    return list(qs.order_by("status", "-urgency", "opened_at")[:200])


def concern_detail(*, user: User, concern_id: int) -> Concern:
    concern = concerns_for(user=user).select_related("pupil", "raised_by").filter(
        pk=concern_id
    ).first()
    if concern is None:
        raise Http404("No such concern.")
    return concern


def unread_notifications(*, user: User) -> list[Notification]:
    return list(Notification.objects.filter(user=user, read_at__isnull=True)[:20])


def message_for_concern(*, user: User, message_id: int):
    """A pupil message the user may raise a concern on: a teacher's pupils, or a DSL's school."""
    from tutorconsole.access import taught_pupil_ids
    from tutoring.models import Message

    qs = Message.objects.filter(pk=message_id, school_id=user.school_id)
    if user.role == User.Role.TEACHER:
        qs = qs.filter(pupil_id__in=taught_pupil_ids(user))
    elif user.role != User.Role.DSL:
        qs = qs.none()
    message = qs.select_related("school").first()
    if message is None:
        raise Http404("No such message.")
    return message
