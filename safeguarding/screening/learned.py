"""The learned layer: a linear classifier over word and character n-grams of a pupil message.

The rules catch the wordings they list. A pupil who describes harm in other words ("i cant
really sit down properly today", "i know which bridge is highest") slips past them. This layer
is a multinomial logistic regression trained on about 24,000 labelled pupil messages
(`data/training/`): disclosures of each kind, risky requests, and a larger bank of everyday and
lesson messages that share their words (set texts about death, maths with knives, idioms),
including every evaluation set once it has been scored (`labelled_sets.txt`). It
reads the message as the rules do, after `normalise` has undone evasions and expanded
abbreviations, so "s3lf h4rm" and "kms" reach it as words.

Features are the words, the word pairs and the 3 to 5 letter pieces of each word, present or
not, scaled to unit length. The model gives a probability for every category; the probabilities
of the disclosure categories add up to `p_disclosure`, and those of the risky request categories
to `p_risky`. For the whole message and each sentence and clause:
- it escalates when `p_disclosure >= ESCALATE_AT`;
- it holds for a teacher when `p_disclosure + p_risky >= HOLD_AT`, or when `p_disclosure` is in
  the hold band, at least `DISCLOSURE_HOLD_AT` but under `ESCALATE_AT`: a message that might be
  a disclosure goes to a teacher rather than through.

A second model, trained on good and bad tutor replies, reads drafts (`screen_learned_reply`).
Both only make a result stricter (the pipeline merges them with `stricter`). They need no
network and no model download: the trained weights are small files in the repository
(`data/learned_pupil.npz`, `data/learned_reply.npz`), rebuilt from the training files with
`python -m safeguarding.screening.train`. A missing, altered or out-of-date weights file raises,
and the pipeline holds the message.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import numpy as np

from safeguarding.screening import lexicon
from safeguarding.screening.categories import DISCLOSURE_CATEGORIES
from safeguarding.screening.normalise import disguised, normalise
from safeguarding.screening.types import Direction, ScreenResult

DATA_DIR = Path(__file__).parent / "data"
# One model per direction: pupil messages and tutor replies, each from its own folder.
TRAINING_DIRS: dict[str, Path] = {
    "pupil": DATA_DIR / "training" / "pupil",
    "reply": DATA_DIR / "training" / "reply",
}
MODEL_PATHS: dict[str, Path] = {
    "pupil": DATA_DIR / "learned_pupil.npz",
    "reply": DATA_DIR / "learned_reply.npz",
}
# Bump when `features` changes: a model trained on other features is refused.
FEATURE_VERSION = 4

# Chosen by cross-validation on the training files (see `train.py` and
# docs/safeguarding-screen.md, "Learned layer"), never on an evaluation set.
ESCALATE_AT = 0.70
HOLD_AT = 0.80
# The hold band: a message the model reads as possibly a disclosure, but not clearly enough to
# escalate, holds for a teacher. The lowest threshold whose held-out look-alikes flagged stay
# within `train.FLAG_BENIGN_BUDGET` (see `train.choose_band`). Pupil messages only.
DISCLOSURE_HOLD_AT = 0.60
# The model speaks only about text it can read: when fewer than this share of a text's features
# are ones it learned (random characters, another language), it leaves the text to the rules.
MIN_KNOWN_SHARE = 0.5
# A tutor reply holds when the model puts this much on the bad-reply categories.
REPLY_HOLD_AT = 0.90
# A possible disclosure the rules or concepts saw weakly (a lead) escalates when the model, in
# a sentence without laughter, also reads a disclosure at this level or more: two independent
# readings agree. See docs/safeguarding-screen.md, "Learned layer".
CORROBORATE_AT = 0.35
# A sentence or clause that holds (below ESCALATE_AT) must be borne out by the whole message
# reading the same way at least this much. Checked over every labelled line (v1-v82, dev set):
# 0.25 and 0.35 release 65 look-alikes and no disclosure or risky request; the first disclosure
# lost is at 0.40.
DISCLOSURE_WHOLE_AT = 0.25
RISKY_WHOLE_AT = 0.35

_MAX_CHARS = 2000
_MAX_SEGMENTS = 12
_MIN_SEGMENT_WORDS = 3
_MIN_CLAUSE_WORDS = 4
# Words whose summed weights are kept; pupils' vocabulary is small, so this holds almost all.
_WORD_CACHE = 50_000
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_sum = np.add.reduce
_max = np.maximum.reduce
_SENTENCE = re.compile(r"\s*[.!?;\n]+\s*|\s+-\s+")
# A clause is read alone where the pupil turns to something else ("but", "anyway"), not where
# they give a reason ("because", "cos"): "couldnt sleep last night" read without "because of
# nerves about the mock" reads like neglect.
_CLAUSE = re.compile(r"\s+(?:but|and then|so|also|anyway|btw)\s+")
# The word pairs after a word that begins none.
_NO_PAIRS: Mapping[str, int] = MappingProxyType({})


# A word after one of these, up to NEGATION_SCOPE words on, is read as negated ("my dad never
# hits me", "im not suicidal"): it becomes a different feature, "!hits", which the model learns
# from the training messages that say it ("i dont want to be alive" is a disclosure too).
NEGATORS = frozenset(
    "never not dont didnt doesnt isnt wasnt wont cant cannot aint havent wouldnt shouldnt".split()
)
NEGATION_SCOPE = 3


def tokens(folded: str) -> list[str]:
    """Return the words of a folded text, those in a negation's scope marked with "!"."""
    out = []
    left = 0
    for word in _WORD.findall(folded):
        if word in NEGATORS:
            out.append(word)
            left = NEGATION_SCOPE
        elif left:
            out.append("!" + word)
            left -= 1
        else:
            out.append(word)
    return out


