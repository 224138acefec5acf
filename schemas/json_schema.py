"""Export the paper-file format as JSON Schema, for editors and for readers of the format.

The committed `schemas/paper_file_schema.json` is generated from the pydantic models, never
edited by hand; a test checks it is current. Regenerate with:

    .venv/bin/python -m claimgraph.schemas.json_schema          # rewrite the file
    .venv/bin/python -m claimgraph.schemas.json_schema --check  # exit 1 if it is stale
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Final

from pydantic.json_schema import models_json_schema

from claimgraph.schemas.paper_file import PaperFile, QuantityCatalogue

SCHEMA_PATH: Final = Path(__file__).with_name("paper_file_schema.json")


def paper_file_json_schema() -> dict[str, Any]:
    """One schema accepting either file shape: a paper file or a quantity catalogue."""
    refs, top = models_json_schema(
        [(PaperFile, "validation"), (QuantityCatalogue, "validation")],
        title="claimgraph paper file",
        description=(
            "One YAML file per source (PaperFile), or a shared list of quantities "
            "(QuantityCatalogue, a file with only a top-level `quantities:` list). "
            "See docs/paper-format.md."
        ),
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **top,
        "anyOf": [
            refs[(PaperFile, "validation")],
            refs[(QuantityCatalogue, "validation")],
        ],
    }


def render_paper_file_json_schema() -> str:
    """The schema as the exact text committed to SCHEMA_PATH (stable key order, final newline)."""
    return json.dumps(paper_file_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_paper_file_json_schema(path: Path = SCHEMA_PATH) -> Path:
    """Regenerate the committed schema file; returns the path written."""
    path.write_text(render_paper_file_json_schema(), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """`--check` compares instead of writing (for CI); otherwise rewrite the file."""
    args = sys.argv[1:] if argv is None else argv
    if "--check" in args:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if current != render_paper_file_json_schema():
            stale = f"{SCHEMA_PATH} is stale: run python -m claimgraph.schemas.json_schema"
            print(stale, file=sys.stderr)
            return 1
        return 0
    print(write_paper_file_json_schema())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
