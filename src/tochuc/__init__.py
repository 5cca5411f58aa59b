"""tochuc: công tác tổ chức xây dựng Đảng."""
