"""People's names for the demo: family, middle and given names by ethnic group, gender and age."""

from __future__ import annotations

import random
from itertools import accumulate


class Pick:
    """A weighted choice that is fast to repeat (cumulative weights computed once)."""

    __slots__ = ("values", "cum", "total")

    def __init__(self, pairs):
        pairs = [(p, 1) if isinstance(p, str) else p for p in pairs]
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cum)[0]


def weighted(text: str) -> list[tuple[str, float]]:
    """'Nguyễn 38, Trần 11, Niê Kdăm 1' -> [("Nguyễn", 38.0), ...]; 'none' stands for ''."""
    out = []
    for item in text.split(", "):
        value, _, weight = item.rpartition(" ")
        out.append(("" if value == "none" else value, float(weight)))
    return out


def _names(text: str) -> list[str]:
    return [w.strip() for w in text.split(",") if w.strip()]


# Kinh family names with their approximate share of the population (per cent).
_KINH_FAMILY_NORTH = weighted(
    "Nguyễn 38, Trần 11, Lê 9.5, Phạm 7, Hoàng 5.1, Phan 4.5, Vũ 3.9, Đặng 2.1, Bùi 2, "
    "Đỗ 1.4, Hồ 1.3, Ngô 1.3, Dương 1, Lý 0.5, Đào 0.5, Đoàn 0.5, Trịnh 0.5, "
    "Trương 0.4, Đinh 0.5, Lương 0.4, Mai 0.4, Hà 0.4, Cao 0.3, Tạ 0.3, Lưu 0.3, "
    "Vương 0.2, Tô 0.2, Chu 0.2, Quách 0.1, Kiều 0.1, Khuất 0.1, Nghiêm 0.1, Lại 0.1, "
    "Triệu 0.1, Thái 0.1, Văn 0.1, Tăng 0.1, Lâm 0.2, Doãn 0.1, Phùng 0.2"
)
# In the Centre and the South Hoàng is mostly Huỳnh and Vũ mostly Võ.
_KINH_FAMILY_SOUTH = [
    ("Huỳnh", 4.5) if f == "Hoàng" else ("Võ", 3.5) if f == "Vũ" else (f, w)
    for f, w in _KINH_FAMILY_NORTH
] + weighted("Hoàng 0.6, Vũ 0.4, Châu 0.3, La 0.1, Từ 0.1")

