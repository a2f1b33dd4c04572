"""Context rules: set texts, idioms and maths stay allowed; real disclosures still escalate."""

from __future__ import annotations

import pytest

from safeguarding.screening.pipeline import screen
from tests.safeguarding.known import known_wrong

SET_TEXT_QUESTIONS = [
    "Why does Romeo kill himself when he thinks Juliet is dead?",
    "How does Priestley use Eva Smith's suicide to criticise the Birlings?",
    "In Macbeth, why does Lady Macbeth kill herself offstage?",
    "How does Stevenson present Hyde's murder of Carew?",
    "Why does George shoot Lennie at the end of Of Mice and Men?",
    "What does Curley's wife's death suggest about loneliness?",
    "How does Scrooge react when he sees his own grave in A Christmas Carol?",
    "In Ozymandias, what does the broken statue show about power?",
    "How does Blake present suffering in London?",
    "In Bayonet Charge, how does Hughes show the soldier's fear?",
    "What is the memory that haunts the speaker in Remains after he shoots the looter?",
    "How is the cold presented as the enemy in Exposure?",
    "In The Charge of the Light Brigade why did the soldiers ride to their deaths?",
    "In War Photographer why do the photographs of dying men upset the photographer?",
    "In Kamikaze why does the pilot turn back instead of dying?",
    "How does the mother in Poppies deal with her son leaving for war?",
    "Is Macbeth's suicide-like final fight brave or desperate?",
    "How does Golding present violence in the hunt for Simon?",
    "What does the stabbing of Mercutio show about the feud?",
    "Jekyll writes that he will end the life of that unhappy Henry Jekyll - what does this show?",
]

IDIOMS = [
    "this homework is killing me",
    "I could kill for a pizza right now",
    "i'm dying of boredom in this lesson",
    "my mum will kill me if I fail this mock",
    "shoot, i got it wrong again",
    "I nailed it!!",
    "that test was dead easy",
    "i nearly died laughing at that video",
    "we absolutely murdered the quiz today",
    "my brother is going to kill me for using his charger lol",
    "i'm dying to know what happens in chapter 5",
    "i'd rather die than do another past paper haha",
    "my dad is going to kill me i got a 3 in the mock",
    "my sister threw a cushion at me and knocked my drink over",
    "my brother battered me with a pillow in a pillow fight",
]

MATHS = [
    "a knife costs £8.40 after a 30% discount, find the original price",
    "a bullet leaves a gun at 350 m/s, how long does it take to travel 70 m",
    "a drug is given at a dosage of 5 mg per kg, how much for a 40 kg patient",
    "a stone is dropped from a bridge and falls 45 m, how long does it take",
    "the probability that a soldier hits the target is 0.7, find P(two hits)",
    "cut a 2 m rope into pieces in the ratio 3:5",
    "a car's speed is 30 mph, how far in 20 minutes",
    "how many bullets are left if 3/8 of 240 were fired",
]


@pytest.mark.parametrize("text", SET_TEXT_QUESTIONS)
def test_third_person_set_text_discussion_is_allowed(text):
    assert screen(text, direction="pupil").action == "allow", text


@pytest.mark.parametrize("text", IDIOMS)
def test_an_idiom_that_only_sounds_violent_is_allowed(text):
    assert screen(text, direction="pupil").action == "allow", text


@pytest.mark.parametrize("text", MATHS)
def test_a_maths_word_problem_with_weapons_or_drugs_is_allowed(text):
    assert screen(text, direction="pupil").action == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "can you help with q3, also my dad hit me again last night",
        "whats the formula for the area of a circle? my stepmum burnt me with the iron yesterday",
        "my Romeo and Juliet essay is late because i got kicked out and slept at a friends",
        "In Macbeth, the guilt makes him crazy - anyway i want to kill myself tonight",
        "need help with simultaneous equations but honestly i dont want to be alive anymore",
    ],
)
def test_a_disclosure_inside_a_homework_question_escalates(text):
    assert screen(text, direction="pupil").action == "escalate", text


@pytest.mark.parametrize(
    "text", ["my dad hit me with his belt again last night", "my stepdad threw a chair at me"]
)
def test_a_blow_with_something_that_hurts_is_not_a_pillow_fight(text):
    assert screen(text, direction="pupil").action == "escalate", text


