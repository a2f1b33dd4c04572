"""Fraction and number arithmetic, and percentages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import gcd
from typing import Literal

import sympy

from tutoring.providers.offline.draft import Line
from tutoring.providers.offline.maths_parse import (
    LITERAL,
    NUMBER,
    close_enough,
    normalise,
    parse,
    show,
    tidy,
)
from tutoring.providers.offline.maths_parse import NUMBER_GROUP as _N
from tutoring.providers.offline.maths_problem import Check, Problem


@dataclass(frozen=True)
class Arithmetic(Problem):
    raw_source: str
    value: sympy.Rational
    simplify_only: bool = False

    topic_code = "maths.number.fractions"

    @property
    def source(self) -> str:  # type: ignore[override]
        return tidy(self.raw_source)

    def _fractions(self) -> list[tuple[int, int]]:
        return [(int(n), int(d)) for n, d in re.findall(r"(\d+)\s*/\s*(\d+)", self.raw_source)]

    def _operation(self) -> str:
        middle = re.sub(r"^\s*-", "", self.raw_source)
        if "÷" in middle or re.search(r"\d\s*/\s*\d+\s*/", middle) or re.search(r"\)\s*/", middle):
            return "divide"
        if "*" in middle:
            return "multiply"
        if re.search(r"\d\s*[+\-]\s*\d", middle):
            return "add"
        return "other"

    def opener(self) -> list[Line]:
        fractions = self._fractions()
        if self.simplify_only and fractions:
            n, d = fractions[0]
            return [
                Line(
                    f"What is the biggest number that divides into both {n} and {d}?",
                    f"What number goes into {n} and {d}?",
                    "ask",
                )
            ]
        operation = self._operation()
        if operation == "add" and len(fractions) >= 2:
            d1, d2 = fractions[0][1], fractions[1][1]
            if d1 == d2:
                return [
                    Line(
                        f"The denominators are both {d1}. What do you do with the numerators?",
                        "The bottoms match. What do you do with the tops?",
                        "ask",
                    )
                ]
            return [
                Line(
                    "To add or take away fractions, the denominators need to be the same.",
                    "The bottom numbers must match.",
                ),
                Line(
                    f"What is the smallest number that both {d1} and {d2} divide into?",
                    f"What number do {d1} and {d2} both go into?",
                    "ask",
                ),
            ]
        if operation == "multiply" and fractions:
            return [
                Line(
                    "To multiply fractions, what do you do with the numerators and the "
                    "denominators?",
                    "What do you do with the tops and bottoms?",
                    "ask",
                )
            ]
        if operation == "divide" and fractions:
            return [
                Line(
                    "Dividing by a fraction is the same as multiplying by its reciprocal.",
                    "Flip the second fraction and multiply.",
                ),
                Line(
                    "What is the second fraction flipped upside down?",
                    "What is it flipped?",
                    "ask",
                ),
            ]
        return [
            Line(
                f"Think about BIDMAS. In {self.source}, which part do you work out first?",
                "Which part comes first?",
                "ask",
            )
        ]

    def hint(self) -> list[Line]:
        fractions = self._fractions()
        operation = self._operation()
        if self.simplify_only:
            text = "Divide the numerator and the denominator by the same number."
        elif operation == "add" and len(fractions) >= 2:
            d1, d2 = fractions[0][1], fractions[1][1]
            text = (
                f"Write both fractions with a common denominator (a number that {d1} and {d2} "
                "both divide into), then add or take away only the numerators."
            )
        elif operation == "multiply":
            text = "Multiply the numerators together, and multiply the denominators together."
        elif operation == "divide":
            text = "Keep the first fraction, change ÷ to ×, and flip the second fraction."
        else:
            text = "Brackets first, then powers, then × and ÷, then + and -."
        return [Line(text, text), Line("What do you get?", "What do you get?", "ask")]

    def mentions_answer(self, lines: list[str]) -> bool:
        return bool(self._attempts(lines))

    def _attempts(self, lines: list[str]) -> list[str]:
        question = re.sub(r"\s", "", self.raw_source)
        segments = [s.strip() for line in lines for s in line.split("=") if s.strip()]
        return [s for s in segments if re.sub(r"\s", "", s) != question]

    def check(self, text: str, lines: list[str]) -> Check | None:
        attempts = [(s, v) for s in self._attempts(lines) if (v := parse(s)) is not None]
        attempts = [(s, v) for s, v in attempts if not v.free_symbols]
        if not attempts:
            return None
        previous = self.source
        for src, value in attempts:
            if not close_enough(value, self.value, src):
                return Check("wrong", self._wrong(previous, src, value))
            previous = tidy(src)
        final, _ = attempts[-1]
        fraction = re.fullmatch(r"\s*(-?\d+)\s*/\s*(\d+)\s*", final)
        if fraction and gcd(int(fraction.group(1)), int(fraction.group(2))) > 1:
            return Check(
                "partial",
                [
                    Line(
                        f"{tidy(final)} is the right value. Can it be simplified?",
                        "Right value. Can you simplify it?",
                        "ask",
                    )
                ],
            )
        if not LITERAL.fullmatch(final.strip()):
            return Check(
                "step",
                [
                    Line(f"{tidy(final)} is right so far.", "Right so far."),
                    Line("Can you finish the working?", "What is next?", "ask"),
                ],
            )
        return Check(
            "right",
            [
                Line(f"Yes, {tidy(final)} is right.", f"Yes, {tidy(final)} is right."),
                self.understanding(),
            ],
        )

    def _wrong(self, before: str, src: str, value: sympy.Expr) -> list[Line]:
        lines = [
            Line("Not quite.", "Not quite."),
            Line(f"Check the step from {before} to {tidy(src)}.", ""),
        ]
        fractions = self._fractions()
        if self._operation() == "add" and len(fractions) >= 2:
            (n1, d1), (n2, d2) = fractions[:2]
            if value in (sympy.Rational(n1 + n2, d1 + d2), sympy.Rational(abs(n1 - n2), d1 + d2)):
                lines.append(
                    Line(
                        "It looks like the denominators were added too. Only the numerators "
                        "are added, once the denominators are the same.",
                        "Do not add the bottom numbers.",
                    )
                )
                return [*lines, *self.opener()[-1:]]
        if self._operation() == "divide" and len(fractions) >= 2:
            (n1, d1), (n2, d2) = fractions[:2]
            if value == sympy.Rational(n1 * n2, d1 * d2):
                lines.append(
                    Line(
                        "It looks like you multiplied without flipping the second fraction.",
                        "Flip the second fraction first.",
                    )
                )
                return lines
            if value == sympy.Rational(d1 * n2, n1 * d2):
                lines.append(
                    Line(
                        "Flip the second fraction, not the first.",
                        "Flip the second one.",
                    )
                )
                return lines
        return lines + self.hint()

    def understanding(self) -> Line:
        if self._operation() == "add":
            return Line(
                "Why do the denominators need to match when you add, but not when you multiply?",
                "Why must the bottoms match to add?",
                "ask",
            )
        return Line(
            "Can you estimate the answer to check it is sensible?",
            "Is your answer sensible?",
            "ask",
        )


_PercentKind = Literal["of", "increase", "decrease", "change", "as-percent"]


@dataclass(frozen=True)
class Percent(Problem):
    kind: _PercentKind
    first: sympy.Rational
    second: sympy.Rational
    span: str

    @property
    def topic_code(self) -> str:  # type: ignore[override]
        if self.kind in ("change", "as-percent"):
            return "maths.number.percentage-change"
        return "maths.number.percentages"

    @property
    def source(self) -> str:  # type: ignore[override]
        return self.span

    @property
    def answer(self) -> sympy.Rational:
        a, b = self.first, self.second
        if self.kind == "of":
            return a * b / 100
        if self.kind == "increase":
            return a * (1 + b / 100)
        if self.kind == "decrease":
            return a * (1 - b / 100)
        if self.kind == "change":
            return abs(b - a) / a * 100
        return a / b * 100

    def opener(self) -> list[Line]:
        a, b = show(self.first), show(self.second)
        if self.kind == "of":
            return [
                Line(
                    f"What is 10% of {b}? How could you use it to build {a}%?",
                    f"What is 10% of {b}?",
                    "ask",
                )
            ]
        if self.kind in ("increase", "decrease"):
            word = "add it on" if self.kind == "increase" else "take it away"
            return [
                Line(
                    f"There are two parts: find {b}% of {a}, then {word}.",
                    f"Find {b}% of {a} first.",
                ),
                Line(f"What is {b}% of {a}?", f"What is {b}% of {a}?", "ask"),
            ]
        if self.kind == "change":
            return [
                Line(
                    f"First, how much did it change by, going from {a} to {b}?",
                    "How much did it change by?",
                    "ask",
                )
            ]
        return [
            Line(
                f"Can you write {a} out of {b} as a fraction first?",
                f"Write {a} over {b} as a fraction.",
                "ask",
            )
        ]

    def hint(self) -> list[Line]:
        a, b = show(self.first), show(self.second)
        texts = {
            "of": f"Find 10% of {b} by dividing by 10, then build up {a}% from 10%, 5% and 1%.",
            "increase": f"Find {b}% of {a}, then add it to {a}.",
            "decrease": f"Find {b}% of {a}, then take it away from {a}.",
            "change": f"Percentage change = change ÷ original × 100. The original is {a}.",
            "as-percent": f"Divide {a} by {b}, then multiply by 100.",
        }
        return [Line(texts[self.kind], texts[self.kind]), Line("What do you get?", "", "ask")]

    def _numbers(self, text: str) -> list[tuple[str, sympy.Rational]]:
        remainder = normalise(text).replace(self.span, " ")
        return [(m, sympy.Rational(m)) for m in NUMBER.findall(remainder)]

    def mentions_answer(self, lines: list[str]) -> bool:
        return False

    def check(self, text: str, lines: list[str]) -> Check | None:
        numbers = self._numbers(text)
        if not numbers:
            return None
        given_text, given = numbers[-1]
        if close_enough(abs(given), self.answer, given_text):
            return Check(
                "right",
                [
                    Line(f"Yes, {given_text} is right.", f"Yes, {given_text} is right."),
                    self.understanding(),
                ],
            )
        a, b = self.first, self.second
        slip, short = "", ""
        if self.kind == "of" and given == a * b:
            slip = "Per cent means out of 100. Where does dividing by 100 come in?"
            short = "Per cent means out of 100."
        elif self.kind in ("increase", "decrease") and given == a * b / 100:
            word = "add it on to" if self.kind == "increase" else "take it away from"
            slip = f"You found the {show(b)}%. Now {word} {show(a)}."
            short = f"Now {word} {show(a)}."
        elif (
            self.kind == "change"
            and b != 0
            and close_enough(given, abs(b - a) / b * 100, given_text)
        ):
            slip = f"Divide by the original amount, {show(a)}, not the new amount."
            short = f"Divide by {show(a)}, the start amount."
        elif self.kind == "change" and given == abs(b - a):
            slip = "That is the change. Now write it as a percentage of the original."
            short = "Now make it a percentage."
        lines = [Line("Not quite.", "Not quite.")]
        if slip:
            return Check(
                "wrong",
                [*lines, Line(slip, short), Line("What do you get now?", "What now?", "ask")],
            )
        return Check("wrong", lines + self.hint())

    def understanding(self) -> Line:
        if self.kind in ("increase", "decrease"):
            return Line(
                "What single number could you multiply by to do this in one step?",
                "What one number could you multiply by?",
                "ask",
            )
        if self.kind == "of":
            return Line(
                "How would you find the same percentage of a different amount?",
                "Could you do it for another amount?",
                "ask",
            )
        return Line(
            "Why do you divide by the original amount?",
            "Why divide by the original?",
            "ask",
        )


def percent_problem(text: str) -> Percent | None:
    patterns: list[tuple[str, _PercentKind, tuple[int, int]]] = [
        (rf"(increase|raise)\s+{_N}\s+by\s+{_N}\s*(?:%|per\s?cent)", "increase", (2, 3)),
        (rf"(decrease|reduce)\s+{_N}\s+by\s+{_N}\s*(?:%|per\s?cent)", "decrease", (2, 3)),
        (rf"{_N}\s*(?:%|per\s?cent)\s+off\s+{_N}", "decrease", (2, 1)),
        (
            rf"percentage\s+(?:change|increase|decrease|profit|loss)\D*?from\s+{_N}\s+to\s+{_N}",
            "change",
            (1, 2),
        ),
        (rf"from\s+{_N}\s+to\s+{_N}\D*?percentage", "change", (1, 2)),
        (rf"{_N}\s+as\s+a\s+percentage\s+of\s+{_N}", "as-percent", (1, 2)),
        (rf"what\s+percentage\s+of\s+{_N}\s+is\s+{_N}", "as-percent", (2, 1)),
        (rf"{_N}\s*(?:%|per\s?cent)\s+of\s+{_N}", "of", (1, 2)),
    ]
    for pattern, kind, (i, j) in patterns:
        match = re.search(pattern, text)
        if match:
            first, second = sympy.Rational(match.group(i)), sympy.Rational(match.group(j))
            if kind in ("change", "as-percent") and (first == 0 or second == 0):
                return None
            return Percent(kind=kind, first=first, second=second, span=match.group(0))
    return None
