"""Check files against the graph and work out what each would change, without writing.

The read checks run for groups of consecutive files (in dependency order, up to
GROUP_NODES nodes) with one query reading everything every check needs for the whole
group (graph.paper_store.read_state): what each file holds and who else holds what it
defines (ingest.ownership), references that exist nowhere, removals that other files (in
the graph or in this run) still point at, another file for the same source, and
decompositions whose figures could no longer be multiplied. A file that passes gets a
`FilePlan`: what it creates, updates, removes (and replaces) and leaves alone.

A module over 300 lines: the checks share the state one read returns, and splitting them
across modules would pass that state around for no gain in clarity.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import ManagedTransaction

from claimgraph.graph import paper_store
from claimgraph.graph.paper_rows import DocumentRows, LinkRow, NodeKind
from claimgraph.graph.paper_store import (
    FileQuery,
    GraphState,
    InboundLink,
    StoredDecomposition,
    StoredFigure,
    StoredNode,
)
from claimgraph.ingest.origins import Origin, describe
from claimgraph.ingest.ownership import Holding, contest_errors, holder, sort_holding
from claimgraph.ingest.paper_file import LoadedFile, PaperFileError, dangling_references
from claimgraph.schemas.computable import Figure, decomposition_problems
from claimgraph.schemas.enums import Unit
from claimgraph.schemas.ingest_report import ChangeKind, EntityChange, FileReport
from claimgraph.schemas.paper_file import Definition, IdKind, definitions, references
from claimgraph.schemas.source_identity import KeyKind, SourceKey, source_keys


@dataclass(frozen=True)
class PreparedFile:
    """A file validated on its own, with its origin, owner and the rows it would write.

    `legacy_owner` is the owner its nodes had before origins were recorded, when the file
    may adopt such nodes; None when it may not (ingest.ownership).
    """

    loaded: LoadedFile
    origin: Origin
    owner: str
    legacy_owner: str | None
    rows: DocumentRows

    @property
    def path(self) -> Path:
        return self.loaded.path

    @property
    def source_keys(self) -> list[SourceKey]:
        paper = self.loaded.paper
        return source_keys(paper.source) if paper is not None else []

    def figures(self) -> dict[str, Figure]:
        """The stated figure of every claim the file defines."""
        paper = self.loaded.paper
        if paper is None:
            return {}
        return {claim.id: Figure.of(claim.estimate) for claim in paper.claims}


GROUP_NODES = 10_000
"""Nodes per group of files checked together in one read (bounded query size)."""


@dataclass(frozen=True)
class RunContext:
    """What the checks need to know about the whole run, beyond the graph."""

    batch: dict[str, IdKind]  # every id the run defines
    incoming: dict[str, list[InboundLink]]  # id -> the run's own links into it
    figures: dict[str, Figure] = field(default_factory=dict)  # every claim the run defines
    replace: bool = False  # the user asked this run to replace what other files hold

    @classmethod
    def of(cls, files: Sequence[PreparedFile], *, replace: bool = False) -> RunContext:
        incoming: dict[str, list[InboundLink]] = {}
        figures: dict[str, Figure] = {}
        for file in files:
            figures.update(file.figures())
            for link in file.rows.links:
                incoming.setdefault(link.end, []).append(_inbound(file, link))
        batch = {d.id: d.kind for f in files for d in definitions(f.loaded.document)}
        return cls(batch, incoming, figures, replace)


def _inbound(file: PreparedFile, link: LinkRow) -> InboundLink:
    return InboundLink(link.end, link.kind.rel_type, file.owner, file.origin.key, link.start)


def groups(files: Sequence[PreparedFile]) -> list[list[PreparedFile]]:
    groups: list[list[PreparedFile]] = []
    size = GROUP_NODES
    for file in files:
        if size + len(file.rows.nodes) > GROUP_NODES and size > 0:
            groups.append([])
            size = 0
        groups[-1].append(file)
        size += len(file.rows.nodes)
    return groups


@dataclass(frozen=True)
class FilePlan:
    file: PreparedFile
    created: list[str]
    updated: list[str]
    removed: list[tuple[NodeKind, str]]
    unchanged: int
    replaced: dict[str, str] = field(default_factory=dict)  # id -> who held it before

    @property
    def changes_anything(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def report(self, *, dry_run: bool) -> FileReport:
        kinds = {row.id: row.kind for row in self.file.rows.nodes}
        was = self.replaced.get
        changes = [
            *(
                EntityChange(label=kinds[i].value, id=i, change=ChangeKind.CREATED)
                for i in self.created
            ),
            *(
                EntityChange(
                    label=kinds[i].value, id=i, change=ChangeKind.UPDATED, replaced_from=was(i)
                )
                for i in self.updated
            ),
            *(
                EntityChange(label=k.value, id=i, change=ChangeKind.REMOVED, replaced_from=was(i))
                for k, i in self.removed
            ),
        ]
        return FileReport(
            file=str(self.file.path),
            owner=self.file.owner,
            origin=self.file.origin.key,
            dry_run=dry_run,
            changes=changes,
            unchanged=self.unchanged,
        )


def plan_files(
    tx: ManagedTransaction, files: Sequence[PreparedFile], run: RunContext
) -> list[FilePlan]:
    """Check a group of files against the graph and work out what each changes.

    Raises the errors of the first file (in order) that has any, as checking the files
    one by one would.
    """
    defined = {f.origin.key: definitions(f.loaded.document) for f in files}
    local = {origin: {d.id for d in defs} for origin, defs in defined.items()}
    outside = {
        f.origin.key: {
            r.id for r in references(f.loaded.document) if r.id not in local[f.origin.key]
        }
        for f in files
    }
    queries = [
        FileQuery(
            f.origin.key,
            f.owner,
            f.legacy_owner,
            local[f.origin.key],
            {key.kind.value: key.digest for key in f.source_keys},
        )
        for f in files
    ]
    state = paper_store.read_state(tx, queries, set().union(*outside.values()))
    candidates = _candidate_ids(tx, run)
    return [_plan_file(file, run, defined[file.origin.key], state, candidates) for file in files]


def _candidate_ids(tx: ManagedTransaction, run: RunContext) -> Callable[[IdKind], list[str]]:
    """The ids of a kind, in the run and in the graph: what a misspelt reference may have
    meant. Read from the graph only when a file has one, and once per kind."""
    found: dict[IdKind, list[str]] = {}

    def of_kind(kind: IdKind) -> list[str]:
        if kind not in found:
            label = next(k for k in NodeKind if k.value.lower() == kind.value)
            in_run = [i for i, k in run.batch.items() if k is kind]
            found[kind] = in_run + paper_store.owned_ids(tx, label)
        return found[kind]

    return of_kind


def _plan_file(
    file: PreparedFile,
    run: RunContext,
    defined: list[Definition],
    state: GraphState,
    candidates: Callable[[IdKind], list[str]],
) -> FilePlan:
    """One file's plan from what the graph holds; raises on bad input."""
    loaded, origin = file.loaded, file.origin
    local = {d.id for d in defined}
    holding = sort_holding(origin, state.held[origin.key], state.foreign[origin.key], local)
    errors: list[PaperFileError] = []
    if not run.replace:
        errors.extend(contest_errors(loaded, origin, file.owner, holding, defined))
    effective = holding.effective(replace=run.replace)
    removed = sorted(((n.kind, n.id) for n in effective.values() if n.id not in local), key=_id)
    errors.extend(_reference_errors(file, run, state, local, candidates))
    errors.extend(_cut_links(file, run, state, removed, local))
    errors.extend(_same_source_errors(file, state))
    errors.extend(_decomposition_errors(file, run, state))
    if errors:
        raise with_all(errors)
    return _changes(file, effective, removed, holding if run.replace else None)


