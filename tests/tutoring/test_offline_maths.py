"""The offline tutor checks GCSE maths answers and working without giving answers away."""

from __future__ import annotations

import re

import pytest

from tutoring.providers.base import Turn, TutorReply, TutorRequest
from tutoring.providers.offline import OfflineTutor

tutor = OfflineTutor()


def ask(message: str, history: tuple[Turn, ...] = (), reveal_requests: int = 0) -> TutorReply:
    return tutor.generate(
        TutorRequest(
            subject="maths",
            topic_code="maths.algebra.linear-equations",
            topic_title="Solving linear equations",
            message=message,
            history=history,
            reveal_requests=reveal_requests,
        )
    )


def verdict(reply: TutorReply) -> str:
    if reply.text.startswith("Yes,"):
        return "right"
    if "Not quite" in reply.text:
        return "wrong"
    return "other"


def reveals(text: str, question: str, answers: tuple[str, ...]) -> bool:
    """Return whether the text shows an answer that the question itself does not contain."""
    flat = re.sub(r"\s+", "", text)
    for answer in answers:
        compact = re.sub(r"\s+", "", answer)
        if compact in re.sub(r"\s+", "", question):
            continue
        if "=" in compact or not re.fullmatch(r"-?[\d./]+", compact):
            if re.search(rf"{re.escape(compact)}(?![\d./])", flat):
                return True
        elif re.search(rf"(?<![\d./]){re.escape(compact)}(?![\d./])", text):
            return True
    return False


# question, a right answer, a wrong answer, the answer strings that must not be given away
CASES = [
    ("Solve 3x + 5 = 20", "x = 5", "x = 4", ("x = 5",)),
    ("Solve 2(x - 3) = 10", "x = 8", "x = 6.5", ("x = 8",)),
    ("Solve x/4 + 1 = 3", "x = 8", "x = 0.5", ("x = 8",)),
    ("Solve 5x - 7 = 18", "x = 5", "x = 2.2", ("x = 5",)),
    ("Solve 4x + 3 = 2x + 11", "x = 4", "x = 7", ("x = 4",)),
    ("Solve 7 - 2x = 1", "x = 3", "x = -3", ("x = 3",)),
    ("Solve 3(2x + 1) = 27", "x = 4", "x = 4.5", ("x = 4",)),
    ("Solve (x + 3)/4 = 2", "x = 5", "x = -1", ("x = 5",)),
    ("Solve 6x = 21", "x = 3.5", "x = 126", ("x = 3.5", "x = 7/2")),
    ("Solve 2y - 9 = 11", "y = 10", "y = 1", ("y = 10",)),
    ("Solve x^2 + 5x + 6 = 0", "x = -2 or x = -3", "x = 2 or x = 3", ("x = -2", "x = -3")),
    ("Solve x^2 - 9 = 0", "x = 3 or x = -3", "x = 4.5", ("x = 3", "x = -3")),
    ("Solve x^2 - 7x + 10 = 0", "x = 2, x = 5", "x = -2, x = -5", ("x = 2", "x = 5")),
    ("Solve 2x + y = 7 and x - y = 2", "x = 3, y = 1", "x = 2, y = 3", ("x = 3", "y = 1")),
    ("Solve x + y = 10 and x - y = 4", "x = 7, y = 3", "x = 6, y = 4", ("x = 7", "y = 3")),
    ("Expand 3(x + 4)", "3x + 12", "3x + 4", ("3x + 12",)),
    ("Expand (x + 2)(x + 3)", "x^2 + 5x + 6", "x^2 + 6", ("x^2 + 5x + 6",)),
    ("Expand (x - 4)^2", "x^2 - 8x + 16", "x^2 + 16", ("x^2 - 8x + 16",)),
    ("Factorise x^2 + 5x + 6", "(x + 2)(x + 3)", "(x + 1)(x + 6)", ("(x + 2)(x + 3)",)),
    ("Factorise 6x + 9", "3(2x + 3)", "3(2x + 9)", ("3(2x + 3)",)),
    ("Factorise x^2 - 16", "(x - 4)(x + 4)", "(x - 4)^2", ("(x - 4)(x + 4)",)),
    ("Simplify 3x + 2x - x", "4x", "5x", ("4x",)),
    ("Work out 3/4 + 1/6", "11/12", "4/10", ("11/12",)),
    ("Work out 2/3 × 3/5", "2/5", "5/8", ("2/5", "6/15")),
    ("Work out 3/4 ÷ 1/2", "3/2", "3/8", ("3/2", "1 1/2")),
    ("Work out 5/6 - 1/4", "7/12", "4/2", ("7/12",)),
    ("Work out 2 + 3 × 4", "14", "20", ("14",)),
    ("Find 15% of 80", "12", "1200", ("12",)),
    ("Increase 40 by 20%", "48", "8", ("48",)),
    ("Decrease 250 by 10%", "225", "25", ("225",)),
    ("What is the percentage change from 40 to 50?", "25%", "20%", ("25",)),
    ("What is 30 as a percentage of 120?", "25%", "40%", ("25",)),
    ("Share 60 in the ratio 2:3", "24 and 36", "30 and 20", ("24", "36")),
    ("Share £45 in the ratio 4:5", "£20 and £25", "£9 and £5", ("20", "25")),
    ("Simplify the ratio 12:18", "2:3", "4:5", ("2:3",)),
]
IDS = [case[0] for case in CASES]


