"""Messages per second per core of the local screen: the rules and the learned layer together.

usage: python bench/screen_speed.py [--messages N] [--runs R]

Screens N distinct pupil messages and tutor replies through `pipeline.screen` (the rules, the
learned layer and the school policy: everything but the optional API classifier) on one core,
R times, and reports the median rate. The texts are the labelled sets in the repository (the
blind sets and the learned layer's training files), taken in one fixed shuffled order so that
the mix does not depend on which file sorts first, and each made unique with a question number
so that no per-text cache can answer for it; the per-word caches (the learned layer's weights,
normalise's word repairs) stay, as they do in a worker. Writes bench/results/screen_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutorconsole.settings.dev")

import django  # noqa: E402

django.setup()

from safeguarding.screening import learned  # noqa: E402
from safeguarding.screening.local import screen_local  # noqa: E402
from safeguarding.screening.normalise import normalise  # noqa: E402
from safeguarding.screening.pipeline import screen  # noqa: E402

# The same shuffled order on every run and machine.
SAMPLE_SEED = 20261123


def corpus() -> list[tuple[str, str]]:
    """Every labelled text in the repository, with its direction."""
    texts: list[tuple[str, str]] = []
    for path in sorted((ROOT / "bench" / "data").glob("blind_set*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts.append((record["text"], record["direction"]))
    for direction, folder in learned.TRAINING_DIRS.items():
        for path in sorted(folder.glob("*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    texts.append((line.partition(":")[2].strip(), direction))
    return texts


def clear_caches() -> None:
    normalise.cache_clear()
    learned.screen_learned.cache_clear()
    learned.screen_learned_reply.cache_clear()


def rate(batch: list[tuple[str, str]], fn) -> float:
    clear_caches()
    started = time.process_time()
    for text, direction in batch:
        fn(text, direction)
    return len(batch) / (time.process_time() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    base = corpus()
    random.Random(SAMPLE_SEED).shuffle(base)  # noqa: S311 - a fixed sample, not security
    batch = [
        (f"q{i}: {text}", direction)
        for i, (text, direction) in enumerate(base[i % len(base)] for i in range(args.messages))
    ]
    learned.get_model("pupil")
    learned.get_model("reply")
    for text, direction in batch[:200]:  # warm the word cache, as a running worker has it
        screen(text, direction=direction)

    layers = {
        "all_local_layers": lambda t, d: screen(t, direction=d),
        "rules_only": lambda t, d: screen_local(t, direction=d),
        "learned_only": lambda t, d: (
            learned.screen_learned(t) if d == "pupil" else learned.screen_learned_reply(t)
        ),
    }
    figures = {}
    for name, fn in layers.items():
        rates = [rate(batch, fn) for _ in range(args.runs)]
        figures[name] = {
            "messages_per_second_per_core_median": round(statistics.median(rates)),
            "runs": [round(r) for r in rates],
        }
    result = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "settings": {
            "messages": len(batch),
            "distinct_base_texts": len(base),
            "sample": f"all labelled texts shuffled with seed {SAMPLE_SEED}",
            "pupil_share": round(sum(d == "pupil" for _, d in batch) / len(batch), 2),
            "mean_chars": round(sum(len(t) for t, _ in batch) / len(batch)),
            "runs": args.runs,
            "timer": "process CPU time, one thread",
        },
        "figures": figures,
    }
    out = ROOT / "bench" / "results" / "screen_speed.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"machine: {result['machine']}")
    print(f"settings: {result['settings']}")
    print("| layers | messages/second on one core (median) | runs |")
    print("|---|---:|---|")
    for name, f in figures.items():
        print(f"| {name} | {f['messages_per_second_per_core_median']} | {f['runs']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
