"""An injury whose everyday explanation the pupil takes back escalates, laughing or not.

An injury with an explanation that does not fit is a warning sign in Keeping Children Safe in
Education. Pupils rarely say who did it; they say what they told school and that it was not true.
"""

from __future__ import annotations

import pytest

from safeguarding.screening.pipeline import screen
from tests.safeguarding.known import known_wrong

from .screen_checks import assert_escalates, assert_look_alike_passes

COVER_STORIES = [
    ("sprained wrist. i said netball to my form tutor. it wasnt netball", "physical_abuse"),
    ("the marks on my legs arent from the dog haha, i told miss they were", "physical_abuse"),
    ("my cousin has a split lip and says she fell, but it wasnt an accident", "physical_abuse"),
    (
        "burns on my arm, mum told the nurse it was cooking. we dont even have an oven",
        "physical_abuse",
    ),
    ("the cuts are from me not the cat 🙃 how do i hide them in pe", "self_harm"),
]

LOOK_ALIKES = [
    "i hurt my ankle at netball, not at football like i said before",
    known_wrong(
        "the scratch isnt from the cat, its from the rose bush in the garden",
        reason="the rules leave it alone; the learned layer reads it as self-harm",
    ),
    "we dont have a cat so the scratches on the sofa are a mystery lol",
    "my knee is sore but its not from football, i think i just grew",
]


@pytest.mark.parametrize(("text", "category"), COVER_STORIES)
def test_an_injury_with_its_explanation_taken_back_escalates(text, category):
    assert_escalates(text, category)


def test_a_bare_denial_holds_for_a_teacher():
    result = screen("the plasters in my bag are not from hockey btw", direction="pupil")
    assert result.action in {"hold", "escalate"}, result.reasons


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_another_everyday_cause_or_no_injury_is_not_escalated(text):
    assert_look_alike_passes(text, "pupil")
