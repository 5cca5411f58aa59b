"""The to-do screen's read: every registered section, for the actor's subtree."""

from __future__ import annotations

from datetime import date

from tochuc.todo.registry import Section, contributions


def todo_sections(*, actor, today: date | None = None) -> list[Section]:
    """What needs doing in the actor's subtree, each app's section in its order."""
    today = today or date.today()
    return [contribute(actor, today) for contribute in contributions()]
