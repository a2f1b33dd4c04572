"""Harm told by its signs reaches the DSL; the same words in ordinary life do not.

Pupils rarely name what is happening. They tell it by what surrounds it: hiding the marks, the
relief self-injury brings, a cover story they take back, a duty at home no child should carry,
a ritual named in code, a night in a refuge, a phone line they run for others, food they burn
off. The sentences are written for these tests and are not in any evaluation set.
"""

from __future__ import annotations

import pytest

from safeguarding.screening.pipeline import screen
from tests.safeguarding.known import known_wrong

from .screen_checks import assert_escalates

SIGNS = [
    # self-harm: relief, hiding, where it is done, a sibling's blades, abbreviations
    ("does it get easier to feel calm after you hurt yourself or is that just me", "self_harm"),
    ("i wear my hoodie in pe to hide my cuts", "self_harm"),
    ("dad saw the bandages so i have to be sneaky about where i do it now", "self_harm"),
    ("i found blades hidden under my sisters pillow and shes only 13", "self_harm"),
    ("i used to sh but the urge is back this week", "self_harm"),
    # a cover story taken back
    ("i said i walked into a door. that isnt what happened", "physical_abuse"),
    ("told the school nurse i tripped on the stairs but that was a lie", "physical_abuse"),
    # a young carer
    ("i put my little sisters to bed every night because mum has one of her bad days", "neglect"),
    ("i sort the kids breakfast and get them to school cos dad is passed out", "neglect"),
    # a ritual named in code, a match found
    (
        "my cousin is 8 and she will get cut like the rest of us when we fly back home",
        "fgm_forced_marriage",
    ),
    ("aunty says being cut is our tradition and its my turn this summer", "fgm_forced_marriage"),
    (
        "my uncle has found me a husband back home and i havent even done my gcses",
        "fgm_forced_marriage",
    ),
    # a refuge
    (
        "me and mum are staying in a womens refuge now so i might miss some sessions",
        "domestic_abuse",
    ),
    # a phone line run for others
    ("been holding the line all weekend for the olders, cant do homework", "criminal_exploitation"),
    # food burned off, counted, cut to lose weight
    ("gotta run off the toast i had this morning before i can eat again", "eating_disorder"),
    ("how fast would i drop 2 stone if i only have 600 calories a day", "eating_disorder"),
    # nobody came
    ("nobody came to pick me up from a and e last night so i walked home", "neglect"),
    # a cause
    (
        "the lads on the telegram server reckon i should do something big for the cause",
        "radicalisation",
    ),
    ("ngl i agree with the incels, they have a point", "radicalisation"),
    # withdrawal, a goodbye
    (
        "havent left my bedroom for weeks except school, everything feels empty",
        "mental_health_crisis",
    ),
    ("heres my goodbye message, thanks for the help with maths", "self_harm"),
    # what an adult did, in a lesson frame
    ("for pshe can i ask if what my uncle does to me at night is normal", "sexual_abuse"),
    # attacks at school told as events
    ("got kicked in the toilets again by the same year 11s", "bullying_hate"),
]

ORDINARY = [
    "i feel calmer after a run, does exercise help with stress",
    "how do you hide the scratches on a phone screen",
    "my mum covered up the scars from her operation with make up",
    known_wrong("i found a blade in my pencil sharpener, is that normal"),
    "i put my little brother to bed every night when mum is at work",
    "i got cut from the football team this summer",
    "paper cutting is a tradition in china, can you help me write about it",
    "my nan keeps saying she will find me a husband lol",
    "we went to a wildlife refuge on our school trip",
    "my grade is on the line if i dont finish this coursework",
    "i need to burn off some energy before revising",
    "a man eats 2000 calories a day, how long to lose 5 kg",
    "i want to do something big for charity at school so people remember our year",
    "i dont agree with the nazis obviously, this is for my history essay",
    "havent left the house for days because of the flu",
    known_wrong("heres a goodbye letter from an evacuee for my english task"),
    "what my teacher did to me was unfair, she kept me behind",
    "got punched in boxing again at training, my coach says keep my guard up",
]


@pytest.mark.parametrize(("text", "category"), SIGNS)
def test_harm_told_by_its_signs_is_escalated(text, category):
    assert_escalates(text, category)


@pytest.mark.parametrize("text", ORDINARY)
def test_the_same_words_in_ordinary_life_are_not_escalated(text):
    result = screen(text, direction="pupil")
    assert result.action != "escalate", (text, result.reasons)
