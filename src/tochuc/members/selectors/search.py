"""Member lists and the name search: filters, suggestions, the raw SQL on `members_order` and
`members_search_key`, and the paginator that reads a page's ids first."""

from __future__ import annotations

import difflib
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, CharField, F, Q, QuerySet, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.db.models.lookups import In
from django.utils.functional import cached_property

from tochuc.core.db import c_collate, is_postgresql
from tochuc.core.scope import scope_path, subtree_path, subtree_q
from tochuc.core.text import search_key
from tochuc.members.counters import AGE_BANDS, band_birth_years
from tochuc.members.models import COUNTED_STATES, UNCOUNTED_STATES, Member, MemberStatus, Placement
from tochuc.members.reference import MAJORITY_ETHNICITY, NO_RELIGION
from tochuc.orgs.models import SEGMENT, Organization, SubtreeCount
from tochuc.orgs.versions import covering, subtree_on


def member_list(
    *,
    actor,
    q: str = "",
    organization: Organization | None = None,
    status: str = "",
    state: str = "",
    gender: str = "",
    ethnicity: str = "",
    religion: str = "",
    youth_union: str = "",
    theory_level: str = "",
    education_level: str = "",
    occupation_group: str = "",
    age_band: str = "",
    birth_year: int | None = None,
    admission_year: int | None = None,
    on: date | None = None,
    today: date | None = None,
) -> QuerySet[Member]:
    """Members in official order (given name, family, middle, birth date; Vietnamese collation).

    The filters take the values of the statistics' dimensions (members.counters), so every
    figure links to the list behind it. By default (`state` "" or "counted") it lists those
    the figures count, so the list's total is the statistics' `member/total`; `state="all"`
    lists every state, another value that state alone. `on` (a past date) lists those placed
    in the subtree that day, with their status of that day.
    """
    today = today or date.today()
    state = state or "counted"
    if on is not None and on < today:
        qs = _placed_on(actor, organization, on, status, "" if state == "all" else state)
        status, state = "", "all"
        if q:
            qs = qs.filter(search_key__contains=search_key(q))
    else:
        on = today
        qs = _in_subtree(actor, organization, q)
    if status:
        qs = qs.filter(status=status)
    if state not in ("counted", "all"):
        qs = qs.filter(state=state)
    if gender:
        qs = qs.filter(gender=gender)
    if ethnicity in ("majority", "minority"):
        majority = Q(ethnicity=MAJORITY_ETHNICITY)
        qs = qs.filter(majority if ethnicity == "majority" else ~majority)
    if religion in ("none", "religious"):
        none = Q(religion=NO_RELIGION)
        qs = qs.filter(none if religion == "none" else ~none)
    if youth_union in ("yes", "no"):
        qs = qs.filter(youth_union=youth_union == "yes")
    if theory_level:
        qs = qs.filter(theory_level="" if theory_level == "none" else theory_level)
    if education_level:
        qs = qs.filter(education_level="" if education_level == "none" else education_level)
    if occupation_group:
        qs = qs.filter(occupation_group=occupation_group)
    if age_band in AGE_BANDS:
        first, last = band_birth_years(age_band, on)
        qs = qs.filter(birth_date__gte=date(first, 1, 1), birth_date__lte=date(last, 12, 31))
    if birth_year:
        qs = qs.filter(birth_date__year=birth_year)
    if admission_year:
        start = date(admission_year, 1, 1)
        qs = qs.filter(
            admission_date__gte=start, admission_date__lte=min(on, date(admission_year, 12, 31))
        )
    if isinstance(qs, MemberSearch) and len(qs.query.where.children) > 1:
        qs.top = None  # a filter narrows it: the province's order alone cannot page it
    if state == "counted":
        # By id: the few left out come off the `member_uncounted` index, and every walk of
        # the ordered indexes (member_order, members_order) still reads no member row.
        every = qs
        qs = qs.exclude(pk__in=_uncounted())
        if isinstance(qs, MemberSearch):
            qs.counted, qs.every = True, every
    return qs.order_by("sort_key", "id")


def _uncounted() -> RawSQL:
    # The states written out: SQLite uses a partial index only for a condition it can
    # read off the statement itself, not one in bound parameters (it scanned the table).
    states = ", ".join(f"'{s}'" for s in UNCOUNTED_STATES)  # our own constants
    return RawSQL(f"SELECT id FROM members_member WHERE state IN ({states})", ())


