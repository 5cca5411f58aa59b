"""What each province looks like in the demo: ethnic groups, religions, village names, CCCD codes."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tochuc.demo.names import Pick, weighted


def _split(text: str) -> list[str]:
    return text.split(", ")


_TAY_1 = _split(
    "Nà, Bản, Khuổi, Cốc, Lũng, Pác, Phiêng, Nặm, Pò, Kéo, Khau, Đon, Lủng, Bó, Búng, Tổng, "
    "Thôm, Hát, Vằng, Cò, Nà, Khưa, Pác, Nà, Cốc, Sộc, Tềnh, Lạn"
)
_TAY_2 = _split(
    "Giàng, Chang, Mòn, Pảng, Rạo, Luông, Lạn, Mạ, Sliểng, Cáy, Hoi, Vài, Bó, Mười, Ngần, "
    "Hán, Thin, Tậu, Nưa, Tao, Lếch, Cáp, Khoang, Pài, Phya, Coóc, Lừa, Chầu, Mu, Kheo, Dào, "
    "Cọn, Riềng, Ngườm, Rằng, Khuông, Nặm, Slam, Pục, Lẹng, Mè, Vạc, Vỉnh, Sẳng"
)
_THAI_1 = _split(
    "Huổi, Pá, Nà, Co, Hua, Nậm, Phiêng, Mường, Púng, Tà, Hát, Noong, Bó, Pú, Ten, "
    "Hin, Xum, Lả, Pom"
)
_THAI_2 = _split(
    "Phạ, Khoang, Mạ, Xa, Lạn, Cang, Lót, Hồng, Bon, Lay, Nhạn, Thanh, Sản, Chăn, Ngua, "
    "Luông, Coọng, Ún, Mòn, Sáng, Pục, Có, Hịa, Lếch, Búng"
)
_DELTA = _split(
    "An, Phú, Tân, Đông, Thượng, Hạ, Trung, Yên, Phúc, Hòa, Đại, Văn, Kim, Mỹ, Thanh, Hưng, "
    "Lạc, Thịnh, Lộc, Bình, Hội, Xuân, Đồng, Quang, Vĩnh, Minh, Phong, Thọ, Cường, Lập, Tiến, "
    "Thắng, Lợi, Tâm, Sơn, Hà, Nghĩa, Khánh, Đoài, Nội, Ngoại, Bái, Quế, Lãm, Hậu, Cát, "
    "Thái, Ninh, Dương, Khê"
)
_HIGHLAND_1 = _split("Ea, Kô, Cư, Plei, Đăk, Kon, Ia, Tơ, Krông")
_HIGHLAND_2 = _split(
    "Kmát, Siêr, Tam, Sup, Kăp, Jũ, Hleo, Pôk, Drông, Blang, Mơr, Bông, Ktur, Ruê, Nur, "
    "Tlê, Kpuh, Dun, Mnang, Sô, Rơng, Hra, Kring, Ktiêng, Hriêng, Bar, Ral, Gri"
)
_SOUTH = _split(
    "Tân, Phú, Long, Bình, An, Mỹ, Hòa, Thạnh, Vĩnh, Phước, Hiệp, Thới, Đông, Tây, Trung, "
    "Nhơn, Khánh, Lợi, Hưng, Thành, Lộc, Quới, Điền, Xuân, Hậu, Thuận, Nghĩa, Yên, Hội, "
    "Định"
)
_KHMER_PLACES = _split(
    "Sóc Tiệm, Trà Canh, Sà Lôn, Prey Chóp, Ô Chum, Tà Ốt, Sóc Chét, Trà Đét, "
    "Kom Pông, Phnô Pen, Ba Xuyên, Chông Nô, Tà Lọt, Sóc Xoài"
)


@dataclass(frozen=True)
class Region:
    """What the demo needs to know about a province's people and places."""

    south: bool  # Huỳnh / Võ rather than Hoàng / Vũ
    places: str  # naming of villages: tay, thai, delta, highland, south
    village_word: str  # xóm, thôn, bản, buôn, ấp
    quarter_word: str  # tổ dân phố, khu phố, khóm (in a phường)
    ethnicities: tuple  # (group, weight)
    cccd: tuple  # the old provinces' codes where people here were registered at birth
    religions: tuple = ()  # extra (religion, weight) besides the common ones


