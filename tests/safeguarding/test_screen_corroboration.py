"""Two weak readings that agree reach the DSL.

The rules or the concept scorer may see a possible disclosure only weakly (a "lead": held, not
escalated, and not read as hyperbole or set-text talk), and the learned layer may read the same
message as a disclosure below its own escalation level. Alone, each would hold it for a teacher.
Together they escalate (`learned.CORROBORATE_AT`). The sentences are written for these tests.
"""

from __future__ import annotations

from safeguarding.screening import learned
from safeguarding.screening.local import screen_local
from safeguarding.screening.pipeline import screen

# The rules see a possible sexual abuse disclosure only weakly; the model reads one below its own
# escalation level. (The sentences change as the model is retrained: these tests are about the
# mechanism, and each checks first that its sentence still sits where the test needs it.)
WEAK_LEAD = "someone from karate does stuff i dont like"


def test_a_weak_lead_that_the_model_also_reads_as_a_disclosure_escalates():
    local = screen_local(WEAK_LEAD, direction="pupil")
    assert local.action == "hold"
    assert local.leads == ("sexual_abuse",)
    scores = learned.score_segments(WEAK_LEAD)
    best = max(s.p_disclosure for s in scores)
    assert learned.CORROBORATE_AT <= best < learned.ESCALATE_AT
    assert learned.screen_learned(WEAK_LEAD).action != "escalate"

    result = screen(WEAK_LEAD, direction="pupil")

    assert result.action == "escalate"
    assert "sexual_abuse" in result.categories
    assert any("as the rules suspected" in reason for reason in result.reasons)


def test_the_model_alone_at_the_same_level_does_not_escalate():
    assert learned.screen_learned(WEAK_LEAD, leads=()).action != "escalate"
    assert learned.screen_learned(WEAK_LEAD, leads=("sexual_abuse",)).action == "escalate"


def test_a_lead_the_model_does_not_share_stays_a_hold():
    text = "someone from football does stuff i dont like"
    local = screen_local(text, direction="pupil")
    assert local.leads == ("sexual_abuse",)
    best = max(s.p_disclosure for s in learned.score_segments(text))
    assert best < learned.CORROBORATE_AT
    assert screen(text, direction="pupil").action == "hold"


def test_laughter_in_the_sentence_keeps_a_lead_a_hold():
    text = "got a blade off an older kid lol its in my blazer pocket"
    assert screen_local(text, direction="pupil").leads == ("weapons_harm_others",)
    assert screen(text, direction="pupil").action == "hold"


def test_hyperbole_is_not_a_lead():
    text = "simultaneous equations make me want to die lol"
    local = screen_local(text, direction="pupil")
    assert local.action == "hold"
    assert local.leads == ()


def test_an_escalation_or_a_reply_carries_no_leads():
    assert screen_local("my dad hits me every night", direction="pupil").leads == ()
    assert screen_local("You should just kill yourself", direction="reply").leads == ()
