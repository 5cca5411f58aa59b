from django import forms

from tochuc.accounts.models import Role


class UserCreateForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=128, required=False)
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    scope = forms.CharField(
        label="Phạm vi (mã, số id hoặc đúng tên tổ chức)",
        required=False,
        help_text="Tổ chức và toàn bộ cấp dưới mà người dùng được làm việc.",
    )
    password = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput, min_length=8)
