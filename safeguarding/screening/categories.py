"""Category codes, their default outcome and the labels teachers see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Category:
    """One screening category."""

    code: str
    label: str
    # Outcome for a pupil message when nothing in the policy says otherwise. A disclosure
    # escalates to the DSL; everything else holds for a teacher. Replies always hold.
    pupil_default: Literal["escalate", "hold"]
    disclosure: bool


def _c(code: str, label: str, disclosure: bool) -> Category:
    return Category(code, label, "escalate" if disclosure else "hold", disclosure)


_ALL = (
    # Disclosures of harm: a pupil telling us something is wrong. These reach the DSL.
    _c("self_harm", "Self-harm or suicide", True),
    _c("physical_abuse", "Physical abuse", True),
    _c("sexual_abuse", "Sexual abuse", True),
    _c("emotional_abuse", "Emotional abuse", True),
    _c("neglect", "Neglect or young carer", True),
    _c("domestic_abuse", "Domestic abuse at home", True),
    _c("grooming", "Grooming, sexual exploitation or sextortion", True),
    _c("criminal_exploitation", "Criminal exploitation (county lines)", True),
    _c("radicalisation", "Radicalisation or extremism", True),
    _c("fgm_forced_marriage", "FGM, forced marriage or honour-based abuse", True),
    _c("weapons_harm_others", "Weapons or intent to harm others", True),
    _c("eating_disorder", "Eating disorder", True),
    _c("mental_health_crisis", "Mental health crisis", True),
    _c("bullying_hate", "Bullying, hate or harassment", True),
    # Risky but not a disclosure: a teacher looks before anything goes further.
    _c("drugs", "Drugs or alcohol", False),
    _c("personal_data", "Personal data", False),
    _c("off_platform_contact", "Contact outside Tutor Console", False),
    _c("inappropriate_relationship", "Inappropriate relationship or secrecy", False),
    _c("sexual_content", "Sexual content", False),
    _c("harmful_instructions", "Request for harmful instructions", False),
    _c("prompt_injection", "Attempt to override the tutor's instructions", False),
    _c("hate_speech", "Hateful or discriminatory language", False),
    # Strong risk words about the pupil that no specific pattern matched (the backstop).
    _c("risk_words", "Risk words: no clear pattern, a teacher checks", False),
    # Tutor replies that break the tutor rules.
    _c("demeaning_tone", "Demeaning tone", False),
    _c("bias", "Bias or stereotyping", False),
    _c("medical_advice", "Medical advice", False),
    _c("persona", "Human-like persona or relationship-building", False),
    _c("flattery_manipulation", "Flattery or manipulation", False),
    _c("answer_handover", "Full answer handed over", False),
    # Set by the pipeline, never by a pattern.
    _c("low_confidence", "Tutor not confident in its reply", False),
    _c("strict_mode", "Strict mode: every reply checked", False),
    _c("screen_error", "Screening failed: held to be safe", False),
)

CATEGORIES: dict[str, Category] = {c.code: c for c in _ALL}
DISCLOSURE_CATEGORIES = frozenset(c.code for c in _ALL if c.disclosure)
SYSTEM_CATEGORIES = frozenset({"low_confidence", "strict_mode", "screen_error"})


def label(code: str) -> str:
    """Return the human label for a category code."""
    category = CATEGORIES.get(code)
    return category.label if category else code.replace("_", " ").capitalize()
