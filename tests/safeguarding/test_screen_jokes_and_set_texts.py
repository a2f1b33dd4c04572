"""Laughter softens a disclosure only while the pupil stands by the joke; a set text's events,
and a pupil's own story, are not a concern about anyone in the pupil's life.

- A joke taken back ("lol jk... unless", "not even joking tbh") softens nothing in the message.
- Words disguised to get past a filter ("w4nt 2 d!e lol") are not a figure of speech.
- A lone "2" after "want", "going" or "need" reads as "to" ("want 2 die"), not a number.
- Holding a pupil's hand to something hot, or burning them with a lighter, escalates.
- A disclosure rule's match in a sentence naming a set text's characters, or a pupil's writing
  task ("i want my character to run away"), is dropped when nothing in the message speaks of the
  pupil or someone in their life.
"""

from __future__ import annotations

import pytest

from safeguarding.screening.local import screen_local
from safeguarding.screening.normalise import disguised, normalise

from .screen_checks import disclosure_test, rules_allow_test

test_a_taken_back_joke_or_a_disguised_word_escalates = disclosure_test(
    [
        ("i wanna kms haha jk... unless?? anyway simultaneous equations", "self_harm"),
        ("gonna end it all lol. not even joking this time", "self_harm"),
        ("k1ll mys3lf lol whatever. can we do ratio", "self_harm"),
        ("i want 2 d1e lmao. help with the poem pls", "self_harm"),
        ("im going 2 run away from home tonight, cant stay here", "neglect"),
        ("my stepdad held my hand on the hob cos i burnt the tea", "physical_abuse"),
        ("the year 11s burn kids with a lighter behind the sports hall", "physical_abuse"),
    ]
)


def test_the_same_laugh_still_softens_when_the_pupil_stands_by_the_joke():
    result = screen_local("i wanna kms haha, this revision timetable is a joke", direction="pupil")
    assert result.action == "hold", result.reasons
    assert "read as hyperbole" in result.reasons[0]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("i want 2 die", "i want to die"),
        ("i got 2 wrong on the quiz", "i got 2 wrong on the quiz"),
        ("we need 2 more marks", "we need 2 more marks"),
        ("solve 2x + 2 = 10", "solve 2x 2 10"),
    ],
)
def test_a_lone_two_reads_as_to_only_before_an_infinitive(text, folded):
    assert normalise(text).folded == folded


SET_TEXT_EVENTS = [
    "why does Mr Birling throw Eva out and leave her with nowhere to live, is that a theme",
    "does scrooge want the poor to die, how would a victorian reader take that line",
    "did lady macbeth kill herself or is it left open, which reading is stronger",
    "is it abuse when capulet threatens to throw juliet out, how do i phrase that",
]

WRITING_TASKS = [
    "creative writing: i want my character to run away from home in the snow, how do i start",
    "for my descriptive writing im doing a boy who gets bullied on the bus, help me open it",
]


test_a_set_texts_events_or_a_pupils_story_is_not_a_concern = rules_allow_test(
    SET_TEXT_EVENTS + WRITING_TASKS
)


test_a_disclosure_beside_a_set_text_still_escalates = disclosure_test(
    [
        ("eva ends up with nowhere to live and so will i, mum says im out on friday", "neglect"),
        (
            "is it abuse when capulet threatens juliet? my dad hits me like that every night",
            "physical_abuse",
        ),
        ("macbeth wants to die. same. i want to kill myself tbh", "self_harm"),
    ]
)


# A hurt put down to sport with nobody named, or to a young sibling at play, is not a concern;
# an adult named as the cause still is.
PLAY_AND_SPORT = [
    "my shins are covered in bruises from hockey training, does arnica actually work",
    "got a black eye from sparring at kickboxing, looks worse than it is",
    "my baby sister keeps whacking me with her teddy while i revise",
    "little brother ambushed me with his nerf gun again, revenge is coming",
]


test_a_hurt_from_sport_or_a_young_sibling_at_play_is_not_a_concern = rules_allow_test(
    PLAY_AND_SPORT
)


test_a_hurt_with_an_adult_named_still_escalates = disclosure_test(
    [
        (
            "my stepdad hits me after football if we lose, my legs are covered in bruises",
            "physical_abuse",
        ),
        ("my big brother keeps hitting me with his belt when mum is out", "physical_abuse"),
    ]
)

# A harm the pupil names, often from a lesson, then claims as their own life.
test_a_harm_claimed_as_the_pupils_own_escalates = disclosure_test(
    [
        (
            "whats gaslighting? my form tutor explained it and honestly that sounds like my dad",
            "domestic_abuse",
        ),
        ("we learned about young carers today, i think thats literally me", "neglect"),
        ("pshe was on grooming and its kind of what my online friend is doing to me", "grooming"),
    ]
)

test_county_lines_slang_and_an_unexplained_injury_are_seen = disclosure_test(
    [
        ("got put on a line by the olders and the phone rings all night", "criminal_exploitation"),
        ("goin ots again this weekend so i wont be in monday", "criminal_exploitation"),
    ]
)


