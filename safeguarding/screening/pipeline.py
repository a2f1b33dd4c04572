"""The one screening entry point: local screen, optional classifier, then the school's policy.

Both the Celery worker and `manage.py screen_file` call `screen`. It fails closed: an error in
any layer holds the message (category "screen_error") and is logged, and it is merged with
whatever the other layers found, so an error can never loosen a result.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from safeguarding.screening import learned
from safeguarding.screening.categories import DISCLOSURE_CATEGORIES, SYSTEM_CATEGORIES
from safeguarding.screening.local import screen_local
from safeguarding.screening.types import ACTION_RANK, Action, Direction, ScreenPolicy, ScreenResult

logger = logging.getLogger("tutorconsole.safeguarding")


class Classifier(Protocol):
    def classify(
        self, text: str, *, direction: Direction, context: Sequence[str]
    ) -> ScreenResult: ...


def _error(layer: str) -> ScreenResult:
    """Build the fail-closed result for a layer that raised."""
    return ScreenResult(
        action="hold",
        categories=("screen_error",),
        severity=2,
        reasons=(f"the {layer} layer failed, so the message is held",),
        layers=(layer,),
    )


def _check(result: object) -> ScreenResult:
    """Reject anything that is not a well-formed ScreenResult."""
    if not isinstance(result, ScreenResult) or result.action not in ACTION_RANK:
        raise TypeError(f"a screening layer returned {type(result).__name__}, not a ScreenResult")
    if not isinstance(result.severity, int) or not 0 <= result.severity <= 3:
        raise ValueError(f"a screening layer returned severity {result.severity!r}")
    return result


def learned_enabled() -> bool:
    """Read SAFEGUARDING_LEARNED_ENABLED; on by default, and on when there are no settings."""
    try:
        from django.conf import settings

        return bool(getattr(settings, "SAFEGUARDING_LEARNED_ENABLED", True))
    except Exception:  # noqa: BLE001 - no Django settings (a script): keep the safer default
        return True


def stricter(*results: ScreenResult) -> ScreenResult:
    """Merge results, keeping the strictest action and severity and every finding."""
    action: Action = "allow"
    for r in results:
        if ACTION_RANK[r.action] > ACTION_RANK[action]:
            action = r.action
    return ScreenResult(
        action=action,
        categories=tuple(dict.fromkeys(c for r in results for c in r.categories)),
        severity=max((r.severity for r in results), default=0),
        spans=tuple(dict.fromkeys(s for r in results for s in r.spans)),
        reasons=tuple(dict.fromkeys(x for r in results for x in r.reasons)),
        layers=tuple(dict.fromkeys(x for r in results for x in r.layers)),
        leads=tuple(dict.fromkeys(x for r in results for x in r.leads)),
    )


def _category_action(
    category: str, engine: Action, direction: Direction, policy: ScreenPolicy
) -> Action:
    """Decide one category's outcome under the school's category lists."""
    if category in SYSTEM_CATEGORIES:
        return "hold"
    if policy.escalate_categories is not None and category in policy.escalate_categories:
        return "escalate"
    if policy.hold_categories is not None and category in policy.hold_categories:
        return "hold"
    if category in DISCLOSURE_CATEGORIES and direction == "pupil":
        if policy.escalate_categories is not None:
            # The school chose which categories go to the DSL; the others go to a teacher.
            return "hold"
        return "escalate" if engine == "escalate" else "hold"
    return "hold"


def apply_policy(
    result: ScreenResult,
    *,
    direction: Direction,
    policy: ScreenPolicy,
    reply_confidence: float | None,
) -> ScreenResult:
    """Apply a school's policy: category lists, the reply confidence gate and strict mode.

    The category lists move a flagged message between the DSL (escalate) and a teacher (hold);
    they never let a flagged message through.
    """
    if result.categories and (
        policy.escalate_categories is not None or policy.hold_categories is not None
    ):
        action: Action = "hold"
        for category in result.categories:
            decided = _category_action(category, result.action, direction, policy)
            if ACTION_RANK[decided] > ACTION_RANK[action]:
                action = decided
        reason = f"school policy: {action}"
        result = replace(result, action=action, reasons=(*result.reasons, reason))
    if direction == "reply":
        if reply_confidence is not None and (
            not math.isfinite(reply_confidence) or reply_confidence < policy.confidence_threshold
        ):
            result = stricter(
                result,
                ScreenResult(
                    action="hold",
                    categories=("low_confidence",),
                    severity=1,
                    reasons=(
                        f"tutor confidence {reply_confidence} is below the school's "
                        f"threshold {policy.confidence_threshold}",
                    ),
                ),
            )
        if policy.strict and result.action == "allow":
            result = stricter(
                result,
                ScreenResult(
                    action="hold",
                    categories=("strict_mode",),
                    severity=1,
                    reasons=("strict mode: a teacher checks every reply",),
                ),
            )
    return result


def screen(
    text: str,
    *,
    direction: Direction,
    context: Sequence[str] = (),
    roster_names: Sequence[str] = (),
    policy: ScreenPolicy | None = None,
    reply_confidence: float | None = None,
    classifier: Classifier | None = None,
) -> ScreenResult:
    """Screen one pupil message or tutor reply through every layer and the school's policy."""
    results: list[ScreenResult] = []
    try:
        results.append(
            _check(
                screen_local(text, direction=direction, context=context, roster_names=roster_names)
            )
        )
    except Exception:  # noqa: BLE001 - any failure must hold the message, never release it
        logger.exception("local safeguarding screen failed; holding the message")
        results.append(_error("local"))
    # The learned layer reads for wording the rules do not list, with one model for pupil
    # messages and one for tutor replies. It can only add to what the rules found, and it is
    # skipped when they already escalated.
    if results[-1].action != "escalate" and learned_enabled():
        try:
            if direction == "pupil":
                results.append(_check(learned.screen_learned(text, leads=results[-1].leads)))
            else:
                results.append(_check(learned.screen_learned_reply(text)))
        except Exception:  # noqa: BLE001 - any failure must hold the message, never release it
            logger.exception("learned safeguarding layer failed; holding the message")
            results.append(_error("learned"))
    if classifier is not None:
        try:
            results.append(
                _check(classifier.classify(text, direction=direction, context=tuple(context)))
            )
            if "classifier" not in results[-1].layers:
                results[-1] = replace(results[-1], layers=(*results[-1].layers, "classifier"))
        except Exception:  # noqa: BLE001 - any failure must hold the message, never release it
            logger.exception("safeguarding classifier failed; holding the message")
            results.append(_error("classifier"))
    merged = stricter(*results)
    try:
        final = apply_policy(
            merged,
            direction=direction,
            policy=policy if policy is not None else ScreenPolicy(),
            reply_confidence=reply_confidence,
        )
    except Exception:  # noqa: BLE001 - any failure must hold the message, never release it
        logger.exception("safeguarding policy failed; holding the message")
        final = stricter(merged, _error("policy"))
    return replace(final, layers=(*dict.fromkeys((*final.layers, "policy")),))


def _warm_learned_layer() -> None:
    """Load the weights at import, so no message waits for them and forked workers share them."""
    if not learned_enabled():
        return
    try:
        learned.get_model("pupil")
        learned.get_model("reply")
    except Exception:  # noqa: BLE001 - screen() fails closed on the same error, message by message
        logger.warning("the learned safeguarding layer could not load", exc_info=True)


_warm_learned_layer()
