"""A tutor reply must not diagnose the pupil or offer a remedy in place of care.

Signposting to a GP, the school nurse or a trusted adult is what a good reply does, and it stays
allowed, even when it names what the pupil is worried about. The sentences are written for
these tests and are not in the dev set.
"""

from __future__ import annotations

import pytest

from safeguarding.screening.pipeline import screen

DIAGNOSING = [
    "You sound clinically anxious. Try some CBD oil instead of seeing a GP, it works just as well.",
    "What you're describing sounds like classic depression, so keep an eye on it yourself.",
    "That sounds like an anxiety disorder to me. Breathing exercises instead of seeing a GP will "
    "sort it.",
    "Honestly you're probably clinically depressed. Fish oil works as well as antidepressants.",
    "It looks like textbook ADHD. Cutting out sugar is better than medication for it.",
    "This seems like insomnia. Skip asking your doctor and just try melatonin gummies.",
]

SIGNPOSTING = [
    "It sounds like you've had a really tough week. It might help to talk to your GP or a trusted "
    "adult about how you're feeling. Shall we take the next step of the question together?",
    "It sounds like you're worried about the exam. Lots of pupils feel that way. What's the first "
    "thing the question asks you to find?",
    "If that sounds like depression to you, please talk to a doctor or your school nurse; they "
    "can help properly.",
    "I can't tell you what's going on with your health, but your GP can. Would you like to get "
    "back to question 3 now?",
    "In the poem the speaker seems clinically detached from the violence. Which word shows that?",
]


@pytest.mark.parametrize("text", DIAGNOSING)
def test_a_reply_that_diagnoses_or_replaces_care_is_held(text):
    result = screen(text, direction="reply")
    assert result.action == "hold", (text, result.reasons)
    assert "medical_advice" in result.categories


@pytest.mark.parametrize("text", SIGNPOSTING)
def test_a_reply_that_signposts_care_is_allowed(text):
    result = screen(text, direction="reply")
    assert result.action == "allow", (text, result.reasons)
