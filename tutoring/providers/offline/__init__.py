"""The built-in offline tutor: a rule-based, Socratic GCSE maths and English tutor.

It runs with no network and no model. For maths it reads the question with a restricted sympy
parser, works out the answer itself and checks the pupil's answer or working line by line, then
hints at the first wrong step instead of handing over the answer. For English it draws
topic-aware questions from the curriculum store. Its confidence is honest: low when it did not
understand the message, so the school's confidence gate holds the reply for a teacher.

Every sympy call sees only short, whitelisted text with capped numbers, exponents and
operation counts, so a pupil cannot stall the worker with an expression such as 9^9^9.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache
from math import gcd
from string import ascii_lowercase
from tokenize import TokenError
from typing import Literal

import sympy
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication,
    parse_expr,
    rationalize,
    standard_transformations,
)

from tutoring import curriculum
from tutoring.providers.base import PupilNeeds, Turn, TutorReply, TutorRequest

logger = logging.getLogger(__name__)

MODEL = "offline"

# Confidence bands. The school's gate holds anything under its threshold for a teacher, so the
# numbers only go high when the maths was parsed and checked by sympy.
CHECKED = 0.92
GUIDED = 0.88
TOPIC_MATCHED = 0.65
SESSION_TOPIC = 0.55
GREETED = 0.7
UNCHECKABLE = 0.4
NOT_UNDERSTOOD = 0.3

# Input limits that keep every sympy call small.
_MAX_MESSAGE = 2000
_MAX_MATHS = 120
_MAX_DIGITS = 12
_MAX_EXPONENT = 10
_MAX_BRACKET_EXPONENT = 6
_MAX_DEPTH = 6
_MAX_OPS = 80
_MAX_SYMBOLS = 3
_MAX_HISTORY_TURNS = 12
_MAX_GUIDANCE = 300

_SYMBOLS = {c: sympy.Symbol(c) for c in ascii_lowercase}
# A minimal namespace for parse_expr: only what its transformations emit, and no builtins.
_PARSER_GLOBALS = {
    "Integer": sympy.Integer,
    "Float": sympy.Float,
    "Rational": sympy.Rational,
    "Symbol": sympy.Symbol,
    "Add": sympy.Add,
    "Mul": sympy.Mul,
    "Pow": sympy.Pow,
}
_TRANSFORMS = (*standard_transformations, implicit_multiplication, convert_xor, rationalize)
_PARSE_ERRORS = (SyntaxError, TypeError, ValueError, AttributeError, ZeroDivisionError, TokenError)

Verdict = Literal["right", "partial", "wrong", "step"]


# --- Reply drafting ---------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    # A shorter, simpler wording for pupils with SEND or EAL needs.
    short: str = ""
    kind: Literal["say", "ask", "extra"] = "say"


@dataclass
class _Draft:
    lines: list[_Line] = field(default_factory=list)
    confidence: float = NOT_UNDERSTOOD
    topics: list[str] = field(default_factory=list)
    stuck: bool = False
    needs_teacher: bool = False
    # The topic whose key terms are glossed for pupils learning English.
    gloss_topic: str = ""

    def say(self, text: str, short: str = "") -> None:
        self.lines.append(_Line(text, short))

    def ask(self, text: str, short: str = "") -> None:
        self.lines.append(_Line(text, short, "ask"))

    def aside(self, text: str, short: str = "") -> None:
        self.lines.append(_Line(text, short, "extra"))

    def add(self, lines: list[_Line]) -> None:
        self.lines.extend(lines)


@dataclass(frozen=True)
class _Steer:
    """What a teacher's regenerate guidance asks for, as far as rules can tell."""

    simpler: bool = False
    more_help: bool = False
    example: bool = False
    gentler: bool = False


def _steer(guidance: str) -> _Steer:
    text = guidance.lower()
    return _Steer(
        simpler=bool(re.search(r"simpl|short|easier|fewer words|less text|plain|too long", text)),
        more_help=bool(
            re.search(r"hint|more help|scaffold|first step|break it down|support", text)
        ),
        example=bool(re.search(r"example|worked|model|show (?:him|her|them) how", text)),
        gentler=bool(re.search(r"encourag|gentl|kind|reassur|confidence|anxious|nervous", text)),
    )


# --- Safe maths parsing -----------------------------------------------------------------------


_UNICODE = {
    "×": "*",
    "·": "*",
    "−": "-",
    "–": "-",
    "—": "-",
    "²": "^2",
    "³": "^3",
    "＝": "=",
    "→": "\n",
    "=>": "\n",
}
_ALLOWED = re.compile(r"[0-9a-z+\-*/^().\s÷]+")
_LITERAL = re.compile(r"-?\s*\d+(?:\.\d+)?(?:\s*/\s*\d+)?")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_SIMPLE_TERM = re.compile(r"\s*-?\d+(?:\.\d+)?(?:\s*/\s*\d+)?\s*")


def _normalise(text: str) -> str:
    text = text[:_MAX_MESSAGE]
    for old, new in _UNICODE.items():
        text = text.replace(old, new)
    text = text.lower().replace("**", "^")
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 1,000 -> 1000
    text = re.sub(r"[£$€]", "", text)
    # Mixed numbers such as 2 3/4 would otherwise read as 2 × 3/4.
    return re.sub(r"(?<![\d/.])(\d+) (\d+)/(\d+)(?![\d/])", r"(\1+\2/\3)", text)


def _exponents_ok(src: str) -> bool:
    for match in re.finditer(r"\^", src):
        following = src[match.end() :]
        exponent = re.match(r"\s*\(?\s*(-?)\s*(\d{1,2})\s*\)?", following)
        if exponent is None:
            return False
        value = int(exponent.group(2))
        limit = _MAX_BRACKET_EXPONENT if src[: match.start()].rstrip().endswith(")") else None
        if value > (limit or _MAX_EXPONENT):
            return False
        # Chained powers such as 9^9^9 grow too fast to allow at all.
        if following[exponent.end() :].lstrip().startswith("^"):
            return False
    return True


def _depth_ok(src: str) -> bool:
    depth = 0
    for char in src:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0 or depth > _MAX_DEPTH:
            return False
    return depth == 0


def _prepare(src: str) -> str | None:
    s = src.strip()
    if not s or len(s) > _MAX_MATHS or not _ALLOWED.fullmatch(s):
        return None
    if re.search(rf"\d{{{_MAX_DIGITS + 1},}}", s) or re.search(r"[a-z]\s*\d", s):
        # Long numbers are a cost risk; "x2" is ambiguous (x^2 or 2x), so ask rather than guess.
        return None
    if not _exponents_ok(s) or not _depth_ok(s):
        return None
    if "÷" in s:
        parts = s.split("÷")
        if all(_SIMPLE_TERM.fullmatch(p) for p in parts):
            # 3/4 ÷ 1/2 means (3/4) ÷ (1/2), not ((3/4)/1)/2.
            s = "(" + ")/(".join(p.strip() for p in parts) + ")"
        else:
            s = s.replace("÷", "/")
    s = re.sub(r"(?<=[a-z])\s*(?=[a-z])", "*", s)
    s = re.sub(r"(?<=[0-9a-z)])\s*\(", "*(", s)
    return re.sub(r"\)\s*(?=[0-9a-z])", ")*", s)


def _parse(src: str, *, evaluate: bool = True) -> sympy.Expr | None:
    """Parse a short piece of pupil maths, or return None if it is not safe or not maths."""
    prepared = _prepare(src)
    if prepared is None:
        return None
    try:
        expr = parse_expr(
            prepared,
            local_dict=dict(_SYMBOLS),
            global_dict=dict(_PARSER_GLOBALS),
            transformations=_TRANSFORMS,
            evaluate=evaluate,
        )
    except _PARSE_ERRORS:
        return None
    if not isinstance(expr, sympy.Expr) or len(expr.free_symbols) > _MAX_SYMBOLS:
        return None
    if expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return None
    if sympy.count_ops(expr) > _MAX_OPS:
        return None
    return expr


def _tidy(src: str) -> str:
    """Space out a line of pupil maths so it reads clearly when quoted back."""
    s = re.sub(r"\s+", "", src)
    s = s.replace("=", " = ")
    s = re.sub(r"(?<=[0-9a-z)])([+\-])", r" \1 ", s)
    s = s.replace("*", " × ").replace("÷", " ÷ ")
    return re.sub(r"\s+", " ", s).strip()


def _show(expr: sympy.Expr) -> str:
    """Write a sympy expression the way a GCSE pupil would."""
    s = sympy.sstr(expr).replace("**", "^")
    s = re.sub(r"(\d)\*(?=[a-z(])", r"\1", s)
    s = re.sub(r"(?<=[a-z)])\*(?=[a-z(])", "", s)
    return s.replace("*", " × ")


def _num(value: sympy.Expr) -> str:
    if isinstance(value, sympy.Rational) or value.is_rational:
        return _show(value)
    return f"{float(value):.3g}"


def _signed(value: sympy.Expr, unit: str = "") -> str:
    text = f"{_show(abs(value))}{unit}"
    return f"- {text}" if value < 0 else f"+ {text}"


def _signed_term(coeff: sympy.Expr, var: sympy.Symbol) -> str:
    """Write a term such as + 3x or - x, with its sign in front."""
    size = abs(coeff)
    body = _show(var) if size == 1 else _show(size * var)
    return f"- {body}" if coeff < 0 else f"+ {body}"


def _decimals(text: str) -> int:
    match = re.search(r"\.(\d+)", text)
    return len(match.group(1)) if match else 0


