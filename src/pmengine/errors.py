"""Domain exceptions of the protective-monitoring engine.

Every exception carries a Dutch message meant for the person running the engine (a SOC analyst or
an operator), plus structured fields (file, row, column) for logs and tests. The CLI turns them into
exit code 2.
"""

from __future__ import annotations


class PMEngineError(Exception):
    """Base class: something the user of the engine must fix; ``str()`` is the Dutch message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ContractError(PMEngineError):
    """The input does not follow the data contract (docs/pmengine.md, shared spec)."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        row: int | None = None,
        column: str | None = None,
        row_label: str = "regel",
    ) -> None:
        where = f"{file}"
        if row is not None:
            where += f", {row_label} {row}"
        if column is not None:
            where += f", kolom '{column}'"
        super().__init__(f"Fout in invoer ({where}): {message}")
        self.file = file
        self.row = row
        self.column = column


class FeedbackError(PMEngineError):
    """The reviewers' verdicts file is malformed."""

    def __init__(self, message: str, *, file: str, line: int | None = None) -> None:
        where = file if line is None else f"{file}, regel {line}"
        super().__init__(f"Fout in oordelenbestand ({where}): {message}")
        self.file = file
        self.line = line


class UsageError(PMEngineError):
    """Wrong command-line use or an impossible combination of options."""