def _id(entry: tuple[NodeKind, str]) -> str:
    return entry[1]


def _changes(
    file: PreparedFile,
    effective: Mapping[str, StoredNode],
    removed: list[tuple[NodeKind, str]],
    replacing: Holding | None,
) -> FilePlan:
    created, updated, unchanged = [], [], 0
    for row in file.rows.nodes:
        before = effective.get(row.id)
        if before is None:
            created.append(row.id)
        elif before.hash != row.props["content_hash"]:
            updated.append(row.id)
        else:
            unchanged += 1
    replaced = {i: holder(n) for i, n in replacing.contested.items()} if replacing else {}
    return FilePlan(file, created, updated, removed, unchanged, replaced)


def _reference_errors(
    file: PreparedFile,
    run: RunContext,
    state: GraphState,
    local: set[str],
    candidates: Callable[[IdKind], list[str]],
) -> list[PaperFileError]:
    known = {i: IdKind(kind.value.lower()) for i, kind in state.existing.items()}
    outside = {r.id for r in references(file.loaded.document) if r.id not in local}
    known.update({i: run.batch[i] for i in outside if i in run.batch and i not in known})
    return dangling_references(file.loaded, known, candidates)


def _cut_links(
    file: PreparedFile,
    run: RunContext,
    state: GraphState,
    removed_kinds: list[tuple[NodeKind, str]],
    local: set[str],
) -> list[PaperFileError]:
    """Refusals for nodes this file would remove while other files still link to them."""
    removed = {node_id for _, node_id in removed_kinds}
    links = {
        link
        for link in state.inbound[file.origin.key]
        if link.id in removed and link.other_id not in local
    }
    for node_id in removed:  # links this run writes count as much as the graph's
        links.update(
            link for link in run.incoming.get(node_id, ()) if link.other_origin != file.origin.key
        )
    kinds = {node_id: kind for kind, node_id in removed_kinds}
    return [
        file.loaded.error(
            _section_of(file.loaded, kinds.get(link.id)),
            f"{link.id!r} was dropped from this file but {link.other_owner!r} still links to "
            f"it ({link.other_id} -{link.rel}->, in {describe(link.other_origin)}); remove that "
            "link first",
        )
        for link in sorted(links, key=lambda k: (k.id, k.other_owner, k.other_id, k.rel))
    ]


