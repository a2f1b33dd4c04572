"""The pupil's, the teacher's and the DSL's journeys, driven in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from review.templatetags.review_tags import category_label
from safeguarding.models import Concern
from tests.conftest import wait_for
from tutoring.models import Reply
from tutoring.states import ReplyState

from .conftest import NARROW, assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.timeout(180)]

REPLY_TIMEOUT_MS = 45_000


def start_maths_session(page, base_url: str) -> None:
    page.goto(f"{base_url}/tutor/")
    page.get_by_label("Maths").check()
    # Choosing the subject narrows the topics in place.
    expect(page.locator("#id_topic optgroup[label=English]")).to_have_count(0)
    page.get_by_label("What do you want to work on?").select_option(
        "maths.algebra.linear-equations"
    )
    page.get_by_role("button", name="Start").click()
    title = re.compile("linear equations", re.IGNORECASE)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def send(page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send").click()


def test_a_pupil_asks_a_maths_question_and_the_reply_arrives_by_itself(live, world, new_page):
    page = new_page()
    log_in(page, live, world.pupil)
    start_maths_session(page, live)
    expect(page.get_by_text("This is an AI tutor, not a person.")).to_be_visible()

    send(page, "How do I solve 3x + 5 = 20?")
    expect(page.locator(".pupil-bubble").last).to_contain_text("How do I solve 3x + 5 = 20?")

    reply = page.locator(".tutor-bubble .reply-text").last
    expect(reply).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    released = Reply.objects.get(message__session__pupil=world.pupil)
    assert released.state == ReplyState.RELEASED
    expect(reply).to_contain_text(released.released_text.splitlines()[0][:30])
    # The live region announces the new reply to screen-reader users.
    expect(page.locator("#live-announcer")).to_contain_text("New reply")
    screenshot(page, "pupil-chat")
    assert_accessible(page)

    narrow = new_page(NARROW)
    log_in(narrow, live, world.pupil)
    narrow.goto(page.url)
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(narrow, "pupil-chat-320")


def test_a_held_reply_reaches_the_pupil_only_as_the_teacher_edited_it(live, world, new_page):
    world.school.strict_mode = True
    world.school.save()
    pupil = new_page()
    log_in(pupil, live, world.pupil)
    start_maths_session(pupil, live)
    send(pupil, "I got x = 4 for 3x + 5 = 20, is that right?")

    expect(pupil.locator("#conversation .status").last).to_have_text(
        "Your teacher is checking this reply.", timeout=REPLY_TIMEOUT_MS
    )
    held = Reply.objects.get(message__session__pupil=world.pupil)
    assert held.state == ReplyState.HELD
    original = held.draft_text
    screenshot(pupil, "held-status")

    teacher = new_page()
    log_in(teacher, live, world.teacher)
    expect(teacher.get_by_role("heading", name="Review queue")).to_be_visible()
    row = teacher.locator(f'.queue-item[data-reply-id="{held.pk}"]')
    for category in held.hold_categories:
        expect(row).to_contain_text(category_label(category))
    screenshot(teacher, "review-queue")
    assert_accessible(teacher)

    row.get_by_role("link").click()
    expect(teacher.get_by_role("heading", name="Draft reply")).to_be_visible()
    screenshot(teacher, "review-item")
    assert_accessible(teacher)
    edit = "Not quite. Take 5 from both sides first, then divide by 3."
    teacher.get_by_label("Edit the reply, then send").fill(edit)
    teacher.get_by_role("button", name="Send my edit").click()
    expect(teacher.get_by_text("Your edited reply was sent to the pupil.")).to_be_visible()

    # The pupil's page shows the edit by itself, and never the original draft.
    expect(pupil.locator(".reply-text").last).to_have_text(edit, timeout=REPLY_TIMEOUT_MS)
    assert original not in pupil.content()
    pupil.reload()
    assert original not in pupil.content()
    expect(pupil.locator(".reply-text").last).to_have_text(edit)

    teacher.goto(f"{live}/review/classes/{world.klass.pk}/")
    expect(teacher.get_by_role("heading", name="Review figures")).to_be_visible()
    screenshot(teacher, "class-view")
    assert_accessible(teacher)


def test_a_disclosure_signposts_the_pupil_and_reaches_the_dsl(live, world, new_page):
    pupil = new_page()
    log_in(pupil, live, world.pupil)
    start_maths_session(pupil, live)
    send(pupil, "can you help with q3? also my dad hit me again last night")

    expect(pupil.locator("#conversation .reply-text").last).to_contain_text("Childline")
    expect(pupil.locator(".reply-safeguarding")).to_contain_text("0800 1111")
    concern = wait_for(lambda: Concern.objects.filter(pupil=world.pupil).first(), timeout=10)

    dsl = new_page()
    log_in(dsl, live, world.dsl)
    dsl.goto(f"{live}/safeguarding/concerns/")
    link = dsl.get_by_role("link", name=f"#{concern.pk}")
    expect(link).to_be_visible()
    screenshot(dsl, "concern-list")
    link.click()
    expect(dsl.locator("main")).to_contain_text("my dad hit me again last night")
    screenshot(dsl, "concern-page")
    assert_accessible(dsl)
    dsl.get_by_role("button", name="Acknowledge").click()
    dsl.wait_for_load_state("domcontentloaded")
    concern.refresh_from_db()
    assert concern.status == Concern.Status.ACKNOWLEDGED


def test_the_keyboard_alone_can_send_a_message(live, world, new_page):
    page = new_page(bypass_csp=False)
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text)
            if "Content Security Policy" in m.text else None)
    log_in(page, live, world.pupil)
    start_maths_session(page, live)
    page.locator("body").focus()
    page.evaluate("document.activeElement && document.activeElement.blur()")

    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_text":
            break
    else:
        pytest.fail("Tab never reached the message box")
    page.keyboard.type("What is 7 times 8?")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "send-button"
    # A visible focus indicator on the button.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")

    expect(page.locator(".pupil-bubble").last).to_contain_text("What is 7 times 8?")
    wait_for(lambda: Reply.objects.filter(message__text="What is 7 times 8?").exists(),
             timeout=10)
    # After sending, focus comes back to the message box for the next question.
    expect(page.locator("#id_text")).to_be_focused()
    # Everything above ran under the Content Security Policy, with nothing refused.
    assert not csp_errors, csp_errors
