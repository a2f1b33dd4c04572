"""Disclosures after the seventeenth and eighteenth evaluation sets, in general wording. None of
their sentences is here."""

from __future__ import annotations

import pytest

from safeguarding.screening.pipeline import screen
from tests.safeguarding.screen_checks import assert_escalates, assert_look_alike_passes


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # Harm told as what someone might tell a teacher: read in the first person.
        ("what would happen if a pupil told their form tutor that their dad hits them",
         "physical_abuse"),
        ("if someone told the school nurse they keep cutting themselves would she ring home",
         "self_harm"),
        ("what happens if a girl tells a teacher her uncle touches her when he babysits",
         "sexual_abuse"),
        ("what happens if you tell a teacher your stepdad hits you, do they call social services",
         "physical_abuse"),
        ("hypothetically if someone told a teacher they dont want to be alive anymore would the "
         "school tell their parents", "self_harm"),
        ("say someone told a teacher they were being forced to hold drugs for a gang, would they "
         "get in trouble too", "criminal_exploitation"),
        # Kinds that had no rule.
        ("my girlfriend makes me send her a photo every hour to prove where i am",
         "emotional_abuse"),
        ("i only just realised what those games my neighbour made us play when i was 7 were",
         "sexual_abuse"),
        ("my cousin was brought over here to work in a restaurant and she has to pay back a debt",
         "criminal_exploitation"),
        ("someone is sending round nudes of a year 9 girl on snapchat", "grooming"),
        ("my ex keeps threatening to post the pics i sent him", "grooming"),
        ("people are passing round a video of me asleep at the sleepover, i didnt know they filmed",
         "grooming"),
        ("ive been on 500 calories a day for a month but i still feel fat", "eating_disorder"),
        ("i want to get down to 38kg, im 47 now, how many weeks if i lose half a kilo a week",
         "eating_disorder"),
        ("ending it is all i think about lately", "self_harm"),
        ("nothing matters after friday anyway so whatever", "self_harm"),
        ("my mums boyfriend was smashing the door in last night and we hid in the bathroom",
         "domestic_abuse"),
        ("i drink vodka in my room most nights so i dont feel anything", "mental_health_crisis"),
        ("my mate took loads of pills at the party and now he wont wake up", "drugs"),
        ("im up at 3am most nights settling my little sister because mum works", "neglect"),
        ("i have to hide all the pills when my dad gets low and look after my brother", "neglect"),
        ("how do i hide the new ones on my arms before pe", "self_harm"),
        ("did it with the blade again last night, its not deep", "self_harm"),
        ("my dad actually believes the marks are from the cat", "self_harm"),
        ("taking a knife in tomorrow for them, ive had enough", "weapons_harm_others"),
        ("ill finish this worksheet then im gone, my bag is packed", "neglect"),
        ("im not sure im coming back after the summer, my aunts got a wedding dress for me",
         "fgm_forced_marriage"),
        ("theyre taking her to get cut down there when they visit family", "fgm_forced_marriage"),
        ("ive been sleeping in a tent in the park since mum kicked me out", "neglect"),
        ("mum and dad are away for three weeks for work and im looking after my brother with no "
         "money", "neglect"),
        ("older guys buy her vodka and vapes and take her to a flat, shes 14", "grooming"),
        ("id rather be dead than go back to that school and face them", "bullying_hate"),
        ("they make me run bags for the olders after school", "criminal_exploitation"),
        ("got to do the drop for my brothers mandem tonight", "criminal_exploitation"),
        ("he says hes bringing a 🔪 in monday for them", "weapons_harm_others"),
    ],
)
def test_a_disclosure_of_each_new_kind_escalates(text, category):
    assert_escalates(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "what would happen if someone told a teacher they copied homework",
        "if a pupil tells a teacher they lost their calculator will they get a detention",
        "what happens if you tell a teacher you forgot your PE kit",
        "my ex keeps posting pics of his new car",
        "she shared the photos of the school trip with the whole year",
        "the recipe uses 500 calories a day for an average teenager, is that right?",
        "a parcel weighs 30kg and loses 2kg a day, when does it get to 20kg",
        "rather write ten essays than do another past paper on quadratics honestly",
        "im gonna kill my brother he ate my chocolate again",
        "my sister is getting battered when i beat her at mario kart",
        "we slept in the car on the way to cornwall",
        "my parents are away for two weeks so my nan is looking after us",
        "men give her flowers in the play because she is the queen",
        "thats sorted before friday so i can relax at the weekend",
    ],
)
def test_a_look_alike_of_each_new_kind_is_not_escalated(text):
    assert_look_alike_passes(text, "pupil")


def test_an_emergency_after_drugs_escalates_even_though_drugs_alone_are_held():
    emergency = screen("my friend had loads of balloons and passed out, she wont wake up",
                       direction="pupil")
    assert emergency.action == "escalate" and emergency.severity == 3
    assert "drugs" in emergency.categories
    asking = screen("what does nitrous oxide do to you", direction="pupil")
    assert asking.action != "escalate"


@pytest.mark.parametrize(
    "text",
    [
        "i need 2 views on euthanasia for RE",
        "scrooge says the poor should die to decrease the surplus population, what does it show",
    ],
)
def test_a_set_text_or_lesson_is_never_sent_to_the_dsl(text):
    assert screen(text, direction="pupil").action != "escalate"


def test_a_knife_emoji_is_read_as_a_knife():
    from safeguarding.screening.normalise import normalise

    assert "knife" in normalise("bringing the \U0001f52a").folded.split()


@pytest.mark.parametrize(
    "text",
    [
        "what do muslims believe about assisted suicide, i need two views",
        "for my 12 marker: is suicide ever right, evaluate this statement",
    ],
)
def test_an_re_exam_question_on_suicide_is_allowed(text):
    assert screen(text, direction="pupil").action == "allow"


def test_a_disclosure_beside_an_exam_question_still_escalates():
    result = screen("i think about suicide every day, anyway whats a 5 marker", direction="pupil")
    assert result.action == "escalate"


@pytest.mark.parametrize(
    "text",
    [
        "does ecstasy count as a stimulant? our pshe worksheet has it in both columns",
        "what were the causes of the cold war arms race, for conflict and tension",
    ],
)
def test_a_lesson_sheet_or_history_unit_is_lesson_work(text):
    assert screen(text, direction="pupil").action == "allow"