@pytest.mark.parametrize(("question", "right", "wrong", "answers"), CASES, ids=IDS)
def test_it_does_not_give_the_answer_on_a_first_ask(
    question: str, right: str, wrong: str, answers: tuple[str, ...]
) -> None:
    reply = ask(question)

    assert verdict(reply) == "other"
    assert not reveals(reply.text, question, answers)
    assert reply.text.rstrip().endswith("?")
    assert reply.confidence >= 0.85
    assert not reply.needs_teacher


@pytest.mark.parametrize(("question", "right", "wrong", "answers"), CASES, ids=IDS)
def test_it_confirms_a_right_answer_and_checks_understanding(
    question: str, right: str, wrong: str, answers: tuple[str, ...]
) -> None:
    history = (Turn("pupil", question), Turn("tutor", ask(question).text))

    reply = ask(f"I got {right}", history)

    assert verdict(reply) == "right", reply.text
    assert "?" in reply.text
    assert 0.85 <= reply.confidence <= 0.95
    assert not reply.needs_teacher


@pytest.mark.parametrize(("question", "right", "wrong", "answers"), CASES, ids=IDS)
def test_it_marks_a_wrong_answer_without_revealing_the_right_one(
    question: str, right: str, wrong: str, answers: tuple[str, ...]
) -> None:
    history = (Turn("pupil", question), Turn("tutor", ask(question).text))

    reply = ask(f"is it {wrong}", history)

    assert verdict(reply) == "wrong", reply.text
    assert not reveals(reply.text, question, answers)
    assert reply.confidence >= 0.85


@pytest.mark.parametrize(("question", "right", "wrong", "answers"), CASES[:12], ids=IDS[:12])
def test_it_checks_an_answer_given_in_the_same_message(
    question: str, right: str, wrong: str, answers: tuple[str, ...]
) -> None:
    assert verdict(ask(f"{question}, I got {right}")) == "right"
    assert verdict(ask(f"{question}, I got {wrong}")) == "wrong"


# pupil's working, then the step the hint must name
WORKING = [
    ("3x+5=20 / 3x=25 / x=25/3", "3x + 5 = 20", "3x = 25"),
    ("2(x-3)=10\n2x-3=10\nx=6.5", "2(x - 3) = 10", "2x - 3 = 10"),
    ("x/4 + 1 = 3\nx/4 = 2\nx = 1/2", "x/4 = 2", "x = 1/2"),
    ("5x + 2 = 3x + 10\n8x + 2 = 10\nx = 1", "5x + 2 = 3x + 10", "8x + 2 = 10"),
    ("4x - 3 = 9\n4x = 12\nx = 8", "4x = 12", "x = 8"),
    ("7 - 2x = 1\n-2x = 8\nx = -4", "7 - 2x = 1", "-2x = 8"),
    ("3x + 5 = 20\n3x = 20\nx = 20/3", "3x + 5 = 20", "3x = 20"),
    ("x^2 + 5x + 6 = 0\n(x + 2)(x + 3) = 0\nx = 2 or x = 3", "(x + 2)(x + 3) = 0", "x = 2"),
    ("expand (x+2)(x+3) = x^2 + 3x + 2x + 5 = x^2 + 5x + 5", "(x + 2)(x + 3)",
     "x^2 + 3x + 2x + 5"),
    ("3/4 + 1/6 = 9/12 + 2/12 = 11/24", "9/12 + 2/12", "11/24"),
]  # fmt: skip


@pytest.mark.parametrize(("working", "before", "after"), WORKING)
def test_it_names_the_first_wrong_step_in_working(working: str, before: str, after: str) -> None:
    reply = ask(working)

    assert verdict(reply) == "wrong", reply.text
    assert f"from {before} to {after}" in reply.text
    assert reply.confidence >= 0.85


def test_it_asks_what_happens_to_the_number_that_moved() -> None:
    reply = ask("3x+5=20 / 3x=25 / x=25/3")

    assert "What happens to + 5 when it moves" in reply.text


