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
    reconciliation {
      k kStated kRange kImputed r rLow rHigh piLow piHigh tau2 i2 q
      estimates { claimId basis r weight }
      statedOnly { k r rLow rHigh }
      critiqueAdjusted { k r rLow rHigh claimIds } adjustments
      bestModerator bestModeratorR2 bestModeratorAliases explanation
      leaveOneOut { claimId r rLow rHigh influenceLog10 stdResidual outsidePrediction }
      leftOut { claimId reason detail } assumption
    }
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
