"""The teacher's review console."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from safeguarding import services as safeguarding_services
from tutorconsole.access import can_review, taught_classes

from . import selectors, services
from .forms import ConcernForm, EditForm, RegenerateForm, RejectForm, WriteForm


def _teacher(request: HttpRequest):
    if not can_review(request.user):
        raise PermissionDenied("The review queue is for teachers.")
    return request.user


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    teacher = _teacher(request)
    try:
        class_id = int(request.GET.get("class") or 0) or None
    except ValueError:
        class_id = None
    reason = request.GET.get("reason") or None
    items = selectors.review_queue(teacher=teacher, class_id=class_id, reason=reason)
    context = {
        "items": items,
        "classes": taught_classes(teacher),
        "class_id": class_id,
        "reason": reason,
        "target_minutes": teacher.school.review_target_minutes,
    }
    if request.htmx and request.htmx.target == "queue-items":
        return render(request, "review/queue.html#items", context)
    return render(request, "review/queue.html", context)


@login_required
@require_GET
def item(request: HttpRequest, reply_id: int) -> HttpResponse:
    teacher = _teacher(request)
    reply = selectors.review_item(teacher=teacher, reply_id=reply_id)
    if reply.state in selectors.QUEUE_STATES:
        reply = services.review_claim(reply=reply, by=teacher)
    return render(
        request,
        "review/item.html",
        {
            "reply": reply,
            "context_turns": selectors.review_context(reply=reply),
            "waited": selectors.waited_minutes(reply),
            "target_minutes": teacher.school.review_target_minutes,
            "edit_form": EditForm(initial={"text": reply.draft_text}),
            "reject_form": RejectForm(),
            "regenerate_form": RegenerateForm(),
            "write_form": WriteForm(),
            "concern_form": ConcernForm(),
            "claimed_by_other": reply.claimed_by_id not in (None, teacher.pk),
        },
    )


def _act(request: HttpRequest, reply_id: int, action) -> HttpResponse:
    teacher = _teacher(request)
    reply = selectors.review_item(teacher=teacher, reply_id=reply_id)
    try:
        note = action(teacher, reply)
    except services.ReviewRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("review:item", reply_id=reply.pk)
    messages.success(request, note)
    return redirect("review:queue")


@login_required
@require_POST
def approve(request: HttpRequest, reply_id: int) -> HttpResponse:
    return _act(request, reply_id, lambda t, r: (
        services.review_approve(reply=r, by=t), "Approved and sent to the pupil.")[1])


@login_required
@require_POST
def edit(request: HttpRequest, reply_id: int) -> HttpResponse:
    form = EditForm(request.POST)

    def action(teacher, reply):
        if not form.is_valid():
            raise services.ReviewRefused("Please write the reply before sending it.")
        services.review_edit(reply=reply, text=form.cleaned_data["text"], by=teacher)
        return "Your edited reply was sent to the pupil."

    return _act(request, reply_id, action)


@login_required
@require_POST
def reject(request: HttpRequest, reply_id: int) -> HttpResponse:
    form = RejectForm(request.POST)

    def action(teacher, reply):
        if not form.is_valid():
            raise services.ReviewRefused("Please give a reason for rejecting the reply.")
        services.review_reject(reply=reply, reason=form.cleaned_data["reason"], by=teacher)
        return "Rejected. Now regenerate it with guidance or write the reply yourself."

    teacher = _teacher(request)
    reply = selectors.review_item(teacher=teacher, reply_id=reply_id)
    try:
        message = action(teacher, reply)
    except services.ReviewRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, message)
    return redirect("review:item", reply_id=reply.pk)


@login_required
@require_POST
def regenerate(request: HttpRequest, reply_id: int) -> HttpResponse:
    form = RegenerateForm(request.POST)
    form.is_valid()
    return _act(request, reply_id, lambda t, r: (
        services.review_regenerate(reply=r, guidance=form.cleaned_data.get("guidance", ""), by=t),
        "Sent back to the tutor with your guidance.")[1])


@login_required
@require_POST
def write(request: HttpRequest, reply_id: int) -> HttpResponse:
    form = WriteForm(request.POST)

    def action(teacher, reply):
        if not form.is_valid():
            raise services.ReviewRefused("Please write the reply before sending it.")
        services.review_write(reply=reply, text=form.cleaned_data["text"], by=teacher)
        return "Your reply was sent to the pupil."

    return _act(request, reply_id, action)


@login_required
@require_POST
def raise_concern(request: HttpRequest, reply_id: int) -> HttpResponse:
    teacher = _teacher(request)
    reply = selectors.review_item(teacher=teacher, reply_id=reply_id)
    form = ConcernForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please say what worries you.")
        return redirect("review:item", reply_id=reply.pk)
    safeguarding_services.concern_raise_by_teacher(
        message=reply.message, note=form.cleaned_data["note"], by=teacher
    )
    messages.success(request, "Your concern was sent to the safeguarding lead.")
    return redirect("review:item", reply_id=reply.pk)
