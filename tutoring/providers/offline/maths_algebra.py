"""Simultaneous equations, and expressions to expand, factorise or simplify."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import sympy

from tutoring.providers.offline.draft import Line
from tutoring.providers.offline.maths_parse import (
    ParsedEq,
    answer_value,
    num,
    parse,
    parse_equation,
    show,
    tidy,
)
from tutoring.providers.offline.maths_problem import Check, Problem


@dataclass(frozen=True)
class Simultaneous(Problem):
    eqs: tuple[ParsedEq, ParsedEq]
    names: tuple[sympy.Symbol, sympy.Symbol]
    solution: tuple[sympy.Expr, sympy.Expr]

    topic_code = "maths.algebra.simultaneous-equations"

    @property
    def source(self) -> str:  # type: ignore[override]
        return f"{self.eqs[0].show()} and {self.eqs[1].show()}"

    def _coefficients(self, var: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr]:
        first, second = (sympy.expand(e.lhs - e.rhs).coeff(var, 1) for e in self.eqs)
        return first, second

    def opener(self) -> list[Line]:
        for var in self.names:
            first, second = self._coefficients(var)
            if first != 0 and abs(first) == abs(second):
                how = "add" if first == -second else "subtract"
                return [
                    Line(
                        f"Look at the {show(var)} terms in {self.source}.",
                        f"Look at the {show(var)} terms.",
                    ),
                    Line(
                        f"They are the same size. What happens if you {how} the two equations?",
                        f"What if you {how} the equations?",
                        "ask",
                    ),
                ]
        return [
            Line(
                "Neither letter has the same number in front of it in both equations yet.",
                "The numbers in front do not match yet.",
            ),
            Line(
                "What could you multiply one equation by, so one letter matches?",
                "What could you multiply by?",
                "ask",
            ),
        ]

    def hint(self) -> list[Line]:
        return [
            Line(
                "Make the numbers in front of one letter the same size. Then add the equations "
                "if the signs are different, or subtract if they are the same.",
                "Match one letter. Then add or subtract the equations.",
            ),
            Line("Which letter will you remove first?", "Which letter will you remove?", "ask"),
        ]

    def mentions_answer(self, lines: list[str]) -> bool:
        return any((eq := parse_equation(line)) and answer_value(eq) for line in lines)

    def check(self, text: str, lines: list[str]) -> Check | None:
        given: dict[sympy.Symbol, sympy.Expr] = {}
        for line in lines:
            eq = parse_equation(line)
            pair = answer_value(eq) if eq else None
            if pair and pair[0] in self.names:
                given[pair[0]] = pair[1]
        if not given:
            return None
        right = {v for v, s in zip(self.names, self.solution, strict=True) if given.get(v) == s}
        if right == set(self.names):
            return Check(
                "right",
                [
                    Line("Yes, both values are right.", "Yes, both are right."),
                    Line(
                        "How could you check both values at once?",
                        "How can you check them?",
                        "ask",
                    ),
                ],
            )
        if len(given) < 2 and right:
            return Check(
                "partial",
                [
                    Line("That value is right.", "That one is right."),
                    Line(
                        "How can you use it to find the other letter?",
                        "How do you find the other letter?",
                        "ask",
                    ),
                ],
            )
        lines_out = [Line("Not quite.", "Not quite.")]
        if len(given) == 2:
            for number, eq in enumerate(self.eqs, start=1):
                left = eq.lhs.subs(given)
                if sympy.simplify(left - eq.rhs.subs(given)) != 0:
                    label = "first" if number == 1 else "second"
                    lines_out.append(
                        Line(
                            f"Put your values into the {label} equation, {eq.show()}: the left "
                            f"side comes to {num(left)}, not {num(eq.rhs.subs(given))}.",
                            f"Your values do not work in {eq.show()}.",
                        )
                    )
                    break
        return Check("wrong", lines_out + self.hint())

    def understanding(self) -> Line:
        return Line(
            "Why do you need two equations to find two unknowns?",
            "Why do you need two equations?",
            "ask",
        )


def _is_expanded(raw: sympy.Expr) -> bool:
    for node in sympy.preorder_traversal(raw):
        if isinstance(node, sympy.Mul) and any(isinstance(a, sympy.Add) for a in node.args):
            return False
        if isinstance(node, sympy.Pow) and isinstance(node.base, sympy.Add):
            return False
    return True


def _fully_factorised(expr: sympy.Expr) -> bool:
    for part in sympy.Mul.make_args(expr):
        base = part.base if isinstance(part, sympy.Pow) else part
        if not base.free_symbols:
            continue
        coeff, factors = sympy.factor_list(base)
        if abs(coeff) != 1 or len(factors) > 1 or any(m > 1 for _, m in factors):
            return False
    return True


@dataclass(frozen=True)
class Expression(Problem):
    task: Literal["expand", "factorise", "simplify"]
    raw_source: str
    expr: sympy.Expr

    @property
    def topic_code(self) -> str:  # type: ignore[override]
        if self.task == "expand":
            return "maths.algebra.expanding-brackets"
        if self.task == "simplify":
            return "maths.algebra.simplifying-expressions"
        is_quadratic = any(sympy.degree(self.expr, s) == 2 for s in self.expr.free_symbols)
        return (
            "maths.algebra.factorising-quadratics" if is_quadratic else "maths.algebra.factorising"
        )

    @property
    def source(self) -> str:  # type: ignore[override]
        return tidy(self.raw_source)

    @property
    def target(self) -> sympy.Expr:
        return sympy.factor(self.expr) if self.task == "factorise" else sympy.expand(self.expr)

    def opener(self) -> list[Line]:
        if self.task == "expand":
            double = len(re.findall(r"\(", self.raw_source)) >= 2 or "^" in self.raw_source
            question = (
                "Each term in the first bracket multiplies each term in the second. How many "
                "multiplications is that?"
                if double
                else "What does the number outside the bracket multiply?"
            )
            return [
                Line(f"Let's expand {self.source}.", f"Let's expand {self.source}."),
                Line(question, "What does each term multiply?", "ask"),
            ]
        if self.task == "factorise":
            return [Line(f"Let's factorise {self.source}.", "")] + self._factor_question()
        return [
            Line(f"Let's simplify {self.source}.", ""),
            Line(
                "Which terms are like terms: the same letters with the same powers?",
                "Which terms are like terms?",
                "ask",
            ),
        ]

    def _factor_question(self) -> list[Line]:
        variables = sorted(self.expr.free_symbols, key=str)
        if len(variables) == 1:
            poly = sympy.Poly(self.expr, variables[0])
            coeffs = poly.all_coeffs()
            if poly.degree() == 2 and coeffs[0] == 1 and coeffs[2] != 0:
                return [
                    Line(
                        f"Which two numbers multiply to {show(coeffs[2])} and add to "
                        f"{show(coeffs[1])}?",
                        f"Which two numbers times to {show(coeffs[2])} and add to "
                        f"{show(coeffs[1])}?",
                        "ask",
                    )
                ]
        return [
            Line(
                "What is the biggest number or letter that divides into every term?",
                "What goes into every term?",
                "ask",
            )
        ]

    def hint(self) -> list[Line]:
        if self.task == "expand":
            return [
                Line(
                    "Multiply every term inside a bracket by every term outside it, then collect "
                    "like terms.",
                    "Multiply every term in the bracket.",
                ),
                Line("What do you get?", "What do you get?", "ask"),
            ]
        if self.task == "factorise":
            return [
                Line(
                    "Factorising is expanding backwards: you can check by multiplying out.",
                    "You can check by expanding.",
                ),
                *self._factor_question(),
            ]
        return [
            Line(
                "Add or take away only like terms, and keep each sign with its term.",
                "Only add like terms.",
            ),
            Line("What do you get?", "What do you get?", "ask"),
        ]

    def mentions_answer(self, lines: list[str]) -> bool:
        return bool(self._attempts(lines))

    def _attempts(self, lines: list[str]) -> list[str]:
        segments: list[str] = []
        for line in lines:
            segments.extend(s.strip() for s in line.split("=") if s.strip())
        question = re.sub(r"\s", "", self.raw_source)
        return [s for s in segments if re.sub(r"\s", "", s) != question]

    def check(self, text: str, lines: list[str]) -> Check | None:
        attempts = self._attempts(lines)
        parsed = [(s, parse(s)) for s in attempts]
        # Only polynomial attempts can be compared term by term with the question.
        parsed = [(s, e) for s, e in parsed if e is not None and e.is_polynomial(*e.free_symbols)]
        if not parsed:
            return None
        previous_src, previous = self.source, self.expr
        for src, expr in parsed:
            if sympy.expand(expr - previous) != 0:
                return Check("wrong", self._wrong(previous_src, src, expr, previous))
            previous_src, previous = tidy(src), expr
        final_src, final = parsed[-1]
        raw = parse(final_src, evaluate=False)
        if raw is None:
            return None
        return self._form(final_src, raw, final)

    def _wrong(self, before_src: str, src: str, expr: sympy.Expr, before: sympy.Expr) -> list[Line]:
        lines = [
            Line("Not quite.", "Not quite."),
            Line(
                f"Check the step from {before_src} to {tidy(src)}.",
                f"Check {before_src} to {tidy(src)}.",
            ),
        ]
        if self.task == "factorise":
            lines.append(
                Line(
                    f"Expand your answer to check it: {tidy(src)} multiplies out to "
                    f"{show(sympy.expand(expr))}, not {show(sympy.expand(self.expr))}.",
                    "Expand your answer to check it.",
                )
            )
            return lines + self._factor_question()
        term = self._first_different_term(sympy.expand(expr), sympy.expand(before))
        if term:
            lines.append(Line(f"Look again at your {term}.", f"Check your {term}."))
        return lines + self.hint()

    @staticmethod
    def _first_different_term(got: sympy.Expr, want: sympy.Expr) -> str:
        variables = sorted((got.free_symbols | want.free_symbols), key=str)
        if not variables:
            return "number"
        mine = sympy.Poly(got, *variables).as_dict()
        theirs = sympy.Poly(want, *variables).as_dict()
        for monomial in sorted(set(mine) | set(theirs), reverse=True):
            if mine.get(monomial, 0) != theirs.get(monomial, 0):
                if not any(monomial):
                    return "number term"
                parts = [
                    show(v) + (f"^{p}" if p > 1 else "")
                    for v, p in zip(variables, monomial, strict=True)
                    if p
                ]
                return f"{''.join(parts)} term"
        return ""

    def _form(self, src: str, raw: sympy.Expr, value: sympy.Expr) -> Check:
        if self.task == "expand" and not _is_expanded(raw):
            return Check(
                "partial",
                [
                    Line(
                        "That is equal to the question, but it still has brackets.",
                        "It still has brackets.",
                    ),
                    Line("Can you multiply them out?", "Can you multiply them out?", "ask"),
                ],
            )
        if self.task == "simplify":
            terms = len(sympy.Add.make_args(raw))
            if terms > len(sympy.Add.make_args(sympy.expand(value))):
                return Check(
                    "partial",
                    [
                        Line("That is equal, but there are still like terms to collect.", ""),
                        Line("Which terms can you still combine?", "Which terms match?", "ask"),
                    ],
                )
        if self.task == "factorise":
            if len(sympy.Mul.make_args(raw)) < 2 and not isinstance(raw, sympy.Pow):
                return Check(
                    "partial",
                    [
                        Line(
                            "That is equal to the question, but it is not in brackets yet.",
                            "It is not in brackets yet.",
                        ),
                        *self._factor_question(),
                    ],
                )
            if not _fully_factorised(raw):
                return Check(
                    "partial",
                    [
                        Line(
                            "That is right so far, but it can be factorised further.",
                            "Right so far. It can go further.",
                        ),
                        Line(
                            "Is there still a common factor inside a bracket?",
                            "Is there still a common factor?",
                            "ask",
                        ),
                    ],
                )
        return Check(
            "right",
            [
                Line(f"Yes, {tidy(src)} is right.", f"Yes, {tidy(src)} is right."),
                self.understanding(),
            ],
        )

    def understanding(self) -> Line:
        if self.task == "factorise":
            return Line(
                "How could you check a factorised answer is right?",
                "How can you check it?",
                "ask",
            )
        return Line(
            "Try x = 2 in the question and in your answer. Do you get the same number?",
            "Try x = 2 in both. Same number?",
            "ask",
        )
