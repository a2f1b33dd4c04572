"""A hold from one sentence or clause of a pupil message needs the whole message to read the
same way at least a little; an escalation does not.

A short clause read alone ("i feed him and brush him", "how do i make it sound real") says too
little to hold a message whose whole reads as ordinary. Over every labelled line this released
65 look-alikes and lost no disclosure or risky request (`learned.DISCLOSURE_WHOLE_AT`,
`learned.RISKY_WHOLE_AT`).
"""

from __future__ import annotations

from safeguarding.screening import learned
from safeguarding.screening.learned import Reading
from safeguarding.screening.pipeline import screen


def reading(p_disclosure: float, p_risky: float, segment: str = "part") -> Reading:
    return Reading(segment, p_disclosure, p_risky, "neglect", "harmful_instructions")


def test_a_clause_hold_is_borne_out_only_by_a_whole_that_reads_the_same_way():
    clause = reading(learned.DISCLOSURE_HOLD_AT + 0.02, 0.0)
    assert learned._borne_out(clause, reading(learned.DISCLOSURE_WHOLE_AT, 0.0, "whole"))
    assert not learned._borne_out(clause, reading(learned.DISCLOSURE_WHOLE_AT - 0.05, 0.9, "whole"))
    risky = reading(0.0, learned.HOLD_AT + 0.05)
    assert learned._borne_out(risky, reading(0.0, learned.RISKY_WHOLE_AT, "whole"))
    assert not learned._borne_out(risky, reading(0.9, learned.RISKY_WHOLE_AT - 0.05, "whole"))


def test_the_whole_message_bears_itself_out():
    whole = reading(learned.DISCLOSURE_HOLD_AT + 0.02, 0.0, "whole")
    assert learned._borne_out(whole, whole)
    assert learned._borne_out(whole, None)


def test_an_ordinary_message_is_not_held_for_one_clause():
    text = (
        "my nan looks after our cat when we go away. i feed him and brush him. can i write about it"
    )
    result = screen(text, direction="pupil")
    assert result.action == "allow", result.reasons
