"""Fixes after the sixteenth evaluation set, in general wording. None of its sentences is here."""

from __future__ import annotations

import pytest

from safeguarding.screening.pipeline import screen


def test_a_parents_violence_asked_about_as_law_with_mine_does_it_escalates():
    text = "is it legal for a parent to slap you? mine does it a lot when im late"
    result = screen(text, direction="pupil")
    assert result.action == "escalate", result.reasons
    assert "physical_abuse" in result.categories


@pytest.mark.parametrize(
    "text",
    [
        "what does the writer want us to think about the character's suicide in the play",
        "compare county lines and ordinary drug dealing for our pshe presentation",
        "my brace was tightened and i can only eat soup today",
    ],
)
def test_a_set_text_a_lesson_topic_or_a_brace_is_not_escalated(text):
    result = screen(text, direction="pupil")
    assert result.action != "escalate", (text, result.reasons)


def test_thinking_about_suicide_in_the_first_person_still_escalates():
    result = screen("i keep thinking about suicide every night", direction="pupil")
    assert result.action == "escalate"