def word_features(word: str) -> list[str]:
    """Return the features one word brings: the word and its 3 to 5 letter pieces.

    A negated word's pieces are marked as negated too ("c!hit"), so that "never hits" does not
    bring the pieces of "hits" with it.
    """
    bare = word.removeprefix("!")
    kind = "c!" if bare != word else "c"
    padded = f" {bare} "
    found = ["w " + word]
    for n in (3, 4, 5):
        found.extend(kind + padded[i : i + n] for i in range(len(padded) - n + 1))
    return found


def features(folded: str) -> list[str]:
    """Return the features of a normalised (folded) text: words, word pairs, letter pieces.

    A feature that occurs twice is listed twice: the model reads counts, scaled by the square
    root of the number of features, so one word's share does not depend on the others.
    """
    found: list[str] = []
    previous = "<s>"
    for word in tokens(folded):
        found.append(f"b {previous} {word}")
        found.extend(word_features(word))
        previous = word
    return found


def segments(folded: str) -> list[str]:
    """Split a folded message into the whole, its sentences and its clauses (no duplicates)."""
    return list(_segments_in_sentences(folded))


def _segments_in_sentences(folded: str) -> dict[str, str]:
    """Map each segment (the whole, each sentence, each clause) to the sentence it is in."""
    text = " ".join(folded[:_MAX_CHARS].split())
    parts = {text: text}
    for sentence in _SENTENCE.split(text):
        sentence = sentence.strip()
        if len(sentence.split()) >= _MIN_SEGMENT_WORDS:
            parts.setdefault(sentence, sentence)
        clauses = [c.strip() for c in _CLAUSE.split(sentence)]
        if len(clauses) > 1:
            for clause in clauses:
                if len(clause.split()) >= _MIN_CLAUSE_WORDS:
                    parts.setdefault(clause, sentence)
    return dict(list(parts.items())[:_MAX_SEGMENTS])


