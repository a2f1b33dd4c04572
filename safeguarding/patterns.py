"""Wellbeing patterns over time: what no single message shows.

Three patterns open a concern for the DSL (source "pattern"):

- low-level distress repeated across messages on more than one day ("I can't cope", "I'm
  useless") that the screen, rightly, does not treat as a disclosure on its own;
- late-night use on several nights;
- refusing to end sessions: many very long sessions, or asking the tutor not to stop.

Each pattern opens at most one concern per pupil per window, however often the job runs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

DISTRESS = "pattern_low_level_distress"
LATE_NIGHT = "pattern_late_night_use"
NO_ENDING = "pattern_refusing_to_end"
PATTERNS = (DISTRESS, LATE_NIGHT, NO_ENDING)

_DISTRESS = re.compile(
    r"\b(?:i\s*(?:'?m|am)\s+(?:so\s+|really\s+|just\s+)?(?:stressed|useless|stupid|worthless|"
    r"a failure|lonely|alone|tired of (?:everything|it all)|sad|scared|anxious|"
    r"not good enough)|i\s+(?:can'?t|cannot)\s+(?:cope|do this anymore|sleep|take it)|"
    r"no\s*one\s+(?:cares|likes me|listens)|nobody\s+(?:cares|likes me|listens)|"
    r"i\s+hate\s+(?:my\s*life|everything|myself)|what'?s\s+the\s+point|"
    r"i\s+(?:want|wanna)\s+to\s+give\s+up|i\s+feel\s+(?:so\s+)?(?:sad|empty|alone|awful|"
    r"hopeless|like crying)|i\s+(?:keep\s+)?cry(?:ing)?)",
    re.IGNORECASE,
)
_NO_ENDING = re.compile(
    r"\b(?:(?:please\s+)?don'?t\s+(?:make me\s+)?(?:go|leave|stop)|i\s+don'?t\s+want\s+to\s+"
    r"(?:stop|leave|go|log\s*off)|you'?re\s+the\s+only\s+one|can\s+we\s+keep\s+(?:talking|going))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    pupil_id: int
    school_id: int
    pattern: str
    summary: str
    evidence: tuple[str, ...]


def _night(local_dt) -> object:
    # A message at 01:00 belongs to the night that began the evening before.
    return (local_dt - timedelta(hours=6)).date()


def find_patterns(*, now=None) -> list[Finding]:
    """Read recent messages and sessions and return the patterns they show."""
    from tutoring.models import Message, TutorSession

    now = now or timezone.now()
    since = now - timedelta(days=settings.WELLBEING_LOOKBACK_DAYS)
    distress: dict[tuple[int, int], list[tuple[object, str]]] = defaultdict(list)
    late: dict[tuple[int, int], list[tuple[object, str]]] = defaultdict(list)
    pleading: dict[tuple[int, int], list[str]] = defaultdict(list)
    rows = Message.objects.filter(created_at__gte=since).values_list(
        "pupil_id", "school_id", "created_at", "text"
    )
    for pupil_id, school_id, created_at, text in rows.iterator(chunk_size=2000):
        local = timezone.localtime(created_at)
        key = (pupil_id, school_id)
        if _DISTRESS.search(text):
            distress[key].append((local.date(), text))
        if local.hour >= 23 or local.hour < 5:
            late[key].append((_night(local), f"{local:%a %d %b %H:%M}"))
        if _NO_ENDING.search(text):
            pleading[key].append(text)

    findings: list[Finding] = []
    for (pupil_id, school_id), hits in distress.items():
        days = {day for day, _ in hits}
        if (len(hits) >= settings.WELLBEING_DISTRESS_MESSAGES
                and len(days) >= settings.WELLBEING_DISTRESS_DAYS):
            findings.append(Finding(
                pupil_id, school_id, DISTRESS,
                f"{len(hits)} messages showing low-level distress on {len(days)} days "
                f"in the last {settings.WELLBEING_LOOKBACK_DAYS} days.",
                tuple(text for _, text in hits[-10:]),
            ))
    for (pupil_id, school_id), hits in late.items():
        nights = {night for night, _ in hits}
        if (len(hits) >= settings.WELLBEING_LATE_NIGHT_MESSAGES
                and len(nights) >= settings.WELLBEING_LATE_NIGHT_NIGHTS):
            findings.append(Finding(
                pupil_id, school_id, LATE_NIGHT,
                f"{len(hits)} messages between 11pm and 5am on {len(nights)} nights.",
                tuple(when for _, when in hits[-10:]),
            ))
    long_sessions: dict[tuple[int, int], list[str]] = defaultdict(list)
    limit = timedelta(minutes=settings.WELLBEING_LONG_SESSION_MINUTES)
    for pupil_id, school_id, started, last in TutorSession.objects.filter(
        started_at__gte=since
    ).values_list("pupil_id", "school_id", "started_at", "last_activity_at"):
        if last - started >= limit:
            long_sessions[(pupil_id, school_id)].append(
                f"{timezone.localtime(started):%a %d %b %H:%M}, "
                f"{int((last - started).total_seconds() // 60)} minutes"
            )
    for key in set(long_sessions) | set(pleading):
        sessions, pleas = long_sessions.get(key, []), pleading.get(key, [])
        if len(sessions) >= settings.WELLBEING_LONG_SESSIONS or len(pleas) >= 2:
            findings.append(Finding(
                key[0], key[1], NO_ENDING,
                f"{len(sessions)} very long sessions and {len(pleas)} requests not to stop.",
                tuple(sessions[-5:] + pleas[-5:]),
            ))
    return findings


def _lock(pupil_id: int, pattern: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [7100 + PATTERNS.index(pattern), pupil_id]
            )


def pattern_concerns_open(*, now=None) -> list[int]:
    """Open a concern for each pattern found, unless one is already open for it in the window."""
    from tutorconsole.models import School

    from .models import Concern
    from .services import concern_open

    now = now or timezone.now()
    window = now - timedelta(days=settings.WELLBEING_DUPLICATE_WINDOW_DAYS)
    opened: list[int] = []
    for finding in find_patterns(now=now):
        with transaction.atomic():
            # Serialise per pupil and pattern so two runs never open the same concern twice.
            _lock(finding.pupil_id, finding.pattern)
            duplicate = Concern.objects.filter(
                pupil_id=finding.pupil_id, source="pattern",
                categories__contains=[finding.pattern], opened_at__gte=window,
            ).exists()
            if duplicate:
                continue
            concern = concern_open(
                school=School.objects.get(pk=finding.school_id),
                pupil_id=finding.pupil_id,
                message=None,
                categories=[finding.pattern],
                urgency=Concern.Urgency.MEDIUM,
                words=finding.summary,
                conversation=list(finding.evidence),
                source="pattern",
                by=None,
                note="Found by the wellbeing pattern check, not by any single message.",
            )
            opened.append(concern.pk)
    return opened
