"""Draw a reproducible sample of findings to hand-check a rule's precision.

    apilint check ../shared/corpus/openapi --ref-root ../shared/corpus/openapi --format json -o report.json
    python scripts/sample_findings.py report.json --seed 10 --per-rule 10 --rule no-verb-in-path

For each rule (in the order given), its findings are sorted by (file, line, column, message) and
shuffled by one `random.Random(seed)`; findings are then taken in that order, at most
`--per-api` from one API (the folder under `corpus/openapi/`), so one big spec cannot fill the
sample. The issue 8 closing note's precision figures were judged on samples drawn this way.
"""

from __future__ import annotations

import argparse
import collections
import json
import random


def api_of(path: str) -> str:
    marker = "corpus/openapi/"
    at = path.find(marker)
    return path[at + len(marker) :].split("/")[0] if at >= 0 else path


def sample(findings: list[dict], rules: list[str], seed: int, per_rule: int, per_api: int) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    picked: dict[str, list[dict]] = {}
    for rule in rules:
        order = sorted(
            (f for f in findings if f["rule"] == rule), key=lambda f: (f["file"], f["line"], f["column"], f["message"])
        )
        rng.shuffle(order)
        taken: list[dict] = []
        per: collections.Counter[str] = collections.Counter()
        for finding in order:
            if len(taken) == per_rule:
                break
            if per[api_of(finding["file"])] < per_api:
                taken.append(finding)
                per[api_of(finding["file"])] += 1
        picked[rule] = taken
    return picked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", help="a JSON report of `apilint check --format json`")
    parser.add_argument("--rule", action="append", required=True, help="a rule id (repeatable, in order)")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--per-rule", type=int, default=10)
    parser.add_argument("--per-api", type=int, default=4)
    args = parser.parse_args()
    with open(args.report, encoding="utf-8") as report:
        findings = json.load(report)["findings"]
    for rule, taken in sample(findings, args.rule, args.seed, args.per_rule, args.per_api).items():
        print(f"== {rule}: {len(taken)} sampled")
        for finding in taken:
            print(f"[{finding['severity']}] {finding['file']}:{finding['line']}\n    {finding['message']}")


if __name__ == "__main__":
    main()
