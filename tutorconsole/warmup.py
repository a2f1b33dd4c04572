"""Warm a serving process, then take its start-up objects out of the garbage collector's sweeps.

A web or worker process holds a few hundred thousand long-lived objects from start-up: Django's
models and URLs, compiled templates, the screen's rules and learned weights, the model SDK's
types. CPython's full collection walks every one of them, and while it runs no thread of the
process moves: measured at 100 pupils, full collections of 70-215 ms stalled every reply in
flight at once and made most of the overhead benchmark's p95 (docs/performance.md, section 1).

`warm_and_freeze` loads what the first requests and tasks would otherwise load lazily, collects
once, and then `gc.freeze()` moves everything alive into the permanent generation, which later
collections skip. Objects made afterwards are collected as usual. The cost is that a reference
cycle among the start-up objects is never freed; they live as long as the process anyway.
"""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path

logger = logging.getLogger("tutorconsole")

_SAMPLE_PUPIL = "How do I solve 3x + 5 = 20? I tried taking 5 from both sides."
_SAMPLE_REPLY = "Good start. What do you get when you take 5 from both sides?"


def _load_urls() -> None:
    from django.urls import get_resolver

    def walk(patterns) -> None:
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)

    walk(get_resolver().url_patterns)


def _load_templates() -> None:
    """Compile every template of the project once, so the first page of each kind is not slow."""
    from django.conf import settings
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines

    engine = engines["django"]
    roots = [Path(d) for d in engine.dirs]
    if engine.app_dirs:
        from django.apps import apps

        roots += [Path(app.path) / "templates" for app in apps.get_app_configs()
                  if str(app.path).startswith(str(settings.BASE_DIR))]
    for root in roots:
        for path in root.rglob("*.html"):
            try:
                engine.get_template(str(path.relative_to(root)))
            except (TemplateDoesNotExist, TemplateSyntaxError, UnicodeDecodeError):
                logger.debug("template %s did not compile at warm-up", path)


def _screen_once() -> None:
    from safeguarding.screening.pipeline import screen

    screen(_SAMPLE_PUPIL, direction="pupil")
    screen(_SAMPLE_REPLY, direction="reply", context=(_SAMPLE_PUPIL,))


def _load_provider() -> None:
    from tutoring.providers import get_provider

    get_provider()


def warm_and_freeze(kind: str) -> None:
    """Load what `kind` ("web" or "worker") uses, then freeze the start-up objects.

    Warming is best effort: a step that fails is logged and the process serves as it would
    without it (the step's work then happens on first use, as before).
    """
    started = time.perf_counter()
    steps = [_load_urls, _screen_once, _load_provider]
    if kind == "web":
        steps.append(_load_templates)
    for step in steps:
        try:
            step()
        except Exception:  # noqa: BLE001 - warming must never stop a process from serving
            logger.warning("warm-up step %s failed", step.__name__, exc_info=True)
    gc.collect()
    gc.freeze()
    logger.info(
        "%s process warmed in %.0f ms; %d objects frozen out of the collector's sweeps",
        kind, (time.perf_counter() - started) * 1000, gc.get_freeze_count(),
    )
