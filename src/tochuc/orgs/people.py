"""The people in the tree's organizations, as orgs asks for them.

Dependencies run one way: `members` reads `orgs` (a member belongs to an organization), and
`orgs` never imports `members`. Where the tree needs its people — a restructuring moves them,
a date's figures count them — it asks `people()`, which the app that keeps them answered when
Django started (`members.apps.MembersConfig.ready` registers `members.people.MemberPeople`).
A method is declared here with what orgs expects, and answered once, in `members/people.py`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from tochuc.orgs.models import Organization, RestructuringPlan


class People(Protocol):
    """What the tree asks of the people placed in it."""

    # -- reads: the figures of the tree at a date, a member named in a plan's step ----------

    def counts_at(self, organization, on: date) -> Counter:
        """The members placed in `organization`'s subtree on `on` (a past date), by
        (dimension, value) of the statistics: ("member", "total"), ("status", "official") ..."""
        ...

    def level_counts_on(self, on: date, *, low: str, high: str, width: int) -> dict[str, dict]:
        """The members placed on `on` in the organizations whose path of that day lies in
        [low, high), grouped by its first `width` characters: {prefix: {"total", "official",
        "probationary", "women"}} (a prefix with nobody is left out)."""
        ...

    def member_with_citizen_id(self, *, actor, organization, citizen_id: str) -> int | None:
        """The id of the member placed in `organization` itself (not below it) whose CCCD is
        `citizen_id`, if the actor sees them; else None."""
        ...

    # -- for the tree's changes: restructuring, the 2025 replay, bulk loads ----------------
    # Writes run inside the caller's transaction; the caller has checked the actor's rights.

    def reassign(
        self,
        *,
        actor,
        source: Organization,
        target: Organization,
        on: date,
        plan: RestructuringPlan | None,
        member_ids: Iterable[int] | None = None,
    ) -> int:
        """Move the people placed in `source` (all, or those listed) to `target` on `on`, each
        with a dated event naming `plan`, their counts and history following; refuse
        (ServiceError) a `target` that cannot hold them. Returns how many moved."""

    def reassign_undo(self, *, plan: RestructuringPlan, created: set[int]) -> int:
        """Put back everyone `plan` reassigned, or refuse (ServiceError) while someone has
        anything recorded after it or an organization it `created` holds people it did not
        bring. Returns how many went back."""

    def counts_rebuild(self, *, within: QuerySet[Organization] | None = None) -> int:
        """Recompute the rolled-up counts of `within` (every organization by default) from
        the rows, after a bulk change of the tree."""

    def placed(self, organization: Organization) -> set[int]:
        """Ids of everyone placed directly in `organization`, whatever their standing."""

    def visible(self, *, actor, organization: Organization, ids: Iterable[int]) -> set[int]:
        """Those of `ids` the actor sees in the subtree of `organization`."""

    def names(self, ids: Iterable[int]) -> list[str]:
        """The names of the people `ids`, as a message lists them."""

    def officials(self, organization_ids: Iterable[int]) -> dict[int, int]:
        """Active official members placed directly in each organization (a branch's minimum)."""

    def counted(self, organizations: QuerySet[Organization]) -> int:
        """How many people counted (the statistics' total) are placed in `organizations`."""

    def roster(self, organizations: QuerySet[Organization]) -> list[tuple[str, str, str]]:
        """The people counted in `organizations`, for review: card number, name and their
        organization's name, ordered by organization and name."""


_people: People | None = None


def register(people: People) -> None:
    global _people
    _people = people


def people() -> People:
    if _people is None:
        raise RuntimeError("No app answers orgs.people: is tochuc.members installed?")
    return _people
