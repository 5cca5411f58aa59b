"""The errors services raise; views, API and CLI turn them into Vietnamese messages."""

from __future__ import annotations


class ServiceError(Exception):
    """Bad input or a broken rule. `errors` maps a field name ('' for the whole) to messages."""

    def __init__(self, errors: dict[str, list[str]] | str):
        if isinstance(errors, str):
            errors = {"": [errors]}
        self.errors = errors
        super().__init__(self.text())

    def text(self) -> str:
        return "; ".join(m for msgs in self.errors.values() for m in msgs)


class NotFound(Exception):
    """Nothing there, or nothing the actor may see: both look the same from outside."""


class Forbidden(Exception):
    """The actor may see it but not change it."""
