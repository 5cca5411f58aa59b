"""The report's sections that other apps contribute: their tables join the one engine.

The tree's and the members' tables are the engine's own (`reports.selectors.TABLES`). Any other
app that has figures to report (documents, congresses, evaluations ...) registers a `Section`
in its AppConfig.ready(); from then on every report shows its tables after the standard ones —
the dashboard, the Excel workbook, the Word/PDF report, the API and `tochuc report` alike,
because all of them read `report_tables`.

A section counts what lies in each subtree of the report's rows, as the standard tables do:
`figures(on, low, high, width)` returns, for the path prefixes of length `width` between `low`
and `high` (the report's child organizations on `on`), a Counter of `(dimension, value)` per
prefix. What belongs to the report's organization itself (its own congress, say) is keyed by
the organization's own, shorter path: the engine counts it in the total and shows it on the
"Trực thuộc trực tiếp" row, so every total still adds up. The section's columns read those
counts as the standard tables read the members' (`Column(label, lambda r, _: r.n(dim, value))`,
dimensions named after the section so they never collide with the members').

A section whose columns depend on data or on the report's date (one column per document type
in use, "from 01/01 to the report's day" in a title and in the drills) gives `tables` as a
function of the report's date; the engine calls it once per report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tochuc.reports.selectors import TableSpec

Figures = Callable[[date, str, str, int], dict[str, Counter]]


@dataclass(frozen=True)
class Section:
    key: str  # the tables' `of`: what their figures drill down to
    list_url: str  # the list behind a figure: its filters are the column's `drill`
    tables: list[TableSpec] | Callable[[date], list[TableSpec]]
    figures: Figures

    def specs(self, on: date) -> list[TableSpec]:
        """The section's tables for a report on `on`."""
        return self.tables(on) if callable(self.tables) else self.tables


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def unregister(key: str) -> None:
    """For tests that register a section of their own."""
    _sections.pop(key, None)


def sections() -> list[Section]:
    return list(_sections.values())
