"""The shape every checkable maths question takes, and helpers shared by equations."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import sympy

from tutoring.providers.offline.draft import Line
from tutoring.providers.offline.maths_parse import ParsedEq

Verdict = Literal["right", "partial", "wrong", "step"]


@dataclass(frozen=True)
class Check:
    verdict: Verdict
    lines: list[Line]


class Problem:
    """A maths question the tutor has understood and can solve itself."""

    topic_code = "maths.algebra.linear-equations"
    source = ""

    def opener(self) -> list[Line]:
        raise NotImplementedError

    def hint(self) -> list[Line]:
        raise NotImplementedError

    def first_step(self) -> list[Line]:
        return self.hint()

    def check(self, text: str, lines: list[str]) -> Check | None:
        raise NotImplementedError

    def understanding(self) -> Line:
        return Line(
            "How could you check an answer like this yourself?",
            "How could you check your answer?",
            "ask",
        )

    def example(self) -> list[Line]:
        return []

    def mentions_answer(self, lines: list[str]) -> bool:
        return False


@lru_cache(maxsize=4096)
def solutions(eq: ParsedEq, var: sympy.Symbol) -> frozenset[sympy.Expr] | str | None:
    """Return the real solutions, "all" for an identity, or None if it is not checkable.

    Pure and immutable, so kept: every reply re-reads the conversation's earlier equations.
    """
    if eq.symbols - {var}:
        return None
    numerator, denominator = sympy.fraction(sympy.together(eq.lhs - eq.rhs))
    if denominator.has(var):
        return None
    poly = sympy.Poly(sympy.expand(numerator), var)
    if poly.degree() > 2:
        return None
    if poly.degree() <= 0:
        return "all" if poly.is_zero else frozenset()
    return frozenset(r for r in sympy.roots(poly) if r.is_real)


def linear_parts(side: sympy.Expr, var: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr]:
    expanded = sympy.expand(side)
    return expanded.coeff(var, 1), expanded.coeff(var, 0)


def split_sides(source: str) -> tuple[str, str]:
    left, right = source.split("=")
    return left.strip(), right.strip()
