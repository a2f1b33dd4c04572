"""Each evasion trick is undone before matching, and spans still point at the pupil's words."""

from __future__ import annotations

import pytest

from safeguarding.screening.normalise import normalise
from safeguarding.screening.pipeline import screen

ZWSP = "\u200b"

EVASIONS = [
    ("leetspeak", "i w4nt t0 k1ll mys3lf"),
    ("leetspeak symbols", "$uicidal every night, i'm d0ne"),
    ("cyrillic homoglyphs", "i want to kіll mysеlf"),  # і and е are Cyrillic
    ("greek homoglyphs", "my dad hιts mε every day"),  # ι and ε are Greek
    ("zero-width characters", f"i want to k{ZWSP}i{ZWSP}l{ZWSP}l myself"),
    ("soft hyphen and joiners", "my step\u00addad hi\u200dts me"),
    ("spaced-out letters", "i want to k i l l m y s e l f"),
    ("spaced-out phrase", "i d o n t w a n t t o l i v e"),
    ("dotted letters", "feeling s.u.i.c.i.d.a.l tonight"),
    ("dashed letters", "im going to k-i-l-l myself"),
    ("punctuation inside a word", "thinking about sui.cide a lot"),
    ("stretched letters", "i just wanna diiiiieeee"),
    ("stretched double letters", "i want to kiiiiilllll myself"),
    ("masked letter", "i want to k*ll myself"),
    ("capitals", "MY UNCLE TOUCHES ME WHEN MUM IS OUT"),
    ("fullwidth letters", "ｉ ｗａｎｔ ｔｏ ｋｉｌｌ ｍｙｓｅｌｆ"),
    ("mathematical letters", "i want to 𝐤𝐢𝐥𝐥 𝐦𝐲𝐬𝐞𝐥𝐟"),
    ("combining marks", "i want to k̷i̷l̷l̷ myself"),
    ("kms", "i might actually kms tonight"),
    ("ctb", "thinking of ctb this weekend"),
    ("unalive", "i want to unalive myself"),
    ("idwtl", "idwtl anymore"),
    ("sh in context", "relapsed on sh last night"),
    ("sh with scars", "my sh scars are showing in pe"),
    ("text speak", "ppl at skl dont know but my mums bf beats me"),
    ("abbreviated time", "gonna end it 2nite"),
]


@pytest.mark.parametrize(("trick", "text"), EVASIONS)
def test_each_evasion_trick_still_escalates(trick, text):
    result = screen(text, direction="pupil")
    assert result.action == "escalate", (trick, text, result)


def test_kys_aimed_at_someone_holds_as_abuse_not_as_a_disclosure():
    result = screen("kys", direction="pupil")
    assert result.action == "hold"
    assert "bullying_hate" in result.categories


def test_spans_point_at_the_original_words_after_leetspeak():
    text = "honestly i want to k1ll mys3lf"
    result = screen(text, direction="pupil")
    span = result.spans[0]
    assert text[span.start : span.end] == span.text == "k1ll mys3lf"


def test_spans_point_at_the_original_words_after_invisible_characters():
    text = f"my dad h{ZWSP}its me"
    result = screen(text, direction="pupil")
    span = result.spans[0]
    assert text[span.start : span.end] == span.text
    assert span.text.startswith("my dad") and span.text.endswith("me")


def test_spans_point_at_the_original_words_after_spaced_letters():
    text = "please help i want to k i l l m y s e l f"
    span = screen(text, direction="pupil").spans[0]
    assert text[span.start : span.end] == "k i l l m y s e l f"


def test_the_folded_view_undoes_each_trick():
    assert normalise("I W4NT T0 D1E").folded == "i want to die"
    assert normalise("k i l l m y s e l f").folded == "kill myself"
    assert normalise("s.u.i.c.i.d.e").folded == "suicide"
    assert normalise("kms").folded == "kill myself"
    assert normalise("diiiiie").folded == "die"
    assert normalise("k\u200bill").folded == "kill"


def test_the_plain_view_keeps_digits_for_phone_numbers():
    norm = normalise("ring me 07911 123456")
    assert "07911 123456" in norm.plain
    assert screen("ring me 07911 123456", direction="pupil").action == "hold"


def test_maths_with_digits_is_not_read_as_leetspeak():
    for text in (
        "solve 3x - 7 = 11",
        "what is 15% of 40",
        "q3 says 4a + 5b = 12",
        "y7 trip at 10am",
    ):
        assert screen(text, direction="pupil").action == "allow", text


def test_spaced_letters_in_maths_are_not_joined_into_words():
    assert screen("points a b c d form a square", direction="pupil").action == "allow"
    assert screen("let x y z be the sides", direction="pupil").action == "allow"


def test_a_message_is_normalised_once_however_many_layers_read_it():
    # The rules, the concepts and the learned layer all read the same views of a message: the
    # second call must be answered from memory, not rebuilt (bench/screen_speed.py clears it).
    text = "my st3pdad h1ts me when mum is at work"
    assert normalise(text) is normalise(text)
    assert callable(normalise.cache_clear)


@pytest.mark.parametrize("text", ["a stone falls 4.9 metres a second", "it costs £2.50 each"])
def test_a_decimal_point_does_not_end_a_sentence(text):
    # "4.9" read as "4 . 9" cut the question in two, and its second half was read alone.
    assert " . " not in normalise(text).folded