def _r(south, places, village, quarter, ethnicities, cccd, religions=()):
    return Region(
        south, places, village, quarter, tuple(ethnicities), tuple(cccd), tuple(religions)
    )


_KINH = weighted("Kinh 99, Hoa 0.5, Mường 0.5")
# Keyed by the province code since 2025-07-01; CCCD codes of the provinces merged into it.
REGIONS: dict[int, Region] = {
    1: _r(
        False,
        "delta",
        "thôn",
        "tổ dân phố",
        weighted("Kinh 98, Mường 1, Hoa 0.5, Tày 0.5"),
        ["001"],
        [("Công giáo", 1)],
    ),
    4: _r(
        False,
        "tay",
        "xóm",
        "tổ dân phố",
        weighted("Tày 38, Nùng 28, Kinh 12, Mông 10, Dao 10, Sán Chay 1, Lô Lô 0.5, Hoa 0.5"),
        ["004"],
    ),
    8: _r(
        False,
        "tay",
        "thôn",
        "tổ dân phố",
        weighted(
            "Kinh 32, Tày 26, Mông 16, Dao 12, Nùng 5, Sán Chay 4, Giáy 1, Pà Thẻn 0.5, "
            "La Chí 0.5, Lô Lô 0.5, Bố Y 0.3"
        ),
        ["008", "002"],
    ),
    11: _r(
        False,
        "thai",
        "bản",
        "tổ dân phố",
        weighted(
            "Thái 38, Mông 32, Kinh 20, Khơ Mú 3, Dao 1.5, Hà Nhì 1, Lào 1, Cống 0.3, Si La 0.2"
        ),
        ["011"],
    ),
    12: _r(
        False,
        "thai",
        "bản",
        "tổ dân phố",
        weighted(
            "Thái 30, Mông 24, Kinh 18, Dao 12, Hà Nhì 6, Giáy 4, La Hủ 2, Lự 1, Mảng 1, "
            "Cống 0.5, Khơ Mú 1"
        ),
        ["012"],
    ),
    14: _r(
        False,
        "thai",
        "bản",
        "tổ dân phố",
        weighted(
            "Thái 52, Kinh 19, Mông 15, Mường 8, Dao 2, Xinh Mun 1, Khơ Mú 1, Kháng 1, La Ha 0.5"
        ),
        ["014"],
    ),
    15: _r(
        False,
        "tay",
        "thôn",
        "tổ dân phố",
        weighted(
            "Kinh 42, Tày 16, Mông 14, Dao 12, Thái 5, Nùng 4, Giáy 2, Hà Nhì 1, Phù Lá 1, "
            "Khơ Mú 0.5"
        ),
        ["010", "015"],
    ),
    19: _r(
        False,
        "tay",
        "xóm",
        "tổ dân phố",
        weighted("Kinh 62, Tày 20, Nùng 7, Dao 5, Sán Chay 2, Sán Dìu 2, Mông 2"),
        ["019", "006"],
    ),
    20: _r(
        False,
        "tay",
        "thôn",
        "khối phố",
        weighted("Nùng 42, Tày 35, Kinh 17, Dao 4, Sán Chay 1, Hoa 0.5, Mông 0.5"),
        ["020"],
    ),
    22: _r(
        False,
        "delta",
        "thôn",
        "khu phố",
        weighted("Kinh 88, Dao 4, Tày 4, Sán Dìu 2, Sán Chay 1, Hoa 1"),
        ["022"],
    ),
    24: _r(
        False,
        "delta",
        "thôn",
        "khu phố",
        weighted("Kinh 88, Nùng 4, Tày 3, Sán Chay 2, Sán Dìu 2, Hoa 1"),
        ["024", "027"],
    ),
    25: _r(
        False,
        "delta",
        "thôn",
        "tổ dân phố",
        weighted("Kinh 76, Mường 19, Dao 2, Tày 1, Thái 1, Sán Dìu 1"),
        ["025", "026", "017"],
    ),
    31: _r(False, "delta", "thôn", "tổ dân phố", _KINH, ["031", "030"], [("Công giáo", 1)]),
    33: _r(False, "delta", "thôn", "tổ dân phố", _KINH, ["033", "034"], [("Công giáo", 2)]),
    37: _r(
        False,
        "delta",
        "thôn",
        "tổ dân phố",
        [("Kinh", 97), ("Mường", 3)],
        ["037", "035", "036"],
        [("Công giáo", 4)],
    ),
    38: _r(
        False,
        "delta",
        "thôn",
        "tổ dân phố",
        weighted("Kinh 84, Mường 9, Thái 6, Mông 0.5, Dao 0.3, Thổ 0.2"),
        ["038"],
        [("Công giáo", 1)],
    ),
    40: _r(
        False,
        "delta",
        "xóm",
        "khối",
        weighted("Kinh 86, Thái 10, Khơ Mú 2, Mông 1.5, Thổ 0.5"),
        ["040"],
        [("Công giáo", 2)],
    ),
    42: _r(False, "delta", "thôn", "tổ dân phố", _KINH, ["042"], [("Công giáo", 2)]),
    44: _r(
        True,
        "delta",
        "thôn",
        "khu phố",
        weighted("Kinh 96, Bru-Vân Kiều 3, Tà Ôi 0.5, Chứt 0.5"),
        ["044", "045"],
        [("Công giáo", 1)],
    ),
    46: _r(
        True,
        "delta",
        "thôn",
        "tổ dân phố",
        weighted("Kinh 97, Tà Ôi 1.5, Cơ Tu 1, Bru-Vân Kiều 0.5"),
        ["046"],
        [("Phật giáo", 4)],
    ),
    48: _r(
        True,
        "delta",
        "thôn",
        "tổ dân phố",
        weighted("Kinh 96, Cơ Tu 2, Xơ Đăng 1, Gié Triêng 1"),
        ["048", "049"],
    ),
    51: _r(
        True,
        "highland",
        "thôn",
        "tổ dân phố",
        weighted("Kinh 70, Hrê 10, Xơ Đăng 10, Ba Na 4, Co 3, Gié Triêng 2, Brâu 0.5, Rơ Măm 0.5"),
        ["051", "062"],
    ),
    52: _r(
        True,
        "highland",
        "làng",
        "tổ dân phố",
        weighted("Kinh 72, Gia Rai 18, Ba Na 9, Hrê 0.5, Chăm 0.5"),
        ["064", "052"],
        [("Tin lành", 1)],
    ),
    56: _r(
        True,
        "delta",
        "thôn",
        "tổ dân phố",
        weighted("Kinh 88, Raglay 6, Chăm 5, Cơ Ho 1"),
        ["056", "058"],
        [("Bà La Môn", 0.5), ("Hồi giáo", 0.3)],
    ),
    66: _r(
        True,
        "highland",
        "buôn",
        "tổ dân phố",
        weighted("Kinh 75, Ê Đê 15, Mnông 3, Gia Rai 2, Tày 2, Nùng 2, Chăm 0.5, Mông 0.5"),
        ["066", "054"],
        [("Tin lành", 1), ("Công giáo", 1)],
    ),
    68: _r(
        True,
        "highland",
        "bon",
        "tổ dân phố",
        weighted("Kinh 84, Cơ Ho 6, Mnông 4, Mạ 2, Chăm 1, Chu Ru 1, Tày 1, Nùng 1"),
        ["068", "067", "060"],
        [("Công giáo", 2)],
    ),
    75: _r(
        True,
        "south",
        "ấp",
        "khu phố",
        weighted("Kinh 92, Xtiêng 3, Hoa 2, Chơ Ro 1, Khmer 1, Mạ 0.5, Nùng 0.5"),
        ["075", "070"],
        [("Công giáo", 3)],
    ),
    79: _r(
        True,
        "south",
        "ấp",
        "khu phố",
        weighted("Kinh 94, Hoa 5, Khmer 0.5, Chăm 0.5"),
        ["079", "074", "077"],
        [("Công giáo", 2)],
    ),
    80: _r(
        True,
        "south",
        "ấp",
        "khu phố",
        weighted("Kinh 98, Khmer 1, Chăm 0.5, Hoa 0.5"),
        ["072", "080"],
        [("Cao Đài", 3)],
    ),
    82: _r(True, "south", "ấp", "khóm", _KINH, ["087", "082"], [("Phật giáo Hòa Hảo", 1)]),
    86: _r(
        True,
        "south",
        "ấp",
        "khóm",
        weighted("Kinh 89, Khmer 10, Hoa 1"),
        ["086", "084", "083"],
        [("Cao Đài", 0.5)],
    ),
    91: _r(
        True,
        "south",
        "ấp",
        "khóm",
        weighted("Kinh 88, Khmer 10, Hoa 1.5, Chăm 0.5"),
        ["089", "091"],
        [("Phật giáo Hòa Hảo", 3)],
    ),
    92: _r(
        True,
        "south",
        "ấp",
        "khu vực",
        weighted("Kinh 80, Khmer 17, Hoa 3"),
        ["092", "094", "093"],
        [("Phật giáo Hòa Hảo", 0.5)],
    ),
    96: _r(True, "south", "ấp", "khóm", weighted("Kinh 94, Khmer 4, Hoa 2"), ["096", "095"]),
}
_DEFAULT = _r(False, "delta", "thôn", "tổ dân phố", _KINH, ["001"])


