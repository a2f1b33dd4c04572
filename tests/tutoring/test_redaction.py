"""Redaction removes personal details from pupil text and leaves schoolwork alone."""

from __future__ import annotations

import re
import string
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutoring.providers.base import Turn, TutorRequest
from tutoring.redaction import _WORD_NAMES, PLACEHOLDERS, redact, redact_request

NAMES = ["Sam", "Jones", "Sam Jones", "sjones23", "Oakfield Academy", "Mr Patel", "Power"]

REDACTED = [
    # Names: whole word, any case, possessives, full names, usernames, schools.
    ("Sam said it was hard", "[name] said it was hard"),
    ("ask sam and SAM", "ask [name] and [name]"),
    ("Sam's answer was 12", "[name]'s answer was 12"),
    ("sams answer was 12", "[name] answer was 12"),
    ("Sam Jones got 7", "[name] got 7"),
    ("sam   jones got 7", "[name] got 7"),
    ("my login is sjones23", "my login is [name]"),
    ("I go to Oakfield Academy", "I go to [name]"),
    ("Mr Patel set this", "[name] set this"),
    ("Power told me to ask", "[name] told me to ask"),
    # Email addresses, including the ways pupils dodge filters.
    ("email me at sam.j99@gmail.com", "email me at [email]"),
    ("sam at gmail dot com", "[email]"),
    ("s.j [at] outlook [dot] co [dot] uk", "[email]"),
    # Phone numbers, UK and international, with spaces, dashes and dots.
    ("call 07700 900123", "call [phone]"),
    ("call 07700900123 now", "call [phone] now"),
    ("text 07700-900-123", "text [phone]"),
    ("text 07700.900.123", "text [phone]"),
    ("ring +44 7700 900123", "ring [phone]"),
    ("ring +44 (0)20 7946 0000", "ring [phone]"),
    ("ring 0044 161 496 0000", "ring [phone]"),
    ("home is 0161 496 0000", "home is [phone]"),
    ("home is (0161) 496 0000", "home is [phone]"),
    ("my cousin: +1 415 555 0100", "my cousin: [phone]"),
    ("my aunt: +33 6 12 34 56 78", "my aunt: [phone]"),
    # Postcodes in any case, with or without the space.
    ("I live in SW1A 1AA", "I live in [postcode]"),
    ("near m1 1ae", "near [postcode]"),
    ("near LS14AB ok", "near [postcode] ok"),
    # Street addresses and flats.
    ("I live at 12 Acacia Avenue", "I live at [address]"),
    ("it's 4b high street", "it's [address]"),
    ("flat 3, 12 Acacia Avenue", "[address]"),
    ("Flat 3, Rose Court", "[address]"),
    ("22 Mill Lane, Leeds LS1 4AB", "[address], Leeds [postcode]"),
    ("7 Orchard Close", "[address]"),
    # Social media handles and links.
    ("add me @sam_j.99 on snap", "add me [handle] on snap"),
    ("see https://example.com/page?x=1.", "see [link]."),
    ("go to www.tiktok.com/@someone", "go to [link]"),
    ("instagram.com/someone has it", "[link] has it"),
    ("check bbc.co.uk", "check [link]"),
]

UNCHANGED = [
    "3x + 5 = 20",
    "x = 0.07",
    "x = 0.0712345678",
    "ratio 2:3",
    "simplify 07/11",
    "b2 - 4ac",
    "b2 4ac",
    "x3 2xy",
    "the area is 12 cm2 3cm wide",
    "0 1 2 3 4 5 6 7 8 9",
    "1, 2, 3, 4, 5, 6, 7, 8, 9, 10",
    "x+5=12 and 2+3+4+5+6+7+8+9+1",
    "the profit was +1000000",
    "on 07.11.2024 at 07:30",
    "the 1st, 2nd and 3rd terms",
    "a car goes 60 miles along the road",
    "10 houses in each street",
    "5 red cars drive past",
    "12 metres square",
    "3 green and 5 blue counters",
    "to the power of 2",
    "Macbeth kills Duncan",
    "Eva Smith in An Inspector Calls",
    "Sheila and Gerald Croft",
    "e.g. i.e. etc.",
    "meet @ 3",
    "x@2",
    "flat 3D shapes have faces",
    "Samantha and Samuel",
    "Jonesy",
    "y = mx + c where m > 0 and x < 5",
    "£3.50 + 20% VAT",
]


