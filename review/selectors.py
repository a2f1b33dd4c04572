"""Reads for the teacher's review console."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from statistics import median

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tutorconsole.access import pupil_for_teacher, taught_classes, taught_pupil_ids
from tutorconsole.models import SchoolClass, User
from tutoring import curriculum
from tutoring.models import Message, Reply, TutorSession
from tutoring.states import PUPIL_VISIBLE, ReplyState

S = ReplyState
QUEUE_STATES = (S.HELD, S.FAILED, S.REJECTED)


def reviewable_replies(*, teacher: User) -> QuerySet[Reply]:
    """Replies of this teacher's pupils, in their school, that wait for a teacher."""
    return Reply.objects.filter(
        state__in=QUEUE_STATES, school_id=teacher.school_id,
        pupil_id__in=taught_pupil_ids(teacher),
    ).select_related("claimed_by")


# What a queue row shows: the reply's state and reasons, the pupil's and any claimant's name, the
# start of the message. Loading only these keeps a page of rows cheap however long the drafts.
_QUEUE_ROW_FIELDS = (
    "state", "severity", "hold_categories", "created_at",
    "pupil", "pupil__first_name", "pupil__last_name", "pupil__username",
    "message", "message__text",
    "claimed_by", "claimed_by__first_name", "claimed_by__last_name", "claimed_by__username",
)


QUEUE_PAGE_SIZE = 25


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue, and where the next one starts (None on the last page)."""

    items: list[Reply]
    next_after: str | None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _queue_cursor(reply: Reply) -> str:
    """The position of a row in the queue's order: severity, creation time, id."""
    return f"{reply.severity}-{(reply.created_at - _EPOCH) // _MICROSECOND}-{reply.pk}"


def _after(qs: QuerySet[Reply], cursor: str | None) -> QuerySet[Reply]:
    """Keep the rows that come after `cursor` in the queue's order; ignore a cursor that is not
    one of ours."""
    try:
        severity, micros, pk = (int(part) for part in (cursor or "").split("-"))
        created = _EPOCH + micros * _MICROSECOND
    except (ValueError, OverflowError):
        return qs
    return qs.filter(
        Q(severity__lt=severity)
        | Q(severity=severity, created_at__gt=created)
        | Q(severity=severity, created_at=created, pk__gt=pk)
    )


def review_queue(
    *, teacher: User, class_id: int | None = None, reason: str | None = None,
    after: str | None = None, limit: int = QUEUE_PAGE_SIZE,
) -> QueuePage:
    """Held, failed and rejected replies for the teacher's pupils: most urgent, then oldest.

    A page at a time, from the row after `after` (keyset pagination: a page costs the same
    however deep). The rows carry only the fields the queue shows; `review_item` loads a reply.
    """
    qs = reviewable_replies(teacher=teacher)
    if class_id:
        qs = qs.filter(pupil__classes_attended__id=class_id,
                       pupil__classes_attended__teachers=teacher)
    if reason == "failed":
        qs = qs.filter(state=S.FAILED)
    elif reason:
        if connection.vendor == "postgresql":
            qs = qs.filter(hold_categories__contains=[reason])
        else:
            # SQLite has no JSON containment; the quoted code matches one whole list element.
            qs = qs.filter(hold_categories__icontains=f'"{reason}"')
    rows = list(
        _after(qs, after).select_related("pupil", "message", "claimed_by")
        .only(*_QUEUE_ROW_FIELDS)
        .order_by("-severity", "created_at", "pk")[:limit + 1]
    )
    more = len(rows) > limit
    items = rows[:limit]
    return QueuePage(items=items, next_after=_queue_cursor(items[-1]) if more else None)


def review_queue_count(*, teacher: User) -> int:
    return reviewable_replies(teacher=teacher).count()


def _low_risk_candidates(*, teacher: User) -> QuerySet[Reply]:
    from .services import LOW_RISK_CATEGORIES

    candidates = reviewable_replies(teacher=teacher).filter(state=S.HELD, severity=0)
    if connection.vendor == "postgresql":
        # Filter in SQL, so a long run of other holds cannot crowd the low-risk ones out.
        candidates = candidates.filter(
            hold_categories__contained_by=sorted(LOW_RISK_CATEGORIES)
        ).exclude(hold_categories=[])
    return candidates


def low_risk_holds(*, teacher: User, limit: int = 100) -> list[Reply]:
    """Holds this teacher could approve in bulk, oldest first."""
    from .services import is_low_risk_hold

    candidates = (
        _low_risk_candidates(teacher=teacher)
        .select_related("pupil", "message").order_by("created_at")[:limit]
    )
    return [r for r in candidates if is_low_risk_hold(r)]