_MIDDLE_MALE = Pick(
    weighted(
        "Văn 40, Đức 6, Minh 6, Quốc 4, Hữu 5, Công 4, Đình 4, Xuân 3, Quang 4, Thanh 4, "
        "Ngọc 3, Trọng 2, Mạnh 2, Tiến 2, Hoàng 2, Anh 1, Duy 2, Gia 1, Bá 1, Thế 2, "
        "Việt 1, Hồng 1, Kim 0.5, Như 0.5, Tuấn 1, Chí 1, Nhật 1, Phú 0.5, Thành 1, "
        "Trung 1, Văn Minh 0.5, Đăng 1, Khắc 1, Tấn 1.5"
    )
)
_MIDDLE_FEMALE_OLD = Pick(
    weighted(
        "Thị 80, Thị Thu 2, Thị Thanh 2, Thị Ngọc 1, Thị Kim 1, Thị Minh 1, Thu 2, "
        "Thanh 2, Ngọc 2, Kim 2, Hồng 2, Minh 1"
    )
)
_MIDDLE_FEMALE_YOUNG = Pick(
    weighted(
        "Thị 40, Thị Thu 3, Thị Thanh 3, Thị Ngọc 2, Thị Kim 1, Thị Minh 2, Thị Hồng 2, "
        "Thu 5, Thanh 4, Ngọc 5, Phương 4, Hồng 3, Minh 4, Thùy 4, Mai 2, Hoài 2, Bảo 2, "
        "Khánh 3, Diệu 1, Quỳnh 2, Lan 1, Hải 2, Kiều 1, Tuyết 1, Mỹ 2"
    )
)
_GIVEN_MALE = Pick(
    [
        (n, 4)
        for n in _names(
            "An, Anh, Bình, Cường, Dũng, Đức, Hải, Hùng, Huy, Hiếu, Hoàng, Minh, Nam, "
            "Sơn, Thắng, Thành, Tuấn, Tùng, Trung, Long, Quang, Việt, Hưng"
        )
    ]
    + [
        (n, 2)
        for n in _names(
            "Khánh, Khoa, Kiên, Lâm, Nghĩa, Phong, Phúc, Quân, Tài, Tâm, Thịnh, Tiến, "
            "Toàn, Tú, Vinh, Vũ, Hào, Đạt, Duy, Giang, Hiệp, Lợi, Lực, Mạnh, Ngọc, "
            "Nhân, Phú, Thái, Thanh, Thông, Trí, Trọng, Tuyên, Quý, Công, Chiến, "
            "Hòa, Hậu, Khải, Kiệt, Lộc, Luân, Ninh, Sang, Tân, Thuận, Trường, Vương"
        )
    ]
    + [
        (n, 1)
        for n in _names(
            "Bảo, Chính, Cảnh, Diệu, Doanh, Đông, Hạnh, Hiển, Học, Khang, Khôi, "
            "Lành, Linh, Mẫn, Nguyên, Nhật, Phát, Phương, Quyết, Sáng, Sinh, "
            "Thạch, Thiện, Thọ, Thuấn, Tịnh, Tráng, Triều, Trực, Uy, Văn, Vĩnh, Ý"
        )
    ]
)
_GIVEN_FEMALE = Pick(
    [
        (n, 4)
        for n in _names(
            "Anh, Hà, Hằng, Hiền, Hoa, Hương, Lan, Linh, Mai, Nga, Ngọc, Nhung, Phương, "
            "Thảo, Thu, Thủy, Trang, Hạnh, Huyền, Yến, Dung, Oanh, Hồng, Liên"
        )
    ]
    + [
        (n, 2)
        for n in _names(
            "An, Ánh, Bích, Chi, Duyên, Giang, Hậu, Huệ, Hường, Loan, Ly, My, Ngân, "
            "Nhàn, Nhi, Quyên, Quỳnh, Tâm, Thanh, Thơ, Thúy, Tuyết, Uyên, Vân, "
            "Xuân, Yên, Diệp, Gấm, Hải, Hiên, Khánh, Lụa, Lý, Mến, Miên, Nguyệt, "
            "Nhài, Phượng, Sen, Tươi, Vui, Xoan"
        )
    ]
    + [
        (n, 1)
        for n in _names(
            "Cúc, Đào, Điệp, Đông, Hân, Kim, Lệ, Liễu, Luyến, Mận, Minh, Nụ, "
            "Quế, Sáu, Thắm, Thoa, Thư, Trâm, Trinh, Tú, Vy, Yên"
        )
    ]
)

# Tày and Nùng (Cao Bằng, Lạng Sơn, Thái Nguyên ...).
_TAY_FAMILY = Pick(
    weighted(
        "Hoàng 20, Nông 15, Lương 7, Bế 7, Đàm 5, Lục 5, Triệu 4, Hà 4, Lý 4, Ma 3, "
        "Nguyễn 6, Lãnh 2, Hứa 2, Đinh 2, Vi 2, Mông 2, Sầm 1, Chu 2, Lăng 1, Lô 1, "
        "Dương 2, Linh 1, Vy 1, Hầu 1, Lưu 1, Mạc 1, Bàn 0.5, Sằm 0.5"
    )
)
_TAY_GIVEN_MALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Dền, Sỉ, Lìu, Nhịp, Phấn, Chuyên, Nọi, Slao, Pháng, Lầy, Ngần, Khiêm, Thuật, Bảo, Quyết, "
            "Thắng, Cường, Dũng, Hùng, Tuấn, Minh, Hải, Sơn, Lâm, Chiến, Phong, Tiến, Đức, Thành, Kiên, "
            "Hưng, Trường, Nam, Việt, Vinh, Khải, Luân, Tú, Sang, Ngọc"
        )
    ]
)
_TAY_GIVEN_FEMALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Nhụ, Slim, Phương, Mây, Nhất, Thơm, Lìn, Nguyệt, Vàn, Ngấn, Dịu, Hoa, Lan, Mai, Huyền, "
            "Thảo, Hạnh, Hương, Thu, Hằng, Nga, Trang, Thủy, Dung, Yến, Liên, Hồng, Duyên, Ngọc, Nhung, "
            "Tâm, Loan, Vân, Quỳnh, Xuân, Thúy, Tuyết"
        )
    ]
)