_SECTIONS = {
    NodeKind.SOURCE: "source",
    NodeKind.QUANTITY: "quantities",
    NodeKind.EVIDENCE: "evidence",
    NodeKind.CLAIM: "claims",
    NodeKind.CRITIQUE: "critiques",
    NodeKind.GROUPING: "groupings",
    NodeKind.DECOMPOSITION: "decompositions",
}


def _section_of(loaded: LoadedFile, kind: NodeKind | None) -> tuple[str, ...]:
    """Where a dropped node of `kind` used to be: its section, if the file still has one."""
    section = _SECTIONS.get(kind) if kind is not None else None
    return (section,) if section is not None and (section,) in loaded.lines else ()


def _same_source_errors(file: PreparedFile, state: GraphState) -> list[PaperFileError]:
    """Another file's source with this file's DOI, arXiv id, URL, or title and year."""
    keys = {key.kind.value: key for key in file.source_keys}
    errors: list[PaperFileError] = []
    for match in sorted(state.same_source[file.origin.key], key=lambda m: (m.id, m.kind)):
        key = keys[match.kind]
        errors.append(
            file.loaded.error(
                key_location(key.kind),
                f"{source_label(file)} is the same source as {match.id!r} in "
                f"{describe(match.origin)} (same {key.kind.label}: {key.shown}): a source "
                "belongs in one file; merge the two, or give this one that source's id to "
                "replace it with --replace",
            )
        )
    return errors[:1] if errors else []


def key_location(kind: KeyKind) -> tuple[str, str]:
    """Where a source states the identity of `kind`."""
    return ("source", "title") if kind is KeyKind.TITLE else ("source", "url")


def source_label(file: PreparedFile) -> str:
    paper = file.loaded.paper
    return f"source {paper.source.id!r}" if paper is not None else "this file"


def _decomposition_errors(
    file: PreparedFile, run: RunContext, state: GraphState
) -> list[PaperFileError]:
    """Decompositions this file's figures take part in must stay computable: its own
    (whose factors may be other files' claims) and other files' (over its claims)."""
    paper = file.loaded.paper
    if paper is None:
        return []
    mine = file.figures()
    known: dict[str, Figure] = {}
    for stored in state.figures.values():
        figure = _figure(stored)
        if figure is not None:
            known[stored[0]] = figure
    known.update(run.figures)
    known.update(mine)
    errors: list[PaperFileError] = []
    for index, decomposition in enumerate(paper.decompositions):
        for path, message in decomposition_problems(
            decomposition.total, decomposition.factors, known
        )[:1]:
            errors.append(file.loaded.error(("decompositions", index, *path), message))
    claim_index = {claim.id: i for i, claim in enumerate(paper.claims)}
    for other in state.decompositions[file.origin.key]:
        problem = _elsewhere_problem(other, mine)
        if problem is None:
            continue
        claim_id, message = problem
        errors.append(
            file.loaded.error(
                ("claims", claim_index[claim_id], "estimate", "unit"),
                f"claim {claim_id!r} is part of decomposition {other.id!r} in "
                f"{describe(other.origin)}, which could no longer be checked: {message}",
            )
        )
    return errors


def _elsewhere_problem(
    other: StoredDecomposition, mine: Mapping[str, Figure]
) -> tuple[str, str] | None:
    """(claim id, why) if this file's figures break a decomposition of another file."""
    figures: dict[str, Figure] = {}
    for stored in (other.total, *other.factors):
        figure = _figure(stored)
        if figure is not None:
            figures[stored[0]] = figure
    figures.update({i: f for i, f in mine.items() if i in figures or i == other.total[0]})
    factor_ids = [stored[0] for stored in other.factors]
    for path, message in decomposition_problems(other.total[0], factor_ids, figures)[:1]:
        culprit = other.total[0] if path[0] == "total" else _culprit(path, factor_ids, mine)
        if culprit in mine:
            return culprit, message
    return None


def _culprit(path: tuple[str | int, ...], factor_ids: list[str], mine: Mapping[str, Figure]) -> str:
    if len(path) > 1 and isinstance(path[1], int):
        return factor_ids[path[1]]
    return next((i for i in factor_ids if i in mine), factor_ids[0] if factor_ids else "")


def _figure(stored: StoredFigure) -> Figure | None:
    _, unit, value, years = stored
    if unit is None or value is None:
        return None
    try:
        return Figure(Unit(unit), float(value), None if years is None else float(years))
    except ValueError:  # a unit this version does not know: leave it to the pass
        return None


def with_all(errors: Sequence[PaperFileError]) -> PaperFileError:
    """The first error (by file and line) raised, carrying every one of them."""
    ordered = sorted(errors, key=lambda e: (str(e.file), e.line, e.field))
    head = ordered[0]
    return PaperFileError(head.file, head.line, head.field, head.message, ordered)


__all__ = [
    "GROUP_NODES",
    "FilePlan",
    "PreparedFile",
    "RunContext",
    "groups",
    "key_location",
    "plan_files",
    "source_label",
    "with_all",
]
