"""The pupil's pages. Thin: they translate HTTP to services and selectors."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from tutorconsole.access import is_pupil
from tutorconsole.services import pupil_preferences_update

from . import selectors, services
from .forms import SUBJECTS, MessageForm, NewSessionForm, PreferencesForm
from .status import WAITED_SCOPE_KEY, session_status_remember, session_status_version


def _pupil(request: HttpRequest):
    if not is_pupil(request.user):
        raise PermissionDenied("This page is for pupils.")
    return request.user


def _subject(request: HttpRequest) -> str | None:
    subject = request.GET.get("subject") or request.POST.get("subject")
    return subject if subject in dict(SUBJECTS) else None


@login_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    pupil = _pupil(request)
    subject = _subject(request)
    context = {
        "sessions": selectors.pupil_sessions(pupil=pupil),
        "form": NewSessionForm(subject=subject),
        "subject": subject,
        "subjects": SUBJECTS,
        "tutoring_enabled": pupil.school.tutoring_enabled,
    }
    if request.htmx and request.htmx.target == "topic-field":
        return render(request, "tutoring/session_list.html#topic_field", context)
    return render(request, "tutoring/session_list.html", context)


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    """Remember the pupil's font, text size and contrast, then go back to the page they were on."""
    pupil = _pupil(request)
    form = PreferencesForm(request.POST)
    if form.is_valid():
        pupil_preferences_update(
            pupil=pupil, font=form.cleaned_data["font"],
            text_size=form.cleaned_data["text_size"],
            high_contrast=form.cleaned_data["high_contrast"],
        )
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = reverse("tutoring:session_list")
    return redirect(back)


@login_required
@require_POST
def session_new(request: HttpRequest) -> HttpResponse:
    pupil = _pupil(request)
    form = NewSessionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            session = services.session_start(pupil=pupil, topic_code=form.cleaned_data["topic"])
        except services.TutoringRefused as refusal:
            error = str(refusal)
        else:
            url = reverse("tutoring:session_detail", args=[session.pk])
            if request.htmx:
                return HttpResponseClientRedirect(url)
            return redirect(url)
    else:
        error = "Please choose a topic from the list."
    return render(
        request,
        "tutoring/session_list.html",
        {
            "sessions": selectors.pupil_sessions(pupil=pupil),
            "form": form,
            "error": error,
            "subject": _subject(request),
            "subjects": SUBJECTS,
            "tutoring_enabled": pupil.school.tutoring_enabled,
        },
        status=400,
    )


def _chat_context(session, *, form=None, error: str = "") -> dict:
    turns = selectors.pupil_transcript(session=session)
    return {
        "session": session,
        "turns": turns,
        "waiting": selectors.session_waiting(turns=turns),
        "version": session.version,
        "form": form or MessageForm(),
        "error": error,
        "poll_seconds": settings.STATUS_POLL_SECONDS,
    }


@login_required
@require_GET
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    pupil = _pupil(request)
    session = selectors.pupil_session(pupil=pupil, session_id=session_id)
    return render(request, "tutoring/session_detail.html", _chat_context(session))


@login_required
@require_POST
def message_new(request: HttpRequest, session_id: int) -> HttpResponse:
    pupil = _pupil(request)
    session = selectors.pupil_session(pupil=pupil, session_id=session_id, with_school=True)
    form = MessageForm(request.POST)
    error = ""
    status = 200
    if form.is_valid():
        try:
            services.message_post(session=session, pupil=pupil, text=form.cleaned_data["text"])
        except services.TutoringRefused as refusal:
            error = str(refusal)
            status = 400
        else:
            form = MessageForm()
            if not request.htmx:
                return redirect("tutoring:session_detail", session_id=session.pk)
    else:
        error = "Please type a message."
        status = 400
    # `message_post` has set the session's new version; the conversation is read after it, so
    # the page can only be newer than its version says, never older.
    context = _chat_context(session, form=form, error=error)
    if request.htmx:
        # htmx swaps 2xx answers only; a refusal is still shown, so answer 200 with the error.
        return render(request, "tutoring/session_detail.html#chat", context)
    return render(request, "tutoring/session_detail.html", context, status=status)


@require_GET
def session_updates(request: HttpRequest, session_id: int) -> HttpResponse:
    """Answer 204 when nothing changed since the page's version, else the new conversation.

    The check reads the cache, not the database, so idle polling costs PostgreSQL nothing.
    `wait=1` asks for a long poll: under ASGI `tutoring.status.long_poll_app` has already waited
    for news before this view runs; under WSGI the view itself waits a short while.
    """
    try:
        since = int(request.GET.get("v", "-1"))
    except ValueError:
        since = -1
    # The user id comes from the session, which the cached session engine serves from the cache.
    user_id = request.session.get("_auth_user_id")
    # The long-poll layer marks a request it has already held (in META when Django runs as WSGI
    # behind it, as it does in tutorconsole/asgi.py; in the scope under Django's ASGI handler).
    waited = request.META.get(WAITED_SCOPE_KEY) or getattr(request, "scope", {}).get(
        WAITED_SCOPE_KEY
    )
    wait_here = request.GET.get("wait") == "1" and not waited
    if user_id is not None:
        deadline = time.monotonic() + (settings.STATUS_POLL_SECONDS if wait_here else 0)
        while True:
            known = session_status_version(session_id=session_id, pupil_id=int(user_id))
            if known is None or known != since:
                break
            if time.monotonic() >= deadline:
                return HttpResponse(status=204)
            time.sleep(0.2)
    # Sign-in is checked here rather than by a decorator, which would load the user from the
    # database on every poll; the unchanged answer above needs only the session.
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    pupil = _pupil(request)
    session = selectors.pupil_session(pupil=pupil, session_id=session_id)
    if session.version == since:
        # The cache had lost the version: put it back so the next poll stays off the database.
        session_status_remember(session_id=session.pk, pupil_id=pupil.pk, version=since)
        return HttpResponse(status=204)
    return render(request, "tutoring/session_detail.html#conversation", _chat_context(session))