def region(province_code: int) -> Region:
    return REGIONS.get(province_code, _DEFAULT)


# Groups whose members are mostly Theravada Buddhists, and the common religions of members.
_BUDDHIST_GROUPS = {"Khmer", "Hoa"}
_RELIGIONS = weighted("Không 95, Phật giáo 3, Công giáo 1")


def religion_pick(r: Region) -> Pick:
    return Pick(_RELIGIONS + list(r.religions))


BUDDHIST_RELIGION = Pick([("Phật giáo", 55), ("Không", 45)])


def religion_for(rng: random.Random, ethnicity: str, common: Pick) -> str:
    if ethnicity in _BUDDHIST_GROUPS:
        return BUDDHIST_RELIGION(rng)
    if ethnicity == "Chăm":
        return rng.choice(["Bà La Môn", "Hồi giáo", "Không"])
    return common(rng)


def village_names(rng: random.Random, r: Region, n: int, *, urban: bool) -> list[str]:
    """n distinct village (or quarter) names of one commune: 'xóm Nà Giàng', 'tổ dân phố số 5'."""
    if urban:
        if r.quarter_word in ("tổ dân phố", "khối phố"):
            return [f"{r.quarter_word} số {i}" for i in range(1, n + 1)]
        return [f"{r.quarter_word} {i}" for i in range(1, n + 1)]
    seen: set[str] = set()
    out: list[str] = []
    numbered = 0
    while len(out) < n:
        x = rng.random()
        word = r.village_word
        if r.places == "tay":
            place = f"{rng.choice(_TAY_1)} {rng.choice(_TAY_2)}"
        elif r.places == "thai":
            place = f"{rng.choice(_THAI_1)} {rng.choice(_THAI_2)}"
        elif r.places == "highland" and x < 0.4:
            place = f"{rng.choice(_HIGHLAND_1)} {rng.choice(_HIGHLAND_2)}"
        elif r.places == "highland" and x < 0.7:
            numbered += 1
            word, place = "thôn", str(numbered)
        elif r.places == "highland":  # villages of Kinh settlers
            word, place = "thôn", f"{rng.choice(_DELTA)} {rng.choice(_DELTA)}"
        elif r.places == "south" and x < 0.05:
            place = rng.choice(_KHMER_PLACES)
        elif r.places == "south":
            place = f"{rng.choice(_SOUTH)} {rng.choice(_SOUTH)}"
        else:
            place = f"{rng.choice(_DELTA)} {rng.choice(_DELTA)}"
        first, _, second = place.partition(" ")
        name = f"{word} {place}"
        if name in seen or first == second:
            continue
        seen.add(name)
        out.append(name)
    return out