def low_risk_hold_count(*, teacher: User, limit: int = 100) -> int:
    """How many holds `low_risk_holds` would list (at most `limit`), without loading them."""
    if connection.vendor == "postgresql":
        # The SQL filter is exactly `is_low_risk_hold` here (held, severity 0, and every
        # category low-risk), so the database can count them.
        return _low_risk_candidates(teacher=teacher).order_by()[:limit].count()
    return len(low_risk_holds(teacher=teacher, limit=limit))


def review_item(*, teacher: User, reply_id: int) -> Reply:
    """Return a reply this teacher may review, or 404."""
    reply = (
        Reply.objects.filter(
            pk=reply_id, school_id=teacher.school_id, pupil_id__in=taught_pupil_ids(teacher)
        )
        .select_related("pupil", "message", "session", "claimed_by", "decided_by", "school")
        .first()
    )
    if reply is None:
        raise Http404("No such reply.")
    return reply


@dataclass(frozen=True)
class ContextTurn:
    pupil_text: str
    reply_text: str | None
    reply_state: str


def review_context(*, reply: Reply, turns: int = 4) -> list[ContextTurn]:
    """The last few turns before the held reply, for the reviewer."""
    earlier = list(
        Message.objects.filter(session_id=reply.session_id, created_at__lt=reply.message.created_at)
        .select_related("reply")
        .order_by("-created_at", "-id")[:turns]
    )
    return [
        ContextTurn(
            pupil_text=m.text,
            reply_text=getattr(m, "reply", None) and m.reply.released_text,
            reply_state=getattr(m, "reply", None) and m.reply.state,
        )
        for m in reversed(earlier)
    ]