def training_key(direction: Direction, training_dir: Path | None = None) -> str:
    """Identify the training files and the feature version a model was built from."""
    training_dir = TRAINING_DIRS[direction] if training_dir is None else training_dir
    digest = hashlib.sha256(f"{direction} features-v{FEATURE_VERSION}".encode())
    for path in sorted(training_dir.glob("*.txt")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Hidden:
    """The second reader: one hidden layer over the same features, then the categories.

    Its first layer's weights sit beside the linear weights, as extra columns of
    `Model.weights`, so a word's weights for both readers are summed in one pass.
    """

    bias: np.ndarray  # (hidden,)
    weights: np.ndarray  # (hidden, categories)
    out_bias: np.ndarray  # (categories,)


@dataclass(frozen=True)
class Model:
    """The trained weights: one row per feature; a column per category, then per hidden unit."""

    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, categories [+ hidden]) float32
    bias: np.ndarray  # (categories,)
    categories: tuple[str, ...]
    disclosure: np.ndarray  # boolean mask over categories
    risky: np.ndarray  # boolean mask: a request a teacher should see (not benign, not disclosure)
    # The word pairs the model knows, by their first word: "b dad hits" is pairs["dad"]["hits"].
    pairs: dict[str, dict[str, int]]
    # With a hidden layer, a category's probability is the mean of the two readers'.
    hidden: Hidden | None = None
    _words: dict[str, tuple[np.ndarray, int, int, Mapping[str, int]]] = field(
        default_factory=dict, compare=False
    )

    @classmethod
    def from_weights(
        cls, vocabulary: dict[str, int], weights: np.ndarray, bias: np.ndarray,
        categories: tuple[str, ...], hidden: Hidden | None = None,
    ) -> Model:
        """Build a model from trained weights, deriving which categories are which."""
        disclosure = np.array([c in DISCLOSURE_CATEGORIES for c in categories])
        risky = np.array([c != "benign" and c not in DISCLOSURE_CATEGORIES for c in categories])
        pairs: dict[str, dict[str, int]] = {}
        for feature, row in vocabulary.items():
            if feature.startswith("b "):
                first, _, second = feature[2:].partition(" ")
                pairs.setdefault(first, {})[second] = row
        return cls(vocabulary, weights, bias, categories, disclosure, risky, pairs, hidden)

    def probabilities(self, segment: str) -> np.ndarray:
        """Return the probability of each category for one folded segment."""
        return self.read(segment)[0]

    def read(self, segment: str) -> tuple[np.ndarray, float]:
        """Return each category's probability and the share of the features the model knows."""
        probabilities, known_shares = self.read_all([segment])
        return probabilities[0], known_shares[0]

    def read_all(self, segments: Sequence[str]) -> tuple[np.ndarray, list[float]]:
        """Read several segments: a row of probabilities and a known share for each."""
        totals = np.zeros((len(segments), self.weights.shape[1]), dtype=self.bias.dtype)
        roots, known_shares = [], []
        words = self._words.get
        for s, segment in enumerate(segments):
            vectors: list[np.ndarray] = []
            pair_rows: list[int] = []
            count = known = 0
            after = self.pairs.get("<s>", _NO_PAIRS)
            for word in tokens(segment):
                row = after.get(word)
                if row is not None:
                    pair_rows.append(row)
                summed, n, n_known, after = words(word) or self._word(word)
                vectors.append(summed)
                count += n + 1
                known += n_known
            # Summed in two numpy calls, not one per word: this is the screen's hot loop. The
            # ufuncs are called directly (np.sum and .sum() reach the same ones through Python).
            if vectors:
                totals[s] = _sum(vectors, axis=0)
            if pair_rows:
                totals[s] += _sum(self.weights.take(pair_rows, axis=0), axis=0)
            roots.append(math.sqrt(max(count, 1)))
            known_shares.append((known + len(pair_rows)) / max(count, 1))
        scaled = totals / np.array(roots, dtype=totals.dtype)[:, np.newaxis]
        n = len(self.bias)
        probabilities = _softmax(self.bias + scaled[:, :n])
        if self.hidden is not None:
            units = np.maximum(scaled[:, n:] + self.hidden.bias, 0.0)
            second = _softmax(units @ self.hidden.weights + self.hidden.out_bias)
            probabilities = (probabilities + second) / 2
        return probabilities, known_shares

    def _word(self, word: str) -> tuple[np.ndarray, int, int, Mapping[str, int]]:
        """One word's summed feature weights, feature count, known count and pairs (cached)."""
        cached = self._words.get(word)
        if cached is None:
            found = word_features(word)
            rows = [self.vocabulary[f] for f in found if f in self.vocabulary]
            summed = (
                _sum(self.weights[rows], axis=0)
                if rows
                else np.zeros(self.weights.shape[1], dtype=self.bias.dtype)
            )
            cached = (summed, len(found), len(rows), self.pairs.get(word, _NO_PAIRS))
            if len(self._words) < _WORD_CACHE:
                self._words[word] = cached
        return cached


