"""The one screening path: the worker, the web and `screen_file` all call `screen`."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from .types import ACTION_RANK, Direction, ScreenPolicy, ScreenResult

logger = logging.getLogger("tutorconsole.safeguarding")

DEFAULT_POLICY = ScreenPolicy()


def _stricter(a: ScreenResult, b: ScreenResult) -> ScreenResult:
    """Combine two verdicts: the stricter action, every category, span and reason."""
    action = a.action if ACTION_RANK[a.action] >= ACTION_RANK[b.action] else b.action
    return ScreenResult(
        action=action,
        categories=tuple(dict.fromkeys(a.categories + b.categories)),
        severity=max(a.severity, b.severity),
        spans=a.spans + b.spans,
        reasons=a.reasons + b.reasons,
        layers=a.layers + b.layers,
    )


def _apply_policy(
    result: ScreenResult, *, direction: Direction, policy: ScreenPolicy,
    reply_confidence: float | None,
) -> ScreenResult:
    extra = ScreenResult(action="allow", layers=("policy",))
    if policy.escalate_categories is not None and direction == "pupil":
        if set(result.categories) & policy.escalate_categories:
            extra = _stricter(extra, ScreenResult(
                action="escalate", severity=2, reasons=("The school escalates this category.",)))
    if policy.hold_categories is not None and set(result.categories) & policy.hold_categories:
        extra = _stricter(extra, ScreenResult(
            action="hold", severity=1, reasons=("The school holds this category.",)))
    if direction == "reply":
        if reply_confidence is not None and reply_confidence < policy.confidence_threshold:
            extra = _stricter(extra, ScreenResult(
                action="hold", categories=("low_confidence",), severity=1,
                reasons=(f"The tutor's confidence ({reply_confidence:.2f}) is below the "
                         f"school's threshold ({policy.confidence_threshold:.2f}).",),
            ))
        if policy.strict:
            extra = _stricter(extra, ScreenResult(
                action="hold", categories=("strict_mode",),
                reasons=("The school's strict mode holds every reply.",),
            ))
    return _stricter(result, extra)


def screen(
    text: str,
    *,
    direction: Direction,
    context: Sequence[str] = (),
    roster_names: Sequence[str] = (),
    policy: ScreenPolicy | None = None,
    reply_confidence: float | None = None,
    classifier=None,
) -> ScreenResult:
    """Screen one pupil message or reply. Any error in any layer holds (fails closed)."""
    policy = policy or DEFAULT_POLICY
    try:
        from .local import screen_local

        result = screen_local(
            text, direction=direction, context=context, roster_names=roster_names
        )
        if classifier is not None:
            verdict = classifier.classify(text, direction=direction, context=context)
            result = _stricter(result, ScreenResult(
                action=verdict.action, categories=verdict.categories, severity=verdict.severity,
                spans=verdict.spans, reasons=verdict.reasons, layers=("classifier",),
            ))
        return _apply_policy(
            result, direction=direction, policy=policy, reply_confidence=reply_confidence
        )
    except Exception:
        logger.exception("Screening failed; holding (fail closed)")
        return ScreenResult(
            action="hold", categories=("screen_error",), severity=2,
            reasons=("Screening could not finish, so this is held for a teacher.",),
            layers=("error",),
        )
