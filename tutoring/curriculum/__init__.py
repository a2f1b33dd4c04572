"""The curriculum content store: GCSE maths and English topics, read from JSON data files.

Content lives in `maths.json`, `english.json` and `glossary.json` next to this module so that
teachers and curriculum leads can review and change it without touching code. Everything is
loaded once per process and validated on load, so a malformed file fails loudly at start-up
rather than producing a half-empty tutor.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

Subject = Literal["maths", "english"]
Tier = Literal["foundation", "higher", "both"]

_DATA_DIR = Path(__file__).resolve().parent
_SUBJECT_FILES: dict[str, str] = {"maths": "maths.json", "english": "english.json"}
_TIERS = frozenset({"foundation", "higher", "both"})
_CODE_RE = re.compile(r"^(maths|english)\.[a-z0-9-]+\.[a-z0-9-]+$")
# Pupil messages are short; the cap keeps keyword matching cheap on pasted essays.
_MATCH_TEXT_LIMIT = 5000


@dataclass(frozen=True)
class KeyTerm:
    """A subject word with a short plain-English gloss, for pupils learning English."""

    term: str
    gloss: str


@dataclass(frozen=True)
class Topic:
    """One curriculum topic and the teaching material the offline tutor draws on."""

    code: str
    subject: Subject
    strand: str
    title: str
    tier: Tier
    keywords: tuple[str, ...]
    key_terms: tuple[KeyTerm, ...]
    openers: tuple[str, ...]
    hints: tuple[str, ...]
    misconceptions: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class _Glossary:
    names: dict[str, str]
    aliases: dict[str, str]
    glosses: dict[str, str]
    translations: dict[str, dict[str, str]]


def _strings(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where}: '{key}' must be a non-empty list of strings")
    return tuple(value)


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: '{key}' must be a non-empty string")
    return value


def _topic_from(raw: dict[str, Any], subject: str, filename: str) -> Topic:
    where = f"{filename}: topic {raw.get('code', '?')!r}"
    code = _text(raw, "code", where)
    if not _CODE_RE.match(code) or not code.startswith(f"{subject}."):
        raise ValueError(f"{where}: code must look like '{subject}.<strand>.<slug>'")
    if raw.get("subject") != subject:
        raise ValueError(f"{where}: subject must be {subject!r}")
    tier = _text(raw, "tier", where)
    if tier not in _TIERS:
        raise ValueError(f"{where}: tier must be one of {sorted(_TIERS)}")
    terms = raw.get("key_terms")
    if not isinstance(terms, list) or not terms:
        raise ValueError(f"{where}: 'key_terms' must be a non-empty list")
    prompts = raw.get("prompts")
    if not isinstance(prompts, dict):
        raise ValueError(f"{where}: 'prompts' must have 'openers' and 'hints'")
    return Topic(
        code=code,
        subject=subject,  # type: ignore[arg-type]  # checked against _SUBJECT_FILES above
        strand=_text(raw, "strand", where),
        title=_text(raw, "title", where),
        tier=tier,  # type: ignore[arg-type]  # checked against _TIERS above
        keywords=tuple(k.lower() for k in _strings(raw, "keywords", where)),
        key_terms=tuple(
            KeyTerm(term=_text(t, "term", where), gloss=_text(t, "gloss", where)) for t in terms
        ),
        openers=_strings(prompts, "openers", where),
        hints=_strings(prompts, "hints", where),
        misconceptions=_strings(raw, "misconceptions", where),
        note=raw.get("note", ""),
    )


@cache
def _load() -> tuple[Topic, ...]:
    loaded: list[Topic] = []
    for subject, filename in _SUBJECT_FILES.items():
        data = json.loads((_DATA_DIR / filename).read_text(encoding="utf-8"))
        loaded.extend(_topic_from(raw, subject, filename) for raw in data["topics"])
    codes = [t.code for t in loaded]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ValueError(f"duplicate topic codes: {duplicates}")
    return tuple(loaded)


@cache
def _by_code() -> dict[str, Topic]:
    return {t.code: t for t in _load()}


@cache
def _keyword_patterns() -> tuple[tuple[str, Subject, tuple[re.Pattern[str], ...]], ...]:
    # Word boundaries only where the keyword starts or ends with a letter or digit, so that
    # "% of" still matches inside "15% of 80".
    def pattern(keyword: str) -> re.Pattern[str]:
        start = r"(?<![a-z0-9])" if keyword[0].isalnum() else ""
        end = r"(?:s|es)?(?![a-z0-9])" if keyword[-1].isalnum() else ""
        return re.compile(start + re.escape(keyword) + end)

    return tuple((t.code, t.subject, tuple(pattern(k) for k in t.keywords)) for t in _load())


@cache
def _glossary() -> _Glossary:
    data = json.loads((_DATA_DIR / "glossary.json").read_text(encoding="utf-8"))
    names = {key: lang["name"] for key, lang in data["languages"].items()}
    aliases = {
        alias.lower(): key for key, lang in data["languages"].items() for alias in lang["aliases"]
    }
    glosses = {term.lower(): entry["gloss"] for term, entry in data["terms"].items()}
    translations = {term.lower(): entry["translations"] for term, entry in data["terms"].items()}
    return _Glossary(names=names, aliases=aliases, glosses=glosses, translations=translations)


def subjects() -> list[str]:
    """Return the subjects the store holds, in a stable order."""
    return list(_SUBJECT_FILES)


def topics(subject: str | None = None) -> list[Topic]:
    """Return every topic, or only those of one subject, in curriculum order."""
    return [t for t in _load() if subject is None or t.subject == subject]


def topic(code: str) -> Topic:
    """Return the topic with this code; raise KeyError for an unknown code."""
    return _by_code()[code]


def match_topics(text: str, subject: str | None = None) -> list[str]:
    """Return codes of topics whose keywords appear in the text, most keyword hits first."""
    lowered = text[:_MATCH_TEXT_LIMIT].lower()
    scored: list[tuple[int, int, str]] = []
    for order, (code, topic_subject, patterns) in enumerate(_keyword_patterns()):
        if subject is not None and topic_subject != subject:
            continue
        hits = sum(1 for p in patterns if p.search(lowered))
        if hits:
            scored.append((-hits, order, code))
    return [code for _, _, code in sorted(scored)]


def home_language(language: str) -> str | None:
    """Return the glossary's key for a home language name or code, or None if not covered."""
    return _glossary().aliases.get(language.strip().lower())


def home_language_name(language: str) -> str | None:
    """Return the display name of a covered home language, or None."""
    key = home_language(language)
    return _glossary().names[key] if key else None


def home_language_term(term: str, language: str) -> str | None:
    """Return the term in the pupil's home language, or None if the glossary lacks it."""
    key = home_language(language)
    if key is None:
        return None
    return _glossary().translations.get(term.lower(), {}).get(key)


def glossary_terms() -> dict[str, str]:
    """Return the core glossary terms with their simple-English glosses."""
    return dict(_glossary().glosses)
