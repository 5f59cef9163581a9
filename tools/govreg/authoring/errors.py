"""The one exception the authoring commands raise for the user: a message and what to do next."""

from __future__ import annotations

EXIT_FINDINGS, EXIT_USAGE = 1, 2


class UserError(Exception):
    """A problem the user can fix. ``message`` says what is wrong, ``hint`` what to do next (both Chinese)."""

    def __init__(self, message: str, hint: str, *, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.status = status

    def render(self) -> str:
        return f"govreg：{self.message}\n  → {self.hint}\n"
