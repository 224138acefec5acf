"""The GraphQL documents behind each section of a report page, and their GraphiQL links.

Each section of `/report/{quantity}` links to GraphiQL opened on the query that returns
the numbers the section shows; the tests run these same documents against the API and
compare. The quantity travels as the `id` variable, never spliced into the document.
"""

import json
from typing import Final
from urllib.parse import urlencode

SECTION_QUERIES: Final = {
    "estimates": """# Each estimate of one quantity: as pooled (basis, interval, weight) or left out
query ReportEstimates($id: ID!) {
  quantity(id: $id) {
    reconciliation {
      estimates { claimId basis r rLow rHigh weight }
      leftOut { claimId reason detail }
    }
    claims {
      id normalized { r rLow rHigh }
      source { id title year }
      flags(includeInvolved: true) { kind rule }
      critiques { id kind source { id } }
    }
  }
}""",
    "pooled": """# The pooled value of one quantity, its heterogeneity and its other pools
query ReportPooled($id: ID!) {
  quantity(id: $id) {
    reconciliation {
      k kStated kRange kImputed r rLow rHigh piLow piHigh tau2 i2 q
      statedOnly { k r rLow rHigh }
      critiqueAdjusted { k r rLow rHigh claimIds }
      adjustments explanation
    }
  }
}""",
    "conflicts": """# Estimates of one quantity that disagree, and what explains them
query ReportConflicts($id: ID!) {
  quantity(id: $id) {
    conflicts {
      claimA claimB aLow aHigh bLow bHigh gapLog10 explained explanations { kind detail }
    }
    reconciliation {
      leaveOneOut { claimId r piLow piHigh stdResidual outsidePrediction }
    }
  }
}""",
    "flags": """# The conflation flags on one quantity's claims
query ReportFlags($id: ID!) {
  quantity(id: $id) {
    claims { id flags(includeInvolved: true) { id kind rule subject reason } }
  }
}""",
}


def graphiql_link(section: str, quantity_id: str, graphql_path: str = "/graphql") -> str:
    """GraphiQL opened on the section's query, with the quantity as its variable."""
    params = {
        "query": SECTION_QUERIES[section],
        "variables": json.dumps({"id": quantity_id}),
    }
    return f"{graphql_path}?{urlencode(params)}"
