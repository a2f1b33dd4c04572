"""The backstop: strong risk words about the pupil that no specific rule caught hold, never more."""

from __future__ import annotations

import pytest

from safeguarding.screening.pipeline import screen


@pytest.fixture(autouse=True)
def _rules_only(settings):
    """The backstop is a rule: read it without the learned layer, which may be stricter."""
    settings.SAFEGUARDING_LEARNED_ENABLED = False


@pytest.mark.parametrize(
    "text",
    [
        "theres a razor in my pencil case and i keep looking at it",
        "my uncle is a bit abusive when hes had a drink",
        "i owe money to the olders from the estate",
        "i keep getting panic attacks",
    ],
)
def test_risk_words_about_the_pupil_that_no_rule_caught_hold(text):
    result = screen(text, direction="pupil")
    assert result.action in ("hold", "escalate"), result


def test_a_backstop_match_holds_with_its_own_category_and_never_escalates():
    result = screen("theres a razor in my pencil case and im scared", direction="pupil")
    assert result.action == "hold"
    assert result.categories == ("risk_words",)
    assert result.severity == 1


@pytest.mark.parametrize(
    "text",
    [
        "how does the razor imagery work in this poem",
        "write an article about the dangers of drugs for my pshe homework",
        "a knife costs 12 pounds after 20% off, what was the price",
        "i got a knife in fortnite and won the match",
        "where can i buy something to weed my garden with",
    ],
)
def test_lesson_work_games_and_everyday_words_are_not_held_by_the_backstop(text):
    assert screen(text, direction="pupil").action == "allow"


def test_the_backstop_never_runs_on_replies():
    assert screen("Razors and blades are sharp tools.", direction="reply").action == "allow"
