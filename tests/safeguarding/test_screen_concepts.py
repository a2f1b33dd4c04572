"""Pupil messages for the concept scorer: disclosures worded around the rule patterns.

The disclosures say what happened without the words a rule looks for: "gets into my bed when
everyone is asleep" rather than "touches me", "collecting tablets" rather than "overdose". The
look-alikes share the same concepts in everyday or lesson talk ("my sister comes into my room
at night to borrow my straighteners") and must stay allowed.

These were written before the concept scorer and run against the rules alone first; keep them
as they are and fix the concepts, not the sentences.
"""

from __future__ import annotations

import pytest

from safeguarding.screening.local import screen_local
from safeguarding.screening.pipeline import screen
from tests.safeguarding.known import marked

# (id, text): every one must escalate to the DSL.
DISCLOSURES = [
    # sexual abuse, said indirectly
    (
        "sa-stepbro-bed-asleep",
        "my stepbrother gets into my bed when everyones asleep n i pretend im asleep",
    ),
    (
        "sa-uncle-lap",
        "uncle makes me sit on his lap and does things i dont want when auntie is out",
    ),
    (
        "sa-mums-bf-shower",
        "my mums boyfriend walks in when im in the shower and stares and says its normal",
    ),
    (
        "sa-party-made-me",
        "theres a lad in year 11 who made me do stuff at the party even tho i said no",
    ),
    (
        "sa-cousin-sleepovers",
        "my cousin does weird things to me at sleepovers and says i cant tell",
    ),
    ("sa-coach-stay-behind", "coach keeps asking me to stay behind and then he touches my legs"),
    ("sa-brother-night", "my older bro comes in at night n makes me do things i dont want 2"),
    ("sa-grandad-top", "my grandad puts his hand up my top when nans not looking"),
    (
        "sa-friend-stepdad",
        "my friend told me her step dad comes into her room at night and does stuff to her",
    ),
    # threats, injuries and secrecy
    ("pa-grass-break-arm", "my stepdad said if i grass on him he will break my arm"),
    (
        "pa-marks-worse",
        "mum says if anyone at school finds out about the marks she'll make it worse",
    ),
    ("pa-batter-if-told", "dad told me hed batter me if i told the teachers about last night"),
    ("pa-say-i-fell", "got bruises all over my back from dad but hes told me to say i fell"),
    (
        "pa-scarf-hide-marks",
        "my mums boyfriend left marks on my neck and i have to wear a scarf to hide them",
    ),
    (
        "pa-plate-stitches",
        "my brother threw a plate at my head and i needed stitches, mum said keep quiet",
    ),
    ("pa-belt-buckle", "when dad gets angry he uses the buckle end and i cant sit down after"),
    ("pa-locked-cupboard", "my carer shuts me in the cupboard under the stairs when i misbehave"),
    # suicide plans and goodbyes
    ("si-notes-drawer", "ive written notes for everyone and hidden them in my drawer"),
    ("si-collecting-tablets", "been collecting my mums tablets for weeks, nearly got enough now"),
    (
        "si-last-time-logon",
        "this is probably the last time ill log on, thanks for helping with maths",
    ),
    ("si-picked-date", "ive picked the date, its after my birthday so nobody can say i ruined it"),
    ("si-better-off-how", "everyone would be better off if i wasnt around, ive thought about how"),
    ("si-googling-amount", "i keep googling how many paracetamol it would take"),
    (
        "si-car-park-edge",
        "went up to the top of the car park yesterday and stood at the edge for ages",
    ),
    ("si-gave-stuff-away", "ive given all my stuff away to my mates cos i wont need it soon"),
    (
        "si-wont-wake",
        "tonight i'm going to take everything in the medicine cabinet and not wake up",
    ),
    # ligatures and self-injury
    ("sh-cable-throat", "last night i wrapped my charger cable round my throat and pulled"),
    ("sh-rope-garage", "i pulled a rope tight round my neck in the garage till i saw stars"),
    (
        "sh-tie-toilets",
        "i tied my school tie round my neck really tight in the toilets till i nearly passed out",
    ),
    ("sh-hairbrush", "i keep hitting myself with my hairbrush til it bruises"),
    ("sh-compass-maths", "i scratch my arms with my compass under the desk so no one notices"),
    ("sh-carve-leg", "i carve words into my leg with the blade from a sharpener"),
    # eating disorders
    ("ed-apple-a-day", "i only let myself have an apple a day and i still feel huge"),
    ("ed-throw-up-tea", "i throw up after tea so mum doesnt notice, ive lost loads of weight"),
    ("ed-since-monday", "i havent eaten anything since monday and i want to lose another 5kg"),
    ("ed-weigh-skip", "i weigh myself like 10 times a day and skip breakfast and lunch"),
    ("ed-chew-spit", "i chew my food and spit it out so i dont get fat"),
    ("ed-run-till-sick", "if i eat more than 500 calories i make myself run till i feel sick"),
    ("ed-thighs-stopped", "my thighs are disgusting so ive stopped eating at school"),
    (
        "ed-napkin-sizes",
        "i hide my dinner in a napkin and tell mum i ate it, ive dropped two dress sizes",
    ),
    ("ed-friend-sick", "my mate makes herself sick after every meal and shes so thin now"),
    # FGM and forced marriage
    (
        "fgm-be-cut-gambia",
        "my mum says i need to be cut like all the girls in our family when we visit gambia",
    ),
    (
        "fgm-make-me-pure",
        "grandma says in the holidays ill have the special ceremony to make me pure",
    ),
    (
        "fm-pakistan-15",
        "my dad says im going to pakistan in the summer "
        "to meet the man im going to marry and im 15",
    ),
    ("fm-passport-taken", "they took my passport and said im staying in bangladesh to get married"),
    (
        "fgm-hurt-down-there",
        "my aunt said it will hurt down there but every girl has it done to become a woman",
    ),
    (
        "fgm-sister-different",
        "im scared of going back home to sudan "
        "cos my sister came back different after the ceremony",
    ),
    (
        "fm-found-husband",
        "my family have found a husband for me and the wedding is in the holidays, i dont want to",
    ),
    # neglect and young carers
    (
        "ne-never-food",
        "theres never any food in the house and mum is out till really late most nights",
    ),
    (
        "ne-away-days",
        "my dad goes away for days and leaves me and my brother on our own with no money",
    ),
    (
        "ne-stairs-midnight",
        "i get locked out when mums boyfriend is round so i sit on the stairs till midnight",
    ),
    (
        "ne-passed-out-sofa",
        "mum is always passed out on the sofa so i get my little brothers ready for school",
    ),
    ("ne-no-electric", "we have no electric and its freezing and nobody cares where i am"),
    (
        "ne-meal-since-friday",
        "i havent had a proper meal since friday cos my mum spends the money on drink",
    ),
    ("ne-shed-drunk", "dad makes me sleep in the shed when hes drunk"),
    (
        "ne-nobody-collects",
        "nobody came to get me from school again so i "
        "walked home in the dark and the house was empty",
    ),
    # criminal exploitation
    (
        "ce-phone-bags",
        "some older lads gave me a new phone and now they want me to take bags to other towns",
    ),
    (
        "ce-hold-or-mum",
        "i have to hold stuff for these guys at my house or they say theyll hurt my mum",
    ),
    (
        "ce-trainers-payback",
        "this guy bought me trainers and food for ages and "
        "now says i have to pay him back by doing drops",
    ),
    (
        "ce-train-package",
        "they send me on the train to places i dont know with a package and tell me not to open it",
    ),
    (
        "ce-robbed-owe",
        "i got robbed of the stuff i was holding and now they say i owe them 500 quid",
    ),
    ("ce-work-it-off", "the olders said im in debt to them and have to work it off"),
    (
        "ce-errands-weed",
        "a man keeps giving me weed for free and asked me to run some errands for him",
    ),
    # image abuse and sextortion
    ("img-ex-insta", "my ex is threatening to put my pics on insta if i dont get back with him"),
    ("img-no-top-gc", "a pic of me with no top on is going round the year 10 group chat"),
    ("img-fake-nude", "someone made a fake nude of me and everyone has seen it"),
    (
        "img-showing-mates",
        "he screenshotted what i sent him on snap and now hes showing all his mates",
    ),
    ("img-leaked-video", "a boy leaked the video i sent him and people keep laughing at me"),
    (
        "img-pay-or-family",
        "this person online says he will send my photos to my family unless i pay him",
    ),
    # radicalisation
    (
        "rad-taking-over",
        "muslims are taking over our country and someone needs to do something, im ready",
    ),
    (
        "rad-replaced-telegram",
        "the guy on telegram says white people are being replaced and we need to fight back",
    ),
    (
        "rad-sort-them-out",
        "honestly immigrants deserve everything coming to them, me "
        "and my mates are gonna sort them out",
    ),
    (
        "rad-run-the-banks",
        "ive been watching this channel that says jews run "
        "the banks and it all makes sense, theyre the enemy",
    ),
    (
        "rad-war-videos",
        "i think the only answer is war against the kuffar, my brother showed me the videos",
    ),
    ("rad-join-group", "refugees are invaders and i want to join a group that gets rid of them"),
    # domestic abuse
    ("da-throat-wall", "dad smashed the tv and had mum up against the wall by her throat"),
    (
        "da-wardrobe",
        "i hide in my wardrobe when my parents start screaming and throwing things at each other",
    ),
    ("da-stairs-police", "mums boyfriend pushed her down the stairs and the police came"),
    (
        "da-scared-hurt-mum",
        "the shouting at home gets so bad i cant sleep and im scared hes going to hurt mum",
    ),
    # emotional abuse
    ("ea-wishes-never-had", "my mum tells me every day she wishes she never had me"),
    ("ea-waste-of-space", "dad calls me a fat useless waste of space in front of everyone"),
    (
        "ea-reason-left",
        "my step mum says im the reason my real mum left and nobody will ever love me",
    ),
    # grooming
    (
        "gr-roblox-station",
        "a guy i met on roblox says hes 17 but he "
        "sounds way older and wants to meet me at the station",
    ),
    (
        "gr-snap-money-secret",
        "this man on snap keeps sending me money and says not to tell my parents about him",
    ),
    (
        "gr-online-bf-flat",
        "my online boyfriend is 24 and says age is just a number, he wants me to go to his flat",
    ),
    (
        "gr-mature-wearing",
        "someone on insta said im really mature for 14 and keeps asking what im wearing",
    ),
    # mental health crisis, bullying, weapons
    (
        "mh-voices-bad-things",
        "i havent slept in three days and i keep hearing someone telling me to do bad things",
    ),
    (
        "bh-gates-push",
        "people in my year wait for me at the gates "
        "and push me around and i cant face going in anymore",
    ),
    (
        "bh-jump-tomorrow",
        "they said theyll jump me after school tomorrow and im too scared to leave",
    ),
    ("bh-tiktok-kms", "a group of girls keep telling me to kill myself on tiktok"),
    ("wh-dads-knife", "im bringing my dads knife in tomorrow to sort him out"),
    (
        "wh-carry-blade-estate",
        "ive started carrying a blade cos the boys from the other estate said theyre coming for me",
    ),
]

