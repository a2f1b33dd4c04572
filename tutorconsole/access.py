"""Who may see and do what, on which objects. Every view asks here.

The roles and what each may do:

| capability                              | pupil | teacher | DSL | school admin | trust admin |
|-----------------------------------------|-------|---------|-----|--------------|-------------|
| own tutoring sessions                   | yes   |         |     |              |             |
| review replies of pupils they teach     |       | yes     |     |              |             |
| offloading report for pupils they teach |       | yes     |     |              |             |
| concerns they raised (read only)        |       | yes     |     |              |             |
| every concern in the school, act on it  |       |         | yes |              |             |
| school data protection page             |       | yes     | yes | yes          |             |
| subject access export and erasure       |       |         | yes | yes          |             |

"DSL" includes deputies. Objects outside the user's reach are reported as missing (404), never
as forbidden, so that nobody can learn what exists in another school. A page the role may
never use answers 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import SchoolClass, User

STAFF_ROLES = frozenset({User.Role.TEACHER, User.Role.DSL, User.Role.SCHOOL_ADMIN})


def _role(user: User) -> str | None:
    return user.role if user is not None and user.is_authenticated else None


def is_pupil(user: User) -> bool:
    return _role(user) == User.Role.PUPIL


def is_staff_member(user: User) -> bool:
    """Staff of one school (not trust administrators, who belong to no school)."""
    return _role(user) in STAFF_ROLES and user.school_id is not None


def can_review(user: User) -> bool:
    return _role(user) == User.Role.TEACHER


def can_see_concerns(user: User) -> bool:
    """The DSL and deputies see all concerns of their school; teachers those they raised."""
    return _role(user) in (User.Role.DSL, User.Role.TEACHER)


def can_handle_concerns(user: User) -> bool:
    return _role(user) == User.Role.DSL


def can_administer_school(user: User) -> bool:
    return _role(user) == User.Role.SCHOOL_ADMIN


def can_view_data_protection(user: User) -> bool:
    return is_staff_member(user)


def can_manage_pupil_data(user: User) -> bool:
    """Subject access exports and erasure: the school administrator and the DSL."""
    return _role(user) in (User.Role.SCHOOL_ADMIN, User.Role.DSL) and user.school_id is not None


def can_view_offloading(user: User) -> bool:
    return can_review(user)


def require(allowed: bool, message: str = "You do not have access to this page.") -> None:
    """Refuse with 403 unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message)


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


def pupils_for_data_manager(user: User) -> QuerySet[User]:
    """Pupils whose records this school administrator or DSL may export or erase."""
    if not can_manage_pupil_data(user):
        return User.objects.none()
    return User.objects.filter(role=User.Role.PUPIL, school_id=user.school_id)


def pupil_for_data_manager(user: User, pupil_id: int) -> User:
    """Return a pupil of the user's own school, or 404."""
    pupil = pupils_for_data_manager(user).filter(pk=pupil_id).first()
    if pupil is None:
        raise Http404("No such pupil.")
    return pupil