def _close(pupil: sympy.Expr, exact: sympy.Expr, pupil_text: str = "") -> bool:
    """Return whether the pupil's number matches, allowing rounding to the places they gave."""
    try:
        if sympy.simplify(pupil - exact) == 0:
            return True
        if exact.is_rational and exact.is_integer:
            return False
        places = _decimals(pupil_text)
        if places == 0 and (pupil_text.count("/") or abs(exact) < 10):
            # Rounding to a whole number is only a fair reading for larger values.
            return False
        return abs(float(pupil) - float(exact)) <= 0.5 * 10 ** (-places) + 1e-9
    except (TypeError, ValueError):
        return False


# --- Finding maths in a message ---------------------------------------------------------------


_MATHS_TOKEN = re.compile(r"[0-9a-z+\-*/^().=÷]+")
_WORD = re.compile(r"[a-z]{2,}")
_CLAUSE_SPLIT = re.compile(r"\n|;|,\s|\?\s")


def _runs(text: str) -> list[str]:
    """Split normalised text into runs of maths, dropping the words around them."""
    runs: list[str] = []
    for clause in _CLAUSE_SPLIT.split(text):
        current: list[str] = []
        for raw in clause.split():
            token = raw.strip(",;:?!'\"").rstrip(".")
            if not token or _WORD.search(token) or not _MATHS_TOKEN.fullmatch(token):
                runs.append(" ".join(current))
                current = []
                continue
            # "3x+5=20 3x=15 x=5": two operands side by side after an equals sign start a new
            # line of working rather than multiplying.
            joined = " ".join(current)
            if (
                "=" in joined
                and re.search(r"[0-9a-z)]$", joined)
                and re.match(r"[0-9a-z]", token)
                and "=" in token + "".join(clause.split()[-1:])
            ):
                runs.append(joined)
                current = []
            current.append(token)
        runs.append(" ".join(current))
    kept = [r.strip() for r in runs if re.search(r"[0-9]", r) or re.search(r"[+\-*/^=]", r)]
    return [r for r in kept if len(r) <= _MAX_MATHS and not re.fullmatch(r"[+\-*/^=.()]+", r)]


def _lines_of(run: str) -> list[str]:
    """Split a run with several equals signs into separate lines of working where possible."""
    if run.count("=") < 2:
        return [run]
    parts = re.split(r"\s/\s", run)
    if len(parts) > 1 and all(p.count("=") == 1 for p in parts):
        return [p.strip() for p in parts]
    return [run]


def _maths_lines(text: str) -> list[str]:
    return [line for run in _runs(text) for line in _lines_of(run)]


@dataclass(frozen=True)
class _Eq:
    source: str
    lhs: sympy.Expr
    rhs: sympy.Expr

    @property
    def symbols(self) -> set[sympy.Symbol]:
        return self.lhs.free_symbols | self.rhs.free_symbols

    def show(self) -> str:
        return _tidy(self.source)


def _equation(line: str) -> _Eq | None:
    if line.count("=") != 1:
        return None
    left, right = line.split("=")
    lhs, rhs = _parse(left), _parse(right)
    if lhs is None or rhs is None:
        return None
    return _Eq(line.strip(), lhs, rhs)


def _is_answer_form(eq: _Eq) -> bool:
    """Return whether the equation is just `x = number`, as a pupil writes a final answer."""
    sides = (eq.lhs, eq.rhs)
    return any(s.is_Symbol for s in sides) and any(not s.free_symbols for s in sides)


def _answer_value(eq: _Eq) -> tuple[sympy.Symbol, sympy.Expr] | None:
    if eq.lhs.is_Symbol and not eq.rhs.free_symbols:
        return eq.lhs, eq.rhs
    if eq.rhs.is_Symbol and not eq.lhs.free_symbols:
        return eq.rhs, eq.lhs
    return None


# --- Problems the tutor can check ----------------------------------------------------------------


@dataclass(frozen=True)
class _Check:
    verdict: Verdict
    lines: list[_Line]


class _Problem:
    """A maths question the tutor has understood and can solve itself."""

    topic_code = "maths.algebra.linear-equations"
    source = ""

    def opener(self) -> list[_Line]:
        raise NotImplementedError

    def hint(self) -> list[_Line]:
        raise NotImplementedError

    def first_step(self) -> list[_Line]:
        return self.hint()

    def check(self, text: str, lines: list[str]) -> _Check | None:
        raise NotImplementedError

    def understanding(self) -> _Line:
        return _Line(
            "How could you check an answer like this yourself?",
            "How could you check your answer?",
            "ask",
        )

    def example(self) -> list[_Line]:
        return []

    def mentions_answer(self, lines: list[str]) -> bool:
        return False


def _solutions(eq: _Eq, var: sympy.Symbol) -> frozenset[sympy.Expr] | str | None:
    """Return the real solutions, "all" for an identity, or None if it is not checkable."""
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


def _linear(side: sympy.Expr, var: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr]:
    expanded = sympy.expand(side)
    return expanded.coeff(var, 1), expanded.coeff(var, 0)


def _sides(source: str) -> tuple[str, str]:
    left, right = source.split("=")
    return left.strip(), right.strip()


