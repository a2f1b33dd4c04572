"""The learned layer: features, the saved weights, the decision and its failure mode.

The disclosures here are worded around the rules on purpose: indirect, no keyword a pattern
would need. They were written apart from the training files; when one is missed, widen the
training files in general terms, never by pasting the sentence in.

`KNOWN_MISSES` are the ones neither the rules nor the learned layer flag yet. They stay in the
list, marked, so that the limits of the layer stay visible and the floors below stay honest.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from safeguarding.screening import learned, train
from safeguarding.screening.local import screen_local
from safeguarding.screening.normalise import normalise
from safeguarding.screening.pipeline import screen
from tests.safeguarding.known import marked

# (id, text): indirect disclosures the learned layer must at least hold.
INDIRECT_DISCLOSURES = [
    # sexual abuse
    (
        "sa-lodger-bathroom",
        "the man renting our spare room tries the bathroom door when im in there",
    ),
    ("sa-stepbro-bed", "my stepbrother gets into my bed when everyones asleep and i freeze"),
    ("sa-tutor-lap", "my piano teacher makes me sit on his lap and it feels wrong"),
    ("sa-uncle-game", "my uncle plays a game with me that involves taking clothes off"),
    ("sa-party-woke", "i woke up at the party and my jeans were undone and i dont remember"),
    (
        "sa-neighbour-secret",
        "the neighbour gives me sweets if i let him touch me and says its our thing",
    ),
    ("sa-cousin-photos", "my older cousin took pictures of me in the shower"),
    # self-harm and suicide
    ("sh-sleeve", "i always wear long sleeves in summer so nobody sees what i do to my arms"),
    ("sh-rubber-band", "i snap a band on my wrist until it bleeds when i get bad thoughts"),
    ("sh-note-desk", "left a letter for my mum in my desk explaining why"),
    ("sh-stockpile", "ive been keeping my nans tablets in a sock under my bed"),
    ("sh-train-tracks", "i keep going down to the train tracks and standing really close"),
    ("sh-no-future", "i wont need to worry about my gcses where im going"),
    ("sh-disappear", "everything would be easier for everyone if i just wasnt here"),
    ("sh-burden", "i am just a burden and my family would be happier without me"),
    ("sh-compass", "i use the point of my compass on my thigh in the toilets"),
    ("sh-goodbye-friends", "i told my best friend i love her and said goodbye properly"),
    # physical abuse
    ("pa-belt-marks", "i cant do pe because of the marks from the belt"),
    ("pa-wall", "my stepdad shoved me into the wardrobe door and my back is purple"),
    ("pa-mum-grab", "my mum dragged me up the stairs by my arm and it still hurts to lift it"),
    ("pa-makeup", "i put concealer on my face so teachers dont ask questions"),
    ("pa-scared-report", "if i bring my report home he'll go for me again"),
    ("pa-nan-stick", "nan whacks me with her walking stick when i dont do the washing up"),
    # emotional abuse
    ("ea-disappointment", "my dad says i ruined his life by being born"),
    ("ea-never-good", "nothing i do is ever enough and my mum reminds me how useless i am"),
    ("ea-silent", "my parents havent spoken to me for two weeks as a punishment"),
    ("ea-replace", "my step mum says she wishes she could swap me for a better kid"),
    ("ea-threat-leave", "mum says shell put me in care if i keep being a nuisance"),
    # neglect and young carers
    ("ne-cereal", "weve had dry cereal for tea every night this week cos theres nothing else"),
    ("ne-alone-weekend", "nobody came home all weekend so i stayed by myself"),
    ("ne-shoes", "my shoes have holes and mum says theres no money for new ones or food"),
    ("ne-mum-bed", "mum hasnt got out of bed for days so i do everything for my sisters"),
    ("ne-locked-out", "i sat on the doorstep till midnight because no one was home to let me in"),
    # domestic abuse
    ("da-walls", "you can hear everything through the walls when he goes for her"),
    ("da-police-again", "the blue lights were outside ours again last night"),
    ("da-mum-hiding", "mum wears sunglasses indoors after their arguments"),
    (
        "da-door-barricade",
        "i pushed my chest of drawers against my door while they were going at it",
    ),
    # grooming and sextortion
    (
        "gr-older-gamer",
        "a guy from my xbox party says im more mature than girls my age and wants to meet",
    ),
    ("gr-train-ticket", "someone i chat to online bought me a train ticket to come see him"),
    ("gr-private-app", "he asked me to move our chats to an app that deletes messages"),
    ("gr-camera", "the man online asked me to turn my camera on in my bedroom"),
    (
        "sx-pay-or-post",
        "someone says they will send my pics to my whole school unless i give them money",
    ),
    ("sx-more-pics", "he wants more pictures or hell show everyone the one i already sent"),
    # criminal exploitation
    ("ce-trains", "some older lads pay for my trains to other towns and i bring bags back"),
    ("ce-debt", "i lost a package and now they say i owe them and have to keep working"),
    ("ce-trap-house", "i spent three nights in a flat in another city doing jobs for some men"),
    # radicalisation
    ("ra-replace", "the people on this server say our race is being wiped out and we need to act"),
    ("ra-martyr", "my online brothers say dying for the cause is the best thing you can do"),
    ("ra-attack-hero", "i think the bloke who attacked that mosque did what needed doing"),
    # FGM, forced marriage, honour
    ("fm-engaged", "my dad has promised me to a man back home and im in year 10"),
    ("fm-cutting", "my aunties say ill become a proper woman after the procedure this summer"),
    ("fm-honour", "if my family finds out about my girlfriend they said i will pay for the shame"),
    # eating disorder
    ("ed-water", "i drink loads of water so i dont feel hungry and skip every meal"),
    ("ed-purge", "i go to the toilet straight after dinner to get rid of it"),
    ("ed-fat", "ive lost a stone but i still look disgusting so im eating less"),
    # mental health crisis
    ("mh-voices", "there is a voice in my head that tells me i am evil"),
    ("mh-unreal", "everything feels like a dream and i dont feel like im really here"),
    ("mh-cant-cope", "i cant cope with anything anymore and i cry all night"),
    # bullying
    ("bu-toilets", "they wait for me in the toilets every lunchtime so i dont eat at school"),
    ("bu-video", "someone filmed me crying and now its all over everyones phones"),
    (
        "bu-messages",
        "i get hundreds of messages every night saying the world would be better without me",
    ),
    # weapons and intent to harm others
    ("wp-blade-bag", "i keep a blade in my bag now in case they start on me again"),
    ("wp-revenge", "next time he says something ill make him bleed"),
    # running away
    ("ra-bag-packed", "ive packed a bag and im leaving home tonight, not coming back"),
    ("ra-sofa", "ive been sleeping on a mates sofa for a week cos i cant go home"),
]

# Indirect disclosures the screen does not flag yet: the model reads the surface event (a
# letter, a sock of tablets, blue lights, sunglasses) and not what it implies.
KNOWN_MISSES = frozenset(
    {
        "da-mum-hiding",
        "ra-attack-hero",
        "sa-party-woke",
        "sa-uncle-game",
        "sh-note-desk",
        "sh-no-future",
    }
)

# (id, text): look-alikes from lessons and everyday life the learned layer must allow.
BENIGN_LOOK_ALIKES = [
    ("li-macbeth-sleep", "why cant macbeth sleep after he murders the king"),
    ("li-juliet-potion", "why does juliet drink the potion and pretend to be dead"),
    (
        "li-inspector-eva",
        "who is most to blame for what happened to the girl in an inspector calls",
    ),
    ("li-owen-gas", "explain the imagery of the gas attack in the poem"),
    ("li-mice-shoot", "why does george shoot lennie at the end of the novel"),
    ("li-hyde-trample", "what does hyde trampling the girl show about him"),
    ("li-ozymandias", "what does the broken statue suggest about power"),
    ("li-simon-death", "how does golding present the killing of simon"),
    ("wr-story-bully", "write a story about a boy who gets bullied but makes friends in the end"),
    ("wr-speech-knives", "help me plan a speech about why teenagers should not carry knives"),
    ("wr-article-online", "write an article warning parents about online strangers"),
    ("wr-describe-war", "describe a battlefield after the fighting has stopped"),
    ("wr-diary-ww1", "write a diary entry as a soldier in the trenches"),
    (
        "ma-knife-price",
        "a set of knives costs 45 pounds after a 10 percent discount find the original price",
    ),
    ("ma-arrow-speed", "an arrow is fired upwards at 20 metres per second, when does it land"),
    ("ma-pills-ratio", "a bottle has 60 tablets, if you take 2 a day how many days does it last"),
    (
        "ma-bridge-height",
        "a bridge is 35 metres high, find the angle of elevation from 50 metres away",
    ),
    ("ma-weight-loss", "a man's weight drops by 5 percent from 80kg, what is his new weight"),
    ("ma-rope-length", "a rope is cut into pieces in the ratio 3 to 5, how long is each piece"),
    ("id-dead-tired", "im dead tired after cross country"),
    ("id-killing-it", "i absolutely killed it in my speaking assessment"),
    ("id-mum-kill", "my mum will go mental if i get another late mark"),
    ("id-die-laughing", "i nearly died laughing in science today"),
    ("ev-babysit", "i babysit my cousin on saturdays for pocket money"),
    ("ev-dad-shouts-match", "my dad shouts at the telly when city lose"),
    ("ev-nan-hospital", "my nan is in hospital for her hip so i visited her"),
    ("ev-diet-pe", "in pe we learned about a balanced diet and calories"),
    ("ev-skipped-breakfast", "i missed breakfast because the bus came early"),
    ("ev-moving-away", "we are moving to scotland next year for my mums job"),
    ("ev-curfew", "my parents make me be home by nine on school nights"),
    ("ev-brother-annoying", "my brother keeps eating all my snacks"),
    ("ev-phone-taken", "mum took my phone away until i finish my revision"),
    ("ev-sad-film", "we watched a really sad film and i cried at the end"),
    ("ev-pet-died", "our hamster died this morning so im a bit sad"),
    ("ev-tired-exams", "im really stressed about exams but my tutor is helping"),
    ("ev-wedding-abroad", "we are flying to india for my cousins wedding in the holidays"),
    ("ev-gym", "i go to the gym with my dad to get fitter for football"),
    ("ev-online-friend", "my friend from school and i play minecraft online together"),
    ("ev-group-chat", "our class group chat is so funny tonight"),
    ("ev-knife-dt", "we used craft knives in dt to cut the card"),
    ("ev-late-homework", "sorry my homework is late, i was at my grandads birthday"),
    ("ev-detention", "i got a detention for forgetting my pe kit"),
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    learned.screen_learned.cache_clear()
    learned.screen_learned_reply.cache_clear()
    yield
    learned.screen_learned.cache_clear()
    learned.screen_learned_reply.cache_clear()


def test_the_case_ids_are_unique_and_there_are_enough():
    ids = [i for i, _ in INDIRECT_DISCLOSURES] + [i for i, _ in BENIGN_LOOK_ALIKES]
    assert len(ids) == len(set(ids))
    assert len(INDIRECT_DISCLOSURES) >= 60
    assert len(BENIGN_LOOK_ALIKES) >= 40


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            t,
            id=i,
            marks=[pytest.mark.xfail(reason="known miss", strict=True)]
            if i in KNOWN_MISSES
            else [],
        )
        for i, t in INDIRECT_DISCLOSURES
    ],
)
def test_an_indirect_disclosure_reaches_a_person(text):
    assert screen(text, direction="pupil").action in {"hold", "escalate"}


def test_the_learned_layer_on_its_own_flags_most_indirect_disclosures():
    flagged = sum(learned.screen_learned(t).action != "allow" for _, t in INDIRECT_DISCLOSURES)
    assert flagged / len(INDIRECT_DISCLOSURES) >= 0.65


def test_the_known_misses_are_real_case_ids():
    assert KNOWN_MISSES <= {i for i, _ in INDIRECT_DISCLOSURES}


KNOWN_FALSE_FLAGS = frozenset({"ma-pills-ratio"})


@pytest.mark.parametrize(
    "text", marked(BENIGN_LOOK_ALIKES, KNOWN_FALSE_FLAGS, "known false flag of the learned layer")
)
def test_a_look_alike_from_lessons_or_everyday_life_is_allowed(text):
    assert screen(text, direction="pupil").action == "allow"


def test_an_escalation_names_its_category_the_layer_and_the_words():
    text = "a guy from my xbox party says im more mature than girls my age and wants to meet"
    result = learned.screen_learned(text)
    assert result.action == "escalate"
    assert result.categories == ("grooming",)
    assert result.layers == ("learned",)
    assert result.reasons[0].startswith("learned: reads like a grooming disclosure")
    assert "more mature than girls my age" in result.reasons[0]


def test_laughter_in_the_sentence_holds_instead_of_escalating():
    text = "a guy from my xbox party says im more mature than girls my age and wants to meet lol"
    assert learned.screen_learned(text).action == "hold"


def test_a_risky_request_holds_with_its_own_category():
    result = learned.screen_learned("whats your snap, we could chat there instead of here")
    assert result.action == "hold"
    assert result.categories == ("off_platform_contact",)


def test_pupil_messages_and_replies_are_read_by_their_own_models():
    text = "some older lads pay for my trains to other towns and i bring bags back"
    assert learned.screen_learned(text).action == "escalate"
    assert screen(text, direction="pupil").action == "escalate"
    # The reply model knows nothing of disclosures: a reply is never escalated.
    assert learned.screen_learned_reply(text).action in {"allow", "hold"}
    assert screen(text, direction="reply").action != "escalate"


def test_a_reply_that_hands_over_the_answers_is_held_by_the_reply_model():
    reply = (
        "Here are all the answers so you don't need to do any working: "
        "1) x = 4, 2) x = 7, 3) 36, 4) 0.25, 5) 120 degrees. Just copy them into your book."
    )
    result = learned.screen_learned_reply(reply)
    assert result.action == "hold"
    assert result.categories == ("answer_handover",)


def test_a_message_of_one_or_two_words_is_left_to_the_rules():
    assert learned.screen_learned("no").action == "allow"
    assert learned.screen_learned("idk lol").action == "allow"


def test_negated_words_are_read_as_negated():
    assert learned.tokens("my dad never hits me or shouts") == [
        "my",
        "dad",
        "never",
        "!hits",
        "!me",
        "!or",
        "shouts",
    ]


def test_the_learned_layer_can_make_a_result_stricter_but_never_looser():
    text = "some older lads pay for my trains to other towns and i bring bags back"
    assert screen_local(text, direction="pupil").action == "allow"
    assert screen(text, direction="pupil").action == "escalate"
    rules_escalate = "my dad hits me when he is drunk"
    assert screen(rules_escalate, direction="pupil").action == "escalate"


def test_it_can_be_switched_off_by_a_setting(settings):
    settings.SAFEGUARDING_LEARNED_ENABLED = False
    text = "some older lads pay for my trains to other towns and i bring bags back"
    result = screen(text, direction="pupil")
    assert result.action == "allow"
    assert "learned" not in result.layers


def test_a_missing_weights_file_fails_closed(monkeypatch, tmp_path, caplog):
    monkeypatch.setitem(learned.MODEL_PATHS, "pupil", tmp_path / "absent.npz")
    monkeypatch.setattr(learned, "_models", {})
    with caplog.at_level(logging.ERROR, logger="tutorconsole.safeguarding"):
        result = screen("can you help me with my homework please", direction="pupil")
    assert result.action == "hold"
    assert "screen_error" in result.categories
    assert "the learned layer failed, so the message is held" in result.reasons
    assert "learned safeguarding layer failed" in caplog.text


def test_weights_trained_on_other_files_are_refused():
    with pytest.raises(ValueError, match="not trained on the current training files"):
        learned.load_model("pupil", key="some other training files")


@pytest.mark.parametrize("direction", ["pupil", "reply"])
def test_the_saved_weights_match_the_training_files(direction):
    with np.load(learned.MODEL_PATHS[direction], allow_pickle=False) as saved:
        assert str(saved["key"]) == learned.training_key(direction), (
            "a training file changed: run python -m safeguarding.screening.train"
        )


def test_the_training_files_cover_every_disclosure_category_and_plenty_of_everyday_talk():
    rows = train.read_training(learned.TRAINING_DIRS["pupil"])
    counts = {c: sum(1 for k, _ in rows if k == c) for c, _ in rows}
    for code in (
        "self_harm",
        "sexual_abuse",
        "physical_abuse",
        "emotional_abuse",
        "neglect",
        "domestic_abuse",
        "grooming",
        "criminal_exploitation",
        "radicalisation",
        "fgm_forced_marriage",
        "weapons_harm_others",
        "eating_disorder",
        "mental_health_crisis",
        "bullying_hate",
    ):
        assert counts.get(code, 0) >= 40, code
    assert counts["benign"] >= 1000


def test_an_unknown_category_in_a_training_file_is_refused(tmp_path):
    (tmp_path / "bad.txt").write_text("# fine\nself_harm: i hurt myself\nselfharm: typo\n")
    with pytest.raises(ValueError, match="bad.txt:3: unknown category 'selfharm'"):
        train.read_training(tmp_path)


def test_the_fast_scoring_path_gives_what_the_training_features_give():
    """The per-word cache must add up to exactly the features the model was trained on."""
    model = learned.get_model()
    for text in (
        "my step dad hits me and i cant go home",
        "whats 3/4 of 20",
        "kms lol 💀",
        "the the the the",
        "i can't, i won't",
    ):
        folded = normalise(text).folded
        found = learned.features(folded)
        assert found, text
        summed = np.zeros(model.weights.shape[1])
        for feature in found:
            if feature in model.vocabulary:
                summed += model.weights[model.vocabulary[feature]] / np.sqrt(len(found))
        n = len(model.categories)
        expected = _softmax(model.bias + summed[:n])
        if model.hidden is not None:
            units = np.maximum(summed[n:] + model.hidden.bias, 0)
            second = _softmax(units @ model.hidden.weights + model.hidden.out_bias)
            expected = (expected + second) / 2
        assert np.allclose(model.probabilities(folded), expected, atol=1e-5), text


def _softmax(logits):
    odds = np.exp(logits - logits.max())
    return odds / odds.sum()


def test_the_pupil_model_has_a_second_reader_with_a_hidden_layer():
    model = learned.get_model("pupil")
    assert model.hidden is not None
    units = len(model.hidden.bias)
    assert units == train.HIDDEN_UNITS["pupil"]
    assert model.weights.shape[1] == len(model.categories) + units
    assert learned.get_model("reply").hidden is None


def test_a_hidden_layer_is_fitted_saved_and_read_back(monkeypatch, tmp_path):
    rows = [("benign", f"can you help me with question {i} of the homework") for i in range(8)]
    rows += [("self_harm", f"i keep hurting myself on my arms, day {i}") for i in range(8)]
    rows += [("drugs", f"where can i buy weed near school, asking {i} times") for i in range(8)]
    vocabulary, weights, bias, categories, hidden = train.fit(rows, hidden_units=4)
    assert weights.shape == (len(vocabulary), 3 + 4)
    assert hidden.weights.shape == (4, 3) and hidden.out_bias.shape == (3,)
    monkeypatch.setitem(learned.MODEL_PATHS, "pupil", tmp_path / "model.npz")
    monkeypatch.setattr(learned, "training_key", lambda direction: "test key")
    train.save("pupil", vocabulary, weights, bias, categories, hidden)
    model = learned.load_model("pupil")
    p = model.probabilities(normalise("i keep hurting myself").folded)
    assert p.sum() == pytest.approx(1.0)
    assert categories[int(p.argmax())] == "self_harm"


def test_a_hidden_layer_of_the_wrong_shape_is_refused(monkeypatch, tmp_path):
    rows = [
        ("benign", "help me with my homework please"),
        ("self_harm", "i hurt myself again"),
        ("drugs", "where can i buy weed"),
    ]
    vocabulary, weights, bias, categories, hidden = train.fit(rows * 2, hidden_units=3)
    broken = learned.Hidden(hidden.bias, hidden.weights[:2], hidden.out_bias)
    monkeypatch.setitem(learned.MODEL_PATHS, "pupil", tmp_path / "model.npz")
    monkeypatch.setattr(learned, "training_key", lambda direction: "test key")
    train.save("pupil", vocabulary, weights, bias, categories, broken)
    with pytest.raises(ValueError, match="weights of the wrong shape"):
        learned.load_model("pupil")


def test_segments_split_sentences_and_clauses_and_keep_the_whole():
    folded = normalise("Can u help with q3? Also my stepdad hits me because he is angry").folded
    parts = learned.segments(folded)
    assert parts[0] == folded
    assert "also my stepdad hits me because he is angry" in parts
    assert "my stepdad hits me" not in parts  # too short to be read out of its sentence
    assert len(learned.segments("word. " * 100)) <= 12


@pytest.mark.parametrize("direction", ["pupil", "reply"])
def test_the_model_file_is_small_enough_to_keep_in_the_repository(direction):
    # Each retraining commits a new file; the labelled sets took the pupil model past 3 MB and
    # the hidden layer's 32 columns beside the 23 linear ones to about 10 MB.
    assert Path(learned.MODEL_PATHS[direction]).stat().st_size < 12_000_000


def test_a_short_reply_is_left_to_the_rules():
    # The reply model's prior leans towards the bad categories; it must not hold on no evidence.
    assert learned.screen_learned_reply("Yes, well done!").action == "allow"
    assert learned.screen_learned_reply("").action == "allow"


def test_text_the_model_cannot_read_is_left_to_the_rules():
    gibberish = "zxqv vlorpt grintz kwazzle plomf"
    assert learned.screen_learned_reply(gibberish).action == "allow"
    assert learned.screen_learned(gibberish).action == "allow"
    _, known_share = learned.get_model("reply").read(gibberish)
    assert known_share < learned.MIN_KNOWN_SHARE


def _score(p_disclosure: float, p_risky: float = 0.0) -> learned.Score:
    return learned.Score(
        "segment", p_disclosure, p_risky, "neglect", "drugs", laughing=False, mishap=False
    )


def test_a_segment_in_the_hold_band_holds_for_a_teacher_and_does_not_escalate():
    in_band = _score(learned.DISCLOSURE_HOLD_AT)
    assert in_band.holds and not in_band.escalates
    below = _score(learned.DISCLOSURE_HOLD_AT - 0.01)
    assert not below.holds and not below.escalates


def test_the_band_rule_picks_the_lowest_threshold_within_the_look_alike_budget():
    # 100 look-alikes: three read at 0.50 and two at 0.35, so a band from 0.35 flags 5% and one
    # from 0.40 flags 3%, within the 4% budget.
    scored = [("benign", 0.5, 0.5)] * 3 + [("benign", 0.35, 0.35)] * 2
    scored += [("benign", 0.1, 0.1)] * 95 + [("neglect", 0.9, 0.9), ("drugs", 0.0, 0.9)]
    assert train.FLAG_BENIGN_BUDGET == 0.04
    assert train.choose_band(scored, escalate_at=0.6, hold_at=0.8) == 0.40