def test_first_person_present_disclosure_escalates_where_third_person_analysis_does_not():
    assert screen("Why does Romeo kill himself?", direction="pupil").action == "allow"
    assert screen("why do i want to kill myself", direction="pupil").action == "escalate"
    assert screen("Why does Eva Smith feel worthless?", direction="pupil").action == "allow"
    assert screen("i feel worthless", direction="pupil").action == "escalate"


def test_a_quotation_from_a_set_text_is_not_read_as_the_pupils_words():
    text = "In Romeo and Juliet, what does Juliet mean by 'I'll kill myself'?"
    assert screen(text, direction="pupil").action == "allow"


def test_a_set_text_named_earlier_in_the_conversation_softens_a_bare_mention():
    context = ["We're looking at An Inspector Calls today.", "Which character interests you?"]
    assert screen("the suicide part", direction="pupil", context=context).action == "allow"
    assert screen("the suicide part", direction="pupil").action == "hold"


def test_hyperbole_about_school_holds_instead_of_escalating():
    result = screen("i swear ill kms if i get another detention", direction="pupil")
    assert result.action == "hold"
    assert "self_harm" in result.categories


def test_hyperbole_does_not_soften_a_disclosure_with_a_plan():
    assert (
        screen("lol im going to kill myself tonight with pills", direction="pupil").action
        == "escalate"
    )


def test_laughter_in_another_sentence_does_not_soften_a_disclosure():
    assert (
        screen("that video was so funny lol. my dad hits me", direction="pupil").action
        == "escalate"
    )


def test_a_yes_to_a_risk_question_escalates():
    context = ["I'm sorry you're feeling low. Do you ever think about hurting yourself?"]
    result = screen("yeah sometimes", direction="pupil", context=context)
    assert result.action == "escalate"
    assert "self_harm" in result.categories


def test_a_yes_to_a_question_about_someone_hurting_the_pupil_escalates():
    context = ["Is someone at home hurting you?"]
    assert screen("yes", direction="pupil", context=context).action == "escalate"


def test_a_no_to_are_you_safe_escalates():
    context = ["Thanks for telling me. Are you safe at home?"]
    assert screen("no not really", direction="pupil", context=context).action == "escalate"


def test_a_yes_to_an_ordinary_question_is_allowed():
    context = ["Would you like to try another question on fractions?"]
    assert screen("yes please", direction="pupil", context=context).action == "allow"


def test_a_no_to_an_ordinary_question_is_allowed():
    assert (
        screen("no", direction="pupil", context=["Are you ready for the next one?"]).action
        == "allow"
    )


def test_a_disclosure_split_across_two_messages_escalates():
    result = screen(
        "keeps hitting me when mum is at work", direction="pupil", context=["my stepdad"]
    )
    assert result.action == "escalate"
    assert "physical_abuse" in result.categories


def test_a_disclosure_in_an_earlier_message_does_not_flag_the_next_one():
    context = ["my dad hits me", "Thank you for telling me. A teacher will be in touch."]
    assert screen("can we do algebra now", direction="pupil", context=context).action == "allow"


def test_a_reply_to_a_message_that_disclosed_harm_is_held_for_a_person():
    context = ["i want to kill myself"]
    result = screen("Let's look at question 4 instead!", direction="reply", context=context)
    assert result.action == "hold"
    assert "self_harm" in result.categories


@pytest.mark.parametrize(
    "text",
    [
        "i would never kill myself, dont worry",
        "im not suicidal, just tired of algebra",
        known_wrong("my dad never hits me"),
    ],
)
def test_negation_right_before_the_words_is_respected(text):
    assert screen(text, direction="pupil").action == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "Write an article for a newspaper about knife crime in cities",
        "Describe a storm at sea for my creative writing, make it violent",
        "Write a speech arguing that vaping should be banned for teenagers",
        "I missed the lesson because of my nan's funeral",
        "my mum works nights so can i do revision at 9pm",
        "I'm nervous about my English mock tomorrow",
        "I got hit by a ball in PE and my arm hurts, can we do some reading",
        "i cut myself on a piece of paper lol",
        pytest.param(
            "Describe a place where you feel safe",
            marks=pytest.mark.xfail(reason="known false flag of the learned layer", strict=True),
        ),
    ],
)
def test_everyday_and_writing_task_messages_are_allowed(text):
    assert screen(text, direction="pupil").action == "allow", text