@dataclass(frozen=True)
class _Equation(_Problem):
    eq: _Eq
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
        left, right = _sides(self.eq.source)
        if self.eq.lhs.has(self.var) or not self.eq.rhs.has(self.var):
            return left, self.eq.lhs, self.eq.rhs
        return right, self.eq.rhs, self.eq.lhs

    def _linear_step(self) -> tuple[str, str, str, str]:
        """Return (socratic question, hint, worked first step, short hint) for a linear one."""
        x = self.var
        name = _show(x)
        a, b = _linear(self.eq.lhs, x)
        c, d = _linear(self.eq.rhs, x)
        v_src, v_side, k_side = self._layout()
        bracket = re.search(r"(-?\d*)\s*\(([^()]*[a-z][^()]*)\)(?!\s*/)", v_src)
        if bracket and bracket.group(1) not in ("", "-"):
            k, inner = bracket.group(1), _tidy(bracket.group(2))
            either = "" if k_side.has(x) else f", or divide both sides by {k}"
            return (
                f"There is a bracket: {k}({inner}). How could you start: multiply it out{either}?",
                f"Multiply every term inside the bracket by {k}: {k} × {inner.split()[0]} and "
                f"{k} × the other term.",
                f"Multiply out the bracket first: {_show(sympy.expand(v_side))} = {_show(k_side)}.",
                f"Times each term in the bracket by {k}.",
            )
        if a != 0 and c != 0:
            small = min(a, c)
            term = _show(small * x)
            after = sympy.Eq((a - small) * x + b, (c - small) * x + d)
            return (
                f"There are {name} terms on both sides. What could you take away from both "
                f"sides so that the {name} terms are only on one side?",
                f"Take away {term} from both sides, so the {name} terms are on one side only.",
                f"Take away {term} from both sides: {_show(after.lhs)} = {_show(after.rhs)}.",
                f"Take {term} from both sides.",
            )
        over = re.search(r"\)\s*/\s*(\d+)", v_src)
        if over:
            k = over.group(1)
            return (
                f"The whole top is divided by {k}. What could you do to both sides to undo "
                f"dividing by {k}?",
                f"Multiply both sides by {k} first.",
                f"Multiply both sides by {k}: {_show(sympy.expand(v_side * int(k)))} = "
                f"{_show(k_side * int(k))}.",
                f"Times both sides by {k}.",
            )
        coeff, const = _linear(v_side, x)
        rest = sympy.expand(k_side)
        term = _show(coeff * x)
        if const != 0:
            undo = "take away" if const > 0 else "add"
            amount = _show(abs(const))
            return (
                f"What is being done to {name} in {self.source}? To get {term} on its own, "
                f"what could you do to both sides to remove the {_signed(const)}?",
                f"Deal with the {_signed(const)} first: {undo} {amount} "
                f"{'from' if const > 0 else 'to'} both sides.",
                f"{undo.capitalize()} {amount} {'from' if const > 0 else 'to'} both sides: "
                f"{term} = {_show(rest - const)}.",
                f"First {undo} {amount} {'from' if const > 0 else 'to'} both sides.",
            )
        if coeff.is_Rational and coeff.q != 1 and coeff.p == 1:
            k = _show(coeff.q)
            return (
                f"{term} means {name} divided by {k}. What is the opposite of dividing by {k}?",
                f"Multiply both sides by {k}.",
                f"Multiply both sides by {k}: {name} = {_show(rest)} × {k}. What is that?",
                f"Times both sides by {k}.",
            )
        return (
            f"{term} means {_show(coeff)} times {name}. What is the opposite of multiplying "
            f"by {_show(coeff)}?",
            f"Divide both sides by {_show(coeff)}.",
            f"Divide both sides by {_show(coeff)}: {name} = {_show(rest)} ÷ {_show(coeff)}. "
            "What is that?",
            f"Divide both sides by {_show(coeff)}.",
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
                f"Rearrange so one side is 0: {_show(expr)} = 0.",
                "Make one side equal 0.",
            )
        if b == 0 and c != 0:
            return (
                "Remember a square number has two square roots. What number squared gives "
                f"{_show(-c / a)}?",
                f"Get {_show(x)}^2 on its own, then square root both sides. Give both answers.",
                f"{_show(x)}^2 = {_show(-c / a)}. Now square root both sides: there are two "
                "answers.",
                "Square root both sides. Find two answers.",
            )
        factors = sympy.factor_list(expr)[1]
        if a == 1 and len(factors) == 2 and all(f.is_polynomial(x) for f, _ in factors):
            return (
                f"Can you factorise {_show(expr)}? Which two numbers multiply to {_show(c)} "
                f"and add to {_show(b)}?",
                f"Find two numbers that multiply to {_show(c)} and add to {_show(b)}. "
                "Then write two brackets.",
                f"Factorise: {_show(sympy.factor(expr))} = 0. If two brackets multiply to 0, "
                "what must one of them equal?",
                f"Find two numbers: times to {_show(c)}, add to {_show(b)}.",
            )
        return (
            f"Does {_show(expr)} factorise? If not, which formula solves any quadratic?",
            "Try to factorise; if it will not factorise, use the quadratic formula with "
            f"a = {_show(a)}, b = {_show(b)}, c = {_show(c)}.",
            f"Use the quadratic formula with a = {_show(a)}, b = {_show(b)}, c = {_show(c)}. "
            "What is b^2 - 4ac?",
            "Try factorising first.",
        )

    def _steps(self) -> tuple[str, str, str, str]:
        return self._linear_step() if self.degree == 1 else self._quadratic_step()

    def opener(self) -> list[_Line]:
        question, _, _, short = self._steps()
        return [
            _Line(
                f"Let's solve {self.source} one step at a time.",
                f"Let's solve {self.source}.",
            ),
            _Line(question, short.rstrip(".") + "?" if self.degree == 1 else question, "ask"),
        ]

    def hint(self) -> list[_Line]:
        _, hint, _, short = self._steps()
        return [
            _Line(hint, short),
            _Line("What do you get when you do that?", "What do you get?", "ask"),
        ]

    def first_step(self) -> list[_Line]:
        _, _, worked, _ = self._steps()
        return [
            _Line("Here is the first step, done together.", "Here is step 1."),
            _Line(worked, worked),
            _Line("What is the next step?", "What comes next?", "ask"),
        ]

    def understanding(self) -> _Line:
        if self.degree == 2:
            return _Line(
                "Why can an equation with an x^2 term have two answers?",
                "Why are there two answers?",
                "ask",
            )
        _, b = _linear(self.eq.lhs, self.var)
        if b != 0 and not self.eq.rhs.has(self.var):
            return _Line(
                f"Why did you deal with the {_signed(b)} first?",
                f"Why deal with the {_signed(b)} first?",
                "ask",
            )
        return _Line(
            "How would you check this answer without a calculator?",
            "How can you check it?",
            "ask",
        )

    def _verify(self, value: sympy.Expr) -> str:
        if self.degree == 2:
            return "Both values make the equation true."
        left_src, right_src = (_tidy(part) for part in _sides(self.eq.source))
        both = _num(self.eq.lhs.subs(self.var, value))
        return (
            f"Check: when {_show(self.var)} = {_num(value)}, {left_src} and {right_src} both "
            f"come to {both}."
        )

    def _substitute(self, value: sympy.Expr, shown: str = "") -> str:
        left = _num(self.eq.lhs.subs(self.var, value))
        right = _num(self.eq.rhs.subs(self.var, value))
        left_src, right_src = (_tidy(s) for s in _sides(self.eq.source))
        name = _show(self.var)
        shown = shown or _num(value)
        if not self.eq.rhs.has(self.var):
            return f"If {name} = {shown}, then {left_src} = {left}, not {right}."
        return (
            f"If {name} = {shown}, the left side {left_src} is {left} but the right side "
            f"{right_src} is {right}."
        )

    def mentions_answer(self, lines: list[str]) -> bool:
        return any(
            (eq := _equation(line)) is not None and _answer_value(eq) is not None for line in lines
        )

    def check(self, text: str, lines: list[str]) -> _Check | None:
        working = [eq for line in lines if (eq := _equation(line)) is not None]
        working = [eq for eq in working if eq.symbols <= {self.var}]
        steps = [eq for eq in working if not _is_answer_form(eq)]
        finals = [eq for eq in working if _is_answer_form(eq) and eq.symbols == {self.var}]
        if steps:
            wrong = self._first_wrong_step([self.eq, *steps])
            if wrong is not None:
                return _Check("wrong", wrong)
        if finals:
            values = [pair[1] for eq in finals if (pair := _answer_value(eq)) is not None]
            texts = [
                _sides(eq.source)[1] if eq.lhs.is_Symbol else _sides(eq.source)[0] for eq in finals
            ]
            checked = self._check_values(values, texts)
            if checked.verdict == "wrong" and steps:
                bad = next(
                    eq
                    for eq, v, t in zip(finals, values, texts, strict=True)
                    if not any(_close(v, r, t) for r in self.roots)
                )
                return _Check("wrong", self._diagnose(steps[-1], bad, progress=True))
            return checked
        literals = [line for line in lines if _LITERAL.fullmatch(line)]
        if literals and not steps:
            values = [v for line in literals if (v := _parse(line)) is not None]
            return self._check_values(values, literals)
        if steps:
            # Every step so far keeps the same answer, but the pupil has not finished yet.
            last = steps[-1]
            return _Check(
                "step",
                [
                    _Line(
                        f"That step is right: {last.show()} has the same answer as {self.source}.",
                        "That step is right.",
                    ),
                    _Line("What is the next step?", "What is next?", "ask"),
                ],
            )
        return None

    def _check_values(self, values: list[sympy.Expr], texts: list[str]) -> _Check:
        matched = {
            root
            for root in self.roots
            for value, text in zip(values, texts, strict=False)
            if _close(value, root, text)
        }
        wrong = [
            (v, _tidy(t))
            for v, t in zip(values, texts, strict=False)
            if not any(_close(v, r, t) for r in self.roots)
        ]
        name = _show(self.var)
        # Quote the pupil's own numbers back, so 1.41 stays 1.41 rather than 141/100.
        given = [_tidy(t) for t in texts]
        if not wrong and matched == set(self.roots):
            shown = " and ".join(f"{name} = {t}" for t in given[: len(self.roots)])
            lines = [
                _Line(
                    f"Yes, {shown} {'are' if len(self.roots) > 1 else 'is'} right.",
                    f"Yes, {shown} {'are' if len(self.roots) > 1 else 'is'} right.",
                ),
                _Line(self._verify(values[0]), "", "extra"),
                self.understanding(),
            ]
            return _Check("right", lines)
        if not wrong:
            return _Check(
                "partial",
                [
                    _Line(
                        f"{name} = {given[0]} works. That is one answer.",
                        f"{name} = {given[0]} works.",
                    ),
                    _Line(
                        "Equations with a squared term usually have two answers. What is the "
                        "other one?",
                        "There is one more answer. What is it?",
                        "ask",
                    ),
                ],
            )
        lines = [
            _Line("Not quite.", "Not quite."),
            _Line(
                self._substitute(wrong[0][0], wrong[0][1]),
                f"Put {name} = {wrong[0][1]} back in to check.",
            ),
        ]
        return _Check("wrong", lines + self.hint())

    def _first_wrong_step(self, chain: list[_Eq]) -> list[_Line] | None:
        previous_solutions = _solutions(chain[0], self.var)
        for index, (before, after) in enumerate(zip(chain, chain[1:], strict=False)):
            now = _solutions(after, self.var)
            if now is None or previous_solutions is None:
                return None
            if now != previous_solutions:
                return self._diagnose(before, after, progress=index > 0)
            previous_solutions = now
        return None

    def _diagnose(self, before: _Eq, after: _Eq, *, progress: bool) -> list[_Line]:
        """Name the step that changed the answer and ask about the likely slip."""
        x = self.var
        lines = [_Line("Not quite.", "Not quite.")]
        if progress:
            lines.append(_Line(f"Your working is right up to {before.show()}.", "Good start."))
        lines.append(
            _Line(
                f"Check the step from {before.show()} to {after.show()}.",
                f"Check {before.show()} to {after.show()}.",
            )
        )
        question, short, tip = "", "", ""
        before_solutions = _solutions(before, x)
        if self.degree == 1 and isinstance(before_solutions, frozenset):
            a1, b1 = _linear(before.lhs, x)
            c1, d1 = _linear(before.rhs, x)
            a2, b2 = _linear(after.lhs, x)
            c2, d2 = _linear(after.rhs, x)
            bracket = re.search(r"(-?\d+)\s*\(", before.source)
            if b1 != 0 and b2 == 0 and (a2, c2) == (a1, c1) and d2 == d1 + b1:
                question = f"What happens to {_signed(b1)} when it moves to the other side?"
                short = question
                tip = (
                    f"To remove {_signed(b1)}, {'take away' if b1 > 0 else 'add'} "
                    f"{_show(abs(b1))} on both sides."
                )
            elif b1 != 0 and b2 == 0 and (a2, c2) == (a1, c1) and d2 == d1:
                question = (
                    f"The {_signed(b1)} has gone from the left side, but the right side did "
                    "not change. What should happen to the right side?"
                )
                short = "Did you do the same to both sides?"
            elif c1 != 0 and c2 == 0 and a2 == a1 + c1 and (b2, d2) == (b1, d1):
                question = f"What happens to {_signed_term(c1, x)} when it moves to the other side?"
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
            after_solutions = _solutions(after, x)
            value = (
                min(after_solutions, key=str)
                if isinstance(after_solutions, frozenset) and after_solutions
                else None
            )
            if value is not None and isinstance(before_solutions, frozenset):
                probe = _Equation(before, x, before_solutions, self.degree)
                question = (
                    "Both lines should have the same answer. "
                    f"{probe._substitute(value)} What went wrong in that step?"
                )
            else:
                question = "Whatever you do to one side, you must do to the other. What changed?"
            short = "Do the same to both sides. What changed?"
        lines.append(_Line(question, short, "ask"))
        if tip:
            lines.append(_Line(tip, "", "extra"))
        return lines

    @staticmethod
    def _division_slip(a: sympy.Expr, d: sympy.Expr, got: sympy.Expr) -> tuple[str, str]:
        if got == -d:
            return (
                "When you remove a multiplied number, the sign of the other side stays the "
                f"same. Divide both sides by {_show(a)}.",
                f"Divide both sides by {_show(a)}.",
            )
        if got == d * a or (a.is_Rational and a.q != 1 and got == d / a):
            shown = _show(a)
            if a.is_Rational and a.q != 1:
                return (
                    f"{_show(a * sympy.Symbol('x'))} means divided by {_show(a.q)}. To undo "
                    f"dividing by {_show(a.q)}, multiply both sides by {_show(a.q)}.",
                    f"Times both sides by {_show(a.q)}.",
                )
            return (
                f"You multiplied by {shown}. To undo multiplying by {shown}, divide both sides "
                f"by {shown}.",
                f"Divide by {shown}, do not multiply.",
            )
        if got == d - a:
            return (
                f"{_show(a)}x means {_show(a)} times x, so divide by {_show(a)} rather than "
                "take it away.",
                f"Divide by {_show(a)}.",
            )
        if a != 0 and got == a / d:
            return (
                f"Divide {_show(d)} by {_show(a)}, not the other way round.",
                f"Work out {_show(d)} ÷ {_show(a)}.",
            )
        return ("What is the opposite of multiplying? Do it to both sides.", "Divide both sides.")

    def example(self) -> list[_Line]:
        if self.degree != 1:
            return []
        x = self.var
        a, b = _linear(self.eq.lhs, x)
        c, _ = _linear(self.eq.rhs, x)
        if c != 0 or not (a.is_Integer and b.is_Integer and a > 0):
            return []
        a2, b2, root = int(a) + 1, int(b) + 2, 3
        total = a2 * root + b2
        return [
            _Line(
                f"Here is a similar example: {a2}x + {b2} = {total}. Take away {b2} from both "
                f"sides: {a2}x = {total - b2}. Divide both sides by {a2}: x = {root}.",
                f"Example: {a2}x + {b2} = {total}. So {a2}x = {total - b2}. So x = {root}.",
            )
        ]


