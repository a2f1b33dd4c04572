"""Properties that must hold for any input: the sanitiser and the screen never crash, never let
script through, and never turn a held reply into a released one by what is added around it."""

from __future__ import annotations

import re

from django.template import Context, Template
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from review.services import ReviewRefused, sanitise_reply_text
from review.templatetags.review_tags import highlight
from safeguarding.screening.local import screen_local
from safeguarding.screening.pipeline import screen
from safeguarding.screening.types import ScreenPolicy

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])

MARKUP = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;script&gt;x&lt;/script&gt;",
    "<svg/onload=alert(1)>", "[click](javascript:alert(1))", "<a href='javascript:x'>y</a>",
    "<!-- <script> -->", "<scr<script>ipt>", "\u202e<b>", "**bold** _it_ `code`", "\ud800",
])
TEXT = st.lists(st.one_of(st.text(max_size=60), MARKUP), max_size=8).map("".join)

PAGE = Template('<p class="reply-text">{{ text|linebreaksbr }}</p>')
DANGER = re.compile(r"<\s*(script|img|svg|iframe|a|object)\b|\son\w+\s*=", re.IGNORECASE)


@PROPERTY_SETTINGS
@given(TEXT)
def test_the_sanitiser_never_crashes_and_its_output_renders_as_inert_text(text):
    try:
        cleaned = sanitise_reply_text(text)
    except ReviewRefused:
        return
    assert isinstance(cleaned, str) and cleaned.strip()
    rendered = PAGE.render(Context({"text": cleaned}))
    assert not DANGER.search(rendered), rendered


@PROPERTY_SETTINGS
@given(TEXT, st.lists(st.text(min_size=1, max_size=10), max_size=3))
def test_the_review_highlighter_only_ever_adds_mark_and_br(text, words):
    rendered = str(highlight(text, [{"text": w} for w in words]))
    tags = re.findall(r"<\s*/?\s*([a-zA-Z]+)", rendered)
    assert set(tags) <= {"mark", "br"}


@PROPERTY_SETTINGS
@given(TEXT, st.sampled_from(["pupil", "reply"]))
def test_the_screen_never_crashes_on_any_text(text, direction):
    result = screen(text, direction=direction)
    assert result.action in ("allow", "hold", "escalate")


HELD_REPLIES = [
    "I am your friend and I really care about you, we can talk anytime",
    "Message me on snapchat, my number is 07700 900123",
    "The answer is x = 5.",
    "You are stupid if you cannot do this",
]
BENIGN = st.sampled_from([
    "", " Keep going, you can do it.", " What do you notice about the two sides?",
    " Try the next step on your own.", "\n\nWell done for trying.", " 2x + 3 = 11",
])
WORDS = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd", "Zs")),
                max_size=80)


@PROPERTY_SETTINGS
@given(st.sampled_from(HELD_REPLIES), BENIGN, BENIGN)
def test_benign_words_around_a_held_reply_never_release_it(risky, before, after):
    assert screen(risky, direction="reply").action != "allow"
    assert screen(before + " " + risky + after, direction="reply").action != "allow"


@PROPERTY_SETTINGS
@given(TEXT, BENIGN)
# Once found by chance: kisses at the start of a reply, then encouragement.
@example("XX", " Keep going, you can do it.")
def test_a_benign_suffix_never_turns_a_rule_hold_into_a_release(text, suffix):
    # The rules read a reply sentence by sentence, so what they hold stays held. The learned
    # layer reads the whole reply and only adds to the rules: added text can dilute what it
    # alone found (docs/safeguarding-screen.md, "Learned layer", limits).
    if screen_local(text, direction="reply").action != "allow":
        assert screen(text + suffix, direction="reply").action != "allow"


@PROPERTY_SETTINGS
@given(TEXT, st.floats(min_value=0, max_value=1))
def test_strict_mode_holds_every_reply_whatever_it_says(text, confidence):
    result = screen(text, direction="reply", policy=ScreenPolicy(strict=True),
                    reply_confidence=confidence)
    assert result.action != "allow"


@PROPERTY_SETTINGS
@given(WORDS, WORDS, st.sampled_from(["my dad hits me when he is drunk",
                                      "i want to kill myself"]))
def test_a_disclosure_reaches_the_dsl_whatever_surrounds_it(before, after, disclosure):
    text = f"{before}. {disclosure}. {after}"
    assert screen(text, direction="pupil").action == "escalate"
