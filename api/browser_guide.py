"""The Neo4j Browser guide for curators: the questions they ask, as runnable Cypher.

Rendered as the HTML slides Neo4j's own guides use (`<article class="guide">` holding a
`<carousel>` of `<slide>`s, code in `<pre class="code runnable">`, which Browser puts in
its editor on a click). Every query takes its input as a Browser parameter (`:param`), set
by the block above it, so a curator edits an id, not the Cypher. A test runs each query on
the shipped corpus with these example parameters and checks that it finds something.
"""

from dataclasses import dataclass
from html import escape
from typing import Final


@dataclass(frozen=True)
class Query:
    caption: str
    cypher: str


@dataclass(frozen=True)
class Question:
    title: str
    lead: str
    params: tuple[tuple[str, str], ...]
    """Parameter name and the example value the guide sets it to (a string)."""
    queries: tuple[Query, ...]


QUESTIONS: Final = (
    Question(
        "What the graph holds",
        "Sources make claims and critiques; claims measure quantities and rest on evidence. "
        "Consensus, Conflict, Flag and FactorCheck nodes are derived: the reconciliation "
        "step recomputes them after every ingest.",
        (),
        (
            Query(
                "How many nodes of each label.",
                "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS nodes ORDER BY nodes DESC",
            ),
            Query(
                "Every source, to find the id the next slides ask for.",
                "MATCH (s:Source) WHERE s.owner IS NOT NULL\n"
                "RETURN s.id AS id, s.caption AS who, s.title AS title ORDER BY id",
            ),
        ),
    ),
    Question(
        "A source's claims and critiques",
        "Everything one source asserts, and what each assertion is about.",
        (("source", "byrnes-2026-nature-of-llm-algorithmic-progress"),),
        (
            Query(
                "The source, its claims with their quantities, its critiques with their targets.",
                "MATCH (s:Source {id: $source})-[m:MAKES]->(x)\n"
                "OPTIONAL MATCH (x)-[r:MEASURES|TARGETS]->(y)\n"
                "RETURN s, m, x, r, y",
            ),
        ),
    ),
    Question(
        "A claim's critiques, and who makes them",
        "Critiques aimed at one claim, the source behind each, and what it proposes instead.",
        (("claim", "epoch-2024-training-halving-8mo"),),
        (
            Query(
                "The claim, its critiques, their sources and alternatives.",
                "MATCH (c:Claim {id: $claim})<-[t:TARGETS]-(k:Critique)<-[m:MAKES]-(s:Source)\n"
                "OPTIONAL MATCH (k)-[p:PROPOSES]->(a:Claim)\n"
                "RETURN c, t, k, m, s, p, a",
            ),
            Query(
                "The same as a table.",
                "MATCH (c:Claim {id: $claim})<-[:TARGETS]-(k:Critique)<-[:MAKES]-(s:Source)\n"
                "RETURN s.id AS critic, k.kind AS kind, k.summary AS summary ORDER BY critic",
            ),
        ),
    ),
    Question(
        "Every flag, and what it flags",
        "A flag is a conflation rule that fired: FLAGS points at its subject (a claim or a "
        "grouping), INVOLVES at the other claims it names.",
        (),
        (
            Query(
                "Flags with their subjects and the claims they involve.",
                "MATCH (f:Flag)-[r:FLAGS|INVOLVES]->(x)\nRETURN f, r, x",
            ),
            Query(
                "The same as a table, with each flag's reason.",
                "MATCH (f:Flag)-[:FLAGS]->(x)\n"
                "RETURN f.kind AS kind, f.rule AS rule, x.id AS subject, f.reason AS reason\n"
                "ORDER BY kind, subject",
            ),
        ),
    ),
    Question(
        "One quantity: its estimates, consensus and conflicts",
        "Every claim that measures one quantity, the pooled value (Consensus) and the pairs "
        "of estimates that cannot both be right (Conflict).",
        (("quantity", "llm-training-algorithmic-efficiency"),),
        (
            Query(
                "The quantity, its claims, its consensus and the conflicts among them.",
                "MATCH (q:Quantity {id: $quantity})<-[m:MEASURES]-(c:Claim)\n"
                "OPTIONAL MATCH (k:Consensus)-[s:SUMMARIZES]->(q)\n"
                "OPTIONAL MATCH (x:Conflict)-[b:BETWEEN]->(c)\n"
                "RETURN q, m, c, k, s, x, b",
            ),
            Query(
                "The consensus in numbers.",
                "MATCH (k:Consensus)-[:SUMMARIZES]->(:Quantity {id: $quantity})\n"
                "RETURN k.k AS k, k.r AS r, k.r_low AS r_low, k.r_high AS r_high, "
                "k.tau2 AS tau2, k.note AS note",
            ),
        ),
    ),
    Question(
        "The decomposition of a total",
        "A total claim split into factor claims; its FactorCheck says whether the factors "
        "multiply to the total.",
        (("total", "byrnes-2026-nanochat-600x-in-7-years"),),
        (
            Query(
                "The total, its factors and the check.",
                "MATCH (d:Decomposition)-[r:DECOMPOSES]->(t:Claim {id: $total})\n"
                "MATCH (d)-[f:FACTOR]->(x:Claim)\n"
                "OPTIONAL MATCH (k:FactorCheck)-[c:CHECKS]->(d)\n"
                "RETURN d, r, t, f, x, k, c",
            ),
            Query(
                "The factors in order, with their stated figures.",
                "MATCH (:Claim {id: $total})<-[:DECOMPOSES]-(:Decomposition)\n"
                "      -[f:FACTOR]->(x:Claim)\n"
                "RETURN f.position AS position, x.id AS factor, x.caption AS figure "
                "ORDER BY position",
            ),
        ),
    ),
    Question(
        "Which sources critique which",
        "The source-level critique graph: a critic's critiques aimed at another source's claims.",
        (),
        (
            Query(
                "Critic, critique, targeted claim, and the source that makes it.",
                "MATCH p = (:Source)-[:MAKES]->(:Critique)-[:TARGETS]->(:Claim)\n"
                "          <-[:MAKES]-(:Source)\n"
                "RETURN p",
            ),
            Query(
                "Aggregated: how many critiques each critic aims at each target.",
                "MATCH (critic:Source)-[:MAKES]->(k:Critique)-[:TARGETS]->(:Claim)"
                "<-[:MAKES]-(target:Source)\n"
                "RETURN critic.id AS critic, target.id AS target, count(DISTINCT k) AS critiques,\n"
                "       collect(DISTINCT k.kind) AS kinds ORDER BY critiques DESC, critic, target",
            ),
        ),
    ),
)


