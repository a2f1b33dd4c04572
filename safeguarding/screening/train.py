"""Train the learned layer's weights from the labelled files in `data/training/`.

    python -m safeguarding.screening.train          # write data/learned_pupil.npz and _reply.npz
    python -m safeguarding.screening.train --cv     # also report 5-fold cross-validation

The pupil model learns from `data/training/pupil/`, the reply model from `data/training/reply/`.
Each training file holds `category: message` lines (# starts a comment). `benign` marks an
everyday or lesson message; any other code must be a screening category. Training needs
scikit-learn (a development dependency); the screen itself reads only the saved weights.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

from safeguarding.screening import learned
from safeguarding.screening.categories import CATEGORIES, DISCLOSURE_CATEGORIES
from safeguarding.screening.normalise import normalise

# Inverse regularisation strength of the logistic regression.
C = 16.0
# The pupil model's second reader: a hidden layer of this many units over the same features,
# trained for this many passes (see `fit`). The reply model has none.
HIDDEN_UNITS = {"pupil": 32, "reply": 0}
HIDDEN_PASSES = 12
# A feature seen in fewer training messages than this is dropped: it would fit one sentence.
MIN_COUNT = 2


def read_training(training_dir: Path) -> list[tuple[str, str]]:
    """Read every training file; reject an unknown category so a typo cannot go unused."""
    rows = []
    for path in sorted(training_dir.glob("*.txt")):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            category, sep, text = line.partition(":")
            category, text = category.strip(), text.strip()
            if sep != ":" or not text:
                raise ValueError(f"{path.name}:{number}: expected 'category: message'")
            if category != "benign" and category not in CATEGORIES:
                raise ValueError(f"{path.name}:{number}: unknown category {category!r}")
            rows.append((category, text))
    return rows


def _matrix(texts: list[str], vocabulary: dict[str, int]):
    from scipy import sparse

    indptr, indices, data = [0], [], []
    for text in texts:
        found = learned.features(normalise(text).folded)
        known = Counter(vocabulary[f] for f in found if f in vocabulary)
        scale = 1.0 / np.sqrt(max(len(found), 1))
        for index in sorted(known):
            indices.append(index)
            data.append(known[index] * scale)
        indptr.append(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(texts), len(vocabulary)))


Fitted = tuple[dict[str, int], np.ndarray, np.ndarray, list[str], "learned.Hidden | None"]


def fit(rows: list[tuple[str, str]], hidden_units: int = 0) -> Fitted:
    """Fit the model; return the vocabulary, weights, bias, categories and hidden layer.

    The weights have a column per category (the logistic regression) and, with
    `hidden_units`, a column per hidden unit: the first layer of a small neural network
    (scikit-learn's MLPClassifier, ReLU, softmax out) fitted to the same features. The linear
    model adds up what each word says; the hidden layer can weigh words together ("lesson" with
    "my stepdad" is not "lesson" alone). The screen averages the two readers' probabilities.
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    counts: Counter[str] = Counter()
    for _, text in rows:
        counts.update(learned.features(normalise(text).folded))
    vocabulary = {
        f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))
    }
    categories = sorted({c for c, _ in rows})
    y = np.array([categories.index(c) for c, _ in rows])
    x = _matrix([t for _, t in rows], vocabulary)
    classifier = LogisticRegression(C=C, max_iter=5000)
    classifier.fit(x, y)
    weights = classifier.coef_.T.astype(np.float32)
    hidden = None
    if hidden_units:
        network = MLPClassifier(
            hidden_layer_sizes=(hidden_units,),
            max_iter=HIDDEN_PASSES,
            batch_size=min(128, len(rows)),
            random_state=1,
        )
        with warnings.catch_warnings():
            # A fixed number of passes, not convergence, is the stopping rule.
            warnings.simplefilter("ignore", ConvergenceWarning)
            network.fit(x, y)
        weights = np.hstack([weights, network.coefs_[0].astype(np.float32)])
        hidden = learned.Hidden(
            bias=network.intercepts_[0].astype(np.float32),
            weights=network.coefs_[1].astype(np.float32),
            out_bias=network.intercepts_[1].astype(np.float32),
        )
    # Drop features whose weights are all but zero: they cannot change an answer.
    keep = np.abs(weights).max(axis=1) > 1e-4
    kept = [f for f, i in sorted(vocabulary.items(), key=lambda kv: kv[1]) if keep[i]]
    return (
        {f: i for i, f in enumerate(kept)},
        weights[keep],
        classifier.intercept_.astype(np.float32),
        categories,
        hidden,
    )