def waited_minutes(reply: Reply) -> int:
    return int((timezone.now() - reply.created_at).total_seconds() // 60)


# --- The class view ---------------------------------------------------------------------------

# Replies a teacher decided on after a hold; the figures' denominators (see docs/review.md).
HELD_FAMILY = frozenset({S.HELD, S.APPROVED, S.EDITED, S.REJECTED})
SCREENED_OUTCOMES = frozenset({S.RELEASED, S.HELD, S.APPROVED, S.EDITED, S.REJECTED,
                               S.TEACHER_WRITTEN})
FIGURE_GROUPS = (("all", "All pupils"), ("fsm", "Free school meals"), ("not_fsm", "Not FSM"),
                 ("send", "SEND"), ("not_send", "Not SEND"), ("eal", "EAL"),
                 ("not_eal", "Not EAL"))
# Groups smaller than this are shown, but marked: a rate over three replies says little.
SMALL_GROUP = 5


@dataclass
class PupilRow:
    pupil: User
    fsm: bool
    send: bool
    eal: bool
    sessions: list = field(default_factory=list)
    stuck: int = 0
    reveal_requests: int = 0
    awaiting: int = 0

    @property
    def needs_attention(self) -> bool:
        return bool(self.stuck or self.reveal_requests or self.awaiting)


@dataclass(frozen=True)
class Figures:
    key: str
    label: str
    replies: int
    held: int
    decided: int
    approved: int
    edited: int
    median_review_minutes: float | None

    @property
    def hold_rate(self) -> float | None:
        return self.held / self.replies if self.replies else None

    @property
    def approve_rate(self) -> float | None:
        return self.approved / self.decided if self.decided else None

    @property
    def edit_rate(self) -> float | None:
        return self.edited / self.decided if self.decided else None

    @property
    def small(self) -> bool:
        return self.replies < SMALL_GROUP


@dataclass(frozen=True)
class StuckTopic:
    code: str
    title: str
    pupils: int
    replies: int


@dataclass
class ClassOverview:
    klass: SchoolClass
    since: datetime
    pupils: list[PupilRow]
    stuck_topics: list[StuckTopic]
    figures: list[Figures]

    @property
    def attention(self) -> list[PupilRow]:
        return [row for row in self.pupils if row.needs_attention]


def teacher_class(*, teacher: User, class_id: int) -> SchoolClass:
    """Return a class this teacher teaches, or 404."""
    klass = taught_classes(teacher).filter(pk=class_id).first()
    if klass is None:
        raise Http404("No such class.")
    return klass


def _held_ever(row: dict) -> bool:
    return row["state"] in HELD_FAMILY or bool(row["hold_categories"])


def _decided_after_hold(row: dict) -> bool:
    return row["decided_at"] is not None and _held_ever(row) and row["state"] != S.HELD


def _figures(key: str, label: str, rows: list[dict]) -> Figures:
    screened = [r for r in rows if r["state"] in SCREENED_OUTCOMES]
    held = [r for r in screened if _held_ever(r)]
    decided = [r for r in held if _decided_after_hold(r)]
    waits = [(r["decided_at"] - r["created_at"]).total_seconds() / 60 for r in decided]
    return Figures(
        key=key, label=label, replies=len(screened), held=len(held), decided=len(decided),
        approved=sum(1 for r in decided if r["state"] == S.APPROVED),
        edited=sum(1 for r in decided if r["state"] == S.EDITED),
        median_review_minutes=round(median(waits), 1) if waits else None,
    )


def _topic_title(code: str) -> str:
    try:
        return curriculum.topic(code).title
    except KeyError:
        return code


def class_overview(*, teacher: User, class_id: int, days: int = 30) -> ClassOverview:
    """Everything on the class page, in five queries whatever the size of the class."""
    klass = teacher_class(teacher=teacher, class_id=class_id)  # 1
    since = timezone.now() - timedelta(days=days)
    pupils = list(  # 2
        klass.pupils.filter(role=User.Role.PUPIL, school_id=teacher.school_id)
        .select_related("pupil_profile").order_by("last_name", "first_name", "pk")
    )
    rows: dict[int, PupilRow] = {}
    for pupil in pupils:
        profile = getattr(pupil, "pupil_profile", None)
        rows[pupil.pk] = PupilRow(
            pupil=pupil, fsm=bool(profile and profile.fsm), send=bool(profile and profile.send),
            eal=bool(profile and profile.eal),
        )
    ids = list(rows)
    for session in (  # 3
        TutorSession.objects.filter(pupil_id__in=ids).order_by("-started_at")
        .only("id", "pupil_id", "topic_title", "subject", "started_at")
    ):
        if len(rows[session.pupil_id].sessions) < 10:
            rows[session.pupil_id].sessions.append(session)
    for item in (  # 4
        Message.objects.filter(pupil_id__in=ids, reveal_request=True, created_at__gte=since)
        .values("pupil_id").annotate(n=Count("id"))
    ):
        rows[item["pupil_id"]].reveal_requests = item["n"]
    replies = list(  # 5
        Reply.objects.filter(pupil_id__in=ids, school_id=teacher.school_id, created_at__gte=since)
        .values("pupil_id", "state", "hold_categories", "created_at", "decided_at",
                "pupil_stuck", "topics")
    )
    stuck: dict[str, tuple[set[int], int]] = {}
    for r in replies:
        row = rows[r["pupil_id"]]
        if r["state"] in QUEUE_STATES:
            row.awaiting += 1
        if r["pupil_stuck"]:
            row.stuck += 1
            for code in r["topics"] or ["(no topic)"]:
                who, count = stuck.get(code, (set(), 0))
                who.add(r["pupil_id"])
                stuck[code] = (who, count + 1)
    stuck_topics = sorted(
        (StuckTopic(code=c, title=_topic_title(c), pupils=len(who), replies=n)
         for c, (who, n) in stuck.items()),
        key=lambda t: (-t.pupils, -t.replies, t.title),
    )
    by_group = {
        "all": lambda row: True, "fsm": lambda row: row.fsm, "not_fsm": lambda row: not row.fsm,
        "send": lambda row: row.send, "not_send": lambda row: not row.send,
        "eal": lambda row: row.eal, "not_eal": lambda row: not row.eal,
    }
    figures = [
        _figures(key, label, [r for r in replies if by_group[key](rows[r["pupil_id"]])])
        for key, label in FIGURE_GROUPS
    ]
    return ClassOverview(klass=klass, since=since, pupils=list(rows.values()),
                         stuck_topics=stuck_topics, figures=figures)


def teacher_pupil_session(*, teacher: User, pupil_id: int, session_id: int) -> TutorSession:
    """Return a session of a pupil this teacher teaches, or 404."""
    pupil = pupil_for_teacher(teacher, pupil_id)
    session = (
        TutorSession.objects.filter(pk=session_id, pupil=pupil).select_related("pupil").first()
    )
    if session is None:
        raise Http404("No such session.")
    return session


@dataclass(frozen=True)
class TeacherTurn:
    """One exchange as a teacher reads it: what the pupil saw, and any draft they did not."""

    message: Message
    reply: Reply | None
    pupil_saw: str | None
    draft_unseen: str | None


def teacher_transcript(*, session: TutorSession) -> list[TeacherTurn]:
    """The whole conversation for the pupil's teacher; drafts the pupil never saw are marked."""
    turns = []
    for m in Message.objects.filter(session=session).select_related("reply").order_by(
        "created_at", "id"
    ):
        reply = getattr(m, "reply", None)
        visible = reply is not None and reply.state in PUPIL_VISIBLE
        pupil_saw = reply.released_text if visible else None
        draft = reply.draft_text if reply is not None and reply.draft_text else None
        turns.append(TeacherTurn(
            message=m, reply=reply, pupil_saw=pupil_saw,
            draft_unseen=draft if draft and draft != pupil_saw else None,
        ))
    return turns
