"""Sharing in a ratio and simplifying a ratio."""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import gcd

import sympy

from tutoring.providers.offline.draft import Line
from tutoring.providers.offline.maths_parse import NUMBER, normalise, show
from tutoring.providers.offline.maths_parse import NUMBER_GROUP as _N
from tutoring.providers.offline.maths_problem import Check, Problem


@dataclass(frozen=True)
class Ratio(Problem):
    total: sympy.Rational | None
    parts: tuple[int, ...]
    span: str

    topic_code = "maths.ratio.ratio"

    @property
    def source(self) -> str:  # type: ignore[override]
        return self.span

    @property
    def shares(self) -> tuple[sympy.Rational, ...]:
        if self.total is None:
            common = 0
            for p in self.parts:
                common = gcd(common, p)
            return tuple(sympy.Rational(p, common) for p in self.parts)
        return tuple(self.total * p / sum(self.parts) for p in self.parts)

    def _ratio(self) -> str:
        return ":".join(str(p) for p in self.parts)

    def opener(self) -> list[Line]:
        if self.total is None:
            return [
                Line(
                    f"What is the biggest number that divides into every part of {self._ratio()}?",
                    "What number goes into every part?",
                    "ask",
                )
            ]
        return [
            Line(
                f"In the ratio {self._ratio()}, how many parts are there altogether?",
                "How many parts are there in total?",
                "ask",
            )
        ]

    def hint(self) -> list[Line]:
        if self.total is None:
            return [
                Line("Divide every part by the same number, as many times as you can.", ""),
                Line("What do you get?", "", "ask"),
            ]
        return [
            Line(
                f"Add the parts of the ratio to find the total number of parts. Then divide "
                f"{show(self.total)} by that to find what one part is worth.",
                "Add the parts. Then find one part.",
            ),
            Line("What is one part worth?", "What is one part?", "ask"),
        ]

    def mentions_answer(self, lines: list[str]) -> bool:
        return False

    def check(self, text: str, lines: list[str]) -> Check | None:
        remainder = normalise(text).replace(self.span, " ")
        given = [sympy.Rational(n) for n in NUMBER.findall(remainder)]
        if not given:
            return None
        shares = list(self.shares)
        if given == shares:
            return Check(
                "right",
                [
                    Line(
                        f"Yes, {' and '.join(show(g) for g in given)} is right.",
                        "Yes, that is right.",
                    ),
                    self.understanding(),
                ],
            )
        if self.total is None and len(given) == len(shares):
            if all(g * shares[0] == shares[i] * given[0] for i, g in enumerate(given)):
                return Check(
                    "partial",
                    [
                        Line("That is an equal ratio, but it can be simplified more.", ""),
                        Line("Is there a number that still divides into every part?", "", "ask"),
                    ],
                )
        if sorted(given) == sorted(shares) and len(given) == len(shares):
            return Check(
                "partial",
                [
                    Line("Those are the right amounts, but check the order.", ""),
                    Line(
                        "Which amount goes with the first number in the ratio?",
                        "Which amount goes first?",
                        "ask",
                    ),
                ],
            )
        if any(g in shares for g in given):
            return Check(
                "partial",
                [
                    Line("One share is right.", "One share is right."),
                    Line("How can you find the other share?", "What is the other share?", "ask"),
                ],
            )
        lines = [Line("Not quite.", "Not quite.")]
        if self.total is not None:
            if given == [self.total / p for p in self.parts]:
                lines.append(
                    Line(
                        "It looks like you divided the total by each number in the ratio. "
                        "Add the parts first instead.",
                        "Add the parts first.",
                    )
                )
            elif sum(given) != self.total and len(given) == len(shares):
                lines.append(
                    Line(
                        f"Check: do your shares add up to {show(self.total)}?",
                        f"Do they add to {show(self.total)}?",
                    )
                )
        return Check("wrong", lines + self.hint())

    def understanding(self) -> Line:
        return Line(
            "How can you check that your shares are right?",
            "How can you check them?",
            "ask",
        )


def ratio_problem(text: str) -> Ratio | None:
    ratio = r"(\d+(?:\s*:\s*\d+)+)"
    share = re.search(
        rf"(?:share|divide|split)[a-z\s]*?\s{_N}\b[^.?\n]*?ratio\s+(?:of\s+)?{ratio}", text
    ) or re.search(rf"{_N}\s+(?:is\s+)?(?:shared|divided|split)[^.?\n]*?ratio\s+{ratio}", text)
    if share:
        parts = tuple(int(p) for p in re.split(r"\s*:\s*", share.group(2)))
        if all(parts) and len(parts) <= 5:
            return Ratio(sympy.Rational(share.group(1)), parts, share.group(0))
    simplify = re.search(rf"simplif\w*\s+(?:the\s+ratio\s+)?{ratio}", text)
    if simplify:
        parts = tuple(int(p) for p in re.split(r"\s*:\s*", simplify.group(1)))
        if all(parts) and len(parts) <= 5:
            return Ratio(None, parts, simplify.group(0))
    return None