SUGGESTIONS = 5  # names offered when a name search finds nothing
SUGGEST_KEYS = 50  # PostgreSQL: the most similar names of the country tested against the scope
SUGGEST_SCAN = 20_000  # SQLite: distinct names of the subtree compared, at most


def member_suggestions(
    *, actor, q: str, organization: Organization | None = None, state: str = ""
) -> list[str]:
    """Up to SUGGESTIONS names close to `q` that a search of the same list would find (the
    actor's scope, `organization`'s subtree, the same `state`): for a search that found nothing.

    PostgreSQL: the distinct names of the country most similar by trigrams
    (members_search_key, its GIN index), kept if a member of the list has them. SQLite (one
    province): the list's distinct names whose given name (the last word) starts with the
    same letter as the one typed, compared by difflib — a typo is rarely in the first letter,
    and that letter keeps the scan to a few thousand names.
    """
    key = search_key(q or "")
    if not key or "".join(key.split()).isdigit():
        return []
    members = member_list(actor=actor, organization=organization, state=state).order_by()
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_key FROM members_search_key WHERE search_key %% %s "
                "ORDER BY similarity(search_key, %s) DESC, search_key LIMIT %s",
                [key, key, SUGGEST_KEYS],
            )
            similar = [k for (k,) in cursor.fetchall() if k != key]
        present = set(
            members.filter(search_key__in=similar).values_list("search_key", flat=True).distinct()
        )
        keys = [k for k in similar if k in present][:SUGGESTIONS]
    else:
        letter = key.split()[-1][0]
        names = (
            members.filter(search_key__contains=f" {letter}")
            .values_list("search_key", flat=True)
            .distinct()[:SUGGEST_SCAN]
        )
        given = [k for k in names if k.rsplit(" ", 1)[-1].startswith(letter) and k != key]
        keys = difflib.get_close_matches(key, given, n=SUGGESTIONS, cutoff=0.7)
    # One of the list's own spellings of each name (with its accents), in official order.
    return [
        members.filter(search_key=k).order_by("sort_key").values_list("full_name", flat=True)[0]
        for k in keys
    ]


def _in_subtree(actor, organization: Organization | None, q: str) -> QuerySet[Member]:
    orgs = Organization.objects.filter(subtree_q(actor, organization))
    q = (q or "").strip()
    digits = "".join(q.split())
    key = "" if digits.isdigit() else search_key(q)
    large = _is_large(actor, organization)
    if key and is_postgresql():
        everything = organization is None and scope_path(actor) == ""
        return _named(key, orgs, everything=everything, large=large)
    if not q and large:
        # A large subtree listed in order: counted through the organizations' index, its
        # pages read as _IdsFirstPaginator.page decides.
        members = MemberSearch(Member)
        if scope_path(actor) != "" or organization is not None:
            members = members.filter(organization__in=orgs.values("id"))
            members.subtree = orgs
            members.top = _whole_tree(actor, organization)
        return members
    in_subtree = {"organization__in": orgs.values("id")}
    if q:
        # Hiding the organization index (organization_id + 0) makes SQLite scan the
        # covering `member_search` index for the name.
        in_subtree = {"_org__in": orgs.values("id")}
    qs = MemberSearch(Member) if key else Member.objects.all()
    # The text's condition first: SQLite tests them in the order written, and the subtree's
    # is a lookup for each row (a name in a province: 27 ms subtree first, 7 ms name first).
    if digits.isdigit():
        qs = qs.filter(
            _digits_prefix("citizen_id", digits) | _digits_prefix("party_card_number", digits)
        )
    elif key:  # SQLite (a province): see _sorted_ids
        qs = qs.filter(search_key__contains=key)
        qs.search = key
    return qs.alias(_org=F("organization_id") + 0).filter(**in_subtree)


SEARCH_CAP = 10_000  # a name search counts this many matches at most ("hơn 10.000")
SEARCH_KEYS = 3_000  # names a search reads one by one; a fragment of more is tested row by row


