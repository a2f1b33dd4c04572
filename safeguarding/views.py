"""The DSL's concern pages."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from tutorconsole.access import can_handle_concerns, can_see_concerns

from . import selectors, services
from .forms import ActionForm, CloseForm


def _staff(request: HttpRequest):
    if not can_see_concerns(request.user):
        raise PermissionDenied("Concerns are for safeguarding staff.")
    return request.user


def _dsl(request: HttpRequest):
    if not can_handle_concerns(request.user):
        raise PermissionDenied("Only the safeguarding lead and deputies can do this.")
    return request.user


@login_required
@require_GET
def concern_list(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    status = request.GET.get("status") or None
    return render(
        request,
        "safeguarding/concern_list.html",
        {"concerns": selectors.concern_list(user=user, status=status), "status": status},
    )


@login_required
@require_GET
def concern_detail(request: HttpRequest, concern_id: int) -> HttpResponse:
    user = _staff(request)
    concern = selectors.concern_detail(user=user, concern_id=concern_id)
    services.concern_view(concern=concern, by=user)
    return render(
        request,
        "safeguarding/concern_detail.html",
        {
            "concern": concern,
            "events": concern.events.select_related("actor"),
            "action_form": ActionForm(),
            "close_form": CloseForm(),
            "can_act": can_handle_concerns(user),
        },
    )


@login_required
@require_POST
def concern_acknowledge(request: HttpRequest, concern_id: int) -> HttpResponse:
    user = _dsl(request)
    concern = selectors.concern_detail(user=user, concern_id=concern_id)
    services.concern_acknowledge(concern=concern, by=user)
    messages.success(request, "Acknowledged.")
    return redirect("safeguarding:concern_detail", concern_id=concern.pk)


@login_required
@require_POST
def concern_action(request: HttpRequest, concern_id: int) -> HttpResponse:
    user = _dsl(request)
    concern = selectors.concern_detail(user=user, concern_id=concern_id)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose what was done and add the details.")
    else:
        try:
            services.concern_record_action(
                concern=concern, kind=form.cleaned_data["kind"], note=form.cleaned_data["note"],
                by=user,
            )
        except (services.ConcernClosed, ValueError) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Recorded in the chronology.")
    return redirect("safeguarding:concern_detail", concern_id=concern.pk)


@login_required
@require_POST
def concern_close(request: HttpRequest, concern_id: int) -> HttpResponse:
    user = _dsl(request)
    concern = selectors.concern_detail(user=user, concern_id=concern_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please record the outcome before closing the concern.")
    else:
        try:
            services.concern_close(concern=concern, outcome=form.cleaned_data["outcome"], by=user)
        except (services.ConcernClosed, ValueError) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Closed.")
    return redirect("safeguarding:concern_detail", concern_id=concern.pk)


@login_required
@require_GET
def concern_export(request: HttpRequest, concern_id: int, fmt: str) -> HttpResponse:
    user = _dsl(request)
    concern = selectors.concern_detail(user=user, concern_id=concern_id)
    services.concern_record_export(concern=concern, fmt=fmt, by=user)
    events = list(concern.events.select_related("actor"))
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="concern-{concern.pk}.csv"'
        writer = csv.writer(response)
        writer.writerow(["when", "who", "what", "note"])
        for event in events:
            writer.writerow([
                event.created_at.isoformat(),
                event.actor.username if event.actor else "Tutor Console",
                event.get_kind_display(),
                _csv_safe(event.note),
            ])
        return response
    return render(
        request, "safeguarding/concern_print.html", {"concern": concern, "events": events}
    )


def _csv_safe(value: str) -> str:
    # Spreadsheet programs run cells that start with these as formulas.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
@require_POST
def message_raise_concern(request: HttpRequest, message_id: int) -> HttpResponse:
    """A teacher (or the DSL) raises a concern by hand on any message of a pupil they may see."""
    user = _staff(request)
    message = selectors.message_for_concern(user=user, message_id=message_id)
    note = (request.POST.get("note") or "").strip()
    if not note:
        messages.error(request, "Please say what worries you.")
    else:
        services.concern_raise_by_teacher(message=message, note=note[:2000], by=user)
        messages.success(request, "Your concern was sent to the safeguarding lead.")
    fallback = "safeguarding:concern_list"
    back = request.POST.get("next") or ""
    from django.utils.http import url_has_allowed_host_and_scheme

    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(fallback)
