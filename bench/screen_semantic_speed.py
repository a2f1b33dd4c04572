"""Messages per second of the whole pipeline with and without the semantic layer.

usage: python bench/screen_semantic_speed.py [SECONDS]

Screens the same mix of messages as bench/screen_speed.py through `pipeline.screen` for about
SECONDS (default 10) each way: with the semantic layer switched off, and on (the default). BLAS
is limited to one thread by the layer itself, so the per-core rate is CPU time. Also times the
import of the pipeline, which loads the model and the prototype bank. Writes
bench/results/screen_semantic_speed.json.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.screen_speed import PUPIL, REPLY  # noqa: E402

_import_started = time.perf_counter()
from safeguarding.screening import pipeline, semantic  # noqa: E402  (loads the model)

LOAD_SECONDS = time.perf_counter() - _import_started


def _rate(batch: list[tuple[str, str]], seconds: float) -> dict:
    count = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    while time.perf_counter() - started < seconds:
        # Each pass must pay for the model: the layer remembers texts it has already screened.
        semantic.screen_semantic.cache_clear()
        for text, direction in batch:
            pipeline.screen(text, direction=direction)
        count += len(batch)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    return {
        "messages": count,
        "messages_per_second_per_core": round(count / cpu, 1),
        "messages_per_second_wall": round(count / wall, 1),
    }


def main(argv: list[str]) -> int:
    seconds = float(argv[1]) if len(argv) > 1 else 10.0
    batch = [(t, "pupil") for t in PUPIL] + [(t, "reply") for t in REPLY]
    semantic.get_bank()
    skipped = sum(pipeline.screen_local(t, direction="pupil").action == "escalate" for t in PUPIL)
    with mock.patch.object(pipeline, "semantic_enabled", return_value=False):
        off = _rate(batch, seconds)
    on = _rate(batch, seconds)
    result = {
        "rules_only": off,
        "with_semantic_layer": on,
        "pipeline_import_with_model_load_seconds": round(LOAD_SECONDS, 2),
        "pupil_messages_in_mix": len(PUPIL),
        "pupil_messages_the_rules_escalate_so_the_model_skips": skipped,
        "replies_in_mix": len(REPLY),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    out = ROOT / "bench" / "results" / "screen_semantic_speed.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"pipeline import with model load: {result['pipeline_import_with_model_load_seconds']} s")
    for name in ("rules_only", "with_semantic_layer"):
        r = result[name]
        print(
            f"{name}: {r['messages_per_second_per_core']} messages/second on one core "
            f"({r['messages_per_second_wall']} wall)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