def save(direction, vocabulary, weights, bias, categories, hidden=None) -> None:
    extra = {}
    if hidden is not None:
        extra = {
            "hidden_bias": hidden.bias,
            "head_weights": hidden.weights,
            "head_bias": hidden.out_bias,
        }
    np.savez_compressed(
        learned.MODEL_PATHS[direction],
        key=np.array(learned.training_key(direction)),
        vocabulary=np.array(sorted(vocabulary, key=vocabulary.get)),
        weights=weights.astype(np.float16),
        bias=bias,
        categories=np.array(categories),
        **extra,
    )


# The pupil thresholds are picked from the cross-validation by fixed rules, never on an
# evaluation set. With a hold band, what reaches the DSL and what reaches anyone are separate
# questions, so each has its own budget of held-out look-alikes:
# - escalate_at: the lowest on ESCALATE_GRID at which the model escalates at most
#   ESCALATE_BENIGN_BUDGET of them;
# - hold_at stays at the 0.80 the earlier rule picked;
# - the hold band: the lowest DISCLOSURE_HOLD_AT on BAND_GRID at which the model flags (holds
#   or escalates) at most FLAG_BENIGN_BUDGET of them in all.
ESCALATE_GRID = (0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80)
ESCALATE_BENIGN_BUDGET = 0.025
BAND_GRID = (0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75)
FLAG_BENIGN_BUDGET = 0.04


def _kind(category: str) -> str:
    if category in DISCLOSURE_CATEGORIES:
        return "disclosure"
    return "benign" if category == "benign" else "risky"


def outcome_rates(
    scored: list[tuple[str, float, float]], escalate_at: float, hold_at: float, band_at: float
) -> dict[str, float]:
    """Share of held-out messages per outcome, for one set of pupil thresholds."""
    n: Counter = Counter()
    for category, p_disclosure, p_flagged in scored:
        if p_disclosure >= escalate_at:
            action = "escalate"
        elif p_flagged >= hold_at or p_disclosure >= band_at:
            action = "hold"
        else:
            action = "allow"
        kind = _kind(category)
        n[kind] += 1
        n[kind, action] += 1
    return {
        "escalated": n["disclosure", "escalate"] / n["disclosure"],
        "held": n["disclosure", "hold"] / n["disclosure"],
        "missed": n["disclosure", "allow"] / n["disclosure"],
        "risky": 1 - n["risky", "allow"] / n["risky"],
        "benign": 1 - n["benign", "allow"] / n["benign"],
        "benign_escalated": n["benign", "escalate"] / n["benign"],
    }


def choose_escalate(scored: list[tuple[str, float, float]]) -> float:
    """The lowest escalation threshold whose look-alikes escalated stay within the budget."""
    for escalate_at in ESCALATE_GRID:
        rates = outcome_rates(scored, escalate_at, hold_at=1.01, band_at=1.01)
        if rates["benign_escalated"] <= ESCALATE_BENIGN_BUDGET:
            return escalate_at
    raise ValueError("no escalation threshold keeps within the look-alike budget")


def choose_band(
    scored: list[tuple[str, float, float]], escalate_at: float, hold_at: float
) -> float:
    """The lowest hold-band threshold whose look-alikes flagged stay within the budget."""
    for band_at in BAND_GRID:
        if band_at >= escalate_at:
            break
        if outcome_rates(scored, escalate_at, hold_at, band_at)["benign"] <= FLAG_BENIGN_BUDGET:
            return band_at
    return escalate_at  # no band


