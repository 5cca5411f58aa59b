"""Reads of the cadre work, each scoped to the actor (cadres.py) and the planning table with
its warnings (planning.py)."""

from tochuc.cadres.selectors.cadres import (  # noqa: F401
    CadreRecord,
    appointable,
    cadre_get,
    cadre_holdings,
    cadre_record,
    cadres_in,
    held_on,
    moves,
    people_named,
    position_list,
    position_page,
    position_rows,
    positions_of,
    reappointments_due,
    standing_q,
    vacancies,
    vacant_positions,
)
from tochuc.cadres.selectors.clearance import (  # noqa: F401
    clearance_counts,
    clearance_get,
    clearance_list,
    clearance_sentence,
)
from tochuc.cadres.selectors.committees import Committee, committee_of, seat_get  # noqa: F401
from tochuc.cadres.selectors.planning import (  # noqa: F401
    PlannedRow,
    PlanningRow,
    person_warnings,
    planned_q,
    planning_get,
    planning_table,
    position_warnings,
)
from tochuc.cadres.selectors.terms import (  # noqa: F401
    Ineligible,
    StaffProfile,
    congress_day,
    profile_people,
    reelection_ineligible,
    staff_profile,
    staff_sentence,
)
