"""Read pupil maths safely: a restricted sympy parser, and the maths lines in a message.

Every sympy call sees only short, whitelisted text with capped numbers, exponents and
operation counts, so a pupil cannot stall the worker with an expression such as 9^9^9.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from string import ascii_lowercase
from tokenize import TokenError

import sympy
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication,
    parse_expr,
    rationalize,
    standard_transformations,
)

from tutoring.providers.offline.draft import MAX_MESSAGE

# Input limits that keep every sympy call small.

_MAX_MATHS = 120
_MAX_DIGITS = 12
_MAX_EXPONENT = 10
_MAX_BRACKET_EXPONENT = 6
_MAX_DEPTH = 6
_MAX_OPS = 80
_MAX_SYMBOLS = 3

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
LITERAL = re.compile(r"-?\s*\d+(?:\.\d+)?(?:\s*/\s*\d+)?")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# A number as a regex group, for the patterns that read word problems.
# Bounded and anchored at the start of a number: a long run of digits is not a GCSE number, and
# without the anchor each pattern would rescan the run from every digit in it.
NUMBER_GROUP = r"(?<![\d.])(\d{1,15}(?:\.\d{1,12})?)(?![\d])"
_SIMPLE_TERM = re.compile(r"\s*-?\d+(?:\.\d+)?(?:\s*/\s*\d+)?\s*")


def normalise(text: str) -> str:
    text = text[:MAX_MESSAGE]
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


# A conversation's earlier turns are read again at every reply, and a class shares its
# worksheet: parsing is pure, and sympy expressions are immutable, so results are kept.
@lru_cache(maxsize=4096)
def parse(src: str, *, evaluate: bool = True) -> sympy.Expr | None:
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


def tidy(src: str) -> str:
    """Space out a line of pupil maths so it reads clearly when quoted back."""
    s = re.sub(r"\s+", "", src)
    s = s.replace("=", " = ")
    s = re.sub(r"(?<=[0-9a-z)])([+\-])", r" \1 ", s)
    s = s.replace("*", " × ").replace("÷", " ÷ ")
    return re.sub(r"\s+", " ", s).strip()


def show(expr: sympy.Expr) -> str:
    """Write a sympy expression the way a GCSE pupil would."""
    s = sympy.sstr(expr).replace("**", "^")
    s = re.sub(r"(\d)\*(?=[a-z(])", r"\1", s)
    s = re.sub(r"(?<=[a-z)])\*(?=[a-z(])", "", s)
    return s.replace("*", " × ")


def num(value: sympy.Expr) -> str:
    if isinstance(value, sympy.Rational) or value.is_rational:
        return show(value)
    return f"{float(value):.3g}"


def signed(value: sympy.Expr, unit: str = "") -> str:
    text = f"{show(abs(value))}{unit}"
    return f"- {text}" if value < 0 else f"+ {text}"


def signed_term(coeff: sympy.Expr, var: sympy.Symbol) -> str:
    """Write a term such as + 3x or - x, with its sign in front."""
    size = abs(coeff)
    body = show(var) if size == 1 else show(size * var)
    return f"- {body}" if coeff < 0 else f"+ {body}"


def _decimals(text: str) -> int:
    match = re.search(r"\.(\d+)", text)
    return len(match.group(1)) if match else 0


def close_enough(pupil: sympy.Expr, exact: sympy.Expr, pupil_text: str = "") -> bool:
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


def maths_lines(text: str) -> list[str]:
    return [line for run in _runs(text) for line in _lines_of(run)]


@dataclass(frozen=True)
class ParsedEq:
    source: str
    lhs: sympy.Expr
    rhs: sympy.Expr

    @property
    def symbols(self) -> set[sympy.Symbol]:
        return self.lhs.free_symbols | self.rhs.free_symbols

    def show(self) -> str:
        return tidy(self.source)


def parse_equation(line: str) -> ParsedEq | None:
    if line.count("=") != 1:
        return None
    left, right = line.split("=")
    lhs, rhs = parse(left), parse(right)
    if lhs is None or rhs is None:
        return None
    return ParsedEq(line.strip(), lhs, rhs)


def is_answer_form(eq: ParsedEq) -> bool:
    """Return whether the equation is just `x = number`, as a pupil writes a final answer."""
    sides = (eq.lhs, eq.rhs)
    return any(s.is_Symbol for s in sides) and any(not s.free_symbols for s in sides)


def answer_value(eq: ParsedEq) -> tuple[sympy.Symbol, sympy.Expr] | None:
    if eq.lhs.is_Symbol and not eq.rhs.free_symbols:
        return eq.lhs, eq.rhs
    if eq.rhs.is_Symbol and not eq.lhs.free_symbols:
        return eq.rhs, eq.lhs
    return None
