"""The guides in docs/ stay in place: none is emptied, and the performance guide keeps every
benchmark's command next to its figures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_no_guide_is_empty(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# "), f"{path.name} has lost its title"
    assert len(text.split()) >= 200, f"{path.name} has lost most of its text"


def test_the_performance_guide_gives_every_benchmark_command() -> None:
    text = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    benchmarks = sorted(
        p.name for p in (ROOT / "bench").glob("*.py") if p.name not in {"__init__.py", "stack.py"}
    )
    missing = [name for name in benchmarks if f"bench/{name}" not in text]
    assert not missing, f"docs/performance.md gives no command for {missing}"
