"""Value types shared by every screening layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Action = Literal["allow", "hold", "escalate"]
Direction = Literal["pupil", "reply"]

ACTION_RANK = {"allow": 0, "hold": 1, "escalate": 2}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    category: str


@dataclass(frozen=True)
class ScreenResult:
    action: Action
    categories: tuple[str, ...] = ()
    severity: int = 0  # 0 none, 1 low, 2 medium, 3 high/urgent
    spans: tuple[Span, ...] = ()
    reasons: tuple[str, ...] = ()
    layers: tuple[str, ...] = ()  # which layers ran, e.g. ("local", "classifier")
    # Disclosure categories a layer saw only weakly (held, not escalated, and not read as
    # hyperbole or set-text talk), for another layer to confirm or leave as a hold.
    leads: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScreenPolicy:
    """A school's screening policy (built from School fields; defaults are the safe ones)."""

    confidence_threshold: float = 0.6
    strict: bool = False
    # Categories whose match escalates to the DSL / holds for a teacher. None = engine defaults.
    escalate_categories: frozenset[str] | None = None
    hold_categories: frozenset[str] | None = None
    extra: dict = field(default_factory=dict)
