"""Draft a maths reply: check the pupil's working, or guide the next step."""

from __future__ import annotations

from tutoring import curriculum
from tutoring.providers.base import TutorRequest
from tutoring.providers.offline.adapt import Steer
from tutoring.providers.offline.conversation import (
    GREETING,
    STUCK_LINE,
    asks_for_answer,
    greeting,
    not_understood,
    says_stuck,
    session_topic,
)
from tutoring.providers.offline.draft import (
    CHECKED,
    GUIDED,
    MAX_MESSAGE,
    SESSION_TOPIC,
    TOPIC_MATCHED,
    UNCHECKABLE,
    Draft,
    Line,
)
from tutoring.providers.offline.maths_find import (
    continues,
    find_problem,
    history_problem,
    unsupported_maths,
    wrong_answers,
)
from tutoring.providers.offline.maths_parse import LITERAL, maths_lines, normalise

_REVEAL_REASON = Line(
    "I won't give you the final answer, because working it out is how it sticks, and your "
    "teacher wants to see your method.",
    "I won't give the answer. Let's do one step.",
)


_SHORT_REPLY_WORDS = 6


def maths_draft(request: TutorRequest, steer: Steer) -> Draft:
    draft = Draft()
    message = request.message[:MAX_MESSAGE]
    wants_answer = request.reveal_requests > 0 or asks_for_answer(message)
    stuck = says_stuck(message)
    found = find_problem(message)
    previous = history_problem(request.history)
    if found is not None and previous is not None and continues(previous[0], found[0], message):
        found = None
    asked_at = len(request.history)
    if found is not None:
        problem, lines = found
    else:
        # Carry on with the earlier question only when the message can be about it: working,
        # being stuck, asking for the answer, or a short reply such as "ok, then what?".
        # Anything else is a new subject the tutor may not understand, so it says so honestly.
        relates = bool(maths_lines(normalise(message))) or stuck or wants_answer
        relates = relates or len(message.split()) <= _SHORT_REPLY_WORDS
        if previous is None or not relates:
            return _no_problem(request, draft, wants_answer=wants_answer, stuck=stuck)
        problem, asked_at = previous
        lines = maths_lines(normalise(message))
    session = session_topic(request)
    draft.topics = [problem.topic_code]
    if session is not None and session.code != problem.topic_code:
        draft.topics.append(session.code)
    draft.gloss_topic = problem.topic_code

    checked = problem.check(normalise(message), lines)
    earlier_wrong = wrong_answers(problem, request.history, asked_at) if found is None else 0
    wrong_total = earlier_wrong + (1 if checked is not None and checked.verdict == "wrong" else 0)
    draft.stuck = stuck or wrong_total >= 2 or request.reveal_requests >= 2
    if steer.gentler:
        draft.say(
            "Mistakes are a normal part of learning maths: each one shows what to practise.",
            "Mistakes help us learn.",
        )
    if steer.example:
        draft.add(problem.example())

    if checked is None:
        draft.confidence = GUIDED
        if wants_answer:
            draft.add([_REVEAL_REASON])
            escalate = request.reveal_requests >= 2 or steer.more_help
            draft.add(problem.first_step() if escalate else problem.hint())
        elif stuck or steer.more_help:
            draft.add([STUCK_LINE])
            draft.add(problem.first_step() if earlier_wrong >= 1 else problem.hint())
        else:
            draft.add(problem.opener())
    else:
        draft.confidence = CHECKED
        if checked.verdict == "wrong" and wrong_total >= 2:
            draft.add(checked.lines[:2])
            draft.say(
                "This one is tricky, so let's do the first step together.",
                "Let's do step 1 together.",
            )
            draft.add(problem.first_step())
        else:
            draft.add(checked.lines)
    return draft


def _no_problem(request: TutorRequest, draft: Draft, *, wants_answer: bool, stuck: bool) -> Draft:
    message = request.message[:MAX_MESSAGE]
    matched = curriculum.match_topics(message, "maths")
    session = session_topic(request)
    chosen = curriculum.topic(matched[0]) if matched else None
    if chosen is None and (stuck or wants_answer) and session is not None:
        chosen = session
    if chosen is None:
        if GREETING.match(message.lower()) and len(message.split()) <= 6:
            return greeting(request, draft)
        if LITERAL.fullmatch(message.strip()) or maths_lines(normalise(message)):
            draft.confidence = UNCHECKABLE
            draft.needs_teacher = True
            draft.say(
                "I can see some maths, but I can't tell which question it belongs to, or I "
                "can't check this kind of question.",
                "I can't tell which question this is for.",
            )
            draft.ask(
                "Could you type the whole question, exactly as it is written?",
                "Can you type the whole question?",
            )
            return draft
        return not_understood(request, draft)
    draft.topics = [chosen.code]
    draft.gloss_topic = chosen.code
    draft.stuck = stuck
    turn = sum(1 for t in request.history if t.role == "tutor")
    draft.confidence = TOPIC_MATCHED if matched else SESSION_TOPIC
    if unsupported_maths(message):
        draft.confidence = UNCHECKABLE
        draft.needs_teacher = True
        draft.say(
            f"This looks like {chosen.title.lower()}. I can't check this one automatically, so "
            "your teacher will look at it too.",
            "Your teacher will check this one too.",
        )
    elif wants_answer:
        draft.add([_REVEAL_REASON])
    elif stuck:
        draft.add([STUCK_LINE])
    else:
        draft.say(f"Let's look at {chosen.title.lower()}.", "")
    hint = chosen.hints[turn % len(chosen.hints)]
    if stuck or wants_answer:
        draft.say(hint, hint)
        draft.ask(
            "Can you type the question you are working on?",
            "What is the question?",
        )
    else:
        draft.ask(chosen.openers[turn % len(chosen.openers)])
        draft.aside(f"Hint: {hint}")
    return draft