class MemberSearch(QuerySet):
    """A member list narrowed by a name, or a large subtree's list: a plain queryset (iterate
    it, export it) that also keeps what member_page needs to read its pages fast
    (_IdsFirstPaginator)."""

    search = ""  # the accent-free text searched
    search_keys: list[str] | None = None  # PostgreSQL: the names containing it (None: many)
    subtree: QuerySet[Organization] | None = None  # PostgreSQL: its organizations (None: all)
    large = True  # the subtree has LARGE_SUBTREE members or more
    top: int | None = None  # PostgreSQL: the list is this root's whole tree, unfiltered
    counted = False  # those the statistics count only (the uncounted excluded by id)
    every: QuerySet[Member] | None = None  # when counted: the same list in every state

    def _clone(self):
        clone = super()._clone()
        clone.search, clone.search_keys = self.search, self.search_keys
        clone.subtree, clone.large, clone.top = self.subtree, self.large, self.top
        clone.counted, clone.every = self.counted, self.every
        return clone

    def _filter_or_exclude(self, negate, args, kwargs):
        clone = super()._filter_or_exclude(negate, args, kwargs)
        clone.every = None  # narrowed further: `every` no longer counts the same list
        return clone


def _whole_tree(actor, organization: Organization | None) -> int | None:
    """PostgreSQL: the root organization (a province) whose whole tree the list covers, or
    None. Its members are in official order in `members_order` (migration 0018)."""
    if not is_postgresql():
        return None
    path = subtree_path(actor, organization)
    if not path or len(path) != SEGMENT:
        return None
    return organization.pk if organization and organization.path == path else actor.scope_id


