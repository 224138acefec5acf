"""Check files against the graph and work out what each would change, without writing.

The read checks run for groups of consecutive files (in dependency order, up to
GROUP_NODES nodes) with one query reading everything every check needs for the whole
group: ids owned by another file, references that exist nowhere, removals that other files
(in the graph or in this run) still point at. A file that passes gets a `FilePlan`: what
it creates, updates, removes and leaves alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from neo4j import ManagedTransaction

from claimgraph.graph import paper_store
from claimgraph.graph.paper_rows import DocumentRows, LinkRow, NodeKind
from claimgraph.graph.paper_store import ForeignOwner, InboundLink, OwnedNode
from claimgraph.ingest.paper_file import LoadedFile, PaperFileError, dangling_references
from claimgraph.schemas.ingest_report import ChangeKind, EntityChange, FileReport
from claimgraph.schemas.paper_file import Definition, IdKind, definitions, references


@dataclass(frozen=True)
class PreparedFile:
    """A file validated on its own, with its owner and the rows it would write."""

    loaded: LoadedFile
    owner: str
    rows: DocumentRows

    @property
    def path(self) -> Path:
        return self.loaded.path


GROUP_NODES = 10_000
"""Nodes per group of files checked together in one read (bounded query size)."""


@dataclass(frozen=True)
class RunContext:
    """What the checks need to know about the whole run, beyond the graph."""

    batch: dict[str, IdKind]  # every id the run defines
    incoming: dict[str, list[InboundLink]]  # id -> the run's own links into it

    @classmethod
    def of(cls, files: Sequence[PreparedFile]) -> RunContext:
        incoming: dict[str, list[InboundLink]] = {}
        for file in files:
            for link in file.rows.links:
                incoming.setdefault(link.end, []).append(_inbound(file.owner, link))
        return cls({d.id: d.kind for f in files for d in definitions(f.loaded.document)}, incoming)


def _inbound(owner: str, link: LinkRow) -> InboundLink:
    return InboundLink(link.end, link.kind.rel_type, owner, link.start)


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

    def report(self, *, dry_run: bool) -> FileReport:
        kinds = {row.id: row.kind for row in self.file.rows.nodes}
        changes = [
            *(
                EntityChange(label=kinds[i].value, id=i, change=ChangeKind.CREATED)
                for i in self.created
            ),
            *(
                EntityChange(label=kinds[i].value, id=i, change=ChangeKind.UPDATED)
                for i in self.updated
            ),
            *(
                EntityChange(label=k.value, id=i, change=ChangeKind.REMOVED)
                for k, i in self.removed
            ),
        ]
        return FileReport(
            file=str(self.file.path),
            owner=self.file.owner,
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
    defined = {f.owner: definitions(f.loaded.document) for f in files}
    local = {owner: {d.id for d in defs} for owner, defs in defined.items()}
    outside = {
        f.owner: {r.id for r in references(f.loaded.document) if r.id not in local[f.owner]}
        for f in files
    }
    state = paper_store.read_state(tx, local, set().union(*outside.values()))
    owned, foreign, existing, inbound = state.owned, state.foreign, state.existing, state.inbound
    removed = {
        owner: [(n.kind, n.id) for n in owned[owner].values() if n.id not in local[owner]]
        for owner in local
    }
    return [
        _plan_file(
            file,
            run,
            defined[file.owner],
            owned[file.owner],
            foreign[file.owner],
            {i: k for i, k in existing.items() if i in outside[file.owner]},
            removed[file.owner],
            inbound[file.owner],
        )
        for file in files
    ]


def _plan_file(
    file: PreparedFile,
    run: RunContext,
    defined: list[Definition],
    owned: dict[str, OwnedNode],
    foreign: dict[str, ForeignOwner],
    existing: dict[str, NodeKind],
    removed: list[tuple[NodeKind, str]],
    inbound: list[InboundLink],
) -> FilePlan:
    """One file's plan from what the graph holds; raises on bad input."""
    loaded, owner = file.loaded, file.owner
    errors: list[PaperFileError] = []
    for definition in defined:
        other = foreign.get(definition.id)
        if other is not None:
            errors.append(
                loaded.error(
                    definition.path,
                    f"id {definition.id!r} is already a {other.label} of {other.owner!r}: "
                    "ids must be unique across the corpus",
                )
            )
    known = {i: IdKind(kind.value.lower()) for i, kind in existing.items()}
    local = {d.id for d in defined}
    outside = {r.id for r in references(loaded.document) if r.id not in local}
    known.update({i: run.batch[i] for i in outside if i in run.batch and i not in known})
    errors.extend(dangling_references(loaded, known))
    links = set(inbound)
    for _, node_id in removed:  # links this run writes count as much as the graph's
        links.update(link for link in run.incoming.get(node_id, ()) if link.other_owner != owner)
    for link in sorted(links, key=lambda k: (k.id, k.other_owner, k.other_id, k.rel)):
        errors.append(
            loaded.error(
                (),
                f"{link.id!r} was dropped from this file but {link.other_owner!r} still "
                f"links to it ({link.other_id} -{link.rel}->); remove that link first",
            )
        )
    if errors:
        raise with_all(errors)
    created, updated, unchanged = [], [], 0
    for row in file.rows.nodes:
        before = owned.get(row.id)
        if before is None:
            created.append(row.id)
        elif before.hash != row.props["content_hash"]:
            updated.append(row.id)
        else:
            unchanged += 1
    return FilePlan(file, created, updated, sorted(removed, key=lambda r: r[1]), unchanged)


def with_all(errors: Sequence[PaperFileError]) -> PaperFileError:
    """The first error (by file and line) raised, carrying every one of them."""
    ordered = sorted(errors, key=lambda e: (str(e.file), e.line, e.field))
    head = ordered[0]
    return PaperFileError(head.file, head.line, head.field, head.message, ordered)
