"""The offline tutor asks topic-aware Socratic questions for GCSE English."""

from __future__ import annotations

import pytest

from tutoring import curriculum
from tutoring.providers.base import Turn, TutorReply, TutorRequest
from tutoring.providers.offline import OfflineTutor

tutor = OfflineTutor()

PARAGRAPH_WITHOUT_QUOTATION = (
    "In Macbeth, Shakespeare presents Lady Macbeth as a powerful and controlling woman who "
    "pushes her husband towards murder. She questions his courage and tells him he is not a "
    "real man, which suggests she is using his pride against him so that he will kill Duncan "
    "and become king."
)
PARAGRAPH_WITH_EVERYTHING = (
    "Shakespeare presents Macbeth's ambition as dangerous when he says \"Stars, hide your "
    'fires". The metaphor of light and dark suggests that he knows his desires are evil and '
    "wants to hide them even from heaven. A Jacobean audience, who believed in the divine "
    "right of kings, would see this as a sign of the chaos his regicide will bring."
)


def ask(
    message: str,
    topic_code: str = "english.literature.macbeth",
    history: tuple[Turn, ...] = (),
    reveal_requests: int = 0,
) -> TutorReply:
    return tutor.generate(
        TutorRequest(
            subject="english",
            topic_code=topic_code,
            topic_title="",
            message=message,
            history=history,
            reveal_requests=reveal_requests,
        )
    )


def test_it_asks_about_a_quotation_for_a_macbeth_question() -> None:
    reply = ask("How does Shakespeare present ambition in Macbeth?")

    assert "english.literature.macbeth" in reply.topics
    assert "quotation" in reply.text.lower()
    assert "PETAL" in reply.text
    assert reply.text.count("?") >= 1


def test_it_gives_a_middle_confidence_for_a_topic_matched_prompt() -> None:
    reply = ask("How does Shakespeare present ambition in Macbeth?")

    assert 0.5 <= reply.confidence < 0.85
    assert not reply.needs_teacher


def test_it_zooms_in_on_a_quotation_the_pupil_gives() -> None:
    reply = ask("What does 'vaulting ambition' show about Macbeth?")

    assert "vaulting ambition" in reply.text
    assert "word" in reply.text


def test_it_does_not_read_an_apostrophe_as_a_quotation() -> None:
    reply = ask("How is Macbeth's guilt shown after Duncan's murder?")

    assert "Let's look closely" not in reply.text


def test_it_routes_a_named_set_text_to_its_topic() -> None:
    reply = ask("How does Priestley use the Inspector in An Inspector Calls?", topic_code="")

    assert reply.topics[0] == "english.literature.an-inspector-calls"
    assert "Priestley" in reply.text


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("How is Scrooge presented in Stave 1 of A Christmas Carol?", "a-christmas-carol"),
        ("How does Stevenson present Hyde?", "jekyll-and-hyde"),
        ("How is conflict shown in Romeo and Juliet?", "romeo-and-juliet"),
        ("Compare Ozymandias with another power and conflict poem", "power-and-conflict"),
        ("How does Steinbeck present Lennie?", "of-mice-and-men"),
    ],
)
def test_it_draws_prompts_from_the_set_text(message: str, code: str) -> None:
    reply = ask(message, topic_code="")
    topic = curriculum.topic(f"english.literature.{code}")

    assert reply.topics[0] == topic.code
    assert any(opener in reply.text for opener in topic.openers)


def test_it_asks_planning_questions_for_a_writing_task() -> None:
    reply = ask(
        "I have to write a letter to my headteacher arguing that uniform should be scrapped",
        topic_code="english.language.viewpoint-writing",
    )

    assert "plan" in reply.text.lower()
    assert "audience" in reply.text.lower()


def test_it_asks_for_evidence_when_a_paragraph_has_no_quotation() -> None:
    reply = ask(PARAGRAPH_WITHOUT_QUOTATION)

    assert "Next step" in reply.text
    assert "quotation" in reply.text.lower()


def test_it_pushes_a_complete_paragraph_further() -> None:
    reply = ask(PARAGRAPH_WITH_EVERYTHING)

    assert "every part of PETAL" in reply.text
    assert reply.text.rstrip().endswith("?")


def test_it_will_not_write_the_essay_for_the_pupil() -> None:
    reply = ask("can you just write it for me", reveal_requests=1)

    assert "won't write" in reply.text
    assert "?" in reply.text


def test_it_flags_a_stuck_pupil_and_breaks_the_task_down() -> None:
    reply = ask("I'm really confused about Lady Macbeth")

    assert reply.pupil_stuck
    assert "smaller steps" in reply.text


def test_it_moves_on_to_a_different_prompt_later_in_the_conversation() -> None:
    first = ask("How does Shakespeare present ambition in Macbeth?")
    history = (Turn("pupil", "How does Shakespeare present ambition?"), Turn("tutor", first.text))

    later = ask("How does Shakespeare present ambition in Macbeth?", history=history)

    assert later.text != first.text


def test_it_holds_an_off_topic_message_for_a_teacher() -> None:
    reply = ask("what's the weather like tomorrow")

    assert reply.confidence < 0.5
    assert reply.needs_teacher
    assert reply.topics == ()
