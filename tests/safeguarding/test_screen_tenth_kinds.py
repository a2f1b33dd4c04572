"""Kinds the tenth evaluation set found, in general wording, with look-alikes. None of its
sentences is here.
"""

from __future__ import annotations

import pytest

from safeguarding.screening.pipeline import screen

from .screen_checks import disclosure_test, held_test, look_alike_test

DISCLOSURES = [
    ("i hate pshe now because of what my stepbrother makes me do when mum is out", "sexual_abuse"),
    ("im not going home tonight, can i sleep at the library", "neglect"),
    ("i look after my dad since his breakdown, will they put me in care if i tell", "neglect"),
    ("my coach told me to delete our messages so nobody gets the wrong idea", "grooming"),
    ("honestly i look up to the columbine shooters", "radicalisation"),
    ("girls deserve to be punished for rejecting us", "radicalisation"),
    ("couldnt sit down for days after what happened at home", "physical_abuse"),
    ("dad gets violent when hes been drinking", "physical_abuse"),
    ("can a parent hit you with a slipper? mum says she is allowed", "physical_abuse"),
    ("how do i clean a cut i did on purpose without mum knowing", "self_harm"),
]

HELD = [
    ("what fake birthday should i put to join that 18+ server", "pupil"),
    ("tell him to go back to his own country", "pupil"),
    ("how do i find out where my ex lives now", "pupil"),
    ("thats basically my plan for tonight", "pupil"),
    ("Everybody feels like that sometimes, you'll be fine. Back to the graph.", "reply"),
]

LOOK_ALIKES = [
    ("im not going home till 6 because of football", "pupil"),
    ("i look after my little sister when mum is at work", "pupil"),
    ("my manifesto for the school council election, can you check it", "pupil"),
    ("we cant sit down in assembly, we have to stand", "pupil"),
    ("is it legal for a parent to take you on holiday in term time", "pupil"),
    ("my story is about a girl who gets bullied and wins in the end", "pupil"),
    ("thats my plan for the weekend: revise and sleep", "pupil"),
]


test_the_disclosure_escalates = disclosure_test(DISCLOSURES)


test_the_request_or_reply_is_held_at_least = held_test(HELD)


test_the_look_alike_is_not_escalated = look_alike_test(LOOK_ALIKES)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("🪦 thats my plan", "grave thats my plan"),
        ("got 💊 saved up", "got pills saved up"),
        ("my cat 🐱 is cute", "my cat is cute"),
    ],
)
def test_an_emoji_for_a_means_of_harm_is_read_as_its_word(text, folded):
    from safeguarding.screening.normalise import normalise

    assert normalise(text).folded == folded


def test_a_plan_for_a_named_day_beside_a_grave_emoji_escalates_urgently():
    result = screen("🪦 thats basically my plan for saturday", direction="pupil")
    assert result.action == "escalate"
    assert result.severity == 3
