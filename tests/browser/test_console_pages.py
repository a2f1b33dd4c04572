"""Keyboard shortcuts, remembered reading options and narrow screens, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.review.helpers import held_reply
from tutorconsole.models import PupilProfile
from tutoring.states import ReplyState

from .conftest import NARROW, assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def test_a_teacher_reviews_with_the_keyboard_shortcuts(live_server, world, new_page):
    first = held_reply(world.pupil, minutes_ago=20)
    held_reply(world.other_pupil, minutes_ago=10)
    page = new_page()
    log_in(page, live_server.url, world.teacher)

    page.keyboard.press("j")
    expect(page.locator(".queue-link").first).to_be_focused()
    page.keyboard.press("j")
    expect(page.locator(".queue-link").nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator(".queue-link").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Draft reply")).to_be_visible()

    page.keyboard.press("e")
    expect(page.locator("#id_edit_text")).to_be_focused()
    page.keyboard.press("a")  # typed into the box, not a shortcut
    first.refresh_from_db()
    assert first.state == ReplyState.HELD
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    expect(page.get_by_text("Approved and sent to the pupil.")).to_be_visible()
    first.refresh_from_db()
    assert first.state == ReplyState.APPROVED


def test_the_queue_reflows_at_320_pixels(live_server, world, new_page):
    held_reply(world.pupil, categories=("low_confidence",), minutes_ago=25)
    page = new_page(NARROW)
    log_in(page, live_server.url, world.teacher)
    expect(page.locator(".queue-item")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "review-queue-320")
    assert_accessible(page)


def test_a_pupils_reading_options_are_remembered(live_server, world, new_page):
    page = new_page()
    log_in(page, live_server.url, world.pupil)
    page.get_by_text("Reading options: font, text size, contrast").click()
    page.get_by_label("Dyslexia-friendly").check()
    page.get_by_label("Text size").select_option("150")
    page.get_by_label("High contrast").check()
    page.get_by_role("button", name="Save reading options").click()

    body = page.locator("body")
    expect(body).to_have_class("pupil text-size-150 dyslexia high-contrast")
    profile = PupilProfile.objects.get(user=world.pupil)
    assert (profile.font, profile.text_size, profile.high_contrast) == ("dyslexia", 150, True)

    # A new browser (another day, another computer) shows the same options.
    again = new_page(NARROW)
    log_in(again, live_server.url, world.pupil)
    expect(again.locator("body")).to_have_class("pupil text-size-150 dyslexia high-contrast")
    assert again.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(again)