@dataclass(frozen=True)
class _Simultaneous(_Problem):
    eqs: tuple[_Eq, _Eq]
    names: tuple[sympy.Symbol, sympy.Symbol]
    solution: tuple[sympy.Expr, sympy.Expr]

    topic_code = "maths.algebra.simultaneous-equations"

    @property
    def source(self) -> str:  # type: ignore[override]
        return f"{self.eqs[0].show()} and {self.eqs[1].show()}"

    def _coefficients(self, var: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr]:
        first, second = (sympy.expand(e.lhs - e.rhs).coeff(var, 1) for e in self.eqs)
        return first, second

    def opener(self) -> list[_Line]:
        for var in self.names:
            first, second = self._coefficients(var)
            if first != 0 and abs(first) == abs(second):
                how = "add" if first == -second else "subtract"
                return [
                    _Line(
                        f"Look at the {_show(var)} terms in {self.source}.",
                        f"Look at the {_show(var)} terms.",
                    ),
                    _Line(
                        f"They are the same size. What happens if you {how} the two equations?",
                        f"What if you {how} the equations?",
                        "ask",
                    ),
                ]
        return [
            _Line(
                "Neither letter has the same number in front of it in both equations yet.",
                "The numbers in front do not match yet.",
            ),
            _Line(
                "What could you multiply one equation by, so one letter matches?",
                "What could you multiply by?",
                "ask",
            ),
        ]

    def hint(self) -> list[_Line]:
        return [
            _Line(
                "Make the numbers in front of one letter the same size. Then add the equations "
                "if the signs are different, or subtract if they are the same.",
                "Match one letter. Then add or subtract the equations.",
            ),
            _Line("Which letter will you remove first?", "Which letter will you remove?", "ask"),
        ]

    def mentions_answer(self, lines: list[str]) -> bool:
        return any((eq := _equation(line)) and _answer_value(eq) for line in lines)

    def check(self, text: str, lines: list[str]) -> _Check | None:
        given: dict[sympy.Symbol, sympy.Expr] = {}
        for line in lines:
            eq = _equation(line)
            pair = _answer_value(eq) if eq else None
            if pair and pair[0] in self.names:
                given[pair[0]] = pair[1]
        if not given:
            return None
        right = {v for v, s in zip(self.names, self.solution, strict=True) if given.get(v) == s}
        if right == set(self.names):
            return _Check(
                "right",
                [
                    _Line("Yes, both values are right.", "Yes, both are right."),
                    _Line(
                        "How could you check both values at once?",
                        "How can you check them?",
                        "ask",
                    ),
                ],
            )
        if len(given) < 2 and right:
            return _Check(
                "partial",
                [
                    _Line("That value is right.", "That one is right."),
                    _Line(
                        "How can you use it to find the other letter?",
                        "How do you find the other letter?",
                        "ask",
                    ),
                ],
            )
        lines_out = [_Line("Not quite.", "Not quite.")]
        if len(given) == 2:
            for number, eq in enumerate(self.eqs, start=1):
                left = eq.lhs.subs(given)
                if sympy.simplify(left - eq.rhs.subs(given)) != 0:
                    label = "first" if number == 1 else "second"
                    lines_out.append(
                        _Line(
                            f"Put your values into the {label} equation, {eq.show()}: the left "
                            f"side comes to {_num(left)}, not {_num(eq.rhs.subs(given))}.",
                            f"Your values do not work in {eq.show()}.",
                        )
                    )
                    break
        return _Check("wrong", lines_out + self.hint())

    def understanding(self) -> _Line:
        return _Line(
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
class _Expression(_Problem):
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
        return _tidy(self.raw_source)

    @property
    def target(self) -> sympy.Expr:
        return sympy.factor(self.expr) if self.task == "factorise" else sympy.expand(self.expr)

    def opener(self) -> list[_Line]:
        if self.task == "expand":
            double = len(re.findall(r"\(", self.raw_source)) >= 2 or "^" in self.raw_source
            question = (
                "Each term in the first bracket multiplies each term in the second. How many "
                "multiplications is that?"
                if double
                else "What does the number outside the bracket multiply?"
            )
            return [
                _Line(f"Let's expand {self.source}.", f"Let's expand {self.source}."),
                _Line(question, "What does each term multiply?", "ask"),
            ]
        if self.task == "factorise":
            return [_Line(f"Let's factorise {self.source}.", "")] + self._factor_question()
        return [
            _Line(f"Let's simplify {self.source}.", ""),
            _Line(
                "Which terms are like terms: the same letters with the same powers?",
                "Which terms are like terms?",
                "ask",
            ),
        ]

    def _factor_question(self) -> list[_Line]:
        variables = sorted(self.expr.free_symbols, key=str)
        if len(variables) == 1:
            poly = sympy.Poly(self.expr, variables[0])
            coeffs = poly.all_coeffs()
            if poly.degree() == 2 and coeffs[0] == 1 and coeffs[2] != 0:
                return [
                    _Line(
                        f"Which two numbers multiply to {_show(coeffs[2])} and add to "
                        f"{_show(coeffs[1])}?",
                        f"Which two numbers times to {_show(coeffs[2])} and add to "
                        f"{_show(coeffs[1])}?",
                        "ask",
                    )
                ]
        return [
            _Line(
                "What is the biggest number or letter that divides into every term?",
                "What goes into every term?",
                "ask",
            )
        ]

    def hint(self) -> list[_Line]:
        if self.task == "expand":
            return [
                _Line(
                    "Multiply every term inside a bracket by every term outside it, then collect "
                    "like terms.",
                    "Multiply every term in the bracket.",
                ),
                _Line("What do you get?", "What do you get?", "ask"),
            ]
        if self.task == "factorise":
            return [
                _Line(
                    "Factorising is expanding backwards: you can check by multiplying out.",
                    "You can check by expanding.",
                ),
                *self._factor_question(),
            ]
        return [
            _Line(
                "Add or take away only like terms, and keep each sign with its term.",
                "Only add like terms.",
            ),
            _Line("What do you get?", "What do you get?", "ask"),
        ]

    def mentions_answer(self, lines: list[str]) -> bool:
        return bool(self._attempts(lines))

    def _attempts(self, lines: list[str]) -> list[str]:
        segments: list[str] = []
        for line in lines:
            segments.extend(s.strip() for s in line.split("=") if s.strip())
        question = re.sub(r"\s", "", self.raw_source)
        return [s for s in segments if re.sub(r"\s", "", s) != question]

    def check(self, text: str, lines: list[str]) -> _Check | None:
        attempts = self._attempts(lines)
        parsed = [(s, _parse(s)) for s in attempts]
        # Only polynomial attempts can be compared term by term with the question.
        parsed = [(s, e) for s, e in parsed if e is not None and e.is_polynomial(*e.free_symbols)]
        if not parsed:
            return None
        previous_src, previous = self.source, self.expr
        for src, expr in parsed:
            if sympy.expand(expr - previous) != 0:
                return _Check("wrong", self._wrong(previous_src, src, expr, previous))
            previous_src, previous = _tidy(src), expr
        final_src, final = parsed[-1]
        raw = _parse(final_src, evaluate=False)
        if raw is None:
            return None
        return self._form(final_src, raw, final)

    def _wrong(
        self, before_src: str, src: str, expr: sympy.Expr, before: sympy.Expr
    ) -> list[_Line]:
        lines = [
            _Line("Not quite.", "Not quite."),
            _Line(
                f"Check the step from {before_src} to {_tidy(src)}.",
                f"Check {before_src} to {_tidy(src)}.",
            ),
        ]
        if self.task == "factorise":
            lines.append(
                _Line(
                    f"Expand your answer to check it: {_tidy(src)} multiplies out to "
                    f"{_show(sympy.expand(expr))}, not {_show(sympy.expand(self.expr))}.",
                    "Expand your answer to check it.",
                )
            )
            return lines + self._factor_question()
        term = self._first_different_term(sympy.expand(expr), sympy.expand(before))
        if term:
            lines.append(_Line(f"Look again at your {term}.", f"Check your {term}."))
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
                    _show(v) + (f"^{p}" if p > 1 else "")
                    for v, p in zip(variables, monomial, strict=True)
                    if p
                ]
                return f"{''.join(parts)} term"
        return ""

    def _form(self, src: str, raw: sympy.Expr, value: sympy.Expr) -> _Check:
        if self.task == "expand" and not _is_expanded(raw):
            return _Check(
                "partial",
                [
                    _Line(
                        "That is equal to the question, but it still has brackets.",
                        "It still has brackets.",
                    ),
                    _Line("Can you multiply them out?", "Can you multiply them out?", "ask"),
                ],
            )
        if self.task == "simplify":
            terms = len(sympy.Add.make_args(raw))
            if terms > len(sympy.Add.make_args(sympy.expand(value))):
                return _Check(
                    "partial",
                    [
                        _Line("That is equal, but there are still like terms to collect.", ""),
                        _Line("Which terms can you still combine?", "Which terms match?", "ask"),
                    ],
                )
        if self.task == "factorise":
            if len(sympy.Mul.make_args(raw)) < 2 and not isinstance(raw, sympy.Pow):
                return _Check(
                    "partial",
                    [
                        _Line(
                            "That is equal to the question, but it is not in brackets yet.",
                            "It is not in brackets yet.",
                        ),
                        *self._factor_question(),
                    ],
                )
            if not _fully_factorised(raw):
                return _Check(
                    "partial",
                    [
                        _Line(
                            "That is right so far, but it can be factorised further.",
                            "Right so far. It can go further.",
                        ),
                        _Line(
                            "Is there still a common factor inside a bracket?",
                            "Is there still a common factor?",
                            "ask",
                        ),
                    ],
                )
        return _Check(
            "right",
            [
                _Line(f"Yes, {_tidy(src)} is right.", f"Yes, {_tidy(src)} is right."),
                self.understanding(),
            ],
        )

    def understanding(self) -> _Line:
        if self.task == "factorise":
            return _Line(
                "How could you check a factorised answer is right?",
                "How can you check it?",
                "ask",
            )
        return _Line(
            "Try x = 2 in the question and in your answer. Do you get the same number?",
            "Try x = 2 in both. Same number?",
            "ask",
        )