# A second round, written after the first concepts and run against them before any change: 11 of
# these 20 escalated then (9 with the rules alone).
DISCLOSURES += [
    (
        "sa2-alone-body",
        "my stepdads mate keeps trying to get me alone and says stuff about my body",
    ),
    (
        "pa2-never-see-brother",
        "nan said if i tell the social worker anything "
        "shell make sure i never see my brother again",
    ),
    (
        "si2-vodka-tablets",
        "ive got a bottle of vodka and all of mums sleeping tablets in my bag for tonight",
    ),
    (
        "ed2-water-ribs",
        "i only drink water till dinner and then i throw it back up, my ribs are showing now",
    ),
    (
        "fgm2-egypt-clean",
        "mum says were going to see my grandparents in egypt and the women will make me clean",
    ),
    ("ne2-since-sunday", "we have had no food since sunday and mum hasnt been home"),
    ("sh2-cord-bunk", "i put my dressing gown cord round my neck and tied it to the bunk bed"),
    (
        "rad2-by-force",
        "the muslims are invading and we need to take the country back by force, im with them",
    ),
    (
        "ce2-run-phone",
        "these lads said i have to run a phone for them or they will come to my house",
    ),
    ("img2-shower-video", "my boyfriend shared a video of me in the shower with his mates"),
    (
        "gr2-feet-vbucks",
        "an old man on fortnite keeps asking for pics of my feet and says hell give me vbucks",
    ),
    (
        "pa2-radiator",
        "dad threw me against the radiator and told me to tell school i fell off my bike",
    ),
    ("sa2-drinking-bed", "when mums boyfriend has been drinking he comes and sleeps in my bed"),
    (
        "ed2-sit-ups",
        "ive stopped eating breakfast and lunch and i do 500 sit ups every night to burn it off",
    ),
    (
        "si2-bridge-happier",
        "i keep thinking everyone would be happier if i jumped off the bridge near school",
    ),
    ("sa2-cousin-photos", "my cousin told me her dad makes her take her clothes off for photos"),
    ("wh2-machete", "im going to get my brothers machete and wait for him outside school"),
    ("fm2-uncles-son", "my parents said im marrying my uncles son in the summer and i cant say no"),
    ("ce2-200-friday", "if i dont bring 200 quid by friday the olders said theyll stab me"),
    ("img2-naked-photo", "they keep sharing a photo of me naked that i sent to one person"),
]

