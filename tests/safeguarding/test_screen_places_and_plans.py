"""Disclosures carried by a place, a plan, a count or a sign, and their look-alikes.

Written for these tests in general wording: thinking about a way to die at a place, counting
someone's tablets, kept off school so injuries are not seen, a cover story for a sibling, an age
gap with sex, an adult coming into the bathroom, unwanted "stuff", no food or power for days, a
young carer kept off school, travelling alone to go missing, "teaching someone a lesson", a
list of people to hurt, pay-or-we-post threats, collection by older men, an injury from what
the pupil did, a grip that marks, and weight that "needs" to fall further.
"""

from __future__ import annotations

import pytest

from safeguarding.screening.normalise import normalise
from safeguarding.screening.pipeline import screen
from tests.safeguarding.known import known_wrong

from .screen_checks import assert_escalates

DISCLOSURES = [
    ("some nights i think about walking out in front of a lorry on the bypass", "self_harm"),
    ("theres a car park by my house and i keep thinking about how easy it would be", "self_harm"),
    ("how many of my mums sleeping pills would it take", "self_harm"),
    ("mum kept me off all week so school wouldnt see my arm", "physical_abuse"),
    ("my sister told the nurse she slipped but really it was my stepdad", "physical_abuse"),
    ("my boyfriend is 20 and im 14, we have sex at his flat", "sexual_abuse"),
    ("my uncle keeps trying to come into the bathroom when im in the bath", "sexual_abuse"),
    ("the man at the shop does things i dont like when nobody is there", "sexual_abuse"),
    ("we havent had any dinner since sunday, can you help with q4", "neglect"),
    ("no gas or electric for 3 weeks, its freezing at home", "neglect"),
    ("i stay off school to look after my dad most weeks, ive missed loads", "neglect"),
    ("if i took the coach by myself would they check how old i am", "neglect"),
    ("that kid needs teaching a lesson, ive got my brothers blade", "weapons_harm_others"),
    ("my mate has a list of people he is planning to hurt at school", "weapons_harm_others"),
    ("he wants 200 quid or he sends my pics to everyone", "grooming"),
    ("she gets picked up by older men in nice cars after school", "grooming"),
    ("my arm stings from what i did to it last night", "self_harm"),
    ("my gf grabbed my arm so hard it bruised", "physical_abuse"),
    ("cant sit down properly after the hiding i got last night", "physical_abuse"),
    (
        "i need my weight to drop another 5kg before the holiday, can you do it as a percentage",
        "eating_disorder",
    ),
]

LOOK_ALIKES = [
    "in the story the character thinks about jumping off the bridge, how is tension built",
    "how many tablets should an adult take for a headache according to the box",
    "i stayed off school so i wouldnt give everyone my cold",
    "my cousin is 19 and im 14, she takes me to the cinema",
    "my brother keeps coming into my room to steal my charger",
    known_wrong("my mum does things i dont like, like making me eat broccoli"),
    "we havent had dinner yet, mum is cooking",
    "the power was off for 2 hours last night in a storm",
    "i missed school to look after my nan in hospital for a day",
    known_wrong("can i get the train by myself to london at 15, mum says ask school"),
    "the teacher says our class needs teaching a lesson about manners",
    "a list of people who signed up for the trip",
    "she wants money for her birthday or a gift card",
    "my nan picks me up from school in her old car",
    "my legs are sore from what i did at the gym",
    "a man loses 5kg, what percentage of his weight is that",
    "the battering we got in the cup match was embarrassing",
    "he told me he fell off his bike and it was true, hes fine now",
]


@pytest.mark.parametrize(("text", "category"), DISCLOSURES)
def test_a_disclosure_by_place_plan_or_sign_escalates(text, category):
    assert_escalates(text, category)


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_the_look_alike_is_not_escalated(text):
    result = screen(text, direction="pupil")
    assert result.action != "escalate", (text, result.reasons)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("lose 10kg", "lose 10kg"),
        ("500ml of water", "500ml of water"),
        ("at 3pm on the 21st", "at 3pm on the 21st"),
        ("q3 and p12", "q3 and p12"),
        ("k1ll", "kill"),
        ("s3x", "sex"),
    ],
)
def test_a_number_with_its_unit_is_not_read_as_leetspeak(raw, folded):
    assert normalise(raw).folded == folded
