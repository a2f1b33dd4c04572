"""Tutoring sessions, pupil messages and the one reply each message gets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .states import PUPIL_VISIBLE, ReplyState


class TutorSession(models.Model):
    pupil = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutor_sessions"
    )
    school = models.ForeignKey("tutorconsole.School", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=20)
    topic_code = models.CharField(max_length=120)
    topic_title = models.CharField(max_length=200)
    started_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change the pupil's page should show; polled through the cache.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["pupil", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.topic_title} ({self.started_at:%d %b %Y})"


class Message(models.Model):
    """A pupil's message. Never edited; screened once on the way in."""

    session = models.ForeignKey(TutorSession, on_delete=models.CASCADE, related_name="messages")
    school = models.ForeignKey("tutorconsole.School", on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Inbound screening outcome: "", allow, hold, escalate.
    screen_action = models.CharField(max_length=10, blank=True)
    screen_categories = models.JSONField(default=list, blank=True)
    # Which screening layers have looked at it ("local", "classifier").
    screen_layers = models.JSONField(default=list, blank=True)
    # The pupil asked for the answer without trying (cognitive offloading signal).
    reveal_request = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["session", "created_at"]),
            models.Index(fields=["pupil", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk}"


class Reply(models.Model):
    """The single tutor reply to one pupil message, and where it is in its life."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="reply")
    session = models.ForeignKey(TutorSession, on_delete=models.CASCADE, related_name="replies")
    school = models.ForeignKey("tutorconsole.School", on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(
        max_length=20, choices=ReplyState.choices, default=ReplyState.QUEUED, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state_changed_at = models.DateTimeField(auto_now_add=True)
    # The current draft. Never shown to a pupil: only `released_text` is.
    draft_text = models.TextField(blank=True)
    # What the pupil sees. Set only by a release transition.
    released_text = models.TextField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    # Generation details.
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_token = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    provider = models.CharField(max_length=40, blank=True)
    model = models.CharField(max_length=80, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    topics = models.JSONField(default=list, blank=True)
    pupil_stuck = models.BooleanField(default=False)
    needs_teacher = models.BooleanField(default=False)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    cost_pence = models.DecimalField(max_digits=10, decimal_places=4, default=0)
    last_error = models.CharField(max_length=300, blank=True)
    teacher_guidance = models.TextField(blank=True)
    # Why it is held: categories, matched spans and reasons from screening.
    hold_categories = models.JSONField(default=list, blank=True)
    hold_reasons = models.JSONField(default=list, blank=True)
    hold_spans = models.JSONField(default=list, blank=True)
    severity = models.PositiveSmallIntegerField(default=0)
    # Review.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["session", "released_at"]),
            # The review queue: held and failed replies by school, oldest first.
            models.Index(
                fields=["pupil", "severity", "created_at"],
                name="reply_review_queue",
                condition=Q(state__in=["held", "failed"]),
            ),
            models.Index(
                fields=["state", "state_changed_at"],
                name="reply_sweeper",
                condition=Q(state__in=["queued", "generating", "screening"]),
            ),
        ]
        constraints = [
            # The database refuses pupil-visible text on any reply not in a visible state, and
            # a visible state without text.
            models.CheckConstraint(
                condition=(
                    Q(state__in=sorted(PUPIL_VISIBLE), released_text__isnull=False,
                      released_at__isnull=False)
                    | (~Q(state__in=sorted(PUPIL_VISIBLE)) & Q(released_text__isnull=True))
                ),
                name="reply_released_text_only_when_visible",
            ),
        ]

    def __str__(self) -> str:
        return f"Reply {self.pk} ({self.state})"


class ReplyDraft(models.Model):
    """Every draft a reply had: generated, screened, edited or written by a teacher."""

    class Source(models.TextChoices):
        PROVIDER = "provider", "Tutor"
        TEACHER_EDIT = "teacher_edit", "Teacher's edit"
        TEACHER_WRITTEN = "teacher_written", "Written by a teacher"
        SIGNPOSTING = "signposting", "Safeguarding message"

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="drafts")
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    screen_action = models.CharField(max_length=10, blank=True)
    screen_categories = models.JSONField(default=list, blank=True)
    confidence = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} draft of reply {self.reply_id}"


class SchoolDailyUsage(models.Model):
    """Tokens and cost per school per day, for the daily budget, kept in a few slots.

    Every reply adds to its school's usage inside the transaction that releases it. With one
    row per school and day, that row's lock would queue every reply in a school behind the one
    before; spread over `TUTOR_USAGE_SLOTS` rows, replies rarely wait for each other. The day's
    usage is the sum of its slots.
    """

    school = models.ForeignKey("tutorconsole.School", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    slot = models.PositiveSmallIntegerField(default=0)
    input_tokens = models.PositiveBigIntegerField(default=0)
    output_tokens = models.PositiveBigIntegerField(default=0)
    cost_pence = models.DecimalField(max_digits=12, decimal_places=4, default=0)
    replies = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "day", "slot"],
                                    name="usage_one_row_per_school_day_slot")
        ]

    def __str__(self) -> str:
        return f"Usage of school {self.school_id} on {self.day} (slot {self.slot})"
