"""Per-category precision and recall of the screen on the public labelled datasets.

usage: python bench/screen_public.py [DATA_DIR]

DATA_DIR defaults to ../shared/safeguarding/public beside the repository. Each dataset's
labels map to Tutor Console categories (table below); a text counts as flagged for a label
when the screen holds or escalates it with one of the mapped categories. For the OpenAI set a
label is scored only on rows where that label is known, as its authors did. Writes
bench/results/screen_public.json and prints a markdown table.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from safeguarding.screening.pipeline import screen  # noqa: E402

# Public label -> the Tutor Console categories that count as catching it.
LABEL_CATEGORIES = {
    "self_harm": {"self_harm", "eating_disorder", "mental_health_crisis"},
    "sexual": {"sexual_content", "sexual_abuse", "grooming"},
    "sexual_minors": {"sexual_content", "sexual_abuse", "grooming"},
    "violence": {
        "weapons_harm_others",
        "physical_abuse",
        "domestic_abuse",
        "harmful_instructions",
        "radicalisation",
    },
    "hate": {"bullying_hate", "bias", "radicalisation"},
    "harassment": {"bullying_hate", "demeaning_tone"},
    "prompt_injection": {"prompt_injection"},
}
# The OpenAI set's own keys for each label, to score a label only where it is known.
OPENAI_KEYS = {
    "sexual": "S",
    "hate": "H",
    "violence": "V",
    "harassment": "HR",
    "self_harm": "SH",
    "sexual_minors": "S3",
}
DATASETS = (
    "openai_moderation_eval.jsonl",
    "deepset_prompt_injections.jsonl",
    "simplesafetytests.jsonl",
    "xstest_prompts.jsonl",
    "diasafety_responses.jsonl",
)


def _direction(row: dict) -> str:
    return "reply" if row.get("role") == "assistant" else "pupil"


def _known(row: dict, label: str, dataset: str) -> bool:
    """Tell whether the row's label is known (only the OpenAI set has gaps)."""
    if not dataset.startswith("openai"):
        return True
    key = OPENAI_KEYS.get(label)
    return key is None or key in row.get("orig", {})


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def _score(rows: list[dict], dataset: str, use_context: bool) -> dict:
    """Screen every row and count hits per label."""
    results = []
    started = time.perf_counter()
    for row in rows:
        context = [row["context"]] if use_context and row.get("context") else []
        r = screen(row["text"], direction=_direction(row), context=context)
        results.append(r)
    elapsed = time.perf_counter() - started
    labels = sorted({lab for row in rows for lab in row["labels"]} & set(LABEL_CATEGORIES))
    per_label = {}
    for label in labels:
        cats = LABEL_CATEGORIES[label]
        tp = fp = fn = 0
        for row, r in zip(rows, results, strict=True):
            if not _known(row, label, dataset):
                continue
            hit = r.action != "allow" and bool(cats & set(r.categories))
            positive = label in row["labels"]
            tp += hit and positive
            fp += hit and not positive
            fn += positive and not hit
        per_label[label] = {
            "positives": tp + fn,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "flagged": tp + fp,
        }
    harmful = [r for row, r in zip(rows, results, strict=True) if row["labels"] != ["benign"]]
    benign_rows = [
        (row, r)
        for row, r in zip(rows, results, strict=True)
        if row["labels"] == ["benign"] and row.get("labels_complete", True)
    ]
    flagged_benign = sum(r.action != "allow" for _, r in benign_rows)
    return {
        "rows": len(rows),
        "per_label": per_label,
        "any_harm_recall": _rate(sum(r.action != "allow" for r in harmful), len(harmful)),
        "benign_flag_rate": _rate(flagged_benign, len(benign_rows)),
        "benign_rows": len(benign_rows),
        "messages_per_second": round(len(rows) / elapsed) if elapsed else None,
    }


def main(argv: list[str]) -> int:
    default = ROOT.parent / "shared" / "safeguarding" / "public"
    data_dir = Path(argv[1]) if len(argv) > 1 else default
    report: dict[str, dict] = {}
    for name in DATASETS:
        path = data_dir / name
        if not path.exists():
            print(f"skipping {name}: not found in {data_dir}", file=sys.stderr)
            continue
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        report[name] = _score(rows, name, use_context=False)
        if any(row.get("context") for row in rows):
            report[name + " (with context)"] = _score(rows, name, use_context=True)
    out = ROOT / "bench" / "results" / "screen_public.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print("| dataset | label | n | recall | precision |")
    print("|---|---|---:|---:|---:|")
    for name, rep in report.items():
        for label, s in rep["per_label"].items():
            print(f"| {name} | {label} | {s['positives']} | {s['recall']} | {s['precision']} |")
    print()
    print("| dataset | any-harm recall | benign flagged (rate) | benign n |")
    print("|---|---:|---:|---:|")
    for name, rep in report.items():
        print(
            f"| {name} | {rep['any_harm_recall']} | {rep['benign_flag_rate']} "
            f"| {rep['benign_rows']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
