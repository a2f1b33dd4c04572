"""The teacher's review console."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguarding import services as safeguarding_services
from tutorconsole import services as console_services
from tutorconsole.access import can_review, pupil_for_teacher, taught_classes
from tutorconsole.audit import audit_record

from . import selectors, services
from .forms import (
    ConcernForm,
    EditForm,
    PupilSettingsForm,
    RegenerateForm,
    RejectForm,
    WriteForm,
)

REASON_CODES = ("low_confidence", "strict_mode", "tutor_asked_for_teacher", "answer_handover",
                "personal_data", "prompt_injection")


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
    page = selectors.review_queue(teacher=teacher, class_id=class_id, reason=reason,
                                  after=request.GET.get("after") or None)
    for reply in page.items:
        reply.waited = selectors.waited_minutes(reply)
    # The page links keep the filters; the next page starts after this page's last row.
    filters = request.GET.copy()
    filters.pop("after", None)
    following = filters.copy()
    following["after"] = page.next_after or ""
    context = {
        "items": page.items,
        "first_page_query": filters.urlencode(),
        "next_page_query": following.urlencode() if page.next_after else "",
        "paged": "after" in request.GET,
        "page_size": selectors.QUEUE_PAGE_SIZE,
        "classes": taught_classes(teacher),
        "class_id": class_id,
        "reason": reason,
        "target_minutes": teacher.school.review_target_minutes,
        "low_risk_count": selectors.low_risk_hold_count(teacher=teacher),
        "reason_codes": REASON_CODES,
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


def _act(
    request: HttpRequest, reply_id: int, action, *, form=None, invalid: str = "",
    then: str = "review:queue",
) -> HttpResponse:
    """Run one review decision; a refusal changes nothing and says why on the item's page."""
    teacher = _teacher(request)
    reply = selectors.review_item(teacher=teacher, reply_id=reply_id)
    try:
        if form is not None and not form.is_valid():
            raise services.ReviewRefused(invalid)
        note = action(teacher, reply, form.cleaned_data if form is not None else {})
    except services.ReviewRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("review:item", reply_id=reply.pk)
    messages.success(request, note)
    if then == "review:item":
        return redirect(then, reply_id=reply.pk)
    return redirect(then)


@login_required
@require_POST
def approve(request: HttpRequest, reply_id: int) -> HttpResponse:
    def action(teacher, reply, data):
        services.review_approve(reply=reply, by=teacher)
        return "Approved and sent to the pupil."

    return _act(request, reply_id, action)


@login_required
@require_POST
def edit(request: HttpRequest, reply_id: int) -> HttpResponse:
    def action(teacher, reply, data):
        services.review_edit(reply=reply, text=data["text"], by=teacher)
        return "Your edited reply was sent to the pupil."

    return _act(request, reply_id, action, form=EditForm(request.POST),
                invalid="Please write the reply before sending it.")


@login_required
@require_POST
def reject(request: HttpRequest, reply_id: int) -> HttpResponse:
    def action(teacher, reply, data):
        services.review_reject(reply=reply, reason=data["reason"], by=teacher)
        return "Rejected. Now regenerate it with guidance or write the reply yourself."

    return _act(request, reply_id, action, form=RejectForm(request.POST),
                invalid="Please give a reason for rejecting the reply.", then="review:item")


@login_required
@require_POST
def regenerate(request: HttpRequest, reply_id: int) -> HttpResponse:
    def action(teacher, reply, data):
        services.review_regenerate(reply=reply, guidance=data.get("guidance", ""), by=teacher)
        return "Sent back to the tutor with your guidance."

    return _act(request, reply_id, action, form=RegenerateForm(request.POST),
                invalid="Please keep the guidance short.")


@login_required
@require_POST
def write(request: HttpRequest, reply_id: int) -> HttpResponse:
    def action(teacher, reply, data):
        services.review_write(reply=reply, text=data["text"], by=teacher)
        return "Your reply was sent to the pupil."

    return _act(request, reply_id, action, form=WriteForm(request.POST),
                invalid="Please write the reply before sending it.")


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


