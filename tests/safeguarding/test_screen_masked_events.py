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