def cross_validate(
    direction: str, rows: list[tuple[str, str]], hidden_units: int = 0, folds: int = 5
) -> None:
    """Report, per threshold, how held-out folds of the training files fare."""
    import random

    order = list(range(len(rows)))
    random.Random(2026).shuffle(order)
    scored: list[tuple[str, float, float]] = []  # (category, best p_disclosure, best p_flagged)
    for k in range(folds):
        test = set(order[k::folds])
        vocabulary, weights, bias, categories, hidden = fit(
            [r for i, r in enumerate(rows) if i not in test], hidden_units
        )
        model = learned.Model.from_weights(
            vocabulary, weights, bias, tuple(categories), hidden
        )
        disclosure, benign = model.disclosure, ~model.disclosure & ~model.risky
        for i in test:
            category, text = rows[i]
            parts = learned.segments(normalise(text).folded)
            if direction == "reply":
                parts = parts[:1]
            probs = np.array([model.probabilities(p) for p in parts])
            scored.append(
                (
                    category,
                    float(probs[:, disclosure].sum(axis=1).max()),
                    float(probs[:, ~benign].sum(axis=1).max()),
                )
            )
    print(f"{direction}: {folds}-fold cross-validation on {len(rows)} training messages")
    if direction == "reply":
        print("hold_at | bad replies held | good replies held")
        for hold_at in (0.5, 0.6, 0.7, 0.8, 0.9):
            bad = [p >= hold_at for c, _, p in scored if c != "benign"]
            good = [p >= hold_at for c, _, p in scored if c == "benign"]
            print(f"{hold_at:7.2f} | {sum(bad) / len(bad):6.1%} | {sum(good) / len(good):5.1%}")
        return
    print("escalate_at hold_at | disclosures escalated, allowed | risky held | benign flagged")
    for escalate_at in (0.4, 0.5, 0.6, 0.7, 0.8):
        for hold_at in (0.5, 0.6, 0.7, 0.8):
            r = outcome_rates(scored, escalate_at, hold_at, band_at=escalate_at)
            print(
                f"{escalate_at:11.2f} {hold_at:7.2f} | {r['escalated']:6.1%}, {r['missed']:5.1%} | "
                f"{r['risky']:6.1%} | {r['benign']:5.1%}"
            )
    escalate_at, hold_at = choose_escalate(scored), learned.HOLD_AT
    print(
        f"rule: escalate_at {escalate_at:.2f} (lowest with at most "
        f"{ESCALATE_BENIGN_BUDGET:.1%} of look-alikes escalated); hold_at {hold_at:.2f}"
    )
    print(f"hold band at escalate_at {escalate_at:.2f}, hold_at {hold_at:.2f}:")
    print(
        "band_at | disclosures escalated, held, allowed | risky held | benign flagged (escalated)"
    )
    for band_at in BAND_GRID:
        r = outcome_rates(scored, escalate_at, hold_at, band_at)
        print(
            f"{band_at:7.2f} | {r['escalated']:6.1%}, {r['held']:5.1%}, {r['missed']:5.1%} | "
            f"{r['risky']:6.1%} | {r['benign']:5.1%} ({r['benign_escalated']:.1%})"
        )
    band_at = choose_band(scored, escalate_at, hold_at)
    print(
        f"rule: disclosure_hold_at {band_at:.2f} "
        f"(lowest with at most {FLAG_BENIGN_BUDGET:.0%} of look-alikes flagged)"
    )
    chosen = (learned.ESCALATE_AT, learned.HOLD_AT, learned.DISCLOSURE_HOLD_AT)
    if chosen != (escalate_at, hold_at, band_at):
        print(
            f"note: learned.py uses {chosen}; the rule now picks {(escalate_at, hold_at, band_at)}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cv", action="store_true", help="also report cross-validation")
    parser.add_argument(
        "--direction",
        choices=("pupil", "reply"),
        action="append",
        help="train only this direction's model (default: both)",
    )
    parser.add_argument(
        "--hidden-units",
        type=int,
        help="units of the pupil model's hidden layer (default "
        f"{HIDDEN_UNITS['pupil']}; 0 for the linear model alone, to compare)",
    )
    args = parser.parse_args(argv)
    units = dict(HIDDEN_UNITS)
    if args.hidden_units is not None:
        units["pupil"] = args.hidden_units
    for direction in args.direction or ("pupil", "reply"):
        rows = read_training(learned.TRAINING_DIRS[direction])
        counts = dict(Counter(c for c, _ in rows).most_common())
        print(f"{direction}: {len(rows)} training messages: {counts}")
        if args.cv:
            cross_validate(direction, rows, units[direction])
        vocabulary, weights, bias, categories, hidden = fit(rows, units[direction])
        save(direction, vocabulary, weights, bias, categories, hidden)
        print(
            f"wrote {learned.MODEL_PATHS[direction]} ({len(vocabulary)} features, "
            f"{len(categories)} categories)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