@login_required
@require_http_methods(["GET", "POST"])
def bulk_approve(request: HttpRequest) -> HttpResponse:
    """Show the low-risk holds to approve together; approve the ticked ones once confirmed."""
    teacher = _teacher(request)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("reply") if v.isdigit()]
        if not ids:
            messages.error(request, "Tick at least one reply to approve.")
            return redirect("review:bulk_approve")
        counts = services.review_bulk_approve(reply_ids=ids, by=teacher)
        note = f"Approved {counts['approved']} repl{'y' if counts['approved'] == 1 else 'ies'}."
        if counts["refused"]:
            note += f" {counts['refused']} had been dealt with or claimed by someone else."
        if counts["skipped"]:
            note += f" {counts['skipped']} could not be approved in bulk; review them one by one."
        messages.success(request, note)
        return redirect("review:queue")
    return render(request, "review/bulk_approve.html",
                  {"items": selectors.low_risk_holds(teacher=teacher)})


@login_required
@require_GET
def class_detail(request: HttpRequest, class_id: int) -> HttpResponse:
    teacher = _teacher(request)
    overview = selectors.class_overview(teacher=teacher, class_id=class_id)
    return render(request, "review/class_detail.html", {
        "overview": overview, "classes": taught_classes(teacher),
        "small_group": selectors.SMALL_GROUP,
    })


def _csv_safe(value: object) -> str:
    """Stop a spreadsheet reading a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
@require_GET
def class_figures_csv(request: HttpRequest, class_id: int) -> HttpResponse:
    teacher = _teacher(request)
    overview = selectors.class_overview(teacher=teacher, class_id=class_id)
    audit_record(action="export.class_figures", actor=teacher, school=teacher.school_id,
                 target=overview.klass, data={"since": overview.since.isoformat()})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="class-{overview.klass.pk}-review-figures.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["class", "group", "replies", "held", "decided", "approved_as_is", "edited",
                     "hold_rate", "approve_as_is_rate", "edit_rate", "median_minutes_to_review",
                     "since"])
    for f in overview.figures:
        writer.writerow([_csv_safe(overview.klass.name), f.label, f.replies, f.held, f.decided,
                         f.approved, f.edited, _rate(f.hold_rate), _rate(f.approve_rate),
                         _rate(f.edit_rate), "" if f.median_review_minutes is None
                         else f.median_review_minutes, overview.since.date().isoformat()])
    return response


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


@login_required
@require_GET
def pupil_session(request: HttpRequest, pupil_id: int, session_id: int) -> HttpResponse:
    """A read-only transcript for the pupil's own teacher; reading it is audited."""
    teacher = _teacher(request)
    session = selectors.teacher_pupil_session(
        teacher=teacher, pupil_id=pupil_id, session_id=session_id
    )
    audit_record(action="transcript.viewed", actor=teacher, school=teacher.school_id,
                 target=session)
    return render(request, "review/transcript.html", {
        "session": session, "pupil": session.pupil,
        "turns": selectors.teacher_transcript(session=session),
    })


@login_required
@require_http_methods(["GET", "POST"])
def pupil_settings(request: HttpRequest, pupil_id: int) -> HttpResponse:
    teacher = _teacher(request)
    pupil = pupil_for_teacher(teacher, pupil_id)
    profile = getattr(pupil, "pupil_profile", None)
    current = {
        "send": bool(profile and profile.send), "eal": bool(profile and profile.eal),
        "home_language": profile.home_language if profile else "",
        "daily_minutes_limit": profile.daily_minutes_limit if profile else None,
    }
    if request.method == "POST":
        form = PupilSettingsForm(request.POST)
        if form.is_valid():
            changes = {k: v for k, v in form.cleaned_data.items()
                       if k != "reason" and v != current[k]}
            if changes:
                console_services.pupil_settings_update(
                    pupil=pupil, by=teacher, reason=form.cleaned_data["reason"], **changes
                )
                messages.success(request, f"Settings for {pupil.display_name} were saved.")
            else:
                messages.success(request, "Nothing was changed.")
            return redirect("review:pupil_settings", pupil_id=pupil.pk)
        status = 400
    else:
        form = PupilSettingsForm(initial=current)
        status = 200
    return render(request, "review/pupil_settings.html", {"pupil": pupil, "form": form},
                  status=status)
