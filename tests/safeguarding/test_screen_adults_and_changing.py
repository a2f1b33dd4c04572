"""An adult outside the family who photographs or films pupils while they change, or makes them
change in front of him or her, is a disclosure whatever reason the adult gives."""

from __future__ import annotations

from .screen_checks import disclosure_test, look_alike_test

DISCLOSURES = [
    (
        "our gymnastics coach films us when were getting changed, he says its to check our posture",
        "sexual_abuse",
    ),
    (
        "sir takes pictures of the boys as they are changing after rugby and puts them on his "
        "phone",
        "sexual_abuse",
    ),
    (
        "the drama teacher makes us undress in front of her before the show to check the costumes",
        "sexual_abuse",
    ),
]

LOOK_ALIKES = [
    (
        "mum took photos of us while we were getting changed for my cousins wedding, so "
        "embarrassing",
        "pupil",
    ),
    ("the coach makes us get changed quickly before the match so we arent late", "pupil"),
    ("we took photos while we were changing the classroom display", "pupil"),
]

test_an_adult_filming_pupils_while_they_change_escalates = disclosure_test(DISCLOSURES)
test_family_photos_and_getting_changed_are_not_escalated = look_alike_test(LOOK_ALIKES)