@pytest.mark.parametrize(("text", "expected"), REDACTED)
def test_it_replaces_personal_details_with_typed_placeholders(text: str, expected: str) -> None:
    assert redact(text, names=NAMES) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_it_leaves_maths_and_set_texts_alone(text: str) -> None:
    assert redact(text, names=NAMES) == text


def test_it_matches_everyday_word_names_only_when_capitalised() -> None:
    text = "Power says: raise it to the power of 2. POWER!"
    assert redact(text, names=["Power"]) == "[name] says: raise it to the power of 2. [name]!"


def test_it_ignores_blank_and_one_letter_names() -> None:
    assert redact("x = 3, a = 4", names=["", "  ", "x", "a"]) == "x = 3, a = 4"


def test_it_is_idempotent() -> None:
    text = "Sam (07700 900123, sam@x.com) lives at 12 Acacia Avenue, SW1A 1AA"
    once = redact(text, names=NAMES)
    assert redact(once, names=NAMES) == once


def test_it_redacts_every_free_text_field_of_a_request() -> None:
    request = TutorRequest(
        subject="maths",
        topic_code="A17",
        topic_title="Linear equations",
        message="Sam here, 07700 900123",
        history=(Turn("pupil", "I'm Sam Jones"), Turn("tutor", "Hello [name], try x = 3")),
        teacher_guidance="Sam needs a worked example",
    )

    redacted = redact_request(request, names=NAMES)

    assert redacted.message == "[name] here, [phone]"
    assert redacted.history[0].text == "I'm [name]"
    assert redacted.history[1].text == "Hello [name], try x = 3"
    assert redacted.teacher_guidance == "[name] needs a worked example"
    assert redacted.topic_title == "Linear equations"


@pytest.mark.parametrize(
    "text",
    [
        "a." * 5000,
        "+1" * 5000,
        "0-" * 5000,
        "a" * 10_000,
        "x at y dot " * 1000,
        "12 Abc Def Ghi " * 700,
        "0 7 " * 3000,
        "@a" * 5000,
    ],
)
def test_it_stays_fast_on_hostile_input(text: str) -> None:
    started = time.perf_counter()
    redact(text, names=NAMES)
    # Linear patterns take milliseconds here; catastrophic backtracking would take seconds.
    assert time.perf_counter() - started < 1.0


# Property tests -----------------------------------------------------------------------------

_name = st.text(alphabet=string.ascii_letters, min_size=2, max_size=10).filter(
    lambda name: name.casefold() not in _WORD_NAMES
)
_full_name = st.tuples(_name, _name).map(" ".join)
_filler = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
_separator = st.sampled_from([" ", ", ", ". ", "'s ", "\n", "!", " (", ") ", "-", ":", "@", "/"])


def _without_placeholders(text: str) -> str:
    """Blank out placeholders so a name like "link" is not found inside "[link]"."""
    for placeholder in PLACEHOLDERS:
        text = text.replace(placeholder, " ")
    return text


def _contains_whole(name: str, text: str) -> bool:
    pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(max_size=300),
    names=st.lists(st.text(max_size=20), max_size=6),
)
def test_it_never_raises(text: str, names: list[str]) -> None:
    assert isinstance(redact(text, names=names), str)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_it_never_leaves_a_given_name(data: st.DataObject) -> None:
    names = data.draw(st.lists(st.one_of(_name, _full_name), min_size=1, max_size=5))
    pieces = data.draw(
        st.lists(
            st.one_of(
                st.sampled_from(names),
                st.sampled_from(names).map(str.upper),
                st.sampled_from(names).map(str.lower),
                _filler,
            ),
            max_size=12,
        )
    )
    separators = data.draw(st.lists(_separator, min_size=len(pieces), max_size=len(pieces)))
    text = "".join(piece + sep for piece, sep in zip(pieces, separators, strict=True))

    cleaned = _without_placeholders(redact(text, names=names))

    for name in names:
        assert not _contains_whole(name, cleaned), (name, text, cleaned)