# Mông: clan names; men often have the middle name A, Seo, Mí; women Thị or Mỷ.
_MONG_FAMILY = Pick(
    [
        (n, 1)
        for n in _names(
            "Giàng, Vàng, Sùng, Lý, Hầu, Thào, Mua, Vừ, Lầu, Chá, Hờ, Ly, Tráng, Má, Hạng, Mùa, Cứ, Sình"
        )
    ]
)
_MONG_MIDDLE_MALE = Pick(weighted("A 5, Seo 2, Mí 2, Văn 4, Chứ 1, Sính 1"))
_MONG_MIDDLE_FEMALE = Pick(weighted("Thị 8, Mỷ 1, Thị Mỷ 1"))
_MONG_GIVEN_MALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Páo, Chử, Dình, Sính, Súa, Chá, Tủa, Pó, Lử, Dế, Xúa, Chúng, Mang, Nhè, Tòng, Lồng, Chinh, "
            "Của, Vư, Thắng, Giàng, Pùa, Sáy, Sang, Vảng, Phử, Khua, Chông, Lềnh"
        )
    ]
)
_MONG_GIVEN_FEMALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Mỷ, Dợ, Mái, Sủa, Chía, Dua, Pà, Lia, Cở, Sua, Sinh, Mò, Pằng, Dế, Chu, Xúa, Mai, Lan, "
            "Ly, Dinh, Dí, Say"
        )
    ]
)

# Dao.
_DAO_FAMILY = Pick(
    [
        (n, w)
        for n, w in weighted(
            "Triệu 25, Bàn 15, Lý 12, Đặng 12, Phùng 6, Chảo 5, Tẩn 4, Hoàng 6, Dương 3, Lò 2, "
            "Chíu 2, Sần 1"
        )
    ]
)
_DAO_MIDDLE_MALE = Pick(weighted("Văn 8, Tòn 1, Quầy 1, Sành 1, Kiềm 1"))
_DAO_MIDDLE_FEMALE = Pick([("Thị", 9), ("Mùi", 1)])
_DAO_GIVEN_MALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Tòn, Kiềm, Phin, Sành, Chòi, Chản, Quẩy, Slầy, Vần, Phấu, Tiến, Chàn, Kiều, Sinh, Quý, Nhất, "
            "Phúc, Chiều, Tài, Lâm, Thắng, Hùng, Minh, Phong, Siêu"
        )
    ]
)
_DAO_GIVEN_FEMALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Mẩy, Nhất, Slai, Dào, Nái, Mùi, Chiêu, Phấy, Dìn, Lìn, Mai, Hoa, Liên, Xuân, Hương, Duyên, "
            "Thu, Nhung, Mến, Hà"
        )
    ]
)

# Thái (Sơn La, Điện Biên, Lai Châu, Nghệ An, Thanh Hóa).
_THAI_FAMILY = Pick(
    [
        (n, w)
        for n, w in weighted(
            "Lò 20, Lường 12, Quàng 10, Cầm 10, Tòng 8, Vì 8, Lừ 3, Điêu 4, Hà 6, Sa 3, Mè 2, "
            "Lê 3, Vi 4, Lương 4, Kha 2, Lô 3, Ngân 2"
        )
    ]
)
_THAI_GIVEN_MALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Pọm, Xôm, Ếch, Khiêm, Sương, Ún, Pâng, Ịn, Chăm, Biên, Hặc, Hoan, Sinh, Thoan, Phong, Hải, "
            "Chiến, Thắng, Dũng, Tuấn, Hùng, Minh, Nam, Quân, Cường, Duy, Sơn, Toán, Bun, Panh"
        )
    ]
)
_THAI_GIVEN_FEMALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Ín, Xuân, Phăn, Pấng, Hom, Ọn, Lả, Lan, Chăm, Hương, Bun, Ươm, Cói, Thoa, Hoa, Mai, Phương, "
            "Thanh, Nga, Ngọc, Hằng, Huyền, Thu, Liên, Yến, Diên"
        )
    ]
)

_MUONG_FAMILY = Pick(
    [
        (n, w)
        for n, w in weighted(
            "Bùi 35, Đinh 25, Quách 10, Hà 8, Xa 4, Cao 3, Bạch 3, Nguyễn 6, Phạm 3, Trương 2, Đỗ 1"
        )
    ]
)
_HOA_FAMILY = Pick(
    [
        (n, 1)
        for n in _names(
            "Lâm, Trương, Quách, Lý, Mạch, Tăng, Lưu, Hứa, Diệp, Lương, Châu, Trần, Hoàng, Vương, Từ, Tạ"
        )
    ]
)

