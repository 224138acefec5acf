"""graphql-core's executor, taught to return a `Precompleted` value as it is.

A root field answered by one nested read (`api.translation`) has already built its whole
response value; completing it again would resolve every nested field one by one, the very
work the translation saves.
"""

from typing import Any

from graphql import GraphQLOutputType, GraphQLResolveInfo
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from claimgraph.api.translation import Precompleted


class PrecompletingExecutor(StrawberryGraphQLCoreExecutionContext):
    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[Any]:
        if isinstance(result, Precompleted):
            return result.value
        return super().complete_value(
            return_type, field_details_list, info, path, result, position_context
        )
