"""The demo's organization trees: grassroots organizations under a commune and the province bodies."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

from tochuc.demo.places import Region, village_names
from tochuc.orgs.models import Organization
from tochuc.orgs.services.admin_units import Unit


def _split(text: str) -> list[str]:
    return text.split(", ")


_COMPANY = _split(
    "Hưng Thịnh, Phú Gia, Thành Công, Minh Phát, An Khang, Hoàng Long, Tân Tiến, Đại Phát, "
    "Hòa Bình, Việt Tiến, Trường Sơn, Phúc Lộc, Đông Á, Sao Mai, Bình Minh, Thịnh Vượng, "
    "Nam Việt, Quang Minh, Hợp Lực, Đồng Tâm"
)
_COMMUNE_OFFICES = [
    "Chi bộ Văn phòng Đảng ủy",
    "Chi bộ Văn phòng HĐND và UBND",
    "Chi bộ Phòng Kinh tế",
    "Chi bộ Phòng Văn hóa - Xã hội",
    "Chi bộ Trung tâm Phục vụ hành chính công",
    "Chi bộ Mặt trận Tổ quốc và các đoàn thể",
    "Chi bộ Ban Xây dựng Đảng",
    "Chi bộ Trung tâm Dịch vụ tổng hợp",
    "Chi bộ Ủy ban Kiểm tra Đảng ủy",
]
_GOVERNMENT_OFFICES = {
    "Chi bộ Văn phòng HĐND và UBND",
    "Chi bộ Phòng Kinh tế",
    "Chi bộ Phòng Văn hóa - Xã hội",
    "Chi bộ Trung tâm Phục vụ hành chính công",
    "Chi bộ Trung tâm Dịch vụ tổng hợp",
}
_SCHOOL_GROUPS = [
    "Chi bộ Tổ Toán - Tin",
    "Chi bộ Tổ Ngữ văn",
    "Chi bộ Tổ Khoa học tự nhiên",
    "Chi bộ Tổ Khoa học xã hội",
    "Chi bộ Tổ Ngoại ngữ",
    "Chi bộ Tổ Thể dục - Quốc phòng",
    "Chi bộ Tổ Văn phòng",
]
_HEALTH_UNITS = [
    "Chi bộ Khoa Khám bệnh",
    "Chi bộ Khoa Nội - Nhi",
    "Chi bộ Khoa Ngoại - Sản",
    "Chi bộ Khoa Dược - Xét nghiệm",
    "Chi bộ Phòng Hành chính - Tổng hợp",
    "Chi bộ Khoa Y tế công cộng",
    "Chi bộ Khoa Hồi sức cấp cứu",
]
_COMPANY_UNITS = [
    "Chi bộ Phân xưởng Sản xuất số 1",
    "Chi bộ Phân xưởng Sản xuất số 2",
    "Chi bộ Phòng Kỹ thuật",
    "Chi bộ Phòng Kế hoạch - Kinh doanh",
    "Chi bộ Phòng Tài chính - Kế toán",
    "Chi bộ Văn phòng Công ty",
    "Chi bộ Đội Vận tải",
]


@dataclass
class Plan:
    """Organizations to insert (parents first) and the branches that will hold members."""

    orgs: list[Organization] = field(default_factory=list)
    seats: list[tuple[Organization, str, float]] = field(
        default_factory=list
    )  # org, profile, weight
    _count: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(
        self,
        parent: Organization,
        name: str,
        kind: str,
        profile: str | None = None,
        weight: float = 1.0,
        code: str | None = None,
    ) -> Organization:
        if code is None:
            self._count[parent.code] += 1
            n = self._count[parent.code]
            code = (
                f"{parent.code}-{n:03d}"
                if parent.kind in ("upper", "province")
                else (f"{parent.code}-{n:02d}")
            )
        org = Organization(code=code, name=name, kind=kind, parent=parent)
        self.orgs.append(org)
        if profile:
            self.seats.append((org, profile, weight))
        return org

    def villages(self, commune, rng, region, n: int, *, urban: bool, kind: str) -> None:
        """n village (or urban quarter) branches of a commune."""
        for village in village_names(rng, region, n, urban=urban):
            self.add(
                commune,
                f"Chi bộ {village}",
                kind,
                "quarter" if urban else "village",
                rng.uniform(0.6, 1.5),
            )

    def committee(self, parent, name, profile, branches, weight, *, rng=None, sub=None):
        """A grassroots committee with its branches; `sub` puts some of them in a sub-committee."""
        top = self.add(parent, name, "grassroots_committee")
        inside = top
        for branch in branches:
            if sub and branch in sub[1]:
                if inside is top:
                    inside = self.add(top, sub[0], "sub_committee")
                self.add(
                    inside,
                    branch,
                    "branch",
                    profile,
                    weight * (rng.uniform(0.6, 1.4) if rng else 1),
                )
            else:
                self.add(
                    top, branch, "branch", profile, weight * (rng.uniform(0.6, 1.4) if rng else 1)
                )
        return top


def plan_commune(rng: random.Random, commune: Organization, unit: Unit, region: Region) -> Plan:
    """About 90 organizations: village branches, schools, health, police, army, enterprises,
    and a few grassroots committees with their branches."""
    plan = Plan()
    urban, island = unit.word == "phường", unit.word == "đặc khu"
    mountain = region.places in ("tay", "thai", "highland")
    label, bare = unit.label, unit.bare

    offices = rng.sample(_COMMUNE_OFFICES, rng.randint(3, min(8, len(_COMMUNE_OFFICES))))
    government = [o for o in offices if o in _GOVERNMENT_OFFICES]
    sub = None
    if len(offices) >= 6 and len(government) >= 2 and rng.random() < 0.5:
        sub = ("Đảng bộ bộ phận Chính quyền", set(government))
    plan.committee(
        commune,
        f"Đảng bộ Cơ quan Đảng - Chính quyền {label}",
        "office",
        offices,
        0.7,
        rng=rng,
        sub=sub,
    )
    if rng.random() < (0.8 if urban else 0.5):
        groups = rng.sample(_SCHOOL_GROUPS, rng.randint(3, 7))
        plan.committee(commune, f"Đảng bộ Trường THPT {bare}", "school", groups, 0.4, rng=rng)
    if rng.random() < 0.25:
        units = rng.sample(_HEALTH_UNITS, rng.randint(3, 6))
        plan.committee(
            commune, f"Đảng bộ Trung tâm Y tế khu vực {bare}", "health", units, 0.5, rng=rng
        )
    if rng.random() < (0.4 if urban else 0.15):
        units = rng.sample(_COMPANY_UNITS, rng.randint(3, 6))
        plan.committee(
            commune,
            f"Đảng bộ Công ty Cổ phần {rng.choice(_COMPANY)}",
            "enterprise",
            units,
            0.5,
            rng=rng,
        )

    n_villages = (
        rng.randint(15, 35) if island else rng.randint(44, 80) if urban else rng.randint(52, 88)
    )
    plan.villages(commune, rng, region, n_villages, urban=urban, kind="grassroots_branch")
    plan.add(commune, f"Chi bộ Trường Mầm non {bare}", "grassroots_branch", "school", 0.35)
    plan.add(commune, f"Chi bộ Trường Tiểu học {bare}", "grassroots_branch", "school", 0.5)
    if rng.random() < 0.4:
        plan.add(commune, f"Chi bộ Trường Tiểu học số 2 {bare}", "grassroots_branch", "school", 0.4)
    lower = "Trường PTDTBT THCS" if mountain and not urban and rng.random() < 0.4 else "Trường THCS"
    plan.add(commune, f"Chi bộ {lower} {bare}", "grassroots_branch", "school", 0.5)
    plan.add(commune, f"Chi bộ Trạm Y tế {label}", "grassroots_branch", "health", 0.35)
    plan.add(commune, f"Chi bộ Công an {label}", "grassroots_branch", "police", 0.6)
    plan.add(commune, f"Chi bộ Quân sự {label}", "grassroots_branch", "military", 0.3)
    businesses = [
        f"Chi bộ Hợp tác xã Nông nghiệp {bare}",
        f"Chi bộ Quỹ tín dụng nhân dân {bare}",
        f"Chi bộ Công ty TNHH {rng.choice(_COMPANY)}",
        f"Chi bộ Hợp tác xã Dịch vụ tổng hợp {rng.choice(_COMPANY)}",
    ]
    if region.places == "tay":
        businesses.append(f"Chi bộ Hợp tác xã Chè {bare}")
    if region.south or island:
        businesses.append(f"Chi bộ Hợp tác xã Thủy sản {rng.choice(_COMPANY)}")
    for name in rng.sample(businesses, rng.randint(1, min(4, len(businesses)))):
        profile = "enterprise" if "Công ty" in name or "Quỹ" in name else "coop"
        plan.add(commune, name, "grassroots_branch", profile, 0.3)
    return plan


def plan_province_bodies(rng: random.Random, province: Organization, unit: Unit) -> Plan:
    """The province's other upper-level committees (Party agencies, government, police, army)."""
    plan = Plan()
    word, bare = unit.word, unit.bare
    uy = "Tỉnh ủy" if word == "tỉnh" else "Thành ủy"
    base = province.code

    def upper(key, name):
        return plan.add(province, name, "upper", code=f"{base}-{key}")

    def pick(items, low, high):
        return rng.sample(items, rng.randint(low, min(high, len(items))))

    party = upper("CQD", f"Đảng bộ Các cơ quan Đảng {word}")
    plan.committee(
        party,
        f"Đảng bộ Văn phòng {uy}",
        "office",
        [
            "Chi bộ Phòng Tổng hợp",
            "Chi bộ Phòng Quản trị - Tài vụ",
            "Chi bộ Phòng Hành chính - Lưu trữ",
            f"Chi bộ Nhà khách {uy}",
        ],
        0.8,
        rng=rng,
    )
    for name in [
        f"Ban Tổ chức {uy}",
        f"Ban Tuyên giáo và Dân vận {uy}",
        f"Ủy ban Kiểm tra {uy}",
        f"Ban Nội chính {uy}",
        f"Ban Chính sách, chiến lược {uy}",
        f"Trường Chính trị {word}",
    ]:
        plan.add(party, f"Chi bộ {name}", "grassroots_branch", "office", 1.2)
    plan.committee(
        party,
        f"Đảng bộ Báo và Phát thanh, Truyền hình {bare}",
        "office",
        [
            "Chi bộ Phòng Thời sự",
            "Chi bộ Phòng Chuyên đề",
            "Chi bộ Phòng Kỹ thuật - Công nghệ",
            "Chi bộ Phòng Hành chính - Tổng hợp",
            "Chi bộ Phòng Biên tập",
        ],
        0.9,
        rng=rng,
    )
    plan.committee(
        party,
        f"Đảng bộ Cơ quan Ủy ban Mặt trận Tổ quốc {word}",
        "office",
        [
            "Chi bộ Văn phòng",
            "Chi bộ Hội Liên hiệp Phụ nữ",
            "Chi bộ Đoàn Thanh niên",
            "Chi bộ Hội Nông dân",
            "Chi bộ Hội Cựu chiến binh",
            "Chi bộ Liên đoàn Lao động",
        ],
        0.7,
        rng=rng,
    )

    gov = upper("UB", f"Đảng bộ Ủy ban nhân dân {word}")
    plan.committee(
        gov,
        f"Đảng bộ Văn phòng Ủy ban nhân dân {word}",
        "office",
        [
            "Chi bộ Phòng Tổng hợp",
            "Chi bộ Phòng Kinh tế",
            "Chi bộ Phòng Khoa giáo - Văn xã",
            "Chi bộ Trung tâm Phục vụ hành chính công",
        ],
        0.9,
        rng=rng,
    )
    plan.committee(
        gov,
        "Đảng bộ Sở Giáo dục và Đào tạo",
        "office",
        pick(
            [
                "Chi bộ Văn phòng Sở",
                "Chi bộ Phòng Giáo dục phổ thông",
                "Chi bộ Phòng Giáo dục mầm non và tiểu học",
                "Chi bộ Phòng Kế hoạch - Tài chính",
                "Chi bộ Phòng Tổ chức cán bộ",
                "Chi bộ Thanh tra Sở",
            ],
            4,
            6,
        ),
        0.9,
        rng=rng,
    )
    plan.committee(
        gov,
        "Đảng bộ Sở Y tế",
        "health",
        pick(
            [
                "Chi bộ Văn phòng Sở",
                "Chi bộ Phòng Nghiệp vụ Y",
                "Chi bộ Phòng Nghiệp vụ Dược",
                "Chi bộ Trung tâm Kiểm soát bệnh tật",
                "Chi bộ Chi cục Dân số",
            ],
            3,
            5,
        ),
        1.0,
        rng=rng,
    )
    hospital = [
        "Chi bộ Khoa Nội",
        "Chi bộ Khoa Ngoại",
        "Chi bộ Khoa Sản",
        "Chi bộ Khoa Nhi",
        "Chi bộ Khoa Hồi sức cấp cứu",
        "Chi bộ Khoa Khám bệnh",
        "Chi bộ Phòng Kế hoạch tổng hợp",
        "Chi bộ Phòng Điều dưỡng",
    ]
    plan.committee(
        gov,
        f"Đảng bộ Bệnh viện Đa khoa {word}",
        "health",
        hospital,
        1.2,
        rng=rng,
        sub=(
            "Đảng bộ bộ phận Khối Nội",
            {"Chi bộ Khoa Nội", "Chi bộ Khoa Nhi", "Chi bộ Khoa Hồi sức cấp cứu"},
        ),
    )
    plan.committee(
        gov,
        "Đảng bộ Sở Nông nghiệp và Môi trường",
        "office",
        pick(
            [
                "Chi bộ Văn phòng Sở",
                "Chi bộ Chi cục Kiểm lâm",
                "Chi bộ Chi cục Thủy lợi",
                "Chi bộ Chi cục Trồng trọt và Bảo vệ thực vật",
                "Chi bộ Văn phòng Đăng ký đất đai",
                "Chi bộ Trung tâm Khuyến nông",
            ],
            4,
            6,
        ),
        0.9,
        rng=rng,
    )
    plan.committee(
        gov,
        f"Đảng bộ Trường Cao đẳng {bare}",
        "school",
        pick(
            [
                "Chi bộ Khoa Kinh tế",
                "Chi bộ Khoa Kỹ thuật",
                "Chi bộ Khoa Sư phạm",
                "Chi bộ Phòng Đào tạo",
                "Chi bộ Phòng Hành chính - Quản trị",
            ],
            3,
            5,
        ),
        0.9,
        rng=rng,
    )
    for name in [
        "Sở Tài chính",
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Sở Xây dựng",
        "Sở Công Thương",
        "Sở Khoa học và Công nghệ",
        "Sở Văn hóa, Thể thao và Du lịch",
        f"Thanh tra {word}",
        "Sở Dân tộc và Tôn giáo",
        "Ban Quản lý các khu công nghiệp",
        "Quỹ Đầu tư phát triển",
        "Trung tâm Lưu trữ lịch sử",
    ]:
        plan.add(gov, f"Chi bộ {name}", "grassroots_branch", "office", 1.0)

    police = upper("CA", f"Đảng bộ Công an {word}")
    plan.committee(
        police,
        "Đảng bộ Phòng Tham mưu",
        "police",
        ["Chi bộ Đội Tổng hợp", "Chi bộ Đội Thông tin", "Chi bộ Đội Pháp chế", "Chi bộ Đội Hồ sơ"],
        0.9,
        rng=rng,
    )
    plan.committee(
        police,
        "Đảng bộ Phòng An ninh chính trị nội bộ",
        "police",
        [f"Chi bộ Đội {i}" for i in range(1, rng.randint(4, 6))],
        0.8,
        rng=rng,
    )
    plan.committee(
        police,
        "Đảng bộ Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        "police",
        [
            "Chi bộ Đội Chữa cháy và cứu nạn, cứu hộ khu vực 1",
            "Chi bộ Đội Chữa cháy và cứu nạn, cứu hộ khu vực 2",
            "Chi bộ Đội Tham mưu tổng hợp",
        ],
        0.9,
        rng=rng,
    )
    for name in [
        "Phòng Cảnh sát hình sự",
        "Phòng Cảnh sát giao thông",
        "Phòng Cảnh sát kinh tế",
        "Phòng Cảnh sát điều tra tội phạm về ma túy",
        "Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc",
        "Phòng Hậu cần",
        "Phòng Tổ chức cán bộ",
        "Trại tạm giam",
        "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
        "Phòng Quản lý xuất nhập cảnh",
    ]:
        plan.add(police, f"Chi bộ {name}", "grassroots_branch", "police", 1.2)

    army = upper("QS", f"Đảng bộ Quân sự {word}")
    plan.committee(
        army,
        f"Đảng bộ Cơ quan Bộ Chỉ huy Quân sự {word}",
        "military",
        ["Chi bộ Phòng Tham mưu", "Chi bộ Phòng Chính trị", "Chi bộ Phòng Hậu cần - Kỹ thuật"],
        1.0,
        rng=rng,
    )
    for i in range(1, rng.randint(3, 5)):
        plan.committee(
            army,
            f"Đảng bộ Ban Chỉ huy Phòng thủ khu vực {i}",
            "military",
            [
                "Chi bộ Cơ quan",
                "Chi bộ Ban Tham mưu",
                "Chi bộ Ban Chính trị",
                "Chi bộ Ban Hậu cần - Kỹ thuật",
            ],
            0.6,
            rng=rng,
        )
    for name in [
        "Đại đội Trinh sát",
        "Đại đội Công binh",
        "Đại đội Thông tin",
        "Đại đội Pháo binh",
        f"Trường Quân sự {word}",
    ]:
        plan.add(army, f"Chi bộ {name}", "grassroots_branch", "military", 0.8)
    return plan


