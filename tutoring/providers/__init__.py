"""Tutor providers and the one place that picks which of them runs."""

from __future__ import annotations

from typing import Any

from tutoring.providers.base import TutorProvider

PROVIDER_CHOICES = ("offline", "anthropic")


def setting(name: str, default: Any) -> Any:
    """Read a Django setting, falling back to `default` when unset or Django is unconfigured."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        return getattr(settings, name, default)
    except ImproperlyConfigured:
        # Scripts and the fake server's benchmarks run without a settings module.
        return default


def get_provider() -> TutorProvider:
    """Return the configured tutor provider: Anthropic when a key is set, else the offline one."""
    choice = setting("TUTOR_PROVIDER", "") or ""
    if choice and choice not in PROVIDER_CHOICES:
        raise ValueError(f"TUTOR_PROVIDER must be one of {PROVIDER_CHOICES}, not {choice!r}")
    if not choice:
        choice = "anthropic" if setting("ANTHROPIC_API_KEY", "") else "offline"
    if choice == "anthropic":
        from tutoring.providers.anthropic import provider_from_settings

        return provider_from_settings()
    from tutoring.providers.offline import OfflineTutor

    return OfflineTutor()
