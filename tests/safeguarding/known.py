"""Cases the screen gets wrong today, kept in their lists and marked, not deleted.

A known case is a strict expected failure: when a change fixes it, the test fails until the
case is taken off the list, so the lists always say exactly what the screen still gets wrong.
docs/safeguarding.md reports them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest


def marked(cases: Iterable[tuple[str, str]], known: frozenset[str], reason: str) -> list:
    """Parametrize (id, text) cases, marking the known ones as strict expected failures."""
    cases = list(cases)
    unknown = known - {i for i, _ in cases}
    assert not unknown, f"known ids that are not cases: {sorted(unknown)}"
    return [
        pytest.param(
            text,
            id=case_id,
            marks=[pytest.mark.xfail(reason=reason, strict=True)] if case_id in known else [],
        )
        for case_id, text in cases
    ]


def known_wrong(*values: str, reason: str = "known false flag of the learned layer"):
    """One parametrized case the screen gets wrong today, as a strict expected failure."""
    return pytest.param(*values, marks=[pytest.mark.xfail(reason=reason, strict=True)])