def _named(
    key: str, orgs: QuerySet[Organization], *, everything: bool, large: bool
) -> MemberSearch:
    """PostgreSQL: the members whose name contains `key`, in the subtree of `orgs`.

    The substring is matched against the distinct names (members_search_key: 200.000 for
    6 M members, 1-6 ms) rather than against every member (the trigram index of the members
    took 150 ms for a common name, whatever the count); the members of those names come
    from `member_search_sorted`. A fragment of more than SEARCH_KEYS names ("an", "hoa") is
    tested on each row: it is in so many names that the first matches come soon.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_key FROM members_search_key WHERE search_key LIKE %s LIMIT %s",
            [f"%{key}%", SEARCH_KEYS + 1],  # keys are [0-9a-z ]: nothing to escape
        )
        keys = [k for (k,) in cursor.fetchall()]
    qs = MemberSearch(Member)
    if len(keys) > SEARCH_KEYS:
        qs = qs.filter(search_key__contains=key)
    else:
        qs = qs.filter(search_key__in=keys)
        qs.search_keys = keys
    if not everything:
        qs = qs.filter(organization__in=orgs.values("id"))
        qs.subtree = orgs
    qs.search, qs.large = key, large
    return qs


def _without(members: QuerySet[Member], field: str) -> QuerySet[Member]:
    """`members` less its `field IN (...)` filters (which _named added)."""
    qs = members.all()
    target = Member._meta.get_field(field)
    qs.query.where.children = [
        c
        for c in qs.query.where.children
        if not (isinstance(c, In) and getattr(c.lhs, "target", None) == target)
    ]
    return qs


def _hashed_subtree(members: MemberSearch) -> QuerySet[Member]:
    """The same members, with the subtree tested on each against a hash of its organizations.

    The planner turns `organization_id IN (subtree)` into a join and, misjudging how many
    members a name has, looks each member's organization up (0,3 s for the 160.000
    "tran thi" of the country, to keep Hà Nội's 7.464), or walks the ordered index while
    scanning all 11.000 organizations of Hà Nội for each member (1 s for "an"). Inside
    IS TRUE it cannot: it hashes the organizations once.
    """
    if members.subtree is None:
        return members
    try:
        sql, params = members.subtree.values("id").query.sql_with_params()
    except EmptyResultSet:  # a user who sees nothing
        return members.none()
    in_subtree = RawSQL(
        f'("members_member"."organization_id" IN ({sql})) IS TRUE', params, BooleanField()
    )
    return _without(members, "organization").filter(in_subtree)


def _placed_on(actor, organization: Organization | None, on: date, status: str, state: str):
    """Members placed in the subtree on a past date, with their standing of that day (`state`
    as in member_list): the tree and placements of that day."""
    path = subtree_path(actor, organization)
    if path is None:
        return Member.objects.none()
    if organization is None or organization.path != path:
        organization = Organization.objects.filter(path=path).first() if path else None
    placed = Placement.objects.filter(covering(on))
    if state == "counted":
        placed = placed.filter(state__in=COUNTED_STATES)
    elif state:
        placed = placed.filter(state=state)
    if organization is not None:
        placed = placed.filter(
            organization__in=subtree_on(organization, on).values("organization_id")
        )
    if status == MemberStatus.OFFICIAL:
        placed = placed.filter(official_from__lte=on)
    elif status == MemberStatus.PROBATIONARY:
        placed = placed.filter(Q(official_from__isnull=True) | Q(official_from__gt=on))
    return Member.objects.filter(pk__in=placed.values("member_id"))


def _digits_prefix(field: str, digits: str) -> Q:
    """`field` starts with `digits`, as an index range (LIKE would scan on SQLite)."""
    if set(digits) == {"9"}:
        return Q(**{f"{field}__startswith": digits})
    upper = str(int(digits) + 1).zfill(len(digits))
    return Q(**{f"{field}__gte": digits, f"{field}__lt": upper})


LARGE_SUBTREE = 5_000  # members; below this, fetching the subtree's rows and sorting is faster


def _is_large(actor, organization: Organization | None) -> bool:
    """Does the list cover LARGE_SUBTREE members or more (read off the counter table)?"""
    path = subtree_path(actor, organization)
    if not path:  # everything (an administrator), or nothing at all
        return path == ""
    top_id = organization.pk if organization and organization.path == path else actor.scope_id
    count = (
        SubtreeCount.objects.filter(organization_id=top_id, dimension="member", value="total")
        .values_list("count", flat=True)
        .first()
    )
    return (count or 0) >= LARGE_SUBTREE


class _IdsFirstPaginator(Paginator):
    """Pages of a member list: the page's ids first, from the ordered index alone, then
    those 50 rows with their organization. The database never drags whole rows through
    a deep OFFSET (page 2.900 of a province: 0.3-0.9 s otherwise).

    A name search (MemberSearch) is counted up to SEARCH_CAP: beyond, `capped` is True and
    `count` is SEARCH_CAP (the pages and the API say "more than"). Up to it, one query finds
    all the matches and sorts them: the count and every page at once.
    """

    capped = False
    _ids: list[int] | None = None  # all the matches of a name search, in order

    @cached_property
    def count(self) -> int:
        members = self.object_list
        if isinstance(members, MemberSearch) and not members.search and members.every is not None:
            # Both off indexes (the subtree's, member_uncounted): testing each of a province's
            # members against the excluded ids took twice as long.
            every = members.every
            return every.count() - every.filter(pk__in=_uncounted()).count()
        if not isinstance(members, MemberSearch) or not members.search:
            return members.count()
        if members.search_keys is not None and members.large:
            # A few names in a large subtree: their members, each tested against the subtree.
            members = _hashed_subtree(members)
        # Else the planner goes through the subtree's organizations (a small subtree; or a
        # common fragment: testing the whole country would not stop before SEARCH_CAP).
        ids = _sorted_ids(members, SEARCH_CAP + 1)
        if len(ids) > SEARCH_CAP:
            self.capped = True
            return SEARCH_CAP
        self._ids = ids
        return len(ids)

    def page(self, number):
        number = self.validate_number(number)  # counts first
        bottom = (number - 1) * self.per_page
        members = self.object_list
        if self._ids is not None:
            ids = self._ids[bottom : bottom + self.per_page]
        elif self.capped and members.search_keys:
            ids = _page_by_name(_hashed_subtree(members), bottom, self.per_page)
        elif isinstance(members, MemberSearch) and not members.search and members.top:
            ids = _top_page(members.top, bottom, self.per_page, counted=members.counted)
        elif (
            isinstance(members, MemberSearch)
            and not members.search
            and not _walk(members, bottom + self.per_page, self.count)
        ):
            ids = _sorted_page(members, bottom, self.per_page)
        else:
            if isinstance(members, MemberSearch) and (self.capped or not members.search):
                # Walk `member_order` in order, testing each member's organization against
                # a hash of the subtree's (a common fragment: matches all along it).
                members = _hashed_subtree(members)
            elif self.count < LARGE_SUBTREE:
                # Few rows (a narrow filter): fetch them all and sort. Walking the ordered
                # index to stop after a page reads all of it when the page never fills
                # (0.4 s on PostgreSQL for 79 matches in a province). Same order.
                members = members.order_by(Concat("sort_key", Value("")), "id")
            ids = list(members.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = Member.objects.select_related("organization__parent").in_bulk(ids)
        return self._get_page([rows[i] for i in ids if i in rows], number, self)


WALK = 300_000  # entries of `member_order` a page may walk past; beyond, the subtree is sorted


def _walk(members: MemberSearch, end: int, count: int) -> bool:
    """Is walking the ordered index cheaper for a page that ends at `end` of the `count`
    members of a large subtree? The walk passes about end × (all members / count) entries
    (a province is 5% of the country: page 3.000 of Hà Nội, 3 million); sorting the subtree
    through the organizations' index costs the same for every page (0,2 s for 300.000)."""
    if members.subtree is None:
        return True  # everything: the walk passes only what it skips
    everyone = SubtreeCount.objects.filter(
        organization__parent=None, dimension="member", value="total"
    ).aggregate(n=Sum("count"))["n"]
    return end * (everyone or count) / max(count, 1) <= WALK


