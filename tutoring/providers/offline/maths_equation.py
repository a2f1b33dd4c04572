"""Linear and quadratic equations in one unknown: openers, hints and step checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy

from tutoring.providers.offline.draft import Line
from tutoring.providers.offline.maths_parse import (
    LITERAL,
    ParsedEq,
    answer_value,
    close_enough,
    is_answer_form,
    num,
    parse,
    parse_equation,
    show,
    signed,
    signed_term,
    tidy,
)
from tutoring.providers.offline.maths_problem import (
    Check,
    Problem,
    linear_parts,
    solutions,
    split_sides,
)


@dataclass(frozen=True)
class Equation(Problem):
    eq: ParsedEq
    var: sympy.Symbol
    roots: frozenset[sympy.Expr]
    degree: int

    @property
    def topic_code(self) -> str:  # type: ignore[override]
        return (
            "maths.algebra.linear-equations"
            if self.degree == 1
            else "maths.algebra.quadratic-equations"
        )

    @property
    def source(self) -> str:  # type: ignore[override]
        return self.eq.show()

    # The side with the unknown on it (V) and the other side (K), as the pupil wrote them.
    def _layout(self) -> tuple[str, sympy.Expr, sympy.Expr]:
        left, right = split_sides(self.eq.source)
        if self.eq.lhs.has(self.var) or not self.eq.rhs.has(self.var):
            return left, self.eq.lhs, self.eq.rhs
        return right, self.eq.rhs, self.eq.lhs

    def _linear_step(self) -> tuple[str, str, str, str]:
        """Return (socratic question, hint, worked first step, short hint) for a linear one."""
        x = self.var
        name = show(x)
        a, b = linear_parts(self.eq.lhs, x)
        c, d = linear_parts(self.eq.rhs, x)
        v_src, v_side, k_side = self._layout()
        bracket = re.search(r"(-?\d*)\s*\(([^()]*[a-z][^()]*)\)(?!\s*/)", v_src)
        if bracket and bracket.group(1) not in ("", "-"):
            k, inner = bracket.group(1), tidy(bracket.group(2))
            either = "" if k_side.has(x) else f", or divide both sides by {k}"
            return (
                f"There is a bracket: {k}({inner}). How could you start: multiply it out{either}?",
                f"Multiply every term inside the bracket by {k}: {k} × {inner.split()[0]} and "
                f"{k} × the other term.",
                f"Multiply out the bracket first: {show(sympy.expand(v_side))} = {show(k_side)}.",
                f"Times each term in the bracket by {k}.",
            )
        if a != 0 and c != 0:
            small = min(a, c)
            term = show(small * x)
            after = sympy.Eq((a - small) * x + b, (c - small) * x + d)
            return (
                f"There are {name} terms on both sides. What could you take away from both "
                f"sides so that the {name} terms are only on one side?",
                f"Take away {term} from both sides, so the {name} terms are on one side only.",
                f"Take away {term} from both sides: {show(after.lhs)} = {show(after.rhs)}.",
                f"Take {term} from both sides.",
            )
        over = re.search(r"\)\s*/\s*(\d+)", v_src)
        if over:
            k = over.group(1)
            return (
                f"The whole top is divided by {k}. What could you do to both sides to undo "
                f"dividing by {k}?",
                f"Multiply both sides by {k} first.",
                f"Multiply both sides by {k}: {show(sympy.expand(v_side * int(k)))} = "
                f"{show(k_side * int(k))}.",
                f"Times both sides by {k}.",
            )
        coeff, const = linear_parts(v_side, x)
        rest = sympy.expand(k_side)
        term = show(coeff * x)
        if const != 0:
            undo = "take away" if const > 0 else "add"
            amount = show(abs(const))
            return (
                f"What is being done to {name} in {self.source}? To get {term} on its own, "
                f"what could you do to both sides to remove the {signed(const)}?",
                f"Deal with the {signed(const)} first: {undo} {amount} "
                f"{'from' if const > 0 else 'to'} both sides.",
                f"{undo.capitalize()} {amount} {'from' if const > 0 else 'to'} both sides: "
                f"{term} = {show(rest - const)}.",
                f"First {undo} {amount} {'from' if const > 0 else 'to'} both sides.",
            )
        if coeff.is_Rational and coeff.q != 1 and coeff.p == 1:
            k = show(coeff.q)
            return (
                f"{term} means {name} divided by {k}. What is the opposite of dividing by {k}?",
                f"Multiply both sides by {k}.",
                f"Multiply both sides by {k}: {name} = {show(rest)} × {k}. What is that?",
                f"Times both sides by {k}.",
            )
        return (
            f"{term} means {show(coeff)} times {name}. What is the opposite of multiplying "
            f"by {show(coeff)}?",
            f"Divide both sides by {show(coeff)}.",
            f"Divide both sides by {show(coeff)}: {name} = {show(rest)} ÷ {show(coeff)}. "
            "What is that?",
            f"Divide both sides by {show(coeff)}.",
        )

    def _quadratic_step(self) -> tuple[str, str, str, str]:
        x = self.var
        expr = sympy.expand(self.eq.lhs - self.eq.rhs)
        poly = sympy.Poly(expr, x)
        a, b, c = poly.all_coeffs()
        if a < 0:
            a, b, c = -a, -b, -c
            expr = -expr
        if sympy.expand(self.eq.rhs) != 0 and sympy.expand(self.eq.lhs) != 0 and b != 0:
            return (
                "Can you rearrange this so that one side is 0? What do you get?",
                "Move every term to one side, so the equation reads ... = 0.",
                f"Rearrange so one side is 0: {show(expr)} = 0.",
                "Make one side equal 0.",
            )
        if b == 0 and c != 0:
            return (
                "Remember a square number has two square roots. What number squared gives "
                f"{show(-c / a)}?",
                f"Get {show(x)}^2 on its own, then square root both sides. Give both answers.",
                f"{show(x)}^2 = {show(-c / a)}. Now square root both sides: there are two answers.",
                "Square root both sides. Find two answers.",
            )
        factors = sympy.factor_list(expr)[1]
        if a == 1 and len(factors) == 2 and all(f.is_polynomial(x) for f, _ in factors):
            return (
                f"Can you factorise {show(expr)}? Which two numbers multiply to {show(c)} "
                f"and add to {show(b)}?",
                f"Find two numbers that multiply to {show(c)} and add to {show(b)}. "
                "Then write two brackets.",
                f"Factorise: {show(sympy.factor(expr))} = 0. If two brackets multiply to 0, "
                "what must one of them equal?",
                f"Find two numbers: times to {show(c)}, add to {show(b)}.",
            )
        return (
            f"Does {show(expr)} factorise? If not, which formula solves any quadratic?",
            "Try to factorise; if it will not factorise, use the quadratic formula with "
            f"a = {show(a)}, b = {show(b)}, c = {show(c)}.",
            f"Use the quadratic formula with a = {show(a)}, b = {show(b)}, c = {show(c)}. "
            "What is b^2 - 4ac?",
            "Try factorising first.",
        )

    def _steps(self) -> tuple[str, str, str, str]:
        return self._linear_step() if self.degree == 1 else self._quadratic_step()

    def opener(self) -> list[Line]:
        question, _, _, short = self._steps()
        return [
            Line(
                f"Let's solve {self.source} one step at a time.",
                f"Let's solve {self.source}.",
            ),
            Line(question, short.rstrip(".") + "?" if self.degree == 1 else question, "ask"),
        ]

    def hint(self) -> list[Line]:
        _, hint, _, short = self._steps()
        return [
            Line(hint, short),
            Line("What do you get when you do that?", "What do you get?", "ask"),
        ]

    def first_step(self) -> list[Line]:
        _, _, worked, _ = self._steps()
        return [
            Line("Here is the first step, done together.", "Here is step 1."),
            Line(worked, worked),
            Line("What is the next step?", "What comes next?", "ask"),
        ]

    def understanding(self) -> Line:
        if self.degree == 2:
            return Line(
                "Why can an equation with an x^2 term have two answers?",
                "Why are there two answers?",
                "ask",
            )
        _, b = linear_parts(self.eq.lhs, self.var)
        if b != 0 and not self.eq.rhs.has(self.var):
            return Line(
                f"Why did you deal with the {signed(b)} first?",
                f"Why deal with the {signed(b)} first?",
                "ask",
            )
        return Line(
            "How would you check this answer without a calculator?",
            "How can you check it?",
            "ask",
        )

    def _verify(self, value: sympy.Expr) -> str:
        if self.degree == 2:
            return "Both values make the equation true."
        left_src, right_src = (tidy(part) for part in split_sides(self.eq.source))
        both = num(self.eq.lhs.subs(self.var, value))
        return (
            f"Check: when {show(self.var)} = {num(value)}, {left_src} and {right_src} both "
            f"come to {both}."
        )

    def _substitute(self, value: sympy.Expr, shown: str = "") -> str:
        left = num(self.eq.lhs.subs(self.var, value))
        right = num(self.eq.rhs.subs(self.var, value))
        left_src, right_src = (tidy(s) for s in split_sides(self.eq.source))
        name = show(self.var)
        shown = shown or num(value)
        if not self.eq.rhs.has(self.var):
            return f"If {name} = {shown}, then {left_src} = {left}, not {right}."
        return (
            f"If {name} = {shown}, the left side {left_src} is {left} but the right side "
            f"{right_src} is {right}."
        )

    def mentions_answer(self, lines: list[str]) -> bool:
        return any(
            (eq := parse_equation(line)) is not None and answer_value(eq) is not None
            for line in lines
        )

    def check(self, text: str, lines: list[str]) -> Check | None:
        working = [eq for line in lines if (eq := parse_equation(line)) is not None]
        working = [eq for eq in working if eq.symbols <= {self.var}]
        steps = [eq for eq in working if not is_answer_form(eq)]
        finals = [eq for eq in working if is_answer_form(eq) and eq.symbols == {self.var}]
        if steps:
            wrong = self._first_wrong_step([self.eq, *steps])
            if wrong is not None:
                return Check("wrong", wrong)
        if finals:
            values = [pair[1] for eq in finals if (pair := answer_value(eq)) is not None]
            texts = [
                split_sides(eq.source)[1] if eq.lhs.is_Symbol else split_sides(eq.source)[0]
                for eq in finals
            ]
            checked = self._check_values(values, texts)
            if checked.verdict == "wrong" and steps:
                bad = next(
                    eq
                    for eq, v, t in zip(finals, values, texts, strict=True)
                    if not any(close_enough(v, r, t) for r in self.roots)
                )
                return Check("wrong", self._diagnose(steps[-1], bad, progress=True))
            return checked
        literals = [line for line in lines if LITERAL.fullmatch(line)]
        if literals and not steps:
            values = [v for line in literals if (v := parse(line)) is not None]
            return self._check_values(values, literals)
        if steps:
            # Every step so far keeps the same answer, but the pupil has not finished yet.
            last = steps[-1]
            return Check(
                "step",
                [
                    Line(
                        f"That step is right: {last.show()} has the same answer as {self.source}.",
                        "That step is right.",
                    ),
                    Line("What is the next step?", "What is next?", "ask"),
                ],
            )
        return None

    def _check_values(self, values: list[sympy.Expr], texts: list[str]) -> Check:
        matched = {
            root
            for root in self.roots
            for value, text in zip(values, texts, strict=False)
            if close_enough(value, root, text)
        }
        wrong = [
            (v, tidy(t))
            for v, t in zip(values, texts, strict=False)
            if not any(close_enough(v, r, t) for r in self.roots)
        ]
        name = show(self.var)
        # Quote the pupil's own numbers back, so 1.41 stays 1.41 rather than 141/100.
        given = [tidy(t) for t in texts]
        if not wrong and matched == set(self.roots):
            shown = " and ".join(f"{name} = {t}" for t in given[: len(self.roots)])
            lines = [
                Line(
                    f"Yes, {shown} {'are' if len(self.roots) > 1 else 'is'} right.",
                    f"Yes, {shown} {'are' if len(self.roots) > 1 else 'is'} right.",
                ),
                Line(self._verify(values[0]), "", "extra"),
                self.understanding(),
            ]
            return Check("right", lines)
        if not wrong:
            return Check(
                "partial",
                [
                    Line(
                        f"{name} = {given[0]} works. That is one answer.",
                        f"{name} = {given[0]} works.",
                    ),
                    Line(
                        "Equations with a squared term usually have two answers. What is the "
                        "other one?",
                        "There is one more answer. What is it?",
                        "ask",
                    ),
                ],
            )
        lines = [
            Line("Not quite.", "Not quite."),
            Line(
                self._substitute(wrong[0][0], wrong[0][1]),
                f"Put {name} = {wrong[0][1]} back in to check.",
            ),
        ]
        return Check("wrong", lines + self.hint())

    def _first_wrong_step(self, chain: list[ParsedEq]) -> list[Line] | None:
        previous_solutions = solutions(chain[0], self.var)
        for index, (before, after) in enumerate(zip(chain, chain[1:], strict=False)):
            now = solutions(after, self.var)
            if now is None or previous_solutions is None:
                return None
            if now != previous_solutions:
                return self._diagnose(before, after, progress=index > 0)
            previous_solutions = now
        return None

    def _diagnose(self, before: ParsedEq, after: ParsedEq, *, progress: bool) -> list[Line]:
        """Name the step that changed the answer and ask about the likely slip."""
        x = self.var
        lines = [Line("Not quite.", "Not quite.")]
        if progress:
            lines.append(Line(f"Your working is right up to {before.show()}.", "Good start."))
        lines.append(
            Line(
                f"Check the step from {before.show()} to {after.show()}.",
                f"Check {before.show()} to {after.show()}.",
            )
        )
        question, short, tip = "", "", ""
        before_solutions = solutions(before, x)
        if self.degree == 1 and isinstance(before_solutions, frozenset):
            a1, b1 = linear_parts(before.lhs, x)
            c1, d1 = linear_parts(before.rhs, x)
            a2, b2 = linear_parts(after.lhs, x)
            c2, d2 = linear_parts(after.rhs, x)
            bracket = re.search(r"(-?\d+)\s*\(", before.source)
            if b1 != 0 and b2 == 0 and (a2, c2) == (a1, c1) and d2 == d1 + b1:
                question = f"What happens to {signed(b1)} when it moves to the other side?"
                short = question
                tip = (
                    f"To remove {signed(b1)}, {'take away' if b1 > 0 else 'add'} "
                    f"{show(abs(b1))} on both sides."
                )
            elif b1 != 0 and b2 == 0 and (a2, c2) == (a1, c1) and d2 == d1:
                question = (
                    f"The {signed(b1)} has gone from the left side, but the right side did "
                    "not change. What should happen to the right side?"
                )
                short = "Did you do the same to both sides?"
            elif c1 != 0 and c2 == 0 and a2 == a1 + c1 and (b2, d2) == (b1, d1):
                question = f"What happens to {signed_term(c1, x)} when it moves to the other side?"
                short = question
                tip = "A term that moves across the equals sign changes its sign."
            elif b1 == 0 and c1 == 0 and a1 not in (0, 1) and (a2, b2, c2) == (1, 0, 0):
                question, short = self._division_slip(a1, d1, d2)
            elif bracket and sympy.expand(before.rhs) == sympy.expand(after.rhs):
                k = bracket.group(1)
                question = (
                    f"How did you multiply out the bracket? {k} multiplies every term inside "
                    "it, not just the first. What is each product?"
                )
                short = f"Times every term in the bracket by {k}."
        if not question:
            after_solutions = solutions(after, x)
            value = (
                min(after_solutions, key=str)
                if isinstance(after_solutions, frozenset) and after_solutions
                else None
            )
            if value is not None and isinstance(before_solutions, frozenset):
                probe = Equation(before, x, before_solutions, self.degree)
                question = (
                    "Both lines should have the same answer. "
                    f"{probe._substitute(value)} What went wrong in that step?"
                )
            else:
                question = "Whatever you do to one side, you must do to the other. What changed?"
            short = "Do the same to both sides. What changed?"
        lines.append(Line(question, short, "ask"))
        if tip:
            lines.append(Line(tip, "", "extra"))
        return lines

    @staticmethod
    def _division_slip(a: sympy.Expr, d: sympy.Expr, got: sympy.Expr) -> tuple[str, str]:
        if got == -d:
            return (
                "When you remove a multiplied number, the sign of the other side stays the "
                f"same. Divide both sides by {show(a)}.",
                f"Divide both sides by {show(a)}.",
            )
        if got == d * a or (a.is_Rational and a.q != 1 and got == d / a):
            shown = show(a)
            if a.is_Rational and a.q != 1:
                return (
                    f"{show(a * sympy.Symbol('x'))} means divided by {show(a.q)}. To undo "
                    f"dividing by {show(a.q)}, multiply both sides by {show(a.q)}.",
                    f"Times both sides by {show(a.q)}.",
                )
            return (
                f"You multiplied by {shown}. To undo multiplying by {shown}, divide both sides "
                f"by {shown}.",
                f"Divide by {shown}, do not multiply.",
            )
        if got == d - a:
            return (
                f"{show(a)}x means {show(a)} times x, so divide by {show(a)} rather than "
                "take it away.",
                f"Divide by {show(a)}.",
            )
        if a != 0 and got == a / d:
            return (
                f"Divide {show(d)} by {show(a)}, not the other way round.",
                f"Work out {show(d)} ÷ {show(a)}.",
            )
        return ("What is the opposite of multiplying? Do it to both sides.", "Divide both sides.")

    def example(self) -> list[Line]:
        if self.degree != 1:
            return []
        x = self.var
        a, b = linear_parts(self.eq.lhs, x)
        c, _ = linear_parts(self.eq.rhs, x)
        if c != 0 or not (a.is_Integer and b.is_Integer and a > 0):
            return []
        a2, b2, root = int(a) + 1, int(b) + 2, 3
        total = a2 * root + b2
        return [
            Line(
                f"Here is a similar example: {a2}x + {b2} = {total}. Take away {b2} from both "
                f"sides: {a2}x = {total - b2}. Divide both sides by {a2}: x = {root}.",
                f"Example: {a2}x + {b2} = {total}. So {a2}x = {total - b2}. So x = {root}.",
            )
        ]
