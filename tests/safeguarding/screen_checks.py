"""The checks the screen's kind-by-kind test files share: a disclosure escalates to its
category, a risky request or bad reply is at least held, a look-alike is never escalated and a
good reply is released."""

from __future__ import annotations

import pytest

from safeguarding.screening.local import screen_local
from safeguarding.screening.pipeline import screen


def assert_escalates(text: str, category: str) -> None:
    result = screen(text, direction="pupil")
    assert result.action == "escalate", (text, result.reasons)
    assert category in result.categories, (text, result.categories)


def assert_held_at_least(text: str, direction: str) -> None:
    # Held for a teacher, or stricter: the learned layer may send some of these to the DSL.
    assert screen(text, direction=direction).action != "allow", text


def assert_look_alike_passes(text: str, direction: str) -> None:
    result = screen(text, direction=direction)
    if direction == "reply":
        assert result.action == "allow", (text, result.reasons)
    else:
        assert result.action != "escalate", (text, result.reasons)


# The same three parametrized tests over a module's lists of cases. Assign each to a `test_`
# name in the module: pytest collects it under that name.
def disclosure_test(cases: list[tuple[str, str]]):
    @pytest.mark.parametrize(("text", "category"), cases)
    def test(text: str, category: str) -> None:
        assert_escalates(text, category)

    return test


def held_test(cases: list[tuple[str, str]]):
    @pytest.mark.parametrize(("text", "direction"), cases)
    def test(text: str, direction: str) -> None:
        assert_held_at_least(text, direction)

    return test


def look_alike_test(cases: list[tuple[str, str]]):
    @pytest.mark.parametrize(("text", "direction"), cases)
    def test(text: str, direction: str) -> None:
        assert_look_alike_passes(text, direction)

    return test


def rules_allow_test(texts: list[str]):
    """Pupil messages the local rules must leave alone (the learned layer is tested apart)."""

    @pytest.mark.parametrize("text", texts)
    def test(text: str) -> None:
        result = screen_local(text, direction="pupil")
        assert result.action == "allow", (text, result.reasons)

    return test