# -- the tree before 01/07/2025: districts, and communes as đảng bộ cơ sở ----------------------

_DISTRICT_OFFICES = [
    "Chi bộ Văn phòng Huyện ủy",
    "Chi bộ Ban Tổ chức Huyện ủy",
    "Chi bộ Ủy ban Kiểm tra Huyện ủy",
    "Chi bộ Văn phòng HĐND và UBND",
    "Chi bộ Phòng Tài chính - Kế hoạch",
    "Chi bộ Phòng Nông nghiệp và Phát triển nông thôn",
    "Chi bộ Phòng Giáo dục và Đào tạo",
    "Chi bộ Phòng Tài nguyên và Môi trường",
    "Chi bộ Trung tâm Chính trị",
]


def plan_district_bodies(rng: random.Random, district: Organization, unit) -> Plan:
    """A district's own grassroots organizations (before 2025): its agencies, police, army,
    an upper-secondary school and sometimes the health centre (unit: an OldUnit)."""
    plan = Plan()
    label, bare = unit.label, unit.bare
    offices = rng.sample(_DISTRICT_OFFICES, rng.randint(4, len(_DISTRICT_OFFICES)))
    plan.committee(district, f"Đảng bộ Cơ quan {label}", "office", offices, 1.5, rng=rng)
    plan.committee(
        district,
        f"Đảng bộ Công an {label}",
        "police",
        ["Chi bộ Đội An ninh", "Chi bộ Đội Cảnh sát", "Chi bộ Văn phòng - Tổng hợp"],
        0.8,
        rng=rng,
    )
    plan.add(district, f"Chi bộ Ban Chỉ huy Quân sự {label}", "grassroots_branch", "military", 0.5)
    groups = rng.sample(_SCHOOL_GROUPS, rng.randint(3, 5))
    plan.committee(district, f"Đảng bộ Trường THPT {bare}", "school", groups, 0.6, rng=rng)
    if rng.random() < 0.6:
        units = rng.sample(_HEALTH_UNITS, rng.randint(3, 5))
        plan.committee(district, f"Đảng bộ Trung tâm Y tế {label}", "health", units, 0.8, rng=rng)
    return plan


def plan_old_commune(rng: random.Random, commune: Organization, unit, region: Region) -> Plan:
    """An old commune's đảng bộ cơ sở (before 2025): its village or quarter branches and the
    branches of its office, police, army, schools and health station (unit: an OldUnit)."""
    plan = Plan()
    urban = unit.word == "phường"
    label, bare = unit.label, unit.bare
    n = rng.randint(10, 24) if urban else rng.randint(8, 22)
    plan.villages(commune, rng, region, n, urban=urban, kind="branch")
    plan.add(commune, f"Chi bộ Cơ quan {label}", "branch", "office", 0.8)
    plan.add(commune, f"Chi bộ Công an {label}", "branch", "police", 0.4)
    plan.add(commune, f"Chi bộ Quân sự {label}", "branch", "military", 0.3)
    plan.add(commune, f"Chi bộ Trường Tiểu học {bare}", "branch", "school", 0.4)
    plan.add(commune, f"Chi bộ Trường Mầm non {bare}", "branch", "school", 0.3)
    if rng.random() < 0.5:
        plan.add(commune, f"Chi bộ Trạm Y tế {label}", "branch", "health", 0.3)
    return plan