def param_command(name: str, value: str) -> str:
    """The Browser command that sets one parameter to a string."""
    quoted = value.replace("\\", "\\\\").replace("'", "\\'")
    return f":param {name} => '{quoted}'"


def _slide(question: Question, model_url: str) -> str:
    blocks = [
        f"<figure><pre class='pre-scrollable code runnable'>{escape(param_command(n, v))}</pre>"
        f"<figcaption>Set <code>${escape(n)}</code> (edit the id, then run it).</figcaption>"
        "</figure>"
        for n, v in question.params
    ]
    blocks += [
        f"<figure><pre class='pre-scrollable code runnable'>{escape(q.cypher)}</pre>"
        f"<figcaption>{escape(q.caption)}</figcaption></figure>"
        for q in question.queries
    ]
    return (
        "<slide class='row-fluid'>"
        f"<div class='col-sm-3'><h3>{escape(question.title)}</h3>"
        f"<p class='lead'>{escape(question.lead)}</p>"
        f"<p><a href='{escape(model_url)}' target='_blank' rel='noopener'>Labels, "
        "relationships and properties</a></p></div>"
        f"<div class='col-sm-9'>{''.join(blocks)}</div></slide>"
    )


def render_guide(model_url: str) -> str:
    """The guide as Browser's `:play` expects it; `model_url` is the graph-model page."""
    slides = "".join(_slide(q, model_url) for q in QUESTIONS)
    return (
        "<title>claimgraph for curators</title>"
        "<article class='guide'><carousel class='deck container-fluid'>"
        f"{slides}</carousel></article>"
    )