def test_it_says_which_line_was_the_last_right_one() -> None:
    reply = ask("4x - 3 = 9\n4x = 12\nx = 8")

    assert "right up to 4x = 12" in reply.text


def test_it_accepts_correct_working_line_by_line() -> None:
    assert verdict(ask("3x + 5 = 20\n3x = 15\nx = 5")) == "right"


def test_it_confirms_a_correct_step_and_asks_for_the_next() -> None:
    reply = ask("3x + 5 = 20\n3x = 15")

    assert "That step is right" in reply.text
    assert "x = 5" not in reply.text


def test_it_finds_working_for_a_question_asked_earlier() -> None:
    history = (Turn("pupil", "Solve 3x + 5 = 20"), Turn("tutor", "What could you do first?"))

    reply = ask("3x = 25\nx = 25/3", history)

    assert "from 3x + 5 = 20 to 3x = 25" in reply.text


def test_it_asks_for_a_second_root_when_only_one_is_given() -> None:
    reply = ask("Solve x^2 + 5x + 6 = 0. I got x = -2")

    assert "other one" in reply.text
    assert "-3" not in reply.text


def test_it_accepts_a_rounded_decimal_answer() -> None:
    assert verdict(ask("Solve 3x = 10, x = 3.33")) == "right"


def test_it_asks_for_a_fraction_in_its_simplest_form() -> None:
    reply = ask("3/4 + 1/6 = 22/24")

    assert "simplified" in reply.text
    assert "11/12" not in reply.text


def test_it_asks_to_factorise_fully() -> None:
    reply = ask("Factorise 2x^2 + 4x, I got 2(x^2 + 2x)")

    assert "further" in reply.text


def test_it_spots_shares_of_a_ratio_in_the_wrong_order() -> None:
    reply = ask("Share 60 in the ratio 2:3, I got 36 and 24")

    assert "order" in reply.text


def test_it_spots_a_percentage_found_but_not_added_on() -> None:
    reply = ask("Increase 40 by 20%. I got 8")

    assert "add it on" in reply.text


def test_it_flags_a_pupil_who_has_given_two_wrong_answers() -> None:
    history = (
        Turn("pupil", "Solve 3x + 5 = 20"),
        Turn("tutor", "What could you do to both sides first?"),
        Turn("pupil", "x = 4"),
        Turn("tutor", "Not quite."),
    )

    reply = ask("x = 6", history)

    assert verdict(reply) == "wrong"
    assert reply.pupil_stuck
    assert "first step together" in reply.text
    assert "x = 5" not in reply.text


def test_it_does_not_flag_a_pupil_after_one_wrong_answer() -> None:
    history = (Turn("pupil", "Solve 3x + 5 = 20"), Turn("tutor", "What could you do first?"))

    assert not ask("x = 4", history).pupil_stuck


def test_it_refuses_the_answer_and_offers_the_next_step() -> None:
    history = (Turn("pupil", "Solve 3x + 5 = 20"), Turn("tutor", "What could you do first?"))

    reply = ask("just give me the answer", history)

    assert "won't give you the final answer" in reply.text
    assert "take away 5 from both sides" in reply.text
    assert "x = 5" not in reply.text


def test_it_does_the_first_step_after_repeated_requests_but_not_the_last() -> None:
    history = (Turn("pupil", "Solve 3x + 5 = 20"), Turn("tutor", "What could you do first?"))

    reply = ask("pls just tell me the answer", history, reveal_requests=2)

    assert "3x = 15" in reply.text
    assert "x = 5" not in reply.text
    assert reply.pupil_stuck


def test_it_tags_the_reply_with_the_topic_of_the_question() -> None:
    assert ask("Share 60 in the ratio 2:3").topics[0] == "maths.ratio.ratio"
    assert ask("Find 15% of 80").topics[0] == "maths.number.percentages"
    assert ask("Factorise x^2 + 5x + 6").topics[0] == "maths.algebra.factorising-quadratics"


def test_it_reports_token_estimates_and_its_model() -> None:
    reply = ask("Solve 3x + 5 = 20")

    assert reply.model == "offline"
    assert reply.input_tokens > 0
    assert reply.output_tokens == len(reply.text) // 4


def test_it_holds_an_expression_it_cannot_check_for_a_teacher() -> None:
    reply = ask("what is 9^9^9^9")

    assert reply.confidence < 0.5
    assert reply.needs_teacher


def test_it_gives_the_same_reply_to_the_same_request() -> None:
    assert ask("Solve 3x + 5 = 20").text == ask("Solve 3x + 5 = 20").text
