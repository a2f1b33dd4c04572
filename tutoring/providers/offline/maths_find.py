"""Find the maths question in a message or in the conversation so far."""

from __future__ import annotations

import re
from typing import Literal

import sympy

from tutoring.providers.base import Turn
from tutoring.providers.offline.maths_algebra import Expression, Simultaneous
from tutoring.providers.offline.maths_equation import Equation
from tutoring.providers.offline.maths_number import Arithmetic, percent_problem
from tutoring.providers.offline.maths_parse import (
    LITERAL,
    is_answer_form,
    maths_lines,
    normalise,
    parse,
    parse_equation,
)
from tutoring.providers.offline.maths_problem import Problem, solutions
from tutoring.providers.offline.maths_ratio import ratio_problem

_MAX_HISTORY_TURNS = 12

_TASKS: tuple[tuple[str, Literal["expand", "factorise", "simplify"]], ...] = (
    (r"\b(?:expand|multiply out)\b", "expand"),
    (r"\bfactori[sz]e\b|\bfactori[sz]ing\b", "factorise"),
    (r"\bsimplif(?:y|ying)\b|\bcollect(?:ing)? like terms\b", "simplify"),
)


def _expression_task(text: str, runs: list[str]) -> Expression | None:
    for pattern, task in _TASKS:
        match = re.search(pattern, text)
        if not match:
            continue
        after = maths_lines(text[match.end() :])
        for run in after:
            candidate = run.split("=")[0].strip()
            expr = parse(candidate)
            if (
                expr is not None
                and expr.free_symbols
                and expr.is_polynomial(*expr.free_symbols)
                and not LITERAL.fullmatch(candidate)
            ):
                return Expression(task=task, raw_source=candidate, expr=expr)
    return None


def _arithmetic(lines: list[str], text: str) -> Arithmetic | None:
    simplify = bool(re.search(r"\bsimplif", text))
    for line in lines:
        candidate = line.split("=")[0].strip()
        if not re.search(r"\d", candidate) or re.search(r"[a-z]", candidate):
            continue
        is_literal = bool(LITERAL.fullmatch(candidate))
        if is_literal and not (simplify and "/" in candidate):
            continue
        value = parse(candidate)
        if value is None or not value.is_Rational:
            continue
        return Arithmetic(raw_source=candidate, value=value, simplify_only=is_literal)
    return None


def _equation_problem(lines: list[str]) -> tuple[Problem, list[str]] | None:
    equations = [
        (i, eq) for i, line in enumerate(lines) if (eq := parse_equation(line)) is not None
    ]
    two_unknowns = [(i, eq) for i, eq in equations if len(eq.symbols) == 2]
    if len(two_unknowns) >= 2:
        (i, first), (j, second) = two_unknowns[:2]
        names = tuple(sorted(first.symbols | second.symbols, key=str))
        if len(names) == 2:
            try:
                polys = [sympy.Poly(sympy.expand(e.lhs - e.rhs), *names) for e in (first, second)]
            except sympy.PolynomialError:
                polys = []
            if polys and all(p.total_degree() == 1 for p in polys):
                solved = sympy.linsolve([p.as_expr() for p in polys], list(names))
                if isinstance(solved, sympy.FiniteSet) and len(solved) == 1:
                    values = next(iter(solved))
                    if not any(v.free_symbols for v in values):
                        problem = Simultaneous((first, second), names, tuple(values))
                        rest = [line for k, line in enumerate(lines) if k not in (i, j)]
                        return problem, rest
    for i, eq in equations:
        if len(eq.symbols) != 1 or is_answer_form(eq):
            continue
        (var,) = eq.symbols
        solved = solutions(eq, var)
        if not isinstance(solved, frozenset) or not solved:
            continue
        degree = sympy.Poly(sympy.expand(eq.lhs - eq.rhs), var).degree()
        return Equation(eq, var, solved, degree), lines[i + 1 :]
    return None


def find_problem(message: str) -> tuple[Problem, list[str]] | None:
    """Return the maths question in a message and the pupil's own lines after it."""
    text = normalise(message)
    found: Problem | None = ratio_problem(text) or percent_problem(text)
    if found is not None:
        return found, maths_lines(text.replace(found.source, " "))
    lines = maths_lines(text)
    expression = _expression_task(text, lines)
    if expression is not None:
        after = maths_lines(text.split(expression.raw_source, 1)[-1])
        return expression, after
    equation = _equation_problem(lines)
    if equation is not None:
        return equation
    arithmetic = _arithmetic(lines, text)
    if arithmetic is not None:
        after = maths_lines(text.split(arithmetic.raw_source, 1)[-1])
        return arithmetic, after
    return None


def unsupported_maths(message: str) -> bool:
    """Return whether the message has maths in it that the tutor cannot check."""
    lines = maths_lines(normalise(message))
    return any(("=" in line or re.search(r"[a-z]", line)) and len(line) > 2 for line in lines)


def history_problem(history: tuple[Turn, ...]) -> tuple[Problem, int] | None:
    """Find the latest question in recent history; pupils first, as they set the question."""
    recent = list(history[-_MAX_HISTORY_TURNS:])
    offset = len(history) - len(recent)
    for role in ("pupil", "tutor"):
        for index in range(len(recent) - 1, -1, -1):
            turn = recent[index]
            if turn.role != role:
                continue
            found = find_problem(turn.text)
            if found is not None:
                return found[0], offset + index
    return None


_QUESTION_CUE = re.compile(
    r"\b(solve|find|work out|calculate|what is|what's|expand|factori[sz]e|simplify|share|"
    r"increase|decrease|question|how do)\b"
)


def continues(previous: Problem, found: Problem, message: str) -> bool:
    """Return whether maths in a message is working for an earlier question, not a new one."""
    if _QUESTION_CUE.search(message.lower()) or type(previous) is not type(found):
        return False
    if isinstance(previous, Equation) and isinstance(found, Equation):
        return previous.var == found.var
    return isinstance(previous, Arithmetic)


def wrong_answers(problem: Problem, history: tuple[Turn, ...], since: int) -> int:
    count = 0
    for turn in history[since:]:
        if turn.role != "pupil":
            continue
        text = normalise(turn.text)
        if problem.source and problem.source in text:
            text = text.split(problem.source, 1)[-1]
        found = problem.check(text, maths_lines(text))
        if found is not None and found.verdict == "wrong":
            count += 1
    return count
