#!/usr/bin/env python3
"""Generated specs whose shape once made locating findings quadratic.

    python benchmarks/shapes.py DIR      # writes the files below into DIR

* minified.json: one 2.1 MB line, 15,000 findings. Each finding's column used to be
  counted from the start of the line: 7 s where the same spec pretty-printed took 0.8 s.
* pretty.json:   the same spec, indented: the reference for minified.json.
* aliases.yaml:  20,000 path items, each an alias of one anchored item (390 KB, 60,000
  findings). Findings behind an alias are located by PyYAML's composer, which scanned
  a mapping's keys once per finding: 20 s.

run.py measures them with `--shapes`. Deterministic; standard library only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MINIFIED_OPERATIONS = 5_000  # three findings each: verb in path, camelCase segment, no error response
ALIASED_PATH_ITEMS = 20_000
_FILLER = "lorem ipsum dolor sit amet " * 12  # real descriptions are long: so is the line


def _operations_spec() -> dict:
    paths = {
        f"/getThing{i}": {"get": {"operationId": f"op{i}", "responses": {"200": {"description": f"thing {i}: " + _FILLER}}}}
        for i in range(MINIFIED_OPERATIONS)
    }
    return {"openapi": "3.0.3", "info": {"title": "minified", "version": "1"}, "paths": paths}


def aliases_yaml() -> str:
    lines = [
        "openapi: 3.0.3",
        "info: {title: aliases, version: '1'}",
        "x-item: &item",
        "  get:",
        "    responses:",
        "      '200': {description: ok}",
        "paths:",
    ]
    lines += [f"  /getT{i}: *item" for i in range(ALIASED_PATH_ITEMS)]
    return "\n".join(lines) + "\n"


SHAPES = {
    "minified.json": lambda: json.dumps(_operations_spec(), separators=(",", ":")) + "\n",
    "pretty.json": lambda: json.dumps(_operations_spec(), indent=2) + "\n",
    "aliases.yaml": aliases_yaml,
}


def write_shapes(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in SHAPES.items():
        path = directory / name
        path.write_text(make(), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    for path in write_shapes(Path(argv[0])):
        print(f"{path} ({path.stat().st_size / 1e3:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
