"""The to-do screen's contract: the section an app contributes, and the registry of them.

Each domain app registers its contributions in its AppConfig.ready():

    from tochuc.todo.registry import register
    register(probations, order=10)

A contribution is a function `(actor, today) -> Section`: what needs doing in the actor's
subtree, read through the app's own scoped selectors, with the full count and only the first
rows (the screen opens for an administrator over the whole country). The home page and
`GET /api/v1/todo` render every section the same way, in `order`; `todo` imports no domain
app, so a new app (documents' late reports, congresses' late congresses) adds its section
without touching this one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Row:
    """One thing to do: what it names (a member, a branch, a list) and where it is done."""

    text: str
    url: str
    cells: tuple[str, ...] = ()  # a table's further columns (Section.columns after the first)
    place: str = ""  # a list row: the organization, in brackets
    note: str = ""  # a list row: said after a dash
    warning: str = ""  # what is wrong or lapsing, in red
    count: int | None = None  # a row that stands for several things (a link to their list)
    due: date | None = None  # by when it must be done
    overdue: bool = False  # past `due`: a table marks it «quá hạn»
    action: Link | None = None  # the write the row offers, shown to users who may write


@dataclass(frozen=True)
class Section:
    """A card of the screen: a table when it has `columns`, else a list."""

    kind: str  # a stable code: the API's key, never renamed
    title: str  # Vietnamese, as the card's heading
    count: int | None  # everything there is to do (None: its rows carry their own counts)
    rows: list[Row]  # the first ones only
    columns: tuple[str, ...] = ()
    empty: str = "Không có."  # said when there are no rows
    more_note: str = ""  # when count > len(rows): said before the link to the whole list
    more: Link | None = None


Contribution = Callable[[object, date], Section]

_contributions: list[tuple[int, Contribution]] = []


def register(contribution: Contribution, *, order: int) -> None:
    """Add a section to the screen, at `order` (smaller first; members use 10-50)."""
    if all(c is not contribution for _, c in _contributions):
        _contributions.append((order, contribution))
        _contributions.sort(key=lambda c: c[0])


def contributions() -> list[Contribution]:
    return [c for _, c in _contributions]
