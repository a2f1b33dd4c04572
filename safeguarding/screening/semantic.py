"""The semantic layer: compare a pupil message by meaning with a bank of disclosure descriptions.

The rules catch the wordings they list; a pupil who describes harm in other words ("the coach
does stuff i dont like after everyone leaves") slips past them. This layer embeds the message
with all-MiniLM-L6-v2 (`embedding.py`) and compares it with short, general, first-person
descriptions of each kind of disclosure, and with a bank of everyday school messages that share
their words (set texts about death, maths with knives, idioms).

For the whole message and for each sentence or clause:
- `d` is the highest cosine to any disclosure description, and `b` to any benign one;
- it escalates when `d >= ESCALATE_AT` and `d - b >= ESCALATE_MARGIN`;
- it holds for a teacher when `d >= HOLD_AT` and `d - b >= HOLD_MARGIN`.

It runs on pupil messages only, and only makes a result stricter (the pipeline merges it with
`stricter`). The thresholds were set on the dev set and the screen's own tests; see
docs/safeguarding-screen.md, "Semantic layer".
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from safeguarding.screening import embedding, lexicon
from safeguarding.screening.categories import DISCLOSURE_CATEGORIES
from safeguarding.screening.normalise import normalise
from safeguarding.screening.types import ScreenResult

PROTOTYPES_PATH = Path(__file__).parent / "data" / "semantic_prototypes.txt"
# The bank's embeddings, saved so a new worker process does not spend seconds embedding it
# before its first message. Used only when its key matches the prototype file and the weights;
# otherwise the bank is embedded afresh. Rebuild with `python -m safeguarding.screening.semantic`.
CACHE_PATH = Path(__file__).parent / "data" / "semantic_prototypes.npz"

ESCALATE_AT = 0.55
ESCALATE_MARGIN = 0.10
HOLD_AT = 0.50
HOLD_MARGIN = 0.08

# Long messages are cut: the encoder reads 128 tokens, and a pupil's disclosure is one sentence.
_MAX_CHARS = 2000
_MAX_SEGMENTS = 12
_MIN_SEGMENT_WORDS = 3
# A clause this short ("make it violent") is read out of its sentence; only longer ones count.
_MIN_CLAUSE_WORDS = 4
_SENTENCE = re.compile(r"(?<=[.!?;\n])\s*|\s+-\s+")
_CLAUSE = re.compile(r",\s*|\s+(?:but|and then|so|because|cos|coz)\s+")


@dataclass(frozen=True)
class Bank:
    """The prototype sentences, their categories and their embeddings (rows are unit vectors)."""

    texts: tuple[str, ...]
    categories: tuple[str, ...]  # a disclosure category code, or "benign"
    vectors: np.ndarray
    disclosure: np.ndarray  # boolean mask over rows

    @property
    def benign(self) -> np.ndarray:
        return ~self.disclosure


def read_prototypes(path: Path = PROTOTYPES_PATH) -> list[tuple[str, str]]:
    """Read `category: sentence` lines; reject an unknown category so a typo cannot go unused."""
    rows = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        category, sep, text = line.partition(":")
        category, text = category.strip(), text.strip()
        if sep != ":" or not text:
            raise ValueError(f"{path.name}:{number}: expected 'category: sentence'")
        if category == "sextortion":
            category = "grooming"  # sextortion is screened and labelled with grooming and CSE
        if category != "benign" and category not in DISCLOSURE_CATEGORIES:
            raise ValueError(f"{path.name}:{number}: unknown category {category!r}")
        rows.append((category, text))
    return rows


_lock = threading.Lock()
_bank: Bank | None = None


def bank_key(path: Path = PROTOTYPES_PATH) -> str:
    """Identify a prototype file embedded with these weights."""
    return hashlib.sha256(embedding.WEIGHTS_SHA256.encode() + path.read_bytes()).hexdigest()


def _cached_vectors(key: str, rows: int) -> np.ndarray | None:
    try:
        with np.load(CACHE_PATH, allow_pickle=False) as cache:
            if str(cache["key"]) != key or cache["vectors"].shape != (rows, embedding.HIDDEN):
                return None
            return np.asarray(cache["vectors"], dtype=np.float32)
    except (OSError, KeyError, ValueError):
        return None


def write_cache() -> Path:
    """Embed the prototype bank and save it beside the prototype file."""
    rows = read_prototypes()
    vectors = embedding.embed([text for _, text in rows])
    np.savez(CACHE_PATH, key=np.array(bank_key()), vectors=vectors)
    return CACHE_PATH


def get_bank() -> Bank:
    """Embed the prototype bank once per process (or read it from the matching cache)."""
    global _bank
    if _bank is None:
        with _lock:
            if _bank is None:
                rows = read_prototypes()
                # The encoder loads either way: a missing model must fail here, not later.
                encoder = embedding.get_encoder()
                vectors = _cached_vectors(bank_key(), len(rows))
                if vectors is None:
                    vectors = encoder.embed([text for _, text in rows])
                categories = tuple(c for c, _ in rows)
                _bank = Bank(
                    texts=tuple(t for _, t in rows),
                    categories=categories,
                    vectors=vectors,
                    disclosure=np.array([c != "benign" for c in categories]),
                )
    return _bank


def segments(text: str) -> list[str]:
    """Split a message into the whole, its sentences and its clauses (duplicates dropped)."""
    text = " ".join(text[:_MAX_CHARS].split())
    parts = [text]
    for sentence in _SENTENCE.split(text):
        sentence = sentence.strip(" .!?;")
        if len(sentence.split()) >= _MIN_SEGMENT_WORDS:
            parts.append(sentence)
        clauses = [c.strip(" .!?;") for c in _CLAUSE.split(sentence)]
        parts.extend(c for c in clauses if len(c.split()) >= _MIN_CLAUSE_WORDS)
    return list(dict.fromkeys(parts))[:_MAX_SEGMENTS]


@dataclass(frozen=True)
class Score:
    """How close one segment of a message is to a disclosure and to everyday wording."""

    segment: str
    category: str
    disclosure: float
    benign: float
    prototype: str
    laughing: bool  # a hyperbole cue ("lol", "if i get another detention") in the segment

    @property
    def margin(self) -> float:
        return self.disclosure - self.benign

    @property
    def escalates(self) -> bool:
        return self.disclosure >= ESCALATE_AT and self.margin >= ESCALATE_MARGIN

    @property
    def holds(self) -> bool:
        return self.disclosure >= HOLD_AT and self.margin >= HOLD_MARGIN


def _laughing(segment: str) -> bool:
    norm = normalise(segment)
    return bool(lexicon.HYPERBOLE.search(norm.folded) or lexicon.EMOJI_LAUGH.search(norm.plain))


def score_segments(text: str) -> list[Score]:
    """Score the whole message and each sentence and clause against the prototype bank."""
    bank = get_bank()
    parts = segments(text)
    sims = embedding.embed(parts) @ bank.vectors.T  # (segments, prototypes)
    disclosure_sims = np.where(bank.disclosure[None, :], sims, -1.0)
    benign_best = np.where(bank.benign[None, :], sims, -1.0).max(axis=1)
    best = disclosure_sims.argmax(axis=1)
    return [
        Score(
            segment=part,
            category=bank.categories[int(best[i])],
            disclosure=float(disclosure_sims[i, best[i]]),
            benign=float(benign_best[i]),
            prototype=bank.texts[int(best[i])],
            laughing=_laughing(part),
        )
        for i, part in enumerate(parts)
    ]


def score(text: str) -> Score:
    """Return the segment that most clearly clears the escalation gates."""
    return max(
        score_segments(text),
        key=lambda s: min(s.disclosure - ESCALATE_AT, s.margin - ESCALATE_MARGIN),
    )


def _reason(s: Score) -> str:
    return (
        f"close in meaning to a {s.category.replace('_', ' ')} disclosure "
        f"(similarity {s.disclosure:.2f}, {s.margin:+.2f} over everyday wording)"
    )


# One pupil message is screened more than once on its way through the worker (before the
# reply is written, by the classifier step, when a concern opens); the answer is the same.
@functools.lru_cache(maxsize=1024)
def screen_semantic(text: str) -> ScreenResult:
    """Screen a pupil message by meaning: escalate, hold for a teacher, or allow."""
    if len(text.split()) < _MIN_SEGMENT_WORDS:
        return ScreenResult(action="allow", layers=("semantic",))
    scores = score_segments(text)
    # As with the rules, laughter softens only the sentence it is in: a laughing segment never
    # escalates, and holds only when it is as close as an escalation would need.
    escalating = [s for s in scores if s.escalates and not s.laughing]
    if escalating:
        s = max(escalating, key=lambda s: s.disclosure)
        return ScreenResult(
            action="escalate",
            categories=(s.category,),
            severity=2,
            reasons=(f"semantic: {_reason(s)}",),
            layers=("semantic",),
        )
    holding = [s for s in scores if s.escalates or (s.holds and not s.laughing)]
    if holding:
        s = max(holding, key=lambda s: s.disclosure)
        return ScreenResult(
            action="hold",
            categories=("risk_words",),
            severity=1,
            reasons=(f"semantic: possibly {_reason(s)}; a teacher checks",),
            layers=("semantic",),
        )
    return ScreenResult(action="allow", layers=("semantic",))


if __name__ == "__main__":
    print(write_cache())
