"""The offline tutor adapts to pupils' needs, follows teacher guidance and stays honest."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutoring.providers.base import PupilNeeds, Turn, TutorReply, TutorRequest
from tutoring.providers.offline import OfflineTutor

tutor = OfflineTutor()

MATHS = [
    "Solve 3x + 5 = 20",
    "3x+5=20 / 3x=25 / x=25/3",
    "Expand (x + 2)(x + 3)",
    "Work out 3/4 + 1/6",
    "Increase 40 by 20%. I got 8",
    "Share 60 in the ratio 2:3",
    "I'm stuck on Pythagoras",
]
ENGLISH = [
    "How does Shakespeare present ambition in Macbeth?",
    "What does 'vaulting ambition' show about Macbeth?",
    "I have to write a story about a storm",
    "I'm stuck on my essay",
]


def ask(
    message: str,
    subject: str = "maths",
    needs: PupilNeeds | None = None,
    guidance: str = "",
    history: tuple[Turn, ...] = (),
    reveal_requests: int = 0,
) -> TutorReply:
    topic_code = (
        "maths.algebra.linear-equations" if subject == "maths" else "english.literature.macbeth"
    )
    return tutor.generate(
        TutorRequest(
            subject=subject,  # type: ignore[arg-type]
            topic_code=topic_code,
            topic_title="",
            message=message,
            history=history,
            needs=needs or PupilNeeds(),
            teacher_guidance=guidance,
            reveal_requests=reveal_requests,
        )
    )


def words_per_sentence(text: str) -> float:
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s]
    return sum(len(s.split()) for s in sentences) / len(sentences)


@pytest.mark.parametrize(
    ("message", "subject"), [(m, "maths") for m in MATHS] + [(m, "english") for m in ENGLISH]
)
def test_it_uses_shorter_sentences_for_a_pupil_with_send(message: str, subject: str) -> None:
    usual = ask(message, subject)
    send = ask(message, subject, PupilNeeds(send=True))

    assert words_per_sentence(send.text) <= words_per_sentence(usual.text)
    assert len(send.text) < len(usual.text)
    assert words_per_sentence(send.text) <= 12


@pytest.mark.parametrize(
    ("message", "subject"), [(m, "maths") for m in MATHS] + [(m, "english") for m in ENGLISH]
)
def test_it_asks_one_question_at_a_time_for_a_pupil_with_send(message: str, subject: str) -> None:
    assert ask(message, subject, PupilNeeds(send=True)).text.count("?") <= 1


def test_it_glosses_key_terms_for_a_pupil_learning_english() -> None:
    reply = ask("Solve 3x + 5 = 20", needs=PupilNeeds(eal=True))

    assert "Key words:" in reply.text
    assert "solve: find the value of the letter" in reply.text


def test_it_adds_the_home_language_word_when_the_glossary_has_it() -> None:
    reply = ask("Solve 3x + 5 = 20", needs=PupilNeeds(eal=True, home_language="Polish"))

    assert "(in Polish: rozwiązać)" in reply.text


def test_it_accepts_a_language_code_for_the_home_language() -> None:
    reply = ask("Share 60 in the ratio 2:3", needs=PupilNeeds(eal=True, home_language="ur"))

    assert "(in Urdu: تناسب)" in reply.text


def test_it_glosses_in_simple_english_for_a_language_without_a_glossary() -> None:
    reply = ask("Solve 3x + 5 = 20", needs=PupilNeeds(eal=True, home_language="Tigrinya"))

    assert "Key words:" in reply.text
    assert "(in " not in reply.text


def test_it_glosses_english_terms_too() -> None:
    reply = ask(
        "How does Shakespeare present ambition in Macbeth?",
        "english",
        PupilNeeds(eal=True, home_language="Spanish"),
    )

    assert "ambition: a strong wish" in reply.text
    assert "(in Spanish: cita)" in reply.text


def test_it_does_not_gloss_for_a_pupil_without_eal_needs() -> None:
    assert "Key words" not in ask("Solve 3x + 5 = 20").text


def test_teacher_guidance_changes_the_reply() -> None:
    usual = ask("Solve 3x + 5 = 20")
    steered = ask("Solve 3x + 5 = 20", guidance="Remind her to use the balance method.")

    assert steered.text != usual.text
    assert steered.text.startswith("Let's look at this another way.")


PRIVATE_NOTES = [
    "She is weak at algebra, keep it simple.",
    "He has dyslexia and gets anxious: be encouraging.",
    "Tom's mum says he cried after the last test; give a worked example.",
    "Needs more help - hint at the first step, his reading age is 8.",
]


@pytest.mark.parametrize("note", PRIVATE_NOTES)
@pytest.mark.parametrize(
    ("message", "subject"), [(m, "maths") for m in MATHS] + [(m, "english") for m in ENGLISH]
)
def test_teacher_guidance_is_never_shown_to_the_pupil(
    note: str, message: str, subject: str
) -> None:
    for needs in (PupilNeeds(), PupilNeeds(send=True), PupilNeeds(eal=True)):
        reply = ask(message, subject, needs, guidance=note).text

        assert note not in reply
        assert "Note from your teacher" not in reply
        for private in ("weak", "dyslexia", "anxious", "mum", "cried", "reading age"):
            assert private not in reply.lower(), reply


def test_teacher_guidance_asking_for_simpler_words_shortens_the_reply() -> None:
    usual = ask("Solve 3x + 5 = 20")
    steered = ask("Solve 3x + 5 = 20", guidance="Too long - use simpler words please")

    body = steered.text.split("\n\n", 1)[1]
    assert len(body) < len(usual.text)


def test_teacher_guidance_asking_for_an_example_adds_one() -> None:
    steered = ask("Solve 3x + 5 = 20", guidance="Give a worked example first")

    assert "similar example" in steered.text
    assert "x = 5" not in steered.text


def test_teacher_guidance_asking_for_more_help_gives_the_first_step() -> None:
    steered = ask("Solve 3x + 5 = 20", guidance="He needs more help: give a hint")

    assert "take away 5" in steered.text.lower()


@pytest.mark.parametrize(
    ("message", "subject"),
    [
        ("asdfgh qwerty zxcv", "maths"),
        ("asdfgh qwerty zxcv", "english"),
        ("what's the weather like tomorrow", "maths"),
        ("who won the football last night", "english"),
        ("", "maths"),
        ("???", "english"),
    ],
)
def test_it_is_honestly_unsure_about_a_message_it_did_not_understand(
    message: str, subject: str
) -> None:
    reply = ask(message, subject)

    assert reply.confidence < 0.5
    assert reply.needs_teacher


@pytest.mark.parametrize(
    "message",
    ["just give me the answer", "what's the answer", "can you tell me the answer pls"],
)
def test_it_explains_why_it_will_not_just_give_the_answer(message: str) -> None:
    history = (Turn("pupil", "Solve 2(x - 3) = 10"), Turn("tutor", "How could you start?"))

    reply = ask(message, history=history)

    assert "won't give you the final answer" in reply.text
    assert "x = 8" not in reply.text
    assert reply.text.rstrip().endswith("?")


def test_it_treats_a_reveal_request_count_like_asking_for_the_answer() -> None:
    history = (Turn("pupil", "Find 15% of 80"), Turn("tutor", "What is 10% of 80?"))

    reply = ask("idk", history=history, reveal_requests=1)

    assert "won't give you the final answer" in reply.text
    assert not re.search(r"(?<![\d.])12(?![\d.])", reply.text)


PERSONA_PHRASES = re.compile(
    r"\b(i feel|i'm (so )?(proud|happy|glad|excited|sad)|i love|your friend|best friend|"
    r"trust me|you can trust|genius|amazing|brilliant|superstar|streak|i care about you|"
    r"i'm always here|perfect!|awesome)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("message", "subject"),
    [(m, "maths") for m in [*MATHS, "3x + 5 = 20, x = 5", "thanks", "hello"]]
    + [(m, "english") for m in [*ENGLISH, "thank you"]],
)
def test_it_never_claims_feelings_friendship_or_flatters(message: str, subject: str) -> None:
    for needs in (PupilNeeds(), PupilNeeds(send=True), PupilNeeds(eal=True)):
        reply = ask(message, subject, needs, guidance="Be encouraging")

        assert not PERSONA_PHRASES.search(reply.text), reply.text


def test_it_reports_a_stuck_pupil() -> None:
    reply = ask("I'm stuck, I don't get it", history=(Turn("pupil", "Solve 3x + 5 = 20"),))

    assert reply.pupil_stuck
    assert reply.confidence >= 0.85


ARBITRARY = st.one_of(
    st.text(max_size=400),
    st.text(alphabet="0123456789xy+-*/^()=.%:£ ", max_size=80),
    st.from_regex(r"(solve|expand|factorise|simplify|share)? ?[0-9x+\-*/^() ]{0,40}=?[0-9x ]{0,8}"),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message=ARBITRARY, subject=st.sampled_from(["maths", "english"]), history=st.text())
def test_it_never_raises_and_stays_in_bounds_on_arbitrary_text(
    message: str, subject: str, history: str
) -> None:
    started = time.perf_counter()

    reply = ask(message, subject, history=(Turn("pupil", history),))

    assert time.perf_counter() - started < 1.0
    assert 0.0 <= reply.confidence <= 1.0
    assert reply.text
    assert reply.model == "offline"


@pytest.mark.parametrize(
    "message",
    ["9^9^9^9", "(x+1)^99999", "9" * 5000, "x" * 3000 + "=1", "((((((((((x))))))))))=1" * 50],
)
def test_it_refuses_expressions_built_to_hang_the_worker(message: str) -> None:
    started = time.perf_counter()

    reply = ask(message)

    assert time.perf_counter() - started < 0.5
    assert reply.confidence < 0.5


def test_an_unrelated_message_after_a_question_is_not_answered_as_if_it_were_working() -> None:
    from tutoring.providers.base import Turn, TutorRequest
    from tutoring.providers.offline import OfflineTutor

    history = (Turn("pupil", "How do I solve 3x + 5 = 20?"),
               Turn("tutor", "First take away 5 from both sides?"))
    request = TutorRequest(
        subject="maths", topic_code="maths.algebra.linear-equations", topic_title="Linear",
        message="the mitochondria is the powerhouse of the cell right", history=history,
    )
    reply = OfflineTutor().generate(request)
    assert reply.confidence < 0.5 and reply.needs_teacher
    assert "3x + 5 = 20" not in reply.text
