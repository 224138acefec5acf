"""What a paper file's text must be before YAML sees it: UTF-8 text, no binary bytes.

A GraphQL string can carry what no file can (lone surrogates, NUL and other control
characters); YAML allows only printable characters (YAML 1.2, section 5.1), so such text
is refused here with the line it is on, as the command line refuses a file it cannot read.
"""

import re
from typing import Final

from claimgraph.api.errors import BAD_PAPER_FILE, ApiError

_NOT_PRINTABLE: Final = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""Anything outside YAML's printable set: C0 and C1 controls, DEL, surrogates, U+FFFE/F."""


def check_paper_text(file_name: str, text: str) -> None:
    """Raise BAD_PAPER_FILE naming the line of the first character no YAML file may hold."""
    found = _NOT_PRINTABLE.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    code_point = ord(found.group())
    kind = "not UTF-8 text" if 0xD800 <= code_point <= 0xDFFF else "binary, not YAML text"
    message = f"the file is {kind}: character U+{code_point:04X} on line {line}"
    raise ApiError(
        BAD_PAPER_FILE,
        f"1 problem(s) in the paper file; nothing was written. First: {file_name}:{line}: "
        f"{message}",
        errors=[{"file": file_name, "line": line, "field": "", "message": message}],
    )
