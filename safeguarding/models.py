"""Screening records and safeguarding concerns with their chronology."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ScreeningRecord(models.Model):
    """What the screen decided about one pupil message or one reply draft."""

    class Direction(models.TextChoices):
        PUPIL = "pupil", "Pupil message"
        REPLY = "reply", "Tutor reply"

    school = models.ForeignKey("tutorconsole.School", on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey(
        "tutoring.Message", on_delete=models.CASCADE, related_name="screenings"
    )
    reply = models.ForeignKey(
        "tutoring.Reply", null=True, blank=True, on_delete=models.CASCADE, related_name="screenings"
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    action = models.CharField(max_length=10)
    categories = models.JSONField(default=list)
    severity = models.PositiveSmallIntegerField(default=0)
    spans = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    layers = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.direction} screening {self.pk}: {self.action}"


class Concern(models.Model):
    """A safeguarding concern about a pupil: a case for the DSL."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ACTIONED = "actioned", "Action taken"
        CLOSED = "closed", "Closed"

    class Urgency(models.IntegerChoices):
        LOW = 1, "Low"
        MEDIUM = 2, "Medium"
        URGENT = 3, "Urgent"

    school = models.ForeignKey("tutorconsole.School", on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns_about"
    )
    message = models.ForeignKey(
        "tutoring.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    categories = models.JSONField(default=list)
    urgency = models.PositiveSmallIntegerField(choices=Urgency.choices, default=Urgency.MEDIUM)
    words = models.TextField(help_text="The exact words that raised the concern.")
    conversation = models.JSONField(default=list, help_text="The surrounding conversation.")
    source = models.CharField(max_length=20, default="screen")  # screen, teacher, pattern
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="concerns_raised",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    renotified_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-urgency", "opened_at"]
        indexes = [models.Index(fields=["school", "status", "-urgency", "opened_at"])]

    def __str__(self) -> str:
        return f"Concern {self.pk}"


class ConcernEvent(models.Model):
    """One entry in a concern's chronology. Append-only."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        NOTIFIED = "notified", "DSL notified"
        RENOTIFIED = "renotified", "Re-sent to DSL and deputies"
        VIEWED = "viewed", "Viewed"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        NOTE = "note", "Note"
        ACTION = "action", "Action taken"
        REFERRED_SOCIAL_CARE = "referred_social_care", "Referred to children's social care/MASH"
        REFERRED_POLICE = "referred_police", "Referred to police"
        REFERRED_EARLY_HELP = "referred_early_help", "Referred to early help"
        EXPORTED = "exported", "Exported"
        CLOSED = "closed", "Closed"

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)
    # PROTECT: the chronology must keep who acted, and the database refuses to rewrite it.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class Notification(models.Model):
    """An in-app notice to a member of staff."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    concern = models.ForeignKey(
        Concern, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text
