"""Password rules: stricter for staff, who can see safeguarding records."""

from __future__ import annotations

from django.core.exceptions import ValidationError

STAFF_ROLES = {"teacher", "dsl", "school_admin", "trust_admin"}


class StaffPasswordValidator:
    """Staff passwords: at least `min_length` characters, with letters and something else."""

    def __init__(self, min_length: int = 12):
        self.min_length = min_length

    def _applies(self, user) -> bool:
        return user is not None and (
            getattr(user, "role", None) in STAFF_ROLES or getattr(user, "is_superuser", False)
        )

    def validate(self, password: str, user=None) -> None:
        if not self._applies(user):
            return
        problems = []
        if len(password) < self.min_length:
            problems.append(
                ValidationError(
                    f"Staff passwords must be at least {self.min_length} characters long.",
                    code="staff_password_too_short",
                )
            )
        has_letter = any(ch.isalpha() for ch in password)
        has_other = any(not ch.isalpha() for ch in password)
        if not (has_letter and has_other):
            problems.append(
                ValidationError(
                    "Staff passwords must mix letters with numbers, spaces or symbols.",
                    code="staff_password_not_mixed",
                )
            )
        if problems:
            raise ValidationError(problems)

    def get_help_text(self) -> str:
        return (
            f"Staff passwords must be at least {self.min_length} characters and mix letters "
            "with numbers, spaces or symbols."
        )
