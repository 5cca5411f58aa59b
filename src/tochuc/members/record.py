"""The sections a member's record page shows beside its own: each higher app contributes its
part of the person (the cadres app: positions held, planning, committee seats, moves) in its
AppConfig.ready(), as the to-do screen's sections are contributed:

    from tochuc.members.record import register
    register(cadre_section, order=10)

A contribution is a function `(actor, member) -> RecordSection | None` (None: nothing to show
for this member), read through the app's own scoped selectors; the page renders each section's
`template` with its `context` under its `title`, in `order`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RecordSection:
    title: str
    template: str
    context: dict = field(default_factory=dict)


Contribution = Callable[..., RecordSection | None]
_contributions: list[tuple[int, Contribution]] = []


def register(contribution: Contribution, *, order: int) -> None:
    if all(c is not contribution for _, c in _contributions):
        _contributions.append((order, contribution))
        _contributions.sort(key=lambda pair: pair[0])


def record_sections(actor, member) -> list[RecordSection]:
    return [s for _, c in _contributions if (s := c(actor, member)) is not None]
