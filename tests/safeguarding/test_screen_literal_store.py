"""The strings that gate the screen's patterns are kept on disk between process starts.

Working them out costs seconds at each start of a web or worker process. A kept answer must be
exactly what working it out gives, and a damaged or stale file must never change what the
screen runs: it is worked out again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Prints every gate the rules, backstop, concepts and personal-data patterns were given, and
# how many answers the process had to work out rather than read.
_DUMP = """
import json
from safeguarding.screening import concepts, lexicon, literals, pii
rules = {d: [[r.id, [sorted(g) for g in r.needs]] for r in rs] for d, rs in lexicon.RULES.items()}
backstop = [[r.id, [sorted(g) for g in r.needs]] for r in lexicon.BACKSTOP.rules]
found = {n: sorted(c.needs) if c.needs is not None else None for n, c in concepts.CONCEPTS.items()}
personal = {k: [sorted(g) for g in v] for k, v in pii._GATES.items()}
print(json.dumps({"worked_out": literals.STORE.worked_out, "rules": rules,
                  "backstop": backstop, "concepts": found, "pii": personal}))
"""


def _screen_gates(var_dir: Path) -> dict:
    env = {**os.environ, "TUTORCONSOLE_VAR_DIR": str(var_dir)}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _DUMP], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def _without_count(gates: dict) -> dict:
    return {k: v for k, v in gates.items() if k != "worked_out"}


def test_a_second_process_reads_every_gate_and_gets_exactly_what_working_it_out_gives(tmp_path):
    cold = _screen_gates(tmp_path)
    warm = _screen_gates(tmp_path)

    assert cold["worked_out"] > 300
    assert warm["worked_out"] == 0
    assert _without_count(warm) == _without_count(cold)
    assert any(needs for _, needs in cold["rules"]["pupil"])


def test_a_damaged_store_is_worked_out_again_with_the_same_gates(tmp_path):
    cold = _screen_gates(tmp_path)
    store = tmp_path / "screen" / "literals.json"
    store.write_text('{"version": "', encoding="utf-8")

    again = _screen_gates(tmp_path)

    assert again["worked_out"] == cold["worked_out"]
    assert _without_count(again) == _without_count(cold)
    assert json.loads(store.read_text(encoding="utf-8"))["entries"]


def test_a_store_written_by_other_code_is_not_trusted(tmp_path):
    cold = _screen_gates(tmp_path)
    store = tmp_path / "screen" / "literals.json"
    data = json.loads(store.read_text(encoding="utf-8"))
    # Entries from other code: every gate claims a string no message contains.
    poisoned = {
        key: ([["zzzz-never"]] if key.startswith("gates") else ["zzzz-never"])
        for key in data["entries"]
    }
    store.write_text(json.dumps({"version": "other-code", "entries": poisoned}), encoding="utf-8")

    again = _screen_gates(tmp_path)

    assert again["worked_out"] == cold["worked_out"]
    assert _without_count(again) == _without_count(cold)


def test_a_folder_that_cannot_be_written_costs_only_time(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")

    gates = _screen_gates(blocked)

    assert gates["worked_out"] > 300
    assert gates["rules"]["pupil"]
