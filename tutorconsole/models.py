"""The school structure: trusts, schools, classes and the people in them; the audit trail."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Trust(models.Model):
    name = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    """A school, with its tutoring and safeguarding policy."""

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=200)
    urn = models.CharField("unique reference number", max_length=12, unique=True)
    tutoring_enabled = models.BooleanField(default=False)
    # Screening policy.
    confidence_threshold = models.FloatField(default=0.6)
    strict_mode = models.BooleanField(default=False, help_text="Hold every tutor reply.")
    escalate_categories = models.JSONField(default=list, blank=True)
    hold_categories = models.JSONField(default=list, blank=True)
    # Review and safeguarding service levels.
    review_target_minutes = models.PositiveIntegerField(default=15)
    concern_ack_minutes = models.PositiveIntegerField(
        default=15, help_text="An urgent concern not acknowledged by then is re-sent to deputies."
    )
    # Budgets and limits.
    daily_token_budget = models.PositiveIntegerField(default=2_000_000)
    default_daily_minutes = models.PositiveIntegerField(default=60)
    session_minutes = models.PositiveIntegerField(default=40)
    # Retention (UK GDPR): months after the pupil leaves; safeguarding records per policy.
    chat_retention_months = models.PositiveIntegerField(default=12)
    safeguarding_retention_years = models.PositiveIntegerField(default=25)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence_threshold__gte=0) & Q(confidence_threshold__lte=1),
                name="school_confidence_threshold_0_1",
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    class Role(models.TextChoices):
        PUPIL = "pupil", "Pupil"
        TEACHER = "teacher", "Teacher"
        DSL = "dsl", "Designated Safeguarding Lead"
        SCHOOL_ADMIN = "school_admin", "School administrator"
        TRUST_ADMIN = "trust_admin", "Trust administrator"

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PUPIL)
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    trust = models.ForeignKey(
        Trust, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    # A DSL user is the lead unless marked deputy; both receive concerns.
    is_deputy = models.BooleanField(default=False)
    phone = models.CharField(max_length=40, blank=True)
    # Set when the record is anonymised under the school's retention policy.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(role="trust_admin") | Q(school__isnull=False)
                | Q(is_superuser=True),
                name="user_school_required_for_school_roles",
            )
        ]

    @property
    def is_pupil(self) -> bool:
        return self.role == self.Role.PUPIL

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def is_dsl(self) -> bool:
        return self.role == self.Role.DSL

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class PupilProfile(models.Model):
    """Per-pupil flags and adaptations set by teachers, and display preferences."""

    class Font(models.TextChoices):
        STANDARD = "standard", "Standard"
        DYSLEXIA = "dyslexia", "Dyslexia-friendly"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="pupil_profile")
    year_group = models.PositiveSmallIntegerField(default=10)
    fsm = models.BooleanField("free school meals", default=False)
    send = models.BooleanField("SEND", default=False)
    eal = models.BooleanField("EAL", default=False)
    home_language = models.CharField(max_length=40, blank=True)
    daily_minutes_limit = models.PositiveIntegerField(null=True, blank=True)
    left_school_on = models.DateField(null=True, blank=True)
    font = models.CharField(max_length=20, choices=Font.choices, default=Font.STANDARD)
    text_size = models.PositiveSmallIntegerField(default=100)
    high_contrast = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class SchoolClass(models.Model):
    class Subject(models.TextChoices):
        MATHS = "maths", "Maths"
        ENGLISH = "english", "English"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="classes")
    name = models.CharField(max_length=60)
    subject = models.CharField(max_length=20, choices=Subject.choices)
    year_group = models.PositiveSmallIntegerField(default=10)
    teachers = models.ManyToManyField(User, related_name="classes_taught", blank=True)
    pupils = models.ManyToManyField(User, related_name="classes_attended", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "school classes"
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="class_name_unique_in_school")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.school})"


class AuditEvent(models.Model):
    """An append-only, hash-chained record of a decision or a sensitive read."""

    created_at = models.DateTimeField(db_index=True)
    # Each school has its own chain (0 for events outside any school) so appends in one school
    # never wait for another's.
    chain = models.BigIntegerField(default=0)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(max_length=200, blank=True)
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+",
        db_constraint=False,
    )
    action = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["chain", "-id"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"
