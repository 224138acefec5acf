"""A setting from the environment that does not validate, in the words a user needs."""

from pydantic import ValidationError


def settings_problems(error: BaseException) -> list[str]:
    """One line per bad setting (its variable, the value given, what is wrong); [] otherwise.

    Only errors of the settings classes (named ...Settings) are rewritten; any other
    validation error is a fault and keeps its traceback.
    """
    if not isinstance(error, ValidationError) or not error.title.endswith("Settings"):
        return []
    lines = []
    for problem in error.errors(include_url=False):
        variable = ".".join(str(part) for part in problem["loc"])
        given = problem.get("input")
        lines.append(f"the setting {variable}={given!r} is refused: {problem['msg']}")
    return lines
