"""Demo party members: who sits in which kind of branch, and records that pass member_problems."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from tochuc.core.text import clean
from tochuc.demo.names import NameMaker, Pick, weighted
from tochuc.demo.places import Region, religion_for, religion_pick
from tochuc.members.models import Member
from tochuc.members.reference import CCCD_PROVINCES
from tochuc.members.services import derive_fields
from tochuc.members.validators import add_months

# The demo's "today": generated data never depends on the clock.
REFERENCE_DATE = date(2026, 11, 1)
EARLIEST_BIRTH = date(1940, 1, 1)
LATEST_BIRTH = date(2007, 12, 31)


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March (so whole years stay whole)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


@dataclass(frozen=True)
class Profile:
    """The people of one kind of branch."""

    women: float
    age: tuple[int, int, int]  # low, high, most common age on the reference date
    admitted_at: int  # most common age at admission
    probationary: float
    education: Pick
    theory: Pick
    occupation: Pick
    staff: bool  # officials, teachers, police ...: more often Kinh than the villages around


def _p(women, age, admitted_at, probationary, education, theory, occupation, staff=True):
    return Profile(
        women,
        age,
        admitted_at,
        probationary,
        Pick(education),
        Pick(theory),
        Pick(occupation),
        staff,
    )


PROFILES: dict[str, Profile] = {
    "village": _p(
        0.36,
        (20, 86, 58),
        27,
        0.05,
        weighted("none 25, so_cap 22, trung_cap 32, cao_dang 8, dai_hoc 12, thac_si 1"),
        weighted("none 30, so_cap 60, trung_cap 9, cao_cap 1"),
        weighted(
            "Nông dân 45, Hưu trí 22, Buôn bán 6, Lao động tự do 10, Công nhân 5, "
            "Cán bộ thôn 6, Nội trợ 3, Giáo viên nghỉ hưu 3"
        ),
        staff=False,
    ),
    "quarter": _p(
        0.42,
        (20, 86, 62),
        28,
        0.04,
        weighted("none 10, so_cap 8, trung_cap 25, cao_dang 12, dai_hoc 40, thac_si 4, tien_si 1"),
        weighted("none 25, so_cap 50, trung_cap 18, cao_cap 6, cu_nhan 1"),
        weighted(
            "Hưu trí 45, Kinh doanh 12, Lao động tự do 10, Công nhân 8, Nhân viên 10, "
            "Nội trợ 5, Cựu quân nhân 10"
        ),
        staff=False,
    ),
    "school": _p(
        0.68,
        (24, 59, 40),
        27,
        0.07,
        weighted("cao_dang 10, dai_hoc 78, thac_si 10, trung_cap 2"),
        weighted("none 15, so_cap 60, trung_cap 24, cao_cap 1"),
        weighted("Giáo viên 86, Nhân viên 8, Cán bộ quản lý giáo dục 6"),
    ),
    "health": _p(
        0.62,
        (24, 59, 38),
        28,
        0.06,
        weighted("trung_cap 25, cao_dang 20, dai_hoc 45, thac_si 8, tien_si 2"),
        weighted("none 20, so_cap 55, trung_cap 23, cao_cap 2"),
        weighted("Bác sĩ 30, Y sĩ 22, Điều dưỡng 30, Dược sĩ 10, Nhân viên 8"),
    ),
    "police": _p(
        0.13,
        (22, 58, 35),
        23,
        0.06,
        weighted("trung_cap 30, dai_hoc 62, thac_si 8"),
        weighted("so_cap 45, trung_cap 45, cao_cap 9, cu_nhan 1"),
        [("Sĩ quan Công an nhân dân", 85), ("Hạ sĩ quan Công an nhân dân", 15)],
    ),
    "military": _p(
        0.06,
        (21, 55, 33),
        22,
        0.08,
        weighted("trung_cap 35, cao_dang 10, dai_hoc 50, thac_si 5"),
        weighted("so_cap 45, trung_cap 45, cao_cap 9, cu_nhan 1"),
        weighted("Sĩ quan Quân đội nhân dân 65, Quân nhân chuyên nghiệp 25, Hạ sĩ quan 10"),
    ),
    "office": _p(
        0.46,
        (25, 60, 42),
        28,
        0.04,
        weighted("trung_cap 5, cao_dang 4, dai_hoc 72, thac_si 17, tien_si 2"),
        weighted("none 5, so_cap 20, trung_cap 45, cao_cap 26, cu_nhan 4"),
        weighted("Công chức 70, Viên chức 22, Nhân viên hợp đồng 8"),
    ),
    "enterprise": _p(
        0.40,
        (22, 60, 38),
        29,
        0.07,
        weighted("none 15, trung_cap 25, cao_dang 15, dai_hoc 42, thac_si 3"),
        weighted("none 40, so_cap 50, trung_cap 10"),
        weighted("Công nhân 50, Nhân viên văn phòng 24, Kỹ sư 16, Quản lý doanh nghiệp 10"),
    ),
    "coop": _p(
        0.38,
        (25, 70, 48),
        30,
        0.05,
        weighted("none 30, so_cap 20, trung_cap 30, cao_dang 8, dai_hoc 12"),
        weighted("none 35, so_cap 60, trung_cap 5"),
        weighted("Xã viên hợp tác xã 60, Nông dân 25, Quản lý hợp tác xã 15"),
        staff=False,
    ),
}
_PHONE_PREFIXES = ["09", "08", "03", "07", "05"]


class Serials:
    """Unique CCCD serials and party card numbers for one province's demo members.

    Each province (its slot 0-33) owns a range of CCCD serials, so provinces never collide;
    counters continue after what the database already holds, so a second run does not either.
    """

    BASE, SPAN = 1_000, 28_000

    def __init__(self, *, slot: int, province_code: int, citizen_ids=(), cards=()):
        self.offset = self.BASE + slot * self.SPAN
        self.used: dict[str, int] = defaultdict(int)
        for cid in citizen_ids:
            if cid and len(cid) == 12 and cid.isdigit():
                n = int(cid[6:]) - self.offset
                if 0 <= n < self.SPAN:
                    self.used[cid[:6]] = max(self.used[cid[:6]], n + 1)
        self.card_prefix = f"{province_code:02d}"
        self.card = max(
            (int(c[2:]) for c in cards if c and len(c) == 9 and c.startswith(self.card_prefix)),
            default=0,
        )

    def citizen_id(self, origin: str, female: bool, birth: date) -> str:
        prefix = f"{origin}{(birth.year // 100 - 19) * 2 + female}{birth.year % 100:02d}"
        n = self.used[prefix]
        if n >= self.SPAN:
            raise RuntimeError(f"Hết số CCCD mẫu cho đầu số {prefix}.")
        self.used[prefix] = n + 1
        return f"{prefix}{self.offset + n:06d}"

    def party_card(self) -> str:
        self.card += 1
        return f"{self.card_prefix}{self.card:07d}"


class MemberMaker:
    """Makes the members of one province: names, dates, CCCD and the rest, all from an rng."""

    def __init__(
        self,
        *,
        region: Region,
        province_label: str,
        serials: Serials,
        age_min: int = 18,
        age_max: int = 60,
        probation_months: int = 12,
    ):
        self.region = region
        self.province_label = province_label
        self.serials = serials
        self.names = NameMaker(south=region.south)
        self.religions = religion_pick(region)
        self.age_min, self.age_max, self.months = age_min, age_max, probation_months
        local = list(region.cccd)
        # Nine in ten were registered at birth in the province (its first code weighing most).
        others = [c for c in sorted(CCCD_PROVINCES) if c not in local]
        self.origins = Pick(
            [(c, (2 if i == 0 else 1) * 90 / (len(local) + 1)) for i, c in enumerate(local)]
            + [(c, 10 / len(others)) for c in others]
        )
        self.latest_official_admission = add_months(REFERENCE_DATE, -probation_months)
        # A probationary member was admitted within the last probation period.
        self.probation_start = self.latest_official_admission + timedelta(days=1)

    def ethnic_mix(self, rng: random.Random, *, urban: bool) -> tuple[Pick, Pick]:
        """Ethnic weights of one commune (locals, staff): some communes are mostly Mông, others Tày."""
        local, staff = [], []
        for group, weight in self.region.ethnicities:
            if group == "Kinh":
                w = weight * (3 if urban else 1)
                local.append((group, w))
                staff.append((group, w * 2.5))
            else:
                w = weight * rng.lognormvariate(0, 0.8)
                local.append((group, w))
                staff.append((group, w))
        return Pick(local), Pick(staff)

    def _dates(self, rng: random.Random, profile: Profile, probationary: bool):
        if probationary:
            span = (REFERENCE_DATE - self.probation_start).days
            admitted = self.probation_start + timedelta(days=rng.randrange(span + 1))
            low = max(self.age_min, 19)  # born 2007 at the latest
            age = int(rng.triangular(low, min(45, self.age_max) + 0.99, low + 4))
            born = add_years(admitted, -age) - timedelta(days=rng.randrange(365))
            if born < add_years(admitted, -age - 1) + timedelta(days=1):
                born = add_years(admitted, -age)
            return born, admitted, None
        low, high, mode = profile.age
        age = rng.triangular(low, high, mode)
        born = REFERENCE_DATE - timedelta(days=int(age * 365.2425))
        born = min(
            max(born, EARLIEST_BIRTH),
            add_years(self.latest_official_admission, -self.age_min) - timedelta(days=1),
        )
        earliest = add_years(born, self.age_min)
        latest = min(
            add_years(born, self.age_max + 1) - timedelta(days=1), self.latest_official_admission
        )
        span = (latest - earliest).days
        mode_days = min(max((profile.admitted_at - self.age_min) * 365, 0), span)
        admitted = earliest + timedelta(days=int(rng.triangular(0, span, mode_days)))
        return born, admitted, add_months(admitted, self.months)

    def make(
        self,
        rng: random.Random,
        *,
        organization_id: int,
        profile: Profile,
        ethnic: Pick,
        place: str,
    ) -> Member:
        female = rng.random() < profile.women
        probationary = rng.random() < profile.probationary
        born, admitted, official = self._dates(rng, profile, probationary)
        ethnicity = ethnic(rng)
        name = clean(self.names.full_name(rng, ethnicity, female, born.year))
        origin = self.origins(rng)
        birth_place = place if origin in self.region.cccd else CCCD_PROVINCES[origin]
        hometown = birth_place if rng.random() < 0.8 else CCCD_PROVINCES[self.origins(rng)]
        age_now = REFERENCE_DATE.year - born.year
        member = Member(
            organization_id=organization_id,
            full_name=name,
            gender="female" if female else "male",
            birth_date=born,
            birth_place=birth_place,
            hometown=hometown,
            ethnicity=ethnicity,
            religion=religion_for(rng, ethnicity, self.religions),
            citizen_id=self.serials.citizen_id(origin, female, born),
            party_card_number=None if probationary else self.serials.party_card(),
            admission_date=admitted,
            official_date=official,
            status="probationary" if probationary else "official",
            occupation="Hưu trí"
            if age_now > 62 and profile.staff is False and rng.random() < 0.7
            else profile.occupation(rng),
            education_level=profile.education(rng),
            theory_level="" if probationary and rng.random() < 0.7 else profile.theory(rng),
            youth_union=age_now <= 30 and rng.random() < 0.75,
            phone=(rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}")
            if rng.random() < 0.65
            else "",
        )
        derive_fields(member)
        return member
