"""Export the file formats as JSON Schema, for editors and for readers of the format.

Two schemas, one per file shape: a paper file (one source and what it says) and the quantity
catalogue (corpus/quantities.yaml). One schema with a top-level `anyOf` of both made every
mistake in a paper file lead with the catalogue's complaint ("additional properties"), so each
file names the schema of its own shape in its first line (`SCHEMA_LINE_PREFIX`), which the YAML
language server (VS Code, Neovim, Helix, Zed) reads.

The committed files are generated from the pydantic models, never edited by hand; a test checks
they are current. Regenerate with:

    .venv/bin/python -m claimgraph.schemas.json_schema          # rewrite the files
    .venv/bin/python -m claimgraph.schemas.json_schema --check  # exit 1 if one is stale
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel

from claimgraph.schemas.paper_file import PaperFile, QuantityCatalogue

HERE: Final = Path(__file__).parent
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_LINE_PREFIX: Final = "# yaml-language-server: $schema="
"""The modeline the YAML language server reads to pick a file's schema."""


@dataclass(frozen=True, slots=True)
class FileSchema:
    """One file shape and where its generated schema is committed."""

    model: type[BaseModel]
    path: Path
    schema_id: str
    """A name, not an address: nothing is fetched by it (editors read `path`)."""
    title: str
    description: str

    def document(self) -> dict[str, Any]:
        schema = self.model.model_json_schema(mode="validation")
        return {
            "$schema": DIALECT,
            "$id": self.schema_id,
            **schema,
            "title": self.title,
            "description": self.description,
        }

    def render(self) -> str:
        """The exact committed text: stable key order, final newline."""
        return json.dumps(self.document(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def is_current(self) -> bool:
        return self.path.exists() and self.path.read_text(encoding="utf-8") == self.render()


PAPER_FILE_SCHEMA: Final = FileSchema(
    model=PaperFile,
    path=HERE / "paper_file_schema.json",
    schema_id="urn:claimgraph:schema:paper-file:1",
    title="claimgraph paper file",
    description=(
        "One YAML file per source: the source, the quantities it introduces, its claims, "
        "evidence, critiques, groupings and decompositions. See docs/paper-format.md."
    ),
)
CATALOGUE_SCHEMA: Final = FileSchema(
    model=QuantityCatalogue,
    path=HERE / "quantity_catalogue_schema.json",
    schema_id="urn:claimgraph:schema:quantity-catalogue:1",
    title="claimgraph quantity catalogue",
    description=(
        "The quantities several sources measure (corpus/quantities.yaml): a file with only a "
        "top-level `quantities:` list. See docs/paper-format.md."
    ),
)
FILE_SCHEMAS: Final = (PAPER_FILE_SCHEMA, CATALOGUE_SCHEMA)

SCHEMA_PATH: Final = PAPER_FILE_SCHEMA.path
"""The paper-file schema, the one a new file needs."""


def schema_line(schema: FileSchema, written_to: Path | None = None) -> str:
    """The modeline for a file at `written_to`: relative when it can be, else absolute.

    Relative paths keep working when the checkout moves (corpus/ holds `../schemas/…`, also
    inside the installed package); a draft printed to stdout has no place yet, so it gets the
    absolute path of this installation's schema.
    """
    target = schema.path.resolve()
    if written_to is None:
        return f"{SCHEMA_LINE_PREFIX}{target}"
    try:
        relative = os.path.relpath(target, written_to.resolve().parent)
    except ValueError:  # another drive: no relative path exists
        return f"{SCHEMA_LINE_PREFIX}{target}"
    return f"{SCHEMA_LINE_PREFIX}{Path(relative).as_posix()}"


def render_paper_file_json_schema() -> str:
    """The paper-file schema's committed text."""
    return PAPER_FILE_SCHEMA.render()


def write_schemas() -> list[Path]:
    """Regenerate every committed schema; returns the paths written."""
    for schema in FILE_SCHEMAS:
        schema.path.write_text(schema.render(), encoding="utf-8")
    return [schema.path for schema in FILE_SCHEMAS]


def main(argv: list[str] | None = None) -> int:
    """`--check` compares instead of writing (for CI); otherwise rewrite the files."""
    args = sys.argv[1:] if argv is None else argv
    if "--check" in args:
        stale = [schema.path for schema in FILE_SCHEMAS if not schema.is_current()]
        for path in stale:
            print(f"{path} is stale: run python -m claimgraph.schemas.json_schema", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas():
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