# Central Highlands: Ê Đê (Y for men, H' for women, clan last), Gia Rai (clan first).
_EDE_CLAN = Pick(
    [
        (n, 1)
        for n in _names(
            "Niê, Niê Kdăm, Êban, Mlô, Ayun, Byă, Ktla, Adrơng, Kbuôr, Hđơk, Buôn Yă, Mlô Duôn Du, Êya, "
            "Knul, Hwing, Kđoh, Ênuôl, Buôn Krông, Kpă, Ksơr"
        )
    ]
)
_EDE_GIVEN_MALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Ngông, Bih, Khu, Wang, Thuôl, Jút, Phi, Blô, Siêng, Dhăm, Yơ, Luyện, Kông, Suôn, Tlang, Nuen, "
            "Khăp, Bhiông, Thanh, Bhin, Dec, Krông, Tuy, Ly, Jôn, Kim"
        )
    ]
)
_EDE_GIVEN_FEMALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Hen, Yim, Nga, Bli, Mai, Jim, Zawan, Lên, Ra, Nhí, Blin, Duôn, Wen, Loan, Hương, Xíu, Ben, "
            "Linh, Jiêm, Diêm, Thu, Yă, Đơ, Hiê"
        )
    ]
)
_JRAI_CLAN = Pick(
    [
        (n, 1)
        for n in _names(
            "Ksor, Rơ Châm, Siu, Rah Lan, Nay, Kpă, Rơ Mah, Puih, Rcom, Rơ Lan, Kpuih, Romah, Ksơr, Đinh"
        )
    ]
)
_JRAI_GIVEN_MALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Phước, Blẽh, Hiếu, Thu, Pêt, Tuấn, Phơi, Blong, Kim, Ngơm, Hoan, Yuih, Dih, Bơn, Thuyên, "
            "Dũng, Hyưn, Khuê, Lăk, Ngân, Wơn, Chung, Vin"
        )
    ]
)
_JRAI_GIVEN_FEMALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Nhí, Bơ Khắp, Mai, Bla, Hiền, Yơn, Lan, Dung, Thuyết, Hòa, Ngơ, Phi, Vương, Byuk, Bin, "
            "Linh, Nga, Xuân, Du"
        )
    ]
)
# Ba Na, Xơ Đăng, Hrê, Co, Gié Triêng, Brâu, Rơ Măm: A for men, Y for women, or Đinh.
_BAHNAR_GIVEN_MALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Thút, Pớt, Núp, Hmứ, Bình, Blung, Đời, Hiên, Nhoi, Tuất, Ku, Giang, Brôk, Bưk, Sa, Thái, "
            "Quyết, Pếch, Rin, Dên, Nhươi, Bốt, Hơn, Luân"
        )
    ]
)
_BAHNAR_GIVEN_FEMALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Hlan, Nghẹ, Dul, Hiên, Blưh, Her, Hoa, Nang, Đen, Bet, Ngọc, Rin, Dúi, Loan, Yên, Thùy, "
            "Mai, Hơ, Sương"
        )
    ]
)
# Cơ Ho, Mạ, Chu Ru, Mnông, Xtiêng, Chơ Ro.
_KOHO_FAMILY = Pick(
    [
        (n, 1)
        for n in _names(
            "Kră Jăn, Liêng Hót, Cil, Bon Đing, Đa Cát, Điểu, K'Bố, Sơ Ré, Rơ Ông, Ya, Kơ Să, Touneh"
        )
    ]
)
_KOHO_GIVEN_MALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Ha Đông, Brếu, Sơr, Bình, Ha Sin, Yơ, K'Rứ, Brông, Điêu, Kra, Mơ, Drim, Ha Kơ, Lơng, Bôn, Tuấn"
        )
    ]
)
_KOHO_GIVEN_FEMALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Nhung, Hoa, Ka Thu, Jiên, Sen, Brơm, Ka Lim, Thị Hương, Thị Bông, Ka Điệp, Ka Huê, Ngọc, Mai"
        )
    ]
)
# Bru-Vân Kiều, Tà Ôi, Cơ Tu, Chứt.
_KATU_FAMILY = Pick(
    weighted("Hồ 10, A Lăng 3, Bríu 2, Clâu 2, Pả 1, Zơ Râm 1, Bhling 1, Kray 1, Nguyễn 1, Hốih 1")
)
_KATU_GIVEN_MALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Ánh, Bhươm, Pơloong, Dũng, Xoan, Thanh, Tuấn, Lâm, Nhọ, Quân, Tiến, Din, Sơn, Bạo, Vươn"
        )
    ]
)
_KATU_GIVEN_FEMALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Thị Nga, Thị Hoa, Thị Pết, Thị Mai, Thị Xuân, Thị Hiền, Thị Lan, Thị Bích, Thị Bông"
        )
    ]
)
# Khmer (An Giang, Cần Thơ, Vĩnh Long, Cà Mau).
_KHMER_FAMILY = Pick(
    weighted("Thạch 25, Sơn 20, Danh 15, Kim 10, Lâm 8, Chau 8, Lý 6, Trần 4, Huỳnh 3, Néang 1")
)
_KHMER_GIVEN_MALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Sô Phol, Út, Sóc Kha, Sa Rết, Ni, Chanh Đa, Phương, Sà Rinh, Sa Ron, Ty, Sang, Hùng, Thanh, "
            "Sóc, Pho, Rươl, Chăn Thu, Sa Mây, Ca Vên, Đa Ra, Hên, Kiệt, Sơ Rây"
        )
    ]
)
_KHMER_GIVEN_FEMALE = Pick(
    [
        (n, 1)
        for n in _names(
            "Thị Sa Rươne, Thị Kim Thoa, Thị Sô Phi, Thị Sa Vân, Thị Mỹ Linh, Thị Ngọc, Thị Chanh Thu, "
            "Thị Sóc Ny, Thị Hồng, Thị Thu Ba, Thị Sa Mơl, Thị Đa Ni, Thị Ên, Thị Cẩm Tú"
        )
    ]
)
# Chăm and Raglay (Khánh Hòa, Lâm Đồng, An Giang).
_CHAM_FAMILY = Pick(
    weighted("Đàng 8, Quảng 6, Thành 4, Bá 3, Lưu 3, Châu 2, Thiên 2, Hán 2, Thuận 2, Tài 1, Sử 1")
)
_CHAM_MIDDLE_MALE = Pick(weighted("Văn 6, Năng 3, Đại 2, Phú 1, Minh 1"))
_RAGLAY_FAMILY = Pick(
    weighted("Pi Năng 3, Chamaléa 3, Katơr 2, Mấu 2, Pinăng 1, Bo Bo 1, Cao 1, Ma 1")
)
# Other northern minorities (Sán Chay, Sán Dìu, Giáy, Khơ Mú, Hà Nhì, Lào, Lự ...).
_NORTH_FAMILY = Pick(
    [
        (n, 1)
        for n in _names(
            "Lò, Lý, Hoàng, Vàng, Lục, Sầm, Chu, Tráng, Ly, Phàn, Lầu, Pờ, Chảo, Vi, Lô, Hà, Ma, Giàng, "
            "Sần, Diệp, Trương, Đặng, La, Lỳ, Chang"
        )
    ]
)

