"""Template helpers for the review console."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def highlight(text: str, spans) -> SafeString:
    """Escape `text` and wrap each matched span's words in <mark>, wherever they occur."""
    text = text or ""
    words = sorted({s.get("text", "") for s in spans or [] if s.get("text")}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 - every piece is escaped


@register.filter
def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


@register.filter
def bar_width(value: float | None) -> str:
    """The width of a bar in a server-drawn SVG chart, as a percentage."""
    return "0" if not value else f"{max(0.0, min(1.0, value)) * 100:.1f}"


@register.filter
def category_label(code: str) -> str:
    return CATEGORY_LABELS.get(code, code.replace("_", " "))


CATEGORY_LABELS = {
    "low_confidence": "Low confidence",
    "strict_mode": "Strict mode (every reply checked)",
    "tutor_asked_for_teacher": "Tutor asked for a teacher",
    "answer_handover": "Gives the answer away",
    "personal_data": "Personal data",
    "prompt_injection": "Prompt injection",
    "screen_error": "Screening failed, so held",
}


@register.filter
def scaled(value: float | None, maximum: float | None) -> float | None:
    """Return `value` as a fraction of `maximum`, for drawing bars."""
    if value is None or not maximum:
        return None
    return value / maximum


@register.simple_tag
def chart_rows(figures, metric: str):
    """Rows for one bar chart: (label, value, fraction of the widest bar, small group)."""
    values = [getattr(f, metric) for f in figures]
    if metric == "median_review_minutes":
        top = max((v for v in values if v is not None), default=None)
        fractions = [scaled(v, top) for v in values]
        shown = ["–" if v is None else f"{v:g} min" for v in values]
    else:
        fractions = values
        shown = [percent(v) for v in values]
    rows = []
    for i, (f, s, fr) in enumerate(zip(figures, shown, fractions, strict=True)):
        width = 0.0 if not fr else max(0.0, min(1.0, fr)) * 45
        rows.append({
            "label": f.label, "shown": s, "small": f.small, "y": i * 28 + 4,
            "text_y": i * 28 + 20, "width": f"{width:.1f}", "value_x": f"{37 + width:.1f}",
        })
    return rows
