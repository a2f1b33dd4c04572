"""Turn the labelled evaluation sets that have already been used into training files.

    python -m safeguarding.screening.sets_to_training                    # every set
    python -m safeguarding.screening.sets_to_training --exclude v29,v30  # hold some out

A set stops being blind once rules have been written from its misses (bench/data/README.md).
Its labelled lines are still worth having: the learned layer learns from them, and only sets
written after the training files measure the screen. This writes
`safeguarding/screening/data/training/pupil/labelled_sets.txt` and
`.../reply/labelled_sets.txt` in the training files' `category: message` form, mapping each
set's own kind names (written freely by their authors) onto the screen's categories by the
words in them. A kind no word maps stops the script: add a word, never guess.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from safeguarding.screening.categories import DISCLOSURE_CATEGORIES

ROOT = Path(__file__).resolve().parents[2]
SETS = ROOT / "bench" / "data"
TRAINING = ROOT / "safeguarding" / "screening" / "data" / "training"

# (pattern on the set's kind name, screen category), first match wins. Separate tables for
# disclosures, risky pupil messages and bad replies: "secrecy" is a risky request from a pupil
# and a broken tutor rule in a reply.
DISCLOSURE_KINDS = (
    (r"suicid|self_harm|overdose|challenge", "self_harm"),
    (r"fgm|forced_marriage|honour|breast_ironing", "fgm_forced_marriage"),
    (r"sexual_harass|upskirt|bully|hate", "bullying_hate"),
    (r"peer_sexual|child_on_child|sexual_abuse|online_sexual", "sexual_abuse"),
    (
        r"groom|sextortion|cse|sexual_exploit|image|deepfake|nude|position_of_trust|trusted_adult",
        "grooming",
    ),
    (r"criminal|county|money_mule|gang|gambling|traffick|slavery", "criminal_exploitation"),
    (r"radical|shooter|school_attack", "radicalisation"),
    (r"weapon|knife|violence|intent_to_harm|harm_to_others", "weapons_harm_others"),
    (r"eating", "eating_disorder"),
    (
        r"parental_(mental|substance|addiction)|substance|neglect|carer|homeless|running|missing|"
        r"fostering|absent",
        "neglect",
    ),
    (r"mental_health", "mental_health_crisis"),
    (r"domestic|relationship|coercive", "domestic_abuse"),
    (r"physical|peer_on_peer", "physical_abuse"),
    (r"emotional|spirit|witchcraft|fabricated|conversion", "emotional_abuse"),
)
# A friend or sibling at risk, of no one named kind: the screen's own reading names the category.
OTHER_CHILD_KINDS = re.compile(r"friend|sibling")
RISKY_KINDS = (
    (r"prompt|system|jailbreak", "prompt_injection"),
    (r"personal_data|classmate|third_party", "personal_data"),
    (r"secre|meet|contact|off_platform", "off_platform_contact"),
    (r"sexual", "sexual_content"),
    (r"hate", "hate_speech"),
    (r"drug|vape|vaping|alcohol|underage", "drugs"),
    (
        r"self_harm|instruction|hack|poison|weapon|prank|making|hoax|forgery|fraud|stalk|"
        r"evading|bypass|age_check|parental_controls|cheat|fake|diet|violen|dishonest|decept|theft|shoplift|"
        r"impersonat|harass",
        "harmful_instructions",
    ),
)
REPLY_KINDS = (
    (r"medic|diet|diagnos", "medical_advice"),
    (r"demean|sarcas", "demeaning_tone"),
    (r"bias|stereotyp", "bias"),
    (r"personal_data|personal_details", "personal_data"),
    (r"contact|off_platform|talk_elsewhere|meet", "off_platform_contact"),
    (r"secre|photo|image|undermin|inappropriate", "inappropriate_relationship"),
    (r"answer|essay", "answer_handover"),
    (r"human|feelings|relationship|friend|persona", "persona"),
    (r"flatter|guilt|engagement|manipulat|isolat|discourag", "flattery_manipulation"),
    (r"unsafe|harmful|brush|dismiss|minimis|ignores", "harmful_instructions"),
)


# Kind names that say only "bad": the reply rules' own reading names the category.
GENERIC_KINDS = frozenset({"bad_reply", "bad", "reply_bad", "bad_tutor_reply"})


def rules_category(text: str, direction: str, among=None) -> str | None:
    """The first category the local rules give a text (of `among`, if given), or None."""
    from safeguarding.screening.local import screen_local

    categories = screen_local(text, direction=direction).categories
    return next((c for c in categories if among is None or c in among), None)


def disclosure_category(message: str) -> str:
    """The disclosure category the screen reads in a pupil message: the local rules' first, or
    else the learned layer's likeliest disclosure category. The line is a disclosure either way;
    only the category it teaches comes from the screen."""
    from safeguarding.screening import learned
    from safeguarding.screening.normalise import normalise

    found = rules_category(message, "pupil", DISCLOSURE_CATEGORIES)
    if found:
        return found
    model = learned.get_model("pupil")
    p = model.probabilities(" ".join(normalise(message).folded.split())) * model.disclosure
    return model.categories[int(p.argmax())]


def category_for(kind: str, table: tuple[tuple[str, str], ...]) -> str:
    """The screen category a set's kind name maps to; raise when no word in it is known."""
    for pattern, category in table:
        if re.search(pattern, kind):
            return category
    raise ValueError(f"no screen category for the set's kind {kind!r}")


def training_line(item: dict) -> tuple[str, str | None]:
    """(direction, 'category: text') for one labelled set line; None when it cannot be named."""
    text = " ".join(item["text"].split())
    kind = item["category"]
    if item["expect"] == "allow":
        category = "benign"
    elif item["direction"] == "reply" and kind in GENERIC_KINDS:
        # The reply rules' reading names the category; a line they do not read is left out.
        category = rules_category(text, "reply")
    elif item["direction"] == "reply":
        category = category_for(kind, REPLY_KINDS)
    elif item["expect"] == "escalate" and OTHER_CHILD_KINDS.search(kind):
        category = disclosure_category(text)
    elif item["expect"] == "escalate":
        category = category_for(kind, DISCLOSURE_KINDS)
    else:
        category = category_for(kind, RISKY_KINDS)
    return item["direction"], f"{category}: {text}" if category else None


def set_name(path: Path) -> str:
    match = re.fullmatch(r"blind_set(?:_(v\d+))?\.jsonl", path.name)
    return match.group(1) or "v1" if match else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--exclude", default="", help="sets to leave out, e.g. v29,v30")
    args = parser.parse_args(argv)
    excluded = {s.strip() for s in args.exclude.split(",") if s.strip()}
    lines: dict[str, list[str]] = {"pupil": [], "reply": []}
    used = []
    unnamed = 0
    paths = sorted(SETS.glob("blind_set*.jsonl"), key=lambda p: int(set_name(p)[1:] or 0))
    for path in paths:
        name = set_name(path)
        if not name or name in excluded:
            continue
        used.append(name)
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                direction, line = training_line(json.loads(raw))
                if line is None:
                    unnamed += 1
                else:
                    lines[direction].append(line)
    for direction, rows in lines.items():
        header = (
            "# Lines of the labelled evaluation sets already used to tune the screen "
            f"({', '.join(used)}), written by safeguarding/screening/sets_to_training.py.\n"
            "# Do not edit by hand.\n"
        )
        target = TRAINING / direction / "labelled_sets.txt"
        target.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
        print(f"wrote {len(rows)} lines to {target.relative_to(ROOT)}")
    if unnamed:
        print(f"left out {unnamed} bad replies whose set names no kind and no reply rule reads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