STYLES = {
    "Kinh": "kinh",
    "Tày": "tay",
    "Nùng": "tay",
    "Sán Chay": "tay",
    "Mông": "mong",
    "Dao": "dao",
    "Pà Thẻn": "dao",
    "Thái": "thai",
    "Lào": "thai",
    "Lự": "thai",
    "Khơ Mú": "thai",
    "Xinh Mun": "thai",
    "Kháng": "thai",
    "La Ha": "thai",
    "Mường": "muong",
    "Thổ": "muong",
    "Hoa": "hoa",
    "Ngái": "hoa",
    "Sán Dìu": "hoa",
    "Ê Đê": "ede",
    "Gia Rai": "jrai",
    "Ba Na": "bahnar",
    "Xơ Đăng": "bahnar",
    "Hrê": "bahnar",
    "Co": "bahnar",
    "Gié Triêng": "bahnar",
    "Brâu": "bahnar",
    "Rơ Măm": "bahnar",
    "Cơ Ho": "koho",
    "Mạ": "koho",
    "Chu Ru": "koho",
    "Mnông": "koho",
    "Xtiêng": "koho",
    "Chơ Ro": "koho",
    "Bru-Vân Kiều": "katu",
    "Tà Ôi": "katu",
    "Cơ Tu": "katu",
    "Chứt": "katu",
    "Khmer": "khmer",
    "Chăm": "cham",
    "Raglay": "raglay",
}


