"""Teachers' decisions on held and failed replies. Each one is audited."""

from __future__ import annotations

import html
from datetime import timedelta

import bleach
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tutorconsole.audit import audit_record
from tutorconsole.models import User
from tutoring.models import Reply, ReplyDraft
from tutoring.services import enqueue_reply
from tutoring.states import ReplyState
from tutoring.transitions import transition

S = ReplyState
CLAIM_MINUTES = 10
REPLY_MAX_CHARS = 4000


class ReviewRefused(Exception):
    """The decision was not made; the message says why."""


def sanitise_reply_text(text: str) -> str:
    """Return a teacher's text as plain text: any markup stripped by bleach, nothing executable."""
    cleaned = bleach.clean(text or "", tags=set(), attributes={}, strip=True, strip_comments=True)
    cleaned = html.unescape(cleaned).replace("\r\n", "\n").strip()
    if not cleaned:
        raise ReviewRefused("Please write the reply before sending it.")
    if len(cleaned) > REPLY_MAX_CHARS:
        raise ReviewRefused(f"Please keep the reply under {REPLY_MAX_CHARS} characters.")
    return cleaned


def _check_claim(reply: Reply, by: User) -> None:
    stale = timezone.now() - timedelta(minutes=CLAIM_MINUTES)
    fresh = reply.claimed_at and reply.claimed_at > stale
    if reply.claimed_by_id and reply.claimed_by_id != by.pk and fresh:
        name = reply.claimed_by.display_name if reply.claimed_by else "another teacher"
        raise ReviewRefused(f"{name} is already looking at this reply.")


def review_claim(*, reply: Reply, by: User) -> Reply:
    """Show other teachers who is looking at a reply; a fresh claim by someone else stands."""
    now = timezone.now()
    stale = now - timedelta(minutes=CLAIM_MINUTES)
    Reply.objects.filter(
        Q(claimed_by__isnull=True) | Q(claimed_by=by) | Q(claimed_at__lt=stale), pk=reply.pk
    ).update(claimed_by=by, claimed_at=now)
    reply.refresh_from_db()
    return reply


def review_release_claim(*, reply: Reply, by: User) -> None:
    Reply.objects.filter(pk=reply.pk, claimed_by=by).update(claimed_by=None, claimed_at=None)


def _lock(reply: Reply) -> Reply:
    """Lock the reply's row for this transaction and load it fresh, with its claimant.

    `of=("self",)` locks only the reply: PostgreSQL refuses FOR UPDATE on the nullable side of
    the outer join to `claimed_by`.
    """
    return (
        Reply.objects.select_for_update(of=("self",)).select_related("claimed_by").get(pk=reply.pk)
    )


def _decide(*, reply: Reply, by: User, to: ReplyState, from_states, **fields) -> None:
    _check_claim(reply, by)
    moved = transition(
        reply_id=reply.pk, to=to, from_states=frozenset(from_states),
        decided_by=by, decided_at=timezone.now(), claimed_by=None, claimed_at=None, **fields,
    )
    if not moved:
        raise ReviewRefused("Someone has already dealt with this reply. Nothing was changed.")


def review_approve(*, reply: Reply, by: User) -> Reply:
    """Release the held draft to the pupil as it is."""
    with transaction.atomic():
        locked = _lock(reply)
        if locked.state != S.HELD:
            raise ReviewRefused("Someone has already dealt with this reply. Nothing was changed.")
        _decide(reply=locked, by=by, to=S.APPROVED, from_states={S.HELD},
                released_text=locked.draft_text)
        audit_record(action="reply.approved", actor=by, school=locked.school_id, target=locked)
    reply.refresh_from_db()
    return reply


def review_edit(*, reply: Reply, text: str, by: User) -> Reply:
    """Release the teacher's edit of a held draft; the original and the edit are both kept."""
    cleaned = sanitise_reply_text(text)
    with transaction.atomic():
        locked = _lock(reply)
        if locked.state != S.HELD:
            raise ReviewRefused("Someone has already dealt with this reply. Nothing was changed.")
        original = locked.draft_text
        _decide(reply=locked, by=by, to=S.EDITED, from_states={S.HELD}, released_text=cleaned)
        ReplyDraft.objects.create(
            reply=locked, source=ReplyDraft.Source.TEACHER_EDIT, text=cleaned, author=by
        )
        audit_record(
            action="reply.edited", actor=by, school=locked.school_id, target=locked,
            data={"before": original, "after": cleaned},
        )
    reply.refresh_from_db()
    return reply


