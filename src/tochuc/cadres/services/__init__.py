"""Every change to the cadre work: records (records.py), positions and who holds them
(positions.py), planning (planning.py), committees per term (committees.py), political-standard clearance
(clearance.py)."""

from tochuc.cadres.services.clearance import (  # noqa: F401
    clearance_conclude,
    clearance_open,
    may_see_clearance,
)
from tochuc.cadres.services.committees import (  # noqa: F401
    member_seat_add,
    seat_add,
    seat_end,
    seats_on,
)
from tochuc.cadres.services.moves import cadre_concurrence, cadre_move, cadre_return  # noqa: F401
from tochuc.cadres.services.planning import (  # noqa: F401
    member_planning_add,
    planning_add,
    planning_remove,
    planning_review,
)
from tochuc.cadres.services.positions import (  # noqa: F401
    cadre_appoint,
    holders_on,
    holding_end,
    member_appoint,
    position_create,
)
from tochuc.cadres.services.records import (  # noqa: F401
    cadre_create,
    cadre_level_set,
    cadre_of_member,
    cadre_refresh,
    cadres_refresh,
)

# isort: split
# (added later: catalogue edits and bodies)
from tochuc.cadres.services.catalogues import (  # noqa: F401
    catalogue_add,
    catalogue_update,
    may_edit_catalogues,
)
from tochuc.cadres.services.positions import body_create  # noqa: F401
