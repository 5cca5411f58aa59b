"""Lists a member record picks from: ethnic groups, religions, levels, occupations, CCCD codes."""

from functools import lru_cache

from tochuc.core.text import search_key

# The 54 ethnic groups of Vietnam (Danh mục các dân tộc Việt Nam, Tổng cục Thống kê).
ETHNICITIES = [
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "Mông",
    "Dao",
    "Gia Rai",
    "Ngái",
    "Ê Đê",
    "Ba Na",
    "Xơ Đăng",
    "Sán Chay",
    "Cơ Ho",
    "Chăm",
    "Sán Dìu",
    "Hrê",
    "Mnông",
    "Raglay",
    "Xtiêng",
    "Bru-Vân Kiều",
    "Thổ",
    "Giáy",
    "Cơ Tu",
    "Gié Triêng",
    "Mạ",
    "Khơ Mú",
    "Co",
    "Tà Ôi",
    "Chơ Ro",
    "Kháng",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "La Chí",
    "La Ha",
    "Phù Lá",
    "La Hủ",
    "Lự",
    "Lô Lô",
    "Chứt",
    "Mảng",
    "Pà Thẻn",
    "Cơ Lao",
    "Cống",
    "Bố Y",
    "Si La",
    "Pu Péo",
    "Brâu",
    "Ơ Đu",
    "Rơ Măm",
]
MAJORITY_ETHNICITY = "Kinh"

RELIGIONS = [
    "Không",
    "Phật giáo",
    "Công giáo",
    "Tin lành",
    "Cao Đài",
    "Phật giáo Hòa Hảo",
    "Hồi giáo",
    "Bà La Môn",
    "Tịnh độ cư sĩ Phật hội",
    "Bửu Sơn Kỳ Hương",
    "Khác",
]
NO_RELIGION = "Không"

EDUCATION_LEVELS = [
    ("", "Chưa qua đào tạo"),
    ("so_cap", "Sơ cấp"),
    ("trung_cap", "Trung cấp"),
    ("cao_dang", "Cao đẳng"),
    ("dai_hoc", "Đại học"),
    ("thac_si", "Thạc sĩ"),
    ("tien_si", "Tiến sĩ"),
]

THEORY_LEVELS = [
    ("", "Chưa qua đào tạo"),
    ("so_cap", "Sơ cấp"),
    ("trung_cap", "Trung cấp"),
    ("cao_cap", "Cao cấp"),
    ("cu_nhan", "Cử nhân"),
]

# Occupation groups of the Party's statistics, read off the free-text occupation of a record.
OCCUPATION_GROUP_CHOICES = [
    ("can_bo", "Cán bộ, công chức, viên chức"),
    ("vu_trang", "Lực lượng vũ trang"),
    ("cong_nhan", "Công nhân, người lao động"),
    ("nong_dan", "Nông dân"),
    ("kinh_doanh", "Chủ doanh nghiệp, kinh doanh"),
    ("hoc_sinh", "Học sinh, sinh viên"),
    ("huu_tri", "Hưu trí"),
    ("khac", "Khác"),
]
OTHER_OCCUPATION = "khac"
# The first group whose key words (accent-free, at a word's start) occur in the occupation
# wins, so retirees and former soldiers are told apart before the words of their old trade.
_OCCUPATION_WORDS = [
    ("huu_tri", ["huu tri", "nghi huu", "mat suc"]),
    ("khac", ["xuat ngu", "cuu quan nhan", "cuu chien binh"]),
    (
        "vu_trang",
        ["quan doi", "cong an", "si quan", "quan nhan", "bo doi", "chien si", "bien phong"],
    ),
    ("hoc_sinh", ["hoc sinh", "sinh vien"]),
    (
        "can_bo",
        [
            "can bo",
            "cong chuc",
            "vien chuc",
            "giao vien",
            "giang vien",
            "bac si",
            "y si",
            "y ta",
            "dieu duong",
            "duoc si",
            "nhan vien",
        ],
    ),
    ("cong_nhan", ["cong nhan", "ky su", "ky thuat", "lao dong"]),
    ("kinh_doanh", ["doanh", "buon ban", "tieu thuong"]),
    ("nong_dan", ["nong", "ngu dan", "lam nghiep", "lam dan"]),
]


@lru_cache(maxsize=4096)
def occupation_group(occupation: str | None) -> str:
    """'Giáo viên nghỉ hưu' -> 'huu_tri'; 'Sĩ quan Công an nhân dân' -> 'vu_trang'."""
    key = f" {search_key(occupation or '')} "
    for code, words in _OCCUPATION_WORDS:
        if any(f" {w}" in key for w in words):
            return code
    return OTHER_OCCUPATION


# First three digits of a CCCD: where the birth was registered (Thông tư 07/2016/TT-BCA),
# the 63 provinces before 2025-07-01.
CCCD_PROVINCES = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "TP Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}


def label(choices, value) -> str:
    return dict(choices).get(value or "", value or "")