def review_reject(*, reply: Reply, reason: str, by: User) -> Reply:
    """Reject a held draft; the teacher then regenerates or writes the reply."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRefused("Please give a reason for rejecting the reply.")
    with transaction.atomic():
        locked = _lock(reply)
        if locked.state != S.HELD:
            raise ReviewRefused("Someone has already dealt with this reply. Nothing was changed.")
        _decide(reply=locked, by=by, to=S.REJECTED, from_states={S.HELD},
                reject_reason=reason[:1000])
        audit_record(action="reply.rejected", actor=by, school=locked.school_id, target=locked,
                     data={"reason": reason[:1000], "draft": locked.draft_text})
    reply.refresh_from_db()
    return reply


def review_regenerate(*, reply: Reply, guidance: str, by: User) -> Reply:
    """Send a rejected or failed reply back through the queue with the teacher's guidance."""
    guidance = (guidance or "").strip()[:1000]
    with transaction.atomic():
        locked = _lock(reply)
        if locked.state not in (S.REJECTED, S.FAILED):
            raise ReviewRefused("Only a rejected or failed reply can be regenerated.")
        _decide(reply=locked, by=by, to=S.QUEUED, from_states={S.REJECTED, S.FAILED},
                teacher_guidance=guidance, attempts=0, draft_text="")
        audit_record(action="reply.regenerate", actor=by, school=locked.school_id,
                     target=locked, data={"guidance": guidance})
        message_id = locked.message_id
        transaction.on_commit(lambda: enqueue_reply(message_id=message_id))
    reply.refresh_from_db()
    return reply


def review_write(*, reply: Reply, text: str, by: User) -> Reply:
    """Send the pupil a reply the teacher wrote, instead of the tutor's."""
    cleaned = sanitise_reply_text(text)
    with transaction.atomic():
        locked = _lock(reply)
        if locked.state not in (S.REJECTED, S.FAILED, S.HELD):
            raise ReviewRefused("Someone has already dealt with this reply. Nothing was changed.")
        if locked.state == S.HELD:
            _decide(reply=locked, by=by, to=S.REJECTED, from_states={S.HELD},
                    reject_reason="Replaced by the teacher's own reply.")
            locked.refresh_from_db()
        _decide(reply=locked, by=by, to=S.TEACHER_WRITTEN, from_states={S.REJECTED, S.FAILED},
                released_text=cleaned)
        ReplyDraft.objects.create(
            reply=locked, source=ReplyDraft.Source.TEACHER_WRITTEN, text=cleaned, author=by
        )
        audit_record(action="reply.teacher_written", actor=by, school=locked.school_id,
                     target=locked, data={"text": cleaned})
    reply.refresh_from_db()
    return reply


# Holds a teacher may approve in bulk: nothing in the text itself was flagged.
LOW_RISK_CATEGORIES = frozenset({"low_confidence", "strict_mode", "tutor_asked_for_teacher"})


def is_low_risk_hold(reply: Reply) -> bool:
    """Whether a held reply was held only for reasons that say nothing about its words."""
    return (
        reply.state == S.HELD
        and reply.severity == 0
        and bool(reply.hold_categories)
        and set(reply.hold_categories) <= LOW_RISK_CATEGORIES
    )


def review_bulk_approve(*, reply_ids: list[int], by: User) -> dict[str, int]:
    """Approve each listed low-risk hold of this teacher's pupils; return what happened.

    Each reply is approved on its own through `review_approve`, so each decision is guarded and
    audited exactly as a single approval is. Replies that are not low-risk holds or not the
    teacher's are skipped; those decided or claimed by someone else meanwhile are refused.
    """
    from .selectors import reviewable_replies

    counts = {"approved": 0, "skipped": 0, "refused": 0}
    wanted = {int(pk) for pk in reply_ids}
    replies = {r.pk: r for r in reviewable_replies(teacher=by).filter(pk__in=wanted)}
    counts["skipped"] += len(wanted - set(replies))
    for pk in sorted(replies):
        reply = replies[pk]
        if not is_low_risk_hold(reply):
            counts["skipped"] += 1
            continue
        try:
            review_approve(reply=reply, by=by)
        except ReviewRefused:
            counts["refused"] += 1
        else:
            counts["approved"] += 1
    audit_record(action="reply.bulk_approved", actor=by, school=by.school_id, data=counts)
    return counts
