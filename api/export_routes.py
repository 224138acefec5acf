"""`/export/claims.csv`, `/export/consensus.csv`, `/export/graph.jsonld` (`api.exports`)."""

import json

from fastapi import APIRouter, Request, Response

from claimgraph.api.context import Backend
from claimgraph.api.exports import (
    ExportData,
    claims_csv,
    consensus_csv,
    graph_jsonld,
    read_export_data,
)
from claimgraph.graph.read_runner import Reader, RoundTrips

CSV = "text/csv; charset=utf-8"
JSON_LD = "application/ld+json"


async def _data(request: Request) -> ExportData:
    backend: Backend = request.app.state.backend
    reader = Reader(backend.driver, backend.database, backend.query_timeout, RoundTrips())
    return await read_export_data(reader)


def _download(body: str, media_type: str, name: str) -> Response:
    return Response(
        body, media_type=media_type, headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


def export_router() -> APIRouter:
    router = APIRouter(prefix="/export", tags=["exports"])

    @router.get("/claims.csv", response_class=Response)
    async def claims(request: Request) -> Response:
        """Every claim as stated and normalized (r per year), one row each; columns follow
        the models (`estimate.interval.low`, `normalized.r`, ...)."""
        return _download(claims_csv(await _data(request)), CSV, "claims.csv")

    @router.get("/consensus.csv", response_class=Response)
    async def consensus(request: Request) -> Response:
        """Every stored consensus value (pooled r, interval, tau², I², k) with its quantity."""
        return _download(consensus_csv(await _data(request)), CSV, "consensus.csv")

    @router.get("/graph.jsonld", response_class=Response)
    async def graph(request: Request) -> Response:
        """Sources, claims and critiques as schema.org JSON-LD (ScholarlyArticle, Claim,
        ClaimReview)."""
        document = graph_jsonld(await _data(request))
        return _download(json.dumps(document, indent=2), JSON_LD, "graph.jsonld")

    return router
