"""«Đang học»: the cadres in a class that is running, by the theory level it will give (seed
002: "3 đồng chí đang học cao cấp"). The classes are the training app's, above this one: it
answers here when Django starts (TrainingConfig.ready), as an app contributes a record
section; without it nobody is studying.

A source is `(cadres, on) -> {theory level: {cadre id, ...}}` for the cadres of the queryset
`cadres` in a class running on `on`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

Source = Callable[..., dict[str, set[int]]]
_sources: list[Source] = []


def register(source: Source) -> None:
    if all(s is not source for s in _sources):
        _sources.append(source)


def studying(cadres, on: date) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for source in _sources:
        for level, ids in source(cadres, on).items():
            found.setdefault(level, set()).update(ids)
    return found