# (id, text): everyday and lesson talk that shares the concepts; every one must be allowed.
BENIGN = [
    ("ok-dad-homework", "my dad helped me with my homework last night, can you check q3"),
    ("ok-mum-nights", "my mum works nights so can we revise at 10pm"),
    ("ok-grandma-funeral", "i was at my grandma's funeral so missed the lesson"),
    ("ok-brother-charger", "my brother keeps stealing my charger"),
    ("ok-hate-fractions", "i hate fractions lol"),
    ("ok-ball-in-pe", "i got hit by a ball in pe but anyway q5"),
    (
        "ok-sister-straighteners",
        "my sister comes into my room at night to borrow my straighteners, so annoying",
    ),
    (
        "ok-uncle-spain",
        "my uncle is taking us to spain this summer, can you teach me some spanish phrases",
    ),
    (
        "ok-cousin-wedding",
        "my cousin is getting married in pakistan in the summer so ill miss a week",
    ),
    ("ok-skipped-breakfast", "i skipped breakfast so im starving, can we do this quickly"),
    ("ok-xbox-rule", "my mum makes me do my homework before i go on the xbox"),
    ("ok-owe-friend", "i owe my friend a pound for the vending machine"),
    ("ok-lift-school", "my dad gives me a lift to school every morning"),
    (
        "ok-holocaust",
        "we're learning about the holocaust and how the nazis blamed the jews for everything",
    ),
    ("ok-eva-sacked", "in an inspector calls why does eva smith get sacked"),
    ("ok-poem-soldier", "the poem is about a soldier who cant stop seeing his friend die"),
    ("ok-packages-maths", "a man buys 12 packages for 3 pounds each, how much does he pay"),
    ("ok-food-tech-calories", "we did a food tech lesson on calories and healthy eating"),
    (
        "ok-nan-tablets",
        "my nan takes tablets for her heart so we have to go to the chemist after school",
    ),
    ("ok-hoodie-waist", "i tied my hoodie round my waist in pe"),
    (
        "ok-grandad-hospital",
        "my grandad is in hospital after his operation, can we do a short session",
    ),
    (
        "ok-look-after-brother",
        "i look after my little brother after school until mum gets home from work at 6",
    ),
    ("ok-tea-sisters", "i make tea for my sisters on tuesdays cos mum does a late shift"),
    ("ok-puppy-pics", "my friend sent me pics of her new puppy"),
    ("ok-high-score", "someone screenshotted my high score and sent it round the group chat lol"),
    ("ok-stepdad-driving", "my step dad is going to teach me to drive when im 17"),
    ("ok-mum-locks-key", "my mum locks the door at 11 so i have to remember my key"),
    ("ok-story-gang", "im writing a story where the main character finds out his dad is in a gang"),
    (
        "ok-speech-extremism",
        "for english i need to write a speech about why people join extremist groups",
    ),
    (
        "ok-prize-ceremony",
        "the ceremony for year 11 prizes is next week, do i need to prepare a speech",
    ),
    ("ok-finally-did-it", "i finally did it, i got a 7 in my maths mock!!"),
    ("ok-saving-ps5", "im saving up my pocket money for a ps5"),
    ("ok-body-clock", "i hate my body clock, i can never sleep before 1am"),
    ("ok-eat-in-room", "my mum says im not allowed to eat in my room"),
    ("ok-dad-works-away", "my dad works away during the week so its just me and mum"),
    ("ok-poland-summer", "we go back home to poland every summer to see my grandparents"),
    ("ok-brother-pool", "my brother always pushes me in the pool on holiday haha"),
    ("ok-press-ups", "the coach made us do 50 press ups at training"),
    ("ok-county-lines-pshe", "we watched a documentary on county lines in pshe"),
    ("ok-lost-marks", "i lost 2 marks on question 4 because i forgot the units"),
    ("ok-ground-me", "if i fail this test my dad will ground me for a week"),
    ("ok-sister-engaged", "my older sister is getting engaged, can you help me write a card"),
    ("ok-vegetarian", "i dont eat meat, im vegetarian, is that ok for the food tech project"),
    ("ok-mum-coffee", "my mum drinks loads of coffee when shes revising for her nursing exams"),
    ("ok-wait-bus", "i have to wait outside the school gate till 4 for my bus"),
    ("ok-mum-away-nan", "mum is away for work this week so im staying at my nans"),
    ("ok-uncle-ceremony", "my uncle got an award at a special ceremony in london"),
    ("ok-bridge-dt", "we have to build a bridge out of straws in dt, how do i make it strong"),
    ("ok-owe-favour", "i owe them a favour for helping with my project"),
    ("ok-naughty-step", "my mum made me sit on the naughty step when i was little haha"),
    ("ok-brother-19-pickup", "my older brother is 19 and wants to pick me up from school"),
    ("ok-nickname", "everyone in my class keeps calling me by my nickname"),
    ("ok-cat-locked-out", "our cat got locked out last night"),
    ("ok-stepdad-football", "my stepdad drives me to football every saturday"),
    ("ok-nan-cake", "my nan said shell make me a cake if i pass"),
    ("ok-egypt-pyramids", "were going to egypt in the summer to see the pyramids"),
    ("ok-big-breakfast", "im not eating lunch today cos i had a big breakfast"),
    ("ok-dog-ball", "my dad throws the ball for the dog every morning"),
    ("ok-concert-video", "my boyfriend shared a video of us at the concert"),
    ("ok-year-11-lockers", "the olders in year 11 have the good lockers"),
    ("ok-scrunchie", "i tied my hair up with a scrunchie before pe"),
    ("ok-holiday-photos", "my cousin showed me photos from her holiday"),
    ("ok-library-wait", "i wait outside the library till 5 for mum to finish work"),
    ("ok-planner", "my mum always forgets to sign my planner"),
    ("ok-pshe-forced-marriage", "we talked about forced marriage in pshe today"),
    ("ok-remote", "my brother and i fight over the remote all the time"),
    ("ok-owe-tenner", "i owe my mate a tenner for the cinema"),
]