def _softmax(logits: np.ndarray) -> np.ndarray:
    """Each row's softmax, in one go."""
    logits = logits - _max(logits, axis=1, keepdims=True)
    odds = np.exp(logits)
    return odds / _sum(odds, axis=1, keepdims=True)


def load_model(direction: Direction, *, key: str | None = None) -> Model:
    """Read the weights file; refuse one built from other training files or features."""
    path = MODEL_PATHS[direction]
    with np.load(path, allow_pickle=False) as saved:
        expected = training_key(direction) if key is None else key
        if str(saved["key"]) != expected:
            raise ValueError(
                f"{path.name} was not trained on the current training files; "
                "rebuild it with `python -m safeguarding.screening.train`"
            )
        vocabulary = [str(v) for v in saved["vocabulary"]]
        categories = tuple(str(c) for c in saved["categories"])
        weights = np.asarray(saved["weights"], dtype=np.float32)
        bias = np.asarray(saved["bias"], dtype=np.float32)
        hidden = None
        if "hidden_bias" in saved:
            hidden = Hidden(
                bias=np.asarray(saved["hidden_bias"], dtype=np.float32),
                weights=np.asarray(saved["head_weights"], dtype=np.float32),
                out_bias=np.asarray(saved["head_bias"], dtype=np.float32),
            )
    units = 0 if hidden is None else len(hidden.bias)
    if (
        weights.shape != (len(vocabulary), len(categories) + units)
        or bias.shape != (len(categories),)
        or (hidden is not None and hidden.weights.shape != (units, len(categories)))
        or (hidden is not None and hidden.out_bias.shape != (len(categories),))
    ):
        raise ValueError(f"{path.name} has weights of the wrong shape")
    return Model.from_weights(
        {feature: i for i, feature in enumerate(vocabulary)}, weights, bias, categories, hidden
    )


_lock = threading.Lock()
_models: dict[str, Model] = {}


def get_model(direction: Direction = "pupil") -> Model:
    """Load a direction's model once per process; later calls return the same one."""
    model = _models.get(direction)
    if model is None:
        with _lock:
            model = _models.get(direction)
            if model is None:
                model = _models[direction] = load_model(direction)
    return model


@dataclass(frozen=True)
class Reading:
    """How the model reads one segment of a message."""

    segment: str
    p_disclosure: float
    p_risky: float
    disclosure_category: str
    risky_category: str

    @property
    def escalates(self) -> bool:
        return self.p_disclosure >= ESCALATE_AT

    @property
    def holds(self) -> bool:
        in_band = self.p_disclosure >= DISCLOSURE_HOLD_AT
        return in_band or self.p_disclosure + self.p_risky >= HOLD_AT


@dataclass(frozen=True)
class Score(Reading):
    """How one segment of a message reads to the model, with the cues that soften it."""

    laughing: bool  # a hyperbole cue ("lol", an emoji) in the segment
    mishap: bool  # a hurt explained by sport, an accident or illness, nobody named

    @property
    def softened(self) -> bool:
        """Laughter or a mishap: the segment may hold for a teacher, never escalate."""
        return self.laughing or self.mishap


