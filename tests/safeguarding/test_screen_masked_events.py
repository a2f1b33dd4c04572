"""A real event of violence at home, masked with "lol", still reaches the DSL.

"lol" after a threat everyone makes ("my mum will kill me if i fail lol") is hyperbole and is
softened; after an event that happened ("my dad hit me again lol") it is masking, and the event
escalates. Games and sport with the same verbs stay allowed or held, never escalated. The
sentences are written for these tests and are not in the dev set.
"""

from __future__ import annotations

import pytest

from safeguarding.screening.pipeline import screen

MASKED_EVENTS = [
    "my dad hit me again lol",
    "my stepdad punched me last night lol anyway whats 3x+2=11",
    "mums boyfriend slapped me for being late haha",
    "my step mum kicked me cos i forgot the washing up lol",
    "dad belted me again lmao its fine",
    "my uncle hit me so hard lol i still cant move my arm",
    "my mum pushed me and i hit the door lol",
    "my carer smacked me yesterday jk",
    "they said theyre going to jump me after school",
    "year 11s keep saying theyre gonna stab me when i walk home",
]

NOT_ESCALATED = [
    "my mum will kill me if i fail this test lol",
    "my dad is gonna batter me if i get another detention lol",
    "my nan beat me at uno again lol",
    "my dad beat me again at fifa lol",
    "my uncle kicked me again in the match lol",
    "my brother hit me with a pillow again lol",
    "my dad beat me again at chess, he always wins",
    "my mum smashed me at table tennis again",
]


@pytest.mark.parametrize("text", MASKED_EVENTS)
def test_violence_or_a_threat_told_plainly_or_masked_with_laughter_escalates(text):
    result = screen(text, direction="pupil")
    assert result.action == "escalate", (text, result.reasons)
    assert {"physical_abuse", "bullying_hate"} & set(result.categories)


@pytest.mark.parametrize("text", NOT_ESCALATED)
def test_a_threat_made_in_jest_or_a_game_lost_is_not_escalated(text):
    result = screen(text, direction="pupil")
    assert result.action != "escalate", (text, result.reasons)


# A school trigger after a report of what happens at home is the reason for the harm, not a
# figure of speech: "if my grades are bad" does not soften "dad hits me".
HARM_FOR_A_SCHOOL_REASON = [
    "my dad hits me with the lead if my marks arent good enough",
    "mum locks me in my room without tea if i get a detention",
    "my stepdad slaps me if i fail a test, please dont say anything",
    "i get beaten by my uncle if my results are bad",
]

THREATS_IN_JEST = [
    "ill kms if i get another detention",
    "my mum is going to kill me if i fail this mock",
    "i swear ill die if this question is on the exam",
    "my dad will murder me if i get a detention",
]


@pytest.mark.parametrize("text", HARM_FOR_A_SCHOOL_REASON)
def test_harm_at_home_for_a_school_reason_is_not_read_as_hyperbole(text):
    result = screen(text, direction="pupil")
    assert result.action == "escalate", (text, result.reasons)
    assert not any("hyperbole" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("text", THREATS_IN_JEST)
def test_a_threat_about_the_future_with_a_school_trigger_is_still_hyperbole(text):
    result = screen(text, direction="pupil")
    assert result.action != "escalate", (text, result.reasons)