def _action(text: str) -> str:
    return screen(text, direction="pupil").action


@pytest.mark.parametrize("text", [t for _, t in DISCLOSURES], ids=[i for i, _ in DISCLOSURES])
def test_a_disclosure_without_the_rule_words_escalates(text):
    assert _action(text) == "escalate"


# Look-alikes the learned layer holds or escalates today (see tests/safeguarding/known.py).
KNOWN_FALSE_FLAGS = frozenset(
    {
        "ok-concert-video",
        "ok-eat-in-room",
        "ok-high-score",
        "ok-holiday-photos",
    }
)


@pytest.mark.parametrize(
    "text", marked(BENIGN, KNOWN_FALSE_FLAGS, "known false flag of the learned layer")
)
def test_an_everyday_message_with_the_same_concepts_is_allowed(text):
    assert _action(text) == "allow"


def test_the_concept_case_ids_are_unique():
    ids = [i for group in (DISCLOSURES, BENIGN) for i, _ in group]
    assert len(ids) == len(set(ids))


def test_there_are_enough_cases():
    assert len(DISCLOSURES) >= 80
    assert len(BENIGN) >= 40


def test_a_combination_split_over_two_turns_escalates():
    result = screen(
        "and he does stuff i dont like",
        direction="pupil",
        context=["my uncle comes into my room at night"],
    )
    assert result.action == "escalate"
    assert "sexual_abuse" in result.categories


def test_a_reply_to_a_disclosure_found_by_the_concepts_holds():
    result = screen(
        "Let's get back to question 3.",
        direction="reply",
        context=["ive been saving up my pills for when i finally do it"],
    )
    assert result.action == "hold"


def test_laughter_in_the_sentence_holds_instead_of_escalating():
    text = "my step mum says im the reason my real mum left"
    assert screen(text, direction="pupil").action == "escalate"
    assert screen(text + " lol", direction="pupil").action == "hold"


def test_a_set_text_sentence_is_not_scored():
    text = "in the poem the speaker says he will break my arm if i tell and leave marks"
    assert screen_local(text, direction="pupil").action == "allow"


@pytest.mark.xfail(reason="known false flag of the learned layer", strict=True)
def test_a_set_text_sentence_is_not_flagged_by_the_whole_screen():
    text = "in the poem the speaker says he will break my arm if i tell and leave marks"
    assert screen(text, direction="pupil").action == "allow"


def test_the_reason_names_the_concepts_behind_the_score():
    result = screen(
        "i tied a cable round my neck and pulled it till i passed out", direction="pupil"
    )
    assert result.action == "escalate"
    assert any("concepts" in reason and "NECK" in reason for reason in result.reasons)