def score_segments(text: str) -> list[Score]:
    """Score the whole message and each of its sentences and clauses."""
    readings, sincere = _read_segments(text)
    return [_scored(reading, sentence, sincere) for reading, sentence in readings]


def _read_segments(text: str) -> tuple[list[tuple[Reading, str]], bool]:
    """Read the whole message and each of its sentences and clauses, each with its sentence;
    and tell whether its laughter is sincere: the pupil takes a joke back anywhere in it ("lol
    jk... unless"), or disguised words to get past a filter ("s3lf h4rm", "c.u.t.s")."""
    model = get_model("pupil")
    norm = normalise(text[:_MAX_CHARS])
    segments = _segments_in_sentences(norm.folded)
    probabilities, known_shares = model.read_all(list(segments))
    p_disclosure = probabilities * model.disclosure
    p_risky = probabilities * model.risky
    disclosure_sums, risky_sums = _sum(p_disclosure, axis=1), _sum(p_risky, axis=1)
    disclosure_best, risky_best = p_disclosure.argmax(axis=1), p_risky.argmax(axis=1)
    readings = []
    for s, (part, sentence) in enumerate(segments.items()):
        if known_shares[s] < MIN_KNOWN_SHARE:
            continue
        reading = Reading(
            segment=part,
            p_disclosure=float(disclosure_sums[s]),
            p_risky=float(risky_sums[s]),
            disclosure_category=model.categories[int(disclosure_best[s])],
            risky_category=model.categories[int(risky_best[s])],
        )
        readings.append((reading, sentence))
    sincere = bool(lexicon.JOKE_TAKEN_BACK.search(norm.folded)) or disguised(
        norm.original, whole_message=True
    )
    return readings, sincere


def _scored(reading: Reading, sentence: str, sincere: bool = False) -> Score:
    """Look for the cues that soften a segment; laughter the pupil takes back (`sincere`)
    softens nothing."""
    return Score(
        **vars(reading),
        laughing=not sincere
        and lexicon.hyperbole_in(reading.segment)
        and not lexicon.MASKING.search(reading.segment),
        # A reason given anywhere in the sentence explains its clauses too ("my dad hasnt been
        # home since tuesday because hes working away"); laughter does not ("lol that was so
        # funny but he hit me again last night").
        mishap=lexicon.mishap_in(sentence),
    )


def _borne_out(reading: Reading, whole: Reading | None) -> bool:
    """Tell whether the whole message bears out a segment's hold: it reads the same way at
    least a little (`DISCLOSURE_WHOLE_AT`, `RISKY_WHOLE_AT`)."""
    if whole is None or reading is whole:
        return True
    if reading.p_risky > reading.p_disclosure:
        return whole.p_risky >= RISKY_WHOLE_AT
    return whole.p_disclosure >= DISCLOSURE_WHOLE_AT


def _reason(s: Reading, what: str) -> str:
    return (
        f"learned: reads like {what} (disclosure {s.p_disclosure:.2f}, "
        f"risky request {s.p_risky:.2f}) in \u201c{s.segment[:120]}\u201d"
    )