@dataclass(frozen=True)
class _Arithmetic(_Problem):
    raw_source: str
    value: sympy.Rational
    simplify_only: bool = False

    topic_code = "maths.number.fractions"

    @property
    def source(self) -> str:  # type: ignore[override]
        return _tidy(self.raw_source)

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

    def opener(self) -> list[_Line]:
        fractions = self._fractions()
        if self.simplify_only and fractions:
            n, d = fractions[0]
            return [
                _Line(
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
                    _Line(
                        f"The denominators are both {d1}. What do you do with the numerators?",
                        "The bottoms match. What do you do with the tops?",
                        "ask",
                    )
                ]
            return [
                _Line(
                    "To add or take away fractions, the denominators need to be the same.",
                    "The bottom numbers must match.",
                ),
                _Line(
                    f"What is the smallest number that both {d1} and {d2} divide into?",
                    f"What number do {d1} and {d2} both go into?",
                    "ask",
                ),
            ]
        if operation == "multiply" and fractions:
            return [
                _Line(
                    "To multiply fractions, what do you do with the numerators and the "
                    "denominators?",
                    "What do you do with the tops and bottoms?",
                    "ask",
                )
            ]
        if operation == "divide" and fractions:
            return [
                _Line(
                    "Dividing by a fraction is the same as multiplying by its reciprocal.",
                    "Flip the second fraction and multiply.",
                ),
                _Line(
                    "What is the second fraction flipped upside down?",
                    "What is it flipped?",
                    "ask",
                ),
            ]
        return [
            _Line(
                f"Think about BIDMAS. In {self.source}, which part do you work out first?",
                "Which part comes first?",
                "ask",
            )
        ]

    def hint(self) -> list[_Line]:
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
        return [_Line(text, text), _Line("What do you get?", "What do you get?", "ask")]

    def mentions_answer(self, lines: list[str]) -> bool:
        return bool(self._attempts(lines))

    def _attempts(self, lines: list[str]) -> list[str]:
        question = re.sub(r"\s", "", self.raw_source)
        segments = [s.strip() for line in lines for s in line.split("=") if s.strip()]
        return [s for s in segments if re.sub(r"\s", "", s) != question]

    def check(self, text: str, lines: list[str]) -> _Check | None:
        attempts = [(s, v) for s in self._attempts(lines) if (v := _parse(s)) is not None]
        attempts = [(s, v) for s, v in attempts if not v.free_symbols]
        if not attempts:
            return None
        previous = self.source
        for src, value in attempts:
            if not _close(value, self.value, src):
                return _Check("wrong", self._wrong(previous, src, value))
            previous = _tidy(src)
        final, _ = attempts[-1]
        fraction = re.fullmatch(r"\s*(-?\d+)\s*/\s*(\d+)\s*", final)
        if fraction and gcd(int(fraction.group(1)), int(fraction.group(2))) > 1:
            return _Check(
                "partial",
                [
                    _Line(
                        f"{_tidy(final)} is the right value. Can it be simplified?",
                        "Right value. Can you simplify it?",
                        "ask",
                    )
                ],
            )
        if not _LITERAL.fullmatch(final.strip()):
            return _Check(
                "step",
                [
                    _Line(f"{_tidy(final)} is right so far.", "Right so far."),
                    _Line("Can you finish the working?", "What is next?", "ask"),
                ],
            )
        return _Check(
            "right",
            [
                _Line(f"Yes, {_tidy(final)} is right.", f"Yes, {_tidy(final)} is right."),
                self.understanding(),
            ],
        )

    def _wrong(self, before: str, src: str, value: sympy.Expr) -> list[_Line]:
        lines = [
            _Line("Not quite.", "Not quite."),
            _Line(f"Check the step from {before} to {_tidy(src)}.", ""),
        ]
        fractions = self._fractions()
        if self._operation() == "add" and len(fractions) >= 2:
            (n1, d1), (n2, d2) = fractions[:2]
            if value in (sympy.Rational(n1 + n2, d1 + d2), sympy.Rational(abs(n1 - n2), d1 + d2)):
                lines.append(
                    _Line(
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
                    _Line(
                        "It looks like you multiplied without flipping the second fraction.",
                        "Flip the second fraction first.",
                    )
                )
                return lines
            if value == sympy.Rational(d1 * n2, n1 * d2):
                lines.append(
                    _Line(
                        "Flip the second fraction, not the first.",
                        "Flip the second one.",
                    )
                )
                return lines
        return lines + self.hint()

    def understanding(self) -> _Line:
        if self._operation() == "add":
            return _Line(
                "Why do the denominators need to match when you add, but not when you multiply?",
                "Why must the bottoms match to add?",
                "ask",
            )
        return _Line(
            "Can you estimate the answer to check it is sensible?",
            "Is your answer sensible?",
            "ask",
        )


_PercentKind = Literal["of", "increase", "decrease", "change", "as-percent"]
_N = r"(\d+(?:\.\d+)?)"


@dataclass(frozen=True)
class _Percent(_Problem):
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

    def opener(self) -> list[_Line]:
        a, b = _show(self.first), _show(self.second)
        if self.kind == "of":
            return [
                _Line(
                    f"What is 10% of {b}? How could you use it to build {a}%?",
                    f"What is 10% of {b}?",
                    "ask",
                )
            ]
        if self.kind in ("increase", "decrease"):
            word = "add it on" if self.kind == "increase" else "take it away"
            return [
                _Line(
                    f"There are two parts: find {b}% of {a}, then {word}.",
                    f"Find {b}% of {a} first.",
                ),
                _Line(f"What is {b}% of {a}?", f"What is {b}% of {a}?", "ask"),
            ]
        if self.kind == "change":
            return [
                _Line(
                    f"First, how much did it change by, going from {a} to {b}?",
                    "How much did it change by?",
                    "ask",
                )
            ]
        return [
            _Line(
                f"Can you write {a} out of {b} as a fraction first?",
                f"Write {a} over {b} as a fraction.",
                "ask",
            )
        ]

    def hint(self) -> list[_Line]:
        a, b = _show(self.first), _show(self.second)
        texts = {
            "of": f"Find 10% of {b} by dividing by 10, then build up {a}% from 10%, 5% and 1%.",
            "increase": f"Find {b}% of {a}, then add it to {a}.",
            "decrease": f"Find {b}% of {a}, then take it away from {a}.",
            "change": f"Percentage change = change ÷ original × 100. The original is {a}.",
            "as-percent": f"Divide {a} by {b}, then multiply by 100.",
        }
        return [_Line(texts[self.kind], texts[self.kind]), _Line("What do you get?", "", "ask")]

    def _numbers(self, text: str) -> list[tuple[str, sympy.Rational]]:
        remainder = _normalise(text).replace(self.span, " ")
        return [(m, sympy.Rational(m)) for m in _NUMBER.findall(remainder)]

    def mentions_answer(self, lines: list[str]) -> bool:
        return False

    def check(self, text: str, lines: list[str]) -> _Check | None:
        numbers = self._numbers(text)
        if not numbers:
            return None
        given_text, given = numbers[-1]
        if _close(abs(given), self.answer, given_text):
            return _Check(
                "right",
                [
                    _Line(f"Yes, {given_text} is right.", f"Yes, {given_text} is right."),
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
            slip = f"You found the {_show(b)}%. Now {word} {_show(a)}."
            short = f"Now {word} {_show(a)}."
        elif self.kind == "change" and b != 0 and _close(given, abs(b - a) / b * 100, given_text):
            slip = f"Divide by the original amount, {_show(a)}, not the new amount."
            short = f"Divide by {_show(a)}, the start amount."
        elif self.kind == "change" and given == abs(b - a):
            slip = "That is the change. Now write it as a percentage of the original."
            short = "Now make it a percentage."
        lines = [_Line("Not quite.", "Not quite.")]
        if slip:
            return _Check(
                "wrong",
                [*lines, _Line(slip, short), _Line("What do you get now?", "What now?", "ask")],
            )
        return _Check("wrong", lines + self.hint())

    def understanding(self) -> _Line:
        if self.kind in ("increase", "decrease"):
            return _Line(
                "What single number could you multiply by to do this in one step?",
                "What one number could you multiply by?",
                "ask",
            )
        if self.kind == "of":
            return _Line(
                "How would you find the same percentage of a different amount?",
                "Could you do it for another amount?",
                "ask",
            )
        return _Line(
            "Why do you divide by the original amount?",
            "Why divide by the original?",
            "ask",
        )


def _percent(text: str) -> _Percent | None:
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
            return _Percent(kind=kind, first=first, second=second, span=match.group(0))
    return None


@dataclass(frozen=True)
class _Ratio(_Problem):
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

    def opener(self) -> list[_Line]:
        if self.total is None:
            return [
                _Line(
                    f"What is the biggest number that divides into every part of {self._ratio()}?",
                    "What number goes into every part?",
                    "ask",
                )
            ]
        return [
            _Line(
                f"In the ratio {self._ratio()}, how many parts are there altogether?",
                "How many parts are there in total?",
                "ask",
            )
        ]

    def hint(self) -> list[_Line]:
        if self.total is None:
            return [
                _Line("Divide every part by the same number, as many times as you can.", ""),
                _Line("What do you get?", "", "ask"),
            ]
        return [
            _Line(
                f"Add the parts of the ratio to find the total number of parts. Then divide "
                f"{_show(self.total)} by that to find what one part is worth.",
                "Add the parts. Then find one part.",
            ),
            _Line("What is one part worth?", "What is one part?", "ask"),
        ]

    def mentions_answer(self, lines: list[str]) -> bool:
        return False

    def check(self, text: str, lines: list[str]) -> _Check | None:
        remainder = _normalise(text).replace(self.span, " ")
        given = [sympy.Rational(n) for n in _NUMBER.findall(remainder)]
        if not given:
            return None
        shares = list(self.shares)
        if given == shares:
            return _Check(
                "right",
                [
                    _Line(
                        f"Yes, {' and '.join(_show(g) for g in given)} is right.",
                        "Yes, that is right.",
                    ),
                    self.understanding(),
                ],
            )
        if self.total is None and len(given) == len(shares):
            if all(g * shares[0] == shares[i] * given[0] for i, g in enumerate(given)):
                return _Check(
                    "partial",
                    [
                        _Line("That is an equal ratio, but it can be simplified more.", ""),
                        _Line("Is there a number that still divides into every part?", "", "ask"),
                    ],
                )
        if sorted(given) == sorted(shares) and len(given) == len(shares):
            return _Check(
                "partial",
                [
                    _Line("Those are the right amounts, but check the order.", ""),
                    _Line(
                        "Which amount goes with the first number in the ratio?",
                        "Which amount goes first?",
                        "ask",
                    ),
                ],
            )
        if any(g in shares for g in given):
            return _Check(
                "partial",
                [
                    _Line("One share is right.", "One share is right."),
                    _Line("How can you find the other share?", "What is the other share?", "ask"),
                ],
            )
        lines = [_Line("Not quite.", "Not quite.")]
        if self.total is not None:
            if given == [self.total / p for p in self.parts]:
                lines.append(
                    _Line(
                        "It looks like you divided the total by each number in the ratio. "
                        "Add the parts first instead.",
                        "Add the parts first.",
                    )
                )
            elif sum(given) != self.total and len(given) == len(shares):
                lines.append(
                    _Line(
                        f"Check: do your shares add up to {_show(self.total)}?",
                        f"Do they add to {_show(self.total)}?",
                    )
                )
        return _Check("wrong", lines + self.hint())

    def understanding(self) -> _Line:
        return _Line(
            "How can you check that your shares are right?",
            "How can you check them?",
            "ask",
        )


def _ratio(text: str) -> _Ratio | None:
    ratio = r"(\d+(?:\s*:\s*\d+)+)"
    share = re.search(
        rf"(?:share|divide|split)[a-z\s]*?\s{_N}\b[^.?\n]*?ratio\s+(?:of\s+)?{ratio}", text
    ) or re.search(rf"{_N}\s+(?:is\s+)?(?:shared|divided|split)[^.?\n]*?ratio\s+{ratio}", text)
    if share:
        parts = tuple(int(p) for p in re.split(r"\s*:\s*", share.group(2)))
        if all(parts) and len(parts) <= 5:
            return _Ratio(sympy.Rational(share.group(1)), parts, share.group(0))
    simplify = re.search(rf"simplif\w*\s+(?:the\s+ratio\s+)?{ratio}", text)
    if simplify:
        parts = tuple(int(p) for p in re.split(r"\s*:\s*", simplify.group(1)))
        if all(parts) and len(parts) <= 5:
            return _Ratio(None, parts, simplify.group(0))
    return None


_TASKS: tuple[tuple[str, Literal["expand", "factorise", "simplify"]], ...] = (
    (r"\b(?:expand|multiply out)\b", "expand"),
    (r"\bfactori[sz]e\b|\bfactori[sz]ing\b", "factorise"),
    (r"\bsimplif(?:y|ying)\b|\bcollect(?:ing)? like terms\b", "simplify"),
)


def _expression_task(text: str, runs: list[str]) -> _Expression | None:
    for pattern, task in _TASKS:
        match = re.search(pattern, text)
        if not match:
            continue
        after = _maths_lines(text[match.end() :])
        for run in after:
            candidate = run.split("=")[0].strip()
            expr = _parse(candidate)
            if (
                expr is not None
                and expr.free_symbols
                and expr.is_polynomial(*expr.free_symbols)
                and not _LITERAL.fullmatch(candidate)
            ):
                return _Expression(task=task, raw_source=candidate, expr=expr)
    return None


def _arithmetic(lines: list[str], text: str) -> _Arithmetic | None:
    simplify = bool(re.search(r"\bsimplif", text))
    for line in lines:
        candidate = line.split("=")[0].strip()
        if not re.search(r"\d", candidate) or re.search(r"[a-z]", candidate):
            continue
        is_literal = bool(_LITERAL.fullmatch(candidate))
        if is_literal and not (simplify and "/" in candidate):
            continue
        value = _parse(candidate)
        if value is None or not value.is_Rational:
            continue
        return _Arithmetic(raw_source=candidate, value=value, simplify_only=is_literal)
    return None


def _equation_problem(lines: list[str]) -> tuple[_Problem, list[str]] | None:
    equations = [(i, eq) for i, line in enumerate(lines) if (eq := _equation(line)) is not None]
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
                        problem = _Simultaneous((first, second), names, tuple(values))
                        rest = [line for k, line in enumerate(lines) if k not in (i, j)]
                        return problem, rest
    for i, eq in equations:
        if len(eq.symbols) != 1 or _is_answer_form(eq):
            continue
        (var,) = eq.symbols
        solved = _solutions(eq, var)
        if not isinstance(solved, frozenset) or not solved:
            continue
        degree = sympy.Poly(sympy.expand(eq.lhs - eq.rhs), var).degree()
        return _Equation(eq, var, solved, degree), lines[i + 1 :]
    return None


def _find_problem(message: str) -> tuple[_Problem, list[str]] | None:
    """Return the maths question in a message and the pupil's own lines after it."""
    text = _normalise(message)
    found: _Problem | None = _ratio(text) or _percent(text)
    if found is not None:
        return found, _maths_lines(text.replace(found.source, " "))
    lines = _maths_lines(text)
    expression = _expression_task(text, lines)
    if expression is not None:
        after = _maths_lines(text.split(expression.raw_source, 1)[-1])
        return expression, after
    equation = _equation_problem(lines)
    if equation is not None:
        return equation
    arithmetic = _arithmetic(lines, text)
    if arithmetic is not None:
        after = _maths_lines(text.split(arithmetic.raw_source, 1)[-1])
        return arithmetic, after
    return None


def _unsupported_maths(message: str) -> bool:
    """Return whether the message has maths in it that the tutor cannot check."""
    lines = _maths_lines(_normalise(message))
    return any(("=" in line or re.search(r"[a-z]", line)) and len(line) > 2 for line in lines)


# --- Reading the pupil ----------------------------------------------------------------------


_ASKS_FOR_ANSWER = re.compile(
    r"(just|pls|please|can you|could you|can u)?\s*(give|tell|show)\s+(me|us)\s+(the\s+)?"
    r"(answer|answers|solution)|what(?:'s| is) the answer|(?:just|only) the answer|"
    r"\bdo it for me\b|\bwrite it for me\b|\bsolve it for me\b",
)
_STUCK = re.compile(
    r"\bstuck\b|\bconfus|don'?t (?:get|understand|know)|do not (?:get|understand|know)|"
    r"\bno idea\b|\bidk\b|\bi'?m lost\b|\bgive up\b|\bcan'?t do (?:it|this)\b|\bhelp me\b",
)
_GREETING = re.compile(r"^\s*(hi|hello|hey|good (?:morning|afternoon)|thanks|thank you|ok|okay)\b")


def _asks_for_answer(text: str) -> bool:
    return bool(_ASKS_FOR_ANSWER.search(text.lower()))


def _says_stuck(text: str) -> bool:
    return bool(_STUCK.search(text.lower().replace("’", "'")))


def _session_topic(request: TutorRequest) -> curriculum.Topic | None:
    try:
        found = curriculum.topic(request.topic_code)
    except KeyError:
        return None
    return found if found.subject == request.subject else None


def _history_problem(history: tuple[Turn, ...]) -> tuple[_Problem, int] | None:
    """Find the latest question in recent history; pupils first, as they set the question."""
    recent = list(history[-_MAX_HISTORY_TURNS:])
    offset = len(history) - len(recent)
    for role in ("pupil", "tutor"):
        for index in range(len(recent) - 1, -1, -1):
            turn = recent[index]
            if turn.role != role:
                continue
            found = _find_problem(turn.text)
            if found is not None:
                return found[0], offset + index
    return None


_QUESTION_CUE = re.compile(
    r"\b(solve|find|work out|calculate|what is|what's|expand|factori[sz]e|simplify|share|"
    r"increase|decrease|question|how do)\b"
)


def _continues(previous: _Problem, found: _Problem, message: str) -> bool:
    """Return whether maths in a message is working for an earlier question, not a new one."""
    if _QUESTION_CUE.search(message.lower()) or type(previous) is not type(found):
        return False
    if isinstance(previous, _Equation) and isinstance(found, _Equation):
        return previous.var == found.var
    return isinstance(previous, _Arithmetic)


def _wrong_answers(problem: _Problem, history: tuple[Turn, ...], since: int) -> int:
    count = 0
    for turn in history[since:]:
        if turn.role != "pupil":
            continue
        text = _normalise(turn.text)
        if problem.source and problem.source in text:
            text = text.split(problem.source, 1)[-1]
        found = problem.check(text, _maths_lines(text))
        if found is not None and found.verdict == "wrong":
            count += 1
    return count


# --- Maths ------------------------------------------------------------------------------------


_REVEAL_REASON = _Line(
    "I won't give you the final answer, because working it out is how it sticks, and your "
    "teacher wants to see your method.",
    "I won't give the answer. Let's do one step.",
)
_STUCK_LINE = _Line("That's OK. Let's break it into smaller steps.", "That's OK. One small step.")


def _maths(request: TutorRequest, steer: _Steer) -> _Draft:
    draft = _Draft()
    message = request.message[:_MAX_MESSAGE]
    wants_answer = request.reveal_requests > 0 or _asks_for_answer(message)
    stuck = _says_stuck(message)
    found = _find_problem(message)
    previous = _history_problem(request.history)
    if found is not None and previous is not None and _continues(previous[0], found[0], message):
        found = None
    asked_at = len(request.history)
    if found is not None:
        problem, lines = found
    else:
        if previous is None:
            return _no_problem(request, draft, wants_answer=wants_answer, stuck=stuck)
        problem, asked_at = previous
        lines = _maths_lines(_normalise(message))
    session = _session_topic(request)
    draft.topics = [problem.topic_code]
    if session is not None and session.code != problem.topic_code:
        draft.topics.append(session.code)
    draft.gloss_topic = problem.topic_code

    checked = problem.check(_normalise(message), lines)
    earlier_wrong = _wrong_answers(problem, request.history, asked_at) if found is None else 0
    wrong_total = earlier_wrong + (1 if checked is not None and checked.verdict == "wrong" else 0)
    draft.stuck = stuck or wrong_total >= 2 or request.reveal_requests >= 2
    if steer.gentler:
        draft.say(
            "Mistakes are a normal part of learning maths: each one shows what to practise.",
            "Mistakes help us learn.",
        )
    if steer.example:
        draft.add(problem.example())

    if checked is None:
        draft.confidence = GUIDED
        if wants_answer:
            draft.add([_REVEAL_REASON])
            escalate = request.reveal_requests >= 2 or steer.more_help
            draft.add(problem.first_step() if escalate else problem.hint())
        elif stuck or steer.more_help:
            draft.add([_STUCK_LINE])
            draft.add(problem.first_step() if earlier_wrong >= 1 else problem.hint())
        else:
            draft.add(problem.opener())
    else:
        draft.confidence = CHECKED
        if checked.verdict == "wrong" and wrong_total >= 2:
            draft.add(checked.lines[:2])
            draft.say(
                "This one is tricky, so let's do the first step together.",
                "Let's do step 1 together.",
            )
            draft.add(problem.first_step())
        else:
            draft.add(checked.lines)
    return draft


def _no_problem(request: TutorRequest, draft: _Draft, *, wants_answer: bool, stuck: bool) -> _Draft:
    message = request.message[:_MAX_MESSAGE]
    matched = curriculum.match_topics(message, "maths")
    session = _session_topic(request)
    chosen = curriculum.topic(matched[0]) if matched else None
    if chosen is None and (stuck or wants_answer) and session is not None:
        chosen = session
    if chosen is None:
        if _GREETING.match(message.lower()) and len(message.split()) <= 6:
            return _greeting(request, draft)
        if _LITERAL.fullmatch(message.strip()) or _maths_lines(_normalise(message)):
            draft.confidence = UNCHECKABLE
            draft.needs_teacher = True
            draft.say(
                "I can see some maths, but I can't tell which question it belongs to, or I "
                "can't check this kind of question.",
                "I can't tell which question this is for.",
            )
            draft.ask(
                "Could you type the whole question, exactly as it is written?",
                "Can you type the whole question?",
            )
            return draft
        return _not_understood(request, draft)
    draft.topics = [chosen.code]
    draft.gloss_topic = chosen.code
    draft.stuck = stuck
    turn = sum(1 for t in request.history if t.role == "tutor")
    draft.confidence = TOPIC_MATCHED if matched else SESSION_TOPIC
    if _unsupported_maths(message):
        draft.confidence = UNCHECKABLE
        draft.needs_teacher = True
        draft.say(
            f"This looks like {chosen.title.lower()}. I can't check this one automatically, so "
            "your teacher will look at it too.",
            "Your teacher will check this one too.",
        )
    elif wants_answer:
        draft.add([_REVEAL_REASON])
    elif stuck:
        draft.add([_STUCK_LINE])
    else:
        draft.say(f"Let's look at {chosen.title.lower()}.", "")
    hint = chosen.hints[turn % len(chosen.hints)]
    if stuck or wants_answer:
        draft.say(hint, hint)
        draft.ask(
            "Can you type the question you are working on?",
            "What is the question?",
        )
    else:
        draft.ask(chosen.openers[turn % len(chosen.openers)])
        draft.aside(f"Hint: {hint}")
    return draft


def _greeting(request: TutorRequest, draft: _Draft) -> _Draft:
    thanks = re.match(r"\s*(thanks|thank you)", request.message.lower())
    draft.confidence = GREETED
    draft.say("You're welcome." if thanks else "Hello.", "")
    draft.ask(
        "What question are you working on?"
        if not thanks
        else "Is there another question you want to try?",
        "What is your question?",
    )
    return draft


def _not_understood(request: TutorRequest, draft: _Draft) -> _Draft:
    draft.confidence = NOT_UNDERSTOOD
    draft.needs_teacher = True
    draft.stuck = _says_stuck(request.message)
    subject = "a maths" if request.subject == "maths" else "an English"
    draft.say(
        f"I did not understand that message as {subject} question.",
        "I did not understand that.",
    )
    draft.ask(
        "Could you type the question you are working on, exactly as it is written?",
        "Can you type your question?",
    )
    return draft


# --- English ----------------------------------------------------------------------------------


_TECHNIQUES = (
    "metaphor", "simile", "imagery", "personification", "alliteration", "sibilance", "verb",
    "adjective", "adverb", "noun", "repetition", "juxtaposition", "symbol", "dramatic irony",
    "irony", "pathetic fallacy", "soliloquy", "rhetorical question", "semantic field",
    "foreshadowing", "oxymoron", "enjambment", "caesura", "tone", "contrast", "hyperbole",
    "motif", "structure", "rhyme", "rhythm", "listing", "imperative", "pronoun", "stage direction",
)  # fmt: skip
_ANALYSIS = re.compile(
    r"\b(suggest|suggests|implies|imply|connot\w*|conveys?|emphasi[sz]\w*|highlights?|"
    r"evokes?|symboli[sz]\w*|reveals?|represents?|shows? that|creates?)\b"
)
_CONTEXT = re.compile(
    r"\b(context|audience|victorian|jacobean|elizabethan|1912|1945|society|at the time|"
    r"priestley|dickens|shakespeare|stevenson|steinbeck|the writer|the poet|the author|"
    r"reader|readers|intention|message)\b"
)
_WRITING_TASK = re.compile(
    r"\b(write|writing|describe|description|story|narrative|letter|article|speech|leaflet|"
    r"plan|planning)\b"
)
_ANALYSIS_TASK = re.compile(
    r"\b(how does|how is|how are|present|presents|presented|explore|analy[sz]e|language|"
    r"structure|theme|themes|character|characters|quote|quotation|compare|evaluate|essay|"
    r"paragraph)\b"
)
# Single quotes only count at word edges, so "Macbeth's ambition" is not read as a quotation.
_QUOTE = re.compile(
    r"[\"“”]([^\"“”]{3,200})[\"“”]|(?:^|(?<=[\s(]))['‘]([^'‘’]{3,200}?)['’](?![a-z])"
)


def _quotations(text: str) -> list[str]:
    found = [(double or single).strip() for double, single in _QUOTE.findall(text)]
    return [q for q in found if len(q.split()) >= 2]


def _english_topic(request: TutorRequest, matched: list[str]) -> curriculum.Topic | None:
    # A named set text or poem beats a skills topic, as it gives more specific prompts.
    skills = ("english.language.", "english.literature.analytical-writing")
    texts = [c for c in matched if not c.startswith(skills)]
    if texts:
        return curriculum.topic(texts[0])
    session = _session_topic(request)
    if session is not None:
        return session
    return curriculum.topic(matched[0]) if matched else None


def _english(request: TutorRequest, steer: _Steer) -> _Draft:
    draft = _Draft()
    message = request.message[:_MAX_MESSAGE]
    lowered = message.lower()
    wants_answer = request.reveal_requests > 0 or _asks_for_answer(message)
    stuck = _says_stuck(message)
    matched = curriculum.match_topics(message, "english")
    quotes = _quotations(message)
    words = re.findall(r"[A-Za-z']+", message)
    is_paragraph = len(words) >= 40 and bool(quotes or _ANALYSIS.search(lowered))
    is_writing = bool(_WRITING_TASK.search(lowered))
    is_analysis = bool(_ANALYSIS_TASK.search(lowered))
    understood = bool(matched or quotes or is_paragraph or is_writing or is_analysis)
    topic = _english_topic(request, matched)
    if topic is None or not (understood or stuck or wants_answer):
        if _GREETING.match(lowered) and len(words) <= 6:
            return _greeting(request, draft)
        return _not_understood(request, draft)

    draft.topics = list(dict.fromkeys([topic.code, *matched[:2]]))
    draft.gloss_topic = topic.code
    draft.stuck = stuck or request.reveal_requests >= 2
    draft.confidence = TOPIC_MATCHED if understood else SESSION_TOPIC
    turn = sum(1 for t in request.history if t.role == "tutor")
    opener = topic.openers[turn % len(topic.openers)]
    hint = topic.hints[turn % len(topic.hints)]
    if steer.gentler:
        draft.say("Every draft is a step forward, and this one can be built on.", "")

    if wants_answer:
        draft.add(
            [
                _Line(
                    "I won't write the answer for you: the marks are for your own ideas, and "
                    "your teacher wants to see your thinking.",
                    "I won't write it for you. Let's start it together.",
                )
            ]
        )
        draft.say(hint, hint)
        draft.ask(opener)
        return draft
    if stuck:
        draft.add([_STUCK_LINE])
        draft.say(hint, hint)
        draft.ask(opener)
        return draft
    if is_paragraph:
        # Feedback on a pupil's own writing rests on surface cues; let a teacher see it.
        draft.confidence = SESSION_TOPIC
        draft.add(_paragraph_feedback(lowered, quotes, topic))
        return draft
    if quotes:
        quote = max(quotes, key=len)
        draft.say(f"Let's look closely at “{quote}”.", f"Look at “{quote}”.")
        draft.ask(
            "Which single word in it does the most work, and what does that word suggest?",
            "Which word stands out most?",
        )
        draft.aside(f"Then name the technique and link it back to {topic.title}.")
        return draft
    if (
        is_writing
        and topic.strand == "language-writing"
        or (is_writing and not is_analysis and topic.strand.startswith("language"))
    ):
        draft.say("Before you start writing, a short plan will help.", "Make a short plan first.")
        draft.ask(opener)
        draft.aside(f"Tip: {hint}")
        return draft
    if topic.strand.startswith("literature") or is_analysis:
        draft.say(
            f"Let's build an answer about {topic.title} one step at a time, using PETAL: "
            "Point, Evidence, Technique, Analysis, Link.",
            "Let's use PETAL: Point, Evidence, Technique, Analysis, Link.",
        )
        draft.ask(opener)
        draft.aside(f"Hint: {hint}")
        return draft
    draft.ask(opener)
    draft.aside(f"Hint: {hint}")
    return draft


def _paragraph_feedback(text: str, quotes: list[str], topic: curriculum.Topic) -> list[_Line]:
    has_evidence = bool(quotes)
    technique = next((t for t in _TECHNIQUES if re.search(rf"\b{t}", text)), "")
    has_analysis = bool(_ANALYSIS.search(text))
    has_link = bool(_CONTEXT.search(text))
    strengths = []
    if has_evidence:
        strengths.append("you support your point with a quotation")
    if technique:
        strengths.append(f"you name a technique ({technique})")
    if has_analysis:
        strengths.append("you explain what the words suggest")
    lines = []
    if strengths:
        lines.append(
            _Line(
                f"Good start: {strengths[0]}.",
                f"Good start: {strengths[0]}.",
            )
        )
    missing = [
        (
            has_evidence,
            "Add a short quotation as evidence.",
            "Which short quotation would prove your point?",
        ),
        (
            bool(technique),
            "Name the technique the writer uses in your quotation.",
            "What technique is used in your quotation?",
        ),
        (
            has_analysis,
            "Explain the effect: what does the key word suggest?",
            "What does the key word in your quotation suggest?",
        ),
        (
            has_link,
            "Link your idea to the writer's purpose or the context.",
            f"Why might the writer of {topic.title} want the audience to see this?",
        ),
    ]
    for present, step, question in missing:
        if not present:
            lines.append(_Line(f"Next step: {step}", step))
            lines.append(_Line(question, question, "ask"))
            return lines
    lines.append(
        _Line(
            "Your paragraph has every part of PETAL. To push it further, explore two "
            "different meanings of one word.",
            "It has every part of PETAL.",
        )
    )
    lines.append(
        _Line("Which word could mean two things?", "Which word could mean two things?", "ask")
    )
    return lines


# --- Rendering --------------------------------------------------------------------------------


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def _render(draft: _Draft, needs: PupilNeeds, steer: _Steer, guidance: str) -> str:
    simple = needs.send or needs.eal or steer.simpler
    lines = list(draft.lines)
    if needs.send or steer.simpler:
        # One question at a time, and no optional extras, for pupils with SEND needs.
        kept: list[_Line] = []
        asked = False
        for line in lines:
            is_question = line.kind == "ask" or "?" in (line.short or line.text)
            if line.kind == "extra" or (is_question and asked):
                continue
            asked = asked or is_question
            kept.append(line)
        lines = kept
    texts = [(line.short or line.text) if simple else line.text for line in lines]
    body = " ".join(t for t in texts if t)
    parts = []
    if guidance:
        parts.append(f"Note from your teacher: {guidance}")
    parts.append(body)
    if needs.eal:
        glossed = _glossary_lines(body, draft.gloss_topic, needs.home_language)
        if glossed:
            parts.append("Key words: " + " ".join(glossed))
    return "\n\n".join(parts)


def _glossary_lines(body: str, topic_code: str, home_language: str) -> list[str]:
    terms: dict[str, str] = {}
    try:
        found = curriculum.topic(topic_code) if topic_code else None
    except KeyError:
        found = None
    lowered = body.lower()
    core = curriculum.glossary_terms()
    candidates = [(t.term, t.gloss) for t in found.key_terms] if found else []
    candidates += list(core.items())
    for term, gloss in candidates:
        if term.lower() not in terms and re.search(rf"\b{re.escape(term.lower())}", lowered):
            terms[term.lower()] = gloss
    if found is not None:
        # The topic's first key term is its core idea, worth glossing even if not used above.
        first = found.key_terms[0]
        terms.setdefault(first.term.lower(), first.gloss)
    lines = []
    language = curriculum.home_language_name(home_language) if home_language else None
    for term, gloss in list(terms.items())[:3]:
        translated = curriculum.home_language_term(term, home_language) if language else None
        suffix = f" (in {language}: {translated})" if translated else ""
        lines.append(f"{term}: {gloss}{suffix}.")
    return lines


# --- The provider -----------------------------------------------------------------------------


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


class OfflineTutor:
    """A rule-based Socratic tutor that needs no network; the fallback for every school."""

    name = "offline"

    def generate(self, request: TutorRequest) -> TutorReply:
        """Draft one tutor reply to the pupil's latest message."""
        guidance = " ".join(request.teacher_guidance.split())[:_MAX_GUIDANCE]
        steer = _steer(guidance)
        try:
            draft = (
                _maths(request, steer) if request.subject == "maths" else _english(request, steer)
            )
        except Exception:
            # A tutor bug must not take down the worker: hold the message for a teacher instead.
            logger.exception("offline tutor failed on a message; holding it for a teacher")
            draft = _not_understood(request, _Draft())
        text = _render(draft, request.needs, steer, guidance)
        needs_teacher = draft.needs_teacher or draft.confidence < 0.5
        seen = request.message + "".join(t.text for t in request.history)
        return TutorReply(
            text=text,
            confidence=round(min(max(draft.confidence, 0.0), 1.0), 2),
            topics=tuple(dict.fromkeys(draft.topics)),
            pupil_stuck=draft.stuck,
            needs_teacher=needs_teacher,
            input_tokens=_tokens(seen + request.topic_title + guidance),
            output_tokens=_tokens(text),
            model=MODEL,
        )


@cache
def _warm() -> None:
    # sympy builds caches on first use; doing it once at import keeps the first reply fast.
    _parse("2(x+1)=4")


_warm()
