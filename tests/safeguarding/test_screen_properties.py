"""Properties for any input: the screen never crashes, and what it escalates stays escalated."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeguarding.screening.local import screen_local
from safeguarding.screening.pipeline import screen

PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

ANY_CHAR = st.one_of(
    st.characters(),  # any code point hypothesis chooses
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),  # lone surrogates
    st.sampled_from(
        [
            "\u200b",
            "\u200d",
            "\ufeff",
            "\u00ad",
            "\u202e",
            "\u0301",
            "\n",
            "'",
            "@",
            "1",
            "3",
            "$",
            "*",
            ".",
            " ",
            "\U0001f602",
        ]
    ),
)
ANY_TEXT = st.text(alphabet=ANY_CHAR, max_size=300)

DISCLOSURES = [
    "i want to kill myself",
    "my dad hits me when he is drunk",
    "my uncle touches me and says its our secret",
    "i make myself sick after every meal",
    "im going to stab him tomorrow",
    "there is no food at home and mum has been gone for days",
    "they are making me marry my cousin and im only 14",
    "someone i met online has nudes of me and wants money",
]
BENIGN_SENTENCES = [
    "can you help with question 3",
    "what is the gradient of y = 2x + 1",
    "In Macbeth the witches speak in riddles",
    "I have my English mock on Monday",
    "how do I find the area of a trapezium",
    "sorry for the late reply",
    "anyway",
    "the poem uses a lot of imagery",
]
HOMOGLYPHS = str.maketrans({"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "i": "і"})
LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"})


def _space_longest_word(text: str) -> str:
    words = text.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    words[longest] = " ".join(words[longest])
    return " ".join(words)


def _stretch(text: str) -> str:
    return "".join(ch * 4 if ch in "aeiou" else ch for ch in text)


TRANSFORMS = [
    lambda t: t,
    str.upper,
    lambda t: t.translate(LEET),
    lambda t: t.translate(HOMOGLYPHS),
    lambda t: "\u200b".join(t),
    _space_longest_word,
    _stretch,
    lambda t: t.replace(" ", "  "),
]


@PROPERTY_SETTINGS
@given(ANY_TEXT, st.sampled_from(["pupil", "reply"]))
def test_the_screen_never_crashes_on_any_unicode(text, direction):
    result = screen(text, direction=direction)
    assert result.action in ("allow", "hold", "escalate")
    assert 0 <= result.severity <= 3
    for span in result.spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text


@PROPERTY_SETTINGS
@given(ANY_TEXT, st.lists(ANY_TEXT, max_size=4), st.lists(st.text(max_size=20), max_size=3))
def test_the_screen_never_crashes_with_any_context_or_roster(text, context, roster):
    result = screen(text, direction="pupil", context=context, roster_names=roster)
    assert result.action in ("allow", "hold", "escalate")


def test_the_screen_handles_huge_input_quickly():
    text = ("solve 3x + 4 = 19 and explain the method. " * 5000) + "i want to kill myself"
    started = time.perf_counter()
    result = screen_local(text, direction="pupil")
    assert time.perf_counter() - started < 10
    assert result.action == "escalate"
    huge_unicode = "\u200bк\u0301😂" * 50_000
    assert screen(huge_unicode, direction="pupil").action in ("allow", "hold", "escalate")


@PROPERTY_SETTINGS
@given(
    st.sampled_from(DISCLOSURES),
    st.lists(st.sampled_from(BENIGN_SENTENCES), max_size=3),
    st.lists(st.sampled_from(BENIGN_SENTENCES), max_size=3),
)
def test_a_disclosure_stays_as_severe_when_wrapped_in_benign_text(disclosure, before, after):
    alone = screen(disclosure, direction="pupil")
    assert alone.action == "escalate"
    wrapped = ". ".join([*before, disclosure, *after])
    result = screen(wrapped, direction="pupil")
    assert result.action == "escalate", wrapped
    assert result.severity >= alone.severity, wrapped


@PROPERTY_SETTINGS
@given(
    st.sampled_from(DISCLOSURES),
    st.sampled_from(range(len(TRANSFORMS))),
    st.lists(st.sampled_from(BENIGN_SENTENCES), max_size=2),
)
def test_a_disclosure_stays_escalated_through_each_evasion_transform(disclosure, which, before):
    disguised = TRANSFORMS[which](disclosure)
    text = ". ".join([*before, disguised])
    assert screen(text, direction="pupil").action == "escalate", text


@PROPERTY_SETTINGS
@given(st.sampled_from(DISCLOSURES), st.lists(st.sampled_from(BENIGN_SENTENCES), max_size=3))
def test_a_disclosure_split_over_earlier_benign_turns_still_escalates(disclosure, history):
    assert screen(disclosure, direction="pupil", context=history).action == "escalate"
