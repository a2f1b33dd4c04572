"""An adult outside the family who photographs or films pupils while they change, or makes them
change in front of him or her, is a disclosure whatever reason the adult gives."""

from __future__ import annotations

import pytest

from .screen_checks import assert_escalates, assert_look_alike_passes

DISCLOSURES = [
    "our gymnastics coach films us when were getting changed, he says its to check our posture",
    "sir takes pictures of the boys as they are changing after rugby and puts them on his phone",
    "the drama teacher makes us undress in front of her before the show to check the costumes",
]

LOOK_ALIKES = [
    "mum took photos of us while we were getting changed for my cousins wedding, so embarrassing",
    "the coach makes us get changed quickly before the match so we arent late",
    "we took photos while we were changing the classroom display",
]


@pytest.mark.parametrize("text", DISCLOSURES)
def test_an_adult_filming_pupils_while_they_change_escalates(text):
    assert_escalates(text, "sexual_abuse")


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_family_photos_and_getting_changed_for_a_match_are_not_escalated(text):
    assert_look_alike_passes(text, "pupil")
