"""The curriculum store loads every GCSE topic with the fields the tutor relies on."""

from __future__ import annotations

import re

import pytest

from tutoring import curriculum

ALL_TOPICS = curriculum.topics()


def test_it_holds_both_subjects() -> None:
    assert curriculum.subjects() == ["maths", "english"]


def test_it_covers_a_full_gcse_course_in_each_subject() -> None:
    assert len(curriculum.topics("maths")) >= 30
    assert len(curriculum.topics("english")) >= 20


def test_it_covers_every_maths_strand() -> None:
    strands = {t.strand for t in curriculum.topics("maths")}

    assert strands == {
        "number",
        "algebra",
        "ratio-proportion-rates-of-change",
        "geometry-and-measures",
        "probability",
        "statistics",
    }


@pytest.mark.parametrize(
    "code",
    [
        "english.literature.macbeth",
        "english.literature.romeo-and-juliet",
        "english.literature.an-inspector-calls",
        "english.literature.a-christmas-carol",
        "english.literature.jekyll-and-hyde",
        "english.literature.power-and-conflict",
        "english.literature.love-and-relationships",
        "english.literature.unseen-poetry",
        "english.language.viewpoint-writing",
        "english.language.creative-writing",
        "english.language.spag",
    ],
)
def test_it_includes_the_common_set_texts_and_papers(code: str) -> None:
    assert curriculum.topic(code).subject == "english"


def test_it_notes_that_of_mice_and_men_has_left_most_specifications() -> None:
    assert "no longer" in curriculum.topic("english.literature.of-mice-and-men").note.lower()


@pytest.mark.parametrize("topic", ALL_TOPICS, ids=[t.code for t in ALL_TOPICS])
def test_every_topic_has_the_fields_the_tutor_needs(topic: curriculum.Topic) -> None:
    assert re.fullmatch(r"(maths|english)\.[a-z0-9-]+\.[a-z0-9-]+", topic.code)
    assert topic.code.startswith(f"{topic.subject}.")
    assert topic.strand and topic.title
    assert topic.tier in ("foundation", "higher", "both")
    assert topic.keywords and all(k == k.lower() for k in topic.keywords)
    assert topic.key_terms and all(t.term and t.gloss for t in topic.key_terms)
    assert len(topic.openers) >= 2 and all(o.endswith("?") for o in topic.openers)
    assert topic.hints
    assert topic.misconceptions


def test_topic_codes_are_unique() -> None:
    codes = [t.code for t in ALL_TOPICS]

    assert len(codes) == len(set(codes))


def test_it_looks_up_a_topic_by_code() -> None:
    found = curriculum.topic("maths.algebra.linear-equations")

    assert found.title == "Solving linear equations"
    assert found.subject == "maths"


def test_it_raises_key_error_for_an_unknown_code() -> None:
    with pytest.raises(KeyError):
        curriculum.topic("maths.algebra.no-such-topic")


def test_topics_are_immutable() -> None:
    found = curriculum.topic("maths.ratio.ratio")

    with pytest.raises(AttributeError):
        found.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Can you help me solve this equation?", "maths.algebra.linear-equations"),
        ("Share 60 in the ratio 2:3", "maths.ratio.ratio"),
        ("What is 15% of 80?", "maths.number.percentages"),
        ("How do I find the hypotenuse?", "maths.geometry.pythagoras"),
        ("SOHCAHTOA question", "maths.geometry.trigonometry"),
        ("Find the mean of 3, 5 and 7", "maths.statistics.averages"),
        ("Write 45000 in standard form", "maths.number.standard-form"),
        ("How does Shakespeare present Lady Macbeth?", "english.literature.macbeth"),
        ("What does Priestley say about responsibility?", "english.literature.an-inspector-calls"),
        ("Where do I put an apostrophe?", "english.language.spag"),
    ],
)
def test_match_topics_finds_topics_by_keyword(text: str, code: str) -> None:
    assert code in curriculum.match_topics(text)


def test_match_topics_puts_the_topic_with_most_keyword_hits_first() -> None:
    matched = curriculum.match_topics("Macbeth and Lady Macbeth meet the witches and Banquo")

    assert matched[0] == "english.literature.macbeth"


def test_match_topics_can_be_limited_to_one_subject() -> None:
    text = "solve this equation about Macbeth"

    assert all(c.startswith("maths.") for c in curriculum.match_topics(text, "maths"))
    assert all(c.startswith("english.") for c in curriculum.match_topics(text, "english"))


def test_match_topics_ignores_keywords_inside_other_words() -> None:
    assert "maths.number.indices" not in curriculum.match_topics("the empowered character")


def test_match_topics_returns_nothing_for_an_unrelated_message() -> None:
    assert curriculum.match_topics("what's the weather like tomorrow") == []


def test_the_glossary_translates_core_terms_for_common_home_languages() -> None:
    assert curriculum.home_language_term("equation", "Polish") == "równanie"
    assert curriculum.home_language_term("fraction", "es") == "fracción"
    assert curriculum.home_language_name("bangla") == "Bengali"


def test_the_glossary_returns_none_for_a_language_it_does_not_cover() -> None:
    assert curriculum.home_language_term("equation", "Tigrinya") is None
    assert curriculum.home_language_name("Tigrinya") is None


def test_every_glossary_term_has_every_language() -> None:
    languages = ["polish", "urdu", "romanian", "arabic", "bengali", "portuguese", "spanish"]

    for term in curriculum.glossary_terms():
        assert all(curriculum.home_language_term(term, lang) for lang in languages), term