def _top_page(top: int, bottom: int, size: int, *, counted: bool) -> list[int]:
    """A page of a whole province, unfiltered (PostgreSQL): a range of `member_top_order`,
    whatever the page (page 3.000 of TP HCM: 0,4 s walking the national index or sorting the
    province); `counted`: less the uncounted members, by id."""
    sql, params = "", []
    if counted:
        sql, params = _uncounted().sql, []
        sql = f"AND member_id NOT IN ({sql}) "
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT member_id FROM members_order WHERE top_id = %s {sql}"
            "ORDER BY sort_key, member_id LIMIT %s OFFSET %s",
            [top, *params, size, bottom],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _sorted_page(members: QuerySet[Member], bottom: int, size: int) -> list[int]:
    """A page of a large subtree deep in its list: the subtree's (id, sort key) through the
    organizations' index, sorted by the database."""
    sql, params = members.order_by().values_list("id", "sort_key").query.sql_with_params()
    collate = c_collate()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.id FROM ({sql}) s ORDER BY s.sort_key{collate}, s.id LIMIT %s OFFSET %s",
            [*params, size, bottom],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _sorted_ids(members: QuerySet[Member], limit: int) -> list[int]:
    """The ids of the first `limit` members found (in no particular order), sorted in
    official order."""
    found = members.order_by()
    if not is_postgresql():
        # Asked for their ids alone SQLite finds the matches by scanning the covering
        # `member_search` index (the table is 10 times wider), then reads those rows.
        found = Member.objects.filter(pk__in=found.values("id")[:limit])
    try:
        sql, params = found.values_list("id", "sort_key")[:limit].query.sql_with_params()
    except EmptyResultSet:  # no name contains the text
        return []
    # Hex keys sort the same under any collation; "C" compares bytes.
    collate = c_collate()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT s.id FROM ({sql}) s ORDER BY s.sort_key{collate}, s.id", params)
        return [pk for (pk,) in cursor.fetchall()]


def _page_by_name(members: MemberSearch, bottom: int, size: int) -> list[int]:
    """A page of a name search with more than SEARCH_CAP matches (PostgreSQL): the first
    bottom + size members of each matching name, in official order off
    `member_search_sorted`, merged. Walking `member_order` instead reads the whole list in
    given-name order as far as the name's given name: most of it for "thi yen".
    """
    # Each name by itself: with the list of names beside `= k.key` the planner expected a
    # few rows per name and read them through the trigram index (55 s for "tran thi").
    inner = (
        _without(members, "search_key")
        .filter(search_key=RawSQL("k.key", (), CharField()))
        .order_by("sort_key", "id")
        .values_list("id", "sort_key")[: bottom + size]
    )
    sql, params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.id FROM unnest(%s::varchar[]) AS k(key) CROSS JOIN LATERAL ({sql}) m "
            "ORDER BY m.sort_key, m.id LIMIT %s OFFSET %s",
            [members.search_keys, *params, size, bottom],
        )
        return [pk for (pk,) in cursor.fetchall()]


def member_page(members: QuerySet[Member], number, size: int = 50) -> Page:
    """One page of a member_list() result; a wrong page number gives the nearest page."""
    return _IdsFirstPaginator(members, size).get_page(number)
