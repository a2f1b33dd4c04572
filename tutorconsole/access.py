"""Who may see and do what, on which objects. Every view asks here.

Objects outside the user's reach are reported as missing (404), never as forbidden, so that
nobody can learn what exists in another school.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .models import SchoolClass, User


def is_staff_member(user: User) -> bool:
    return user.is_authenticated and user.role in {
        User.Role.TEACHER, User.Role.DSL, User.Role.SCHOOL_ADMIN
    }


def can_review(user: User) -> bool:
    return user.is_authenticated and user.role == User.Role.TEACHER


def can_handle_concerns(user: User) -> bool:
    return user.is_authenticated and user.role == User.Role.DSL


def can_administer_school(user: User) -> bool:
    return user.is_authenticated and user.role == User.Role.SCHOOL_ADMIN


def taught_pupil_ids(teacher: User) -> QuerySet:
    """Ids of the pupils in the classes this teacher teaches, in their own school."""
    return (
        SchoolClass.pupils.through.objects.filter(
            schoolclass__teachers=teacher, schoolclass__school_id=teacher.school_id
        )
        .values("user_id")
        .distinct()
    )


def taught_classes(teacher: User) -> QuerySet[SchoolClass]:
    return SchoolClass.objects.filter(teachers=teacher, school_id=teacher.school_id)


def pupils_for_teacher(teacher: User) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=taught_pupil_ids(teacher), role=User.Role.PUPIL, school_id=teacher.school_id
    )


def pupil_for_teacher(teacher: User, pupil_id: int) -> User:
    """Return a pupil this teacher teaches, or 404."""
    pupil = pupils_for_teacher(teacher).select_related("pupil_profile").filter(pk=pupil_id).first()
    if pupil is None:
        raise Http404("No such pupil.")
    return pupil