class NameMaker:
    """Full names for one region (north: Hoàng and Vũ; centre and south: Huỳnh and Võ)."""

    def __init__(self, *, south: bool):
        self.kinh_family = Pick(_KINH_FAMILY_SOUTH if south else _KINH_FAMILY_NORTH)

    def _kinh_middle(self, rng, female: bool, birth_year: int) -> str:
        if not female:
            return _MIDDLE_MALE(rng)
        return (_MIDDLE_FEMALE_OLD if birth_year < 1980 else _MIDDLE_FEMALE_YOUNG)(rng)

    def _vn(self, rng, family: str, female: bool, birth_year: int, given=None) -> str:
        middle = self._kinh_middle(rng, female, birth_year)
        given = given(rng) if given else (_GIVEN_FEMALE if female else _GIVEN_MALE)(rng)
        return f"{family} {middle} {given}"

    def full_name(self, rng: random.Random, ethnicity: str, female: bool, birth_year: int) -> str:
        style = STYLES.get(ethnicity, "north")
        r = rng.random()
        if style == "kinh":
            return self._vn(rng, self.kinh_family(rng), female, birth_year)
        if style == "hoa":
            return self._vn(rng, _HOA_FAMILY(rng), female, birth_year)
        if style == "muong":
            return self._vn(rng, _MUONG_FAMILY(rng), female, birth_year)
        if style == "tay":
            middle = (
                ("Thị" if female else "Văn")
                if r < 0.8
                else self._kinh_middle(rng, female, birth_year)
            )
            given = (_TAY_GIVEN_FEMALE if female else _TAY_GIVEN_MALE)(rng)
            return f"{_TAY_FAMILY(rng)} {middle} {given}"
        if style == "mong":
            middle = (_MONG_MIDDLE_FEMALE if female else _MONG_MIDDLE_MALE)(rng)
            given = (_MONG_GIVEN_FEMALE if female else _MONG_GIVEN_MALE)(rng)
            return f"{_MONG_FAMILY(rng)} {middle} {given}"
        if style == "dao":
            middle = (_DAO_MIDDLE_FEMALE if female else _DAO_MIDDLE_MALE)(rng)
            given = (_DAO_GIVEN_FEMALE if female else _DAO_GIVEN_MALE)(rng)
            return f"{_DAO_FAMILY(rng)} {middle} {given}"
        if style == "thai":
            given = (_THAI_GIVEN_FEMALE if female else _THAI_GIVEN_MALE)(rng)
            return f"{_THAI_FAMILY(rng)} {'Thị' if female else 'Văn'} {given}"
        if style == "ede":  # "Y Ngông Niê Kdăm", "H'Hen Niê"
            if female:
                return f"H'{_EDE_GIVEN_FEMALE(rng)} {_EDE_CLAN(rng)}"
            return f"Y {_EDE_GIVEN_MALE(rng)} {_EDE_CLAN(rng)}"
        if style == "jrai":  # "Ksor H'Nhí", "Rơ Mah Hiếu"
            if female:
                return f"{_JRAI_CLAN(rng)} H'{_JRAI_GIVEN_FEMALE(rng)}"
            return f"{_JRAI_CLAN(rng)} {_JRAI_GIVEN_MALE(rng)}"
        if style == "bahnar":
            if r < 0.5:
                return f"{'Y' if female else 'A'} " + (
                    _BAHNAR_GIVEN_FEMALE if female else _BAHNAR_GIVEN_MALE
                )(rng)
            given = (_BAHNAR_GIVEN_FEMALE if female else _BAHNAR_GIVEN_MALE)(rng)
            return f"Đinh {'Thị' if female else 'Văn'} {given}"
        if style == "koho":
            given = (_KOHO_GIVEN_FEMALE if female else _KOHO_GIVEN_MALE)(rng)
            return f"{_KOHO_FAMILY(rng)} {given}"
        if style == "katu":
            if female:
                return f"{_KATU_FAMILY(rng)} {_KATU_GIVEN_FEMALE(rng)}"
            return f"{_KATU_FAMILY(rng)} Văn {_KATU_GIVEN_MALE(rng)}"
        if style == "khmer":
            if female:
                return f"{_KHMER_FAMILY(rng)} {_KHMER_GIVEN_FEMALE(rng)}"
            return f"{_KHMER_FAMILY(rng)} {_KHMER_GIVEN_MALE(rng)}"
        if style == "cham":
            if female:
                return f"{_CHAM_FAMILY(rng)} Thị {_GIVEN_FEMALE(rng)}"
            return f"{_CHAM_FAMILY(rng)} {_CHAM_MIDDLE_MALE(rng)} {_GIVEN_MALE(rng)}"
        if style == "raglay":
            if female:
                return f"{_RAGLAY_FAMILY(rng)} Thị {_GIVEN_FEMALE(rng)}"
            return f"{_RAGLAY_FAMILY(rng)} {_GIVEN_MALE(rng)}"
        return self._vn(rng, _NORTH_FAMILY(rng), female, birth_year)
