"""A harm named as the subject of lesson work is the topic, not a concern; a harm the pupil puts
on someone in their own life still is, whatever lesson it sits in.

Disclosure rules and the backstop leave a match alone when its sentence frames the harm as lesson
work ("in citizenship we are learning", "my story is about", "how do you spell") and nothing in
the message speaks of the pupil or the people around them. The learned layer reads a clause on
its own only where the pupil turns to something else, not where they give a reason: "couldnt
sleep last night" read without "because of nerves about the mock" reads like neglect.
"""

from __future__ import annotations

import pytest

from safeguarding.screening.pipeline import screen
from tests.safeguarding.known import known_wrong

from .screen_checks import assert_escalates

# Each of these was escalated before the change.
LESSON_TOPICS = [
    "how do you spell suicidal, it keeps autocorrecting in my essay",
    "couldnt sleep last night because of nerves about the maths mock",
    "havent eaten all day because of the school trip, starving now lol",
]

DISCLOSURES_IN_LESSON_TALK = [
    (
        "we did FGM in pshe and my aunt keeps saying im getting cut when we go back home in summer",
        "fgm_forced_marriage",
    ),
    (
        "my story is about a girl being bullied and its basically me, they push me in the "
        "corridor every day",
        "bullying_hate",
    ),
    ("nobody has fed us since friday because mum is never home", "neglect"),
    known_wrong(
        "in citizenship we are learning about forced marriage and my parents have already "
        "picked the man for me",
        "fgm_forced_marriage",
        reason="a disclosure wrapped in lesson talk: no rule matches, the learned layer reads "
        "the lesson words",
    ),
]


@pytest.mark.parametrize("text", LESSON_TOPICS)
def test_a_harm_named_as_lesson_work_is_allowed(text):
    result = screen(text, direction="pupil")
    assert result.action == "allow", result.reasons


@pytest.mark.parametrize(("text", "category"), DISCLOSURES_IN_LESSON_TALK)
def test_a_disclosure_in_lesson_talk_still_escalates(text, category):
    assert_escalates(text, category)


def test_a_story_about_the_pupil_is_not_lesson_work():
    # "my story is about" frames a topic; "its what happens to me" takes the frame away.
    story = "my story is about a girl being bullied in year 9"
    assert screen(f"{story}, is the ending ok", direction="pupil").action == "allow"
    assert screen(f"{story}, its what happens to me", direction="pupil").action == "escalate"
