"""The analyst questions GraphiQL opens with, one tab each; README.md shows the same text.

A test checks that the README's GraphQL blocks are these documents, that each validates
against the schema, and that each answers on the shipped corpus without errors.
"""

from typing import Final

QUESTIONS: Final = (
    """\
# The reconciled value of LLM training efficiency, and why its estimates disagree
query TrainingEfficiencyReconciled {
  quantity(id: "llm-training-algorithmic-efficiency") {
    reconciliation { k r rLow rHigh tau2 i2 method leftOut { claimId reason } }
    conflicts { claimA claimB explained explanations { kind detail } }
  }
}
""",
    """\
# Every claim or grouping that conflates training and inference, and why
query TrainingInferenceConflations {
  flags(kind: TRAINING_INFERENCE) {
    subject subjectLabel rule reason
    subjectGrouping { claims { id quantity { scope } } }
  }
}
""",
    """\
# Every training-efficiency claim, as stated and normalized, with its source
query TrainingClaimsNormalized {
  claims(filter: {scope: TRAINING}, first: 50) {
    totalCount
    edges { node {
      id statement estimate { value unit } normalized { r halvingMonths rLow rHigh }
      source { id year } critiques { kind source { id } }
    } }
  }
}
""",
)