def test_an_injury_with_no_cause_given_is_held_for_a_teacher():
    result = screen_local(
        "sorry for the late homework, my lip was all split and swollen", direction="pupil"
    )
    assert result.action != "allow", result.reasons
    assert "physical_abuse" in result.categories


def test_an_injury_from_sport_is_not_held():
    result = screen_local(
        "my lip was all swollen after rugby training, anyway ratios", direction="pupil"
    )
    assert result.action == "allow", result.reasons


def test_a_family_trip_to_someone_elses_wedding_is_not_a_concern():
    text = (
        "mum is taking me to bangladesh in july for my cousins wedding, so excited. can we do ratio"
    )
    assert screen_local(text, direction="pupil").action == "allow"


test_a_trip_for_the_pupils_own_wedding_still_escalates = disclosure_test(
    [
        (
            "they are taking me to bangladesh in july for a wedding and i think its mine",
            "fgm_forced_marriage",
        )
    ]
)


test_a_lesson_talk_or_poster_on_a_harm_is_not_a_concern = rules_allow_test(
    [
        "we had a talk on knife crime from the police, i have to make a poster about staying safe",
        "anti-bullying week is next week and our form is designing a display",
        "debate next week on whether self harm posts should be banned, which side is easier",
        "as a peer mentor how do i help a year 7 who is self harming",
        "how does heroin slow your breathing? its in our biology drugs topic",
    ]
)


test_everyday_exaggeration_is_not_a_concern = rules_allow_test(
    [
        "these surds have been beating me up all evening",
        "my brain is literally melting after that chemistry paper",
        "i could smash my stupid chromebook, it froze again mid quiz",
        "sir is gonna kill me, i forgot my pe kit again",
        "im going to strangle her, she ate my last cookies and left the packet",
        "my sister keeps hogging the bathroom, i swear ill murder her",
        "my brother is going to strangle me, i sat on his headphones and snapped them",
    ]
)


test_a_threat_to_a_sibling_with_a_weapon_still_escalates = disclosure_test(
    [
        (
            "my brother keeps taking my stuff so im going to kill him with the kitchen knife",
            "weapons_harm_others",
        )
    ]
)


test_laughter_over_a_repeated_harm_is_masking = disclosure_test(
    [
        (
            "lmao got dragged by my hair again by my stepdad, cant brush it now. anyway circles",
            "physical_abuse",
        ),
        (
            "haha the wire came out again when i talked back 💀 cant sit properly. whats an adverb",
            "physical_abuse",
        ),
        (
            "lol my arms are a state again, long sleeves in june 🙃 anyway help with surds",
            "self_harm",
        ),
    ]
)

test_laughter_over_disguised_words_does_not_soften = disclosure_test(
    [("sh0wing my c.u.t.s to nobody lol, anyway whats a surd", "self_harm")]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("s3lf h4rm again lol", True),
        ("c.u.t.s everywhere", True),
        ("k n 1 f e in my bag", True),
        ("Q1 was hard, b4 lunch i did x = 1 2 3", False),
        ("my friend José said lol", False),
    ],
)
def test_a_message_disguised_to_get_past_a_filter_is_told_apart(text, expected):
    assert disguised(text, whole_message=True) is expected


test_identifying_with_a_death_or_a_crisis_now_escalates = disclosure_test(
    [
        (
            "where does juliet kill herself in the play. i get why she did it honestly. same tbh",
            "self_harm",
        ),
        ("im sat in the toilets shaking and i cant go back in to maths", "mental_health_crisis"),
        (
            "am i having a panic attack? i cant breathe and im hiding in the library",
            "mental_health_crisis",
        ),
    ]
)


test_surveys_exam_papers_sport_times_and_a_teachers_task_are_not_concerns = rules_allow_test(
    [
        "in a survey of 150 year 10s, 45 said theyd been bullied online. what fraction is that",
        "explain holy war and just war for paper 2 please",
        "my running coach wants me to cut my 5k time by 10%, its 25 minutes now",
        "our english teacher said we have to write about eric forcing his way into evas room",
    ]
)


test_an_adult_kissing_a_pupil_or_hidden_injuries_at_home_escalate = disclosure_test(
    [
        (
            "my piano teacher kissed my cheek when mum left the room and said not to make a fuss",
            "grooming",
        ),
        ("my uncle kissed me on the mouth at the party and wont stop messaging me", "sexual_abuse"),
        (
            "mum puts concealer on every time dad kicks off, this morning she wore a scarf indoors",
            "domestic_abuse",
        ),
        (
            "my stepmum leaves me with my baby brother all weekend and doesnt answer her phone",
            "neglect",
        ),
    ]
)

test_a_first_kiss_or_an_ordinary_babysitting_job_is_not_a_concern = rules_allow_test(
    [
        "my girlfriend kissed me for the first time at the cinema, how do i describe it",
        "is 15 old enough to babysit? our neighbour asked me for saturday afternoon",
        "our form tutor said hell kill us if we are late again lol",
    ]
)