# One pupil message is screened more than once on its way through the worker; the answer is
# the same each time.
@functools.lru_cache(maxsize=4096)
def screen_learned(text: str, leads: tuple[str, ...] = ()) -> ScreenResult:
    """Screen a pupil message with the learned model: escalate, hold for a teacher, or allow.

    `leads` are the disclosure categories the rules saw only weakly; a lead escalates when the
    model reads a disclosure too (`CORROBORATE_AT`) in a sentence without laughter.
    """
    if len(text.split()) < _MIN_SEGMENT_WORDS:
        # "no", "ok", "idk": too little for the model to read; the rules still screen it.
        return ScreenResult(action="allow", layers=("learned",))
    readings, sincere = _read_segments(text)
    # The cues that soften a segment take longer to look for than the model takes to read, and
    # they matter only where it reads a disclosure strongly enough to escalate or corroborate.
    cues_matter_at = min(ESCALATE_AT, CORROBORATE_AT) if leads else ESCALATE_AT
    scores = [
        _scored(r, sentence, sincere)
        for r, sentence in readings
        if r.p_disclosure >= cues_matter_at
    ]
    # As with the rules, laughter softens only the sentence it is in: a laughing segment
    # holds for a teacher instead of escalating. So does a hurt explained by sport, an accident
    # or an illness with nobody named ("i hurt my wrist in pe"): the model reads injuries, not
    # their causes, and the rules still escalate an adult named as the cause.
    escalating = [s for s in scores if s.escalates and not s.softened]
    if escalating:
        s = max(escalating, key=lambda s: s.p_disclosure)
        label = s.disclosure_category.replace("_", " ")
        return ScreenResult(
            action="escalate",
            categories=(s.disclosure_category,),
            severity=2,
            reasons=(_reason(s, f"a {label} disclosure"),),
            layers=("learned",),
        )
    sober = [s for s in scores if not s.softened]
    if leads and sober:
        s = max(sober, key=lambda s: s.p_disclosure)
        if s.p_disclosure >= CORROBORATE_AT:
            category = s.disclosure_category if s.disclosure_category in leads else leads[0]
            label = category.replace("_", " ")
            return ScreenResult(
                action="escalate",
                categories=(category,),
                severity=2,
                reasons=(_reason(s, f"a {label} disclosure, as the rules suspected"),),
                layers=("learned",),
            )
    # A hold (not an escalation) from one sentence or clause needs some of the same reading in
    # the whole message: a short clause read alone ("how do i make it sound real", "i walk him
    # and feed him") says too little to hold a message whose whole reads as ordinary.
    whole = next((r for r, sentence in readings if r.segment == sentence), None)
    holding = [r for r, _ in readings if r.escalates or (r.holds and _borne_out(r, whole))]
    if holding:
        s = max(holding, key=lambda s: s.p_disclosure + s.p_risky)
        if s.p_risky > s.p_disclosure:
            category = s.risky_category
            what = f"a risky request ({category.replace('_', ' ')})"
        else:
            category = s.disclosure_category
            what = f"a possible {category.replace('_', ' ')} disclosure; a teacher checks"
        return ScreenResult(
            action="hold",
            categories=(category,),
            severity=1,
            reasons=(_reason(s, what),),
            layers=("learned",),
        )
    return ScreenResult(action="allow", layers=("learned",))


@functools.lru_cache(maxsize=4096)
def screen_learned_reply(text: str) -> ScreenResult:
    """Screen a tutor reply with the reply model: hold it for a teacher, or allow it.

    The reply model is trained on good tutor replies and on each kind of bad one (an answer
    handed over, a demeaning or biased remark, medical advice, a human persona, flattery,
    contact or secrecy requests, harmful instructions). It reads the reply as a whole; the
    reply rules read it sentence by sentence.
    """
    model = get_model("reply")
    # The whole reply: a short sentence of a reply read alone ("What next?") says too little.
    part = " ".join(normalise(text[:_MAX_CHARS]).folded.split())
    if len(part.split()) < _MIN_SEGMENT_WORDS:
        return ScreenResult(action="allow", layers=("learned",))
    p, known_share = model.read(part)
    bad = model.disclosure | model.risky  # every category but benign
    p = np.where(bad, p, 0.0)
    best = (float(_sum(p)), model.categories[int(p.argmax())], part)
    if known_share < MIN_KNOWN_SHARE or best[0] < REPLY_HOLD_AT:
        return ScreenResult(action="allow", layers=("learned",))
    p_bad, category, part = best
    return ScreenResult(
        action="hold",
        categories=(category,),
        severity=1,
        reasons=(
            f"learned: reads like a reply that breaks the tutor rules "
            f"({category.replace('_', ' ')}, {p_bad:.2f}) in \u201c{part[:120]}\u201d",
        ),
        layers=("learned",),
    )
