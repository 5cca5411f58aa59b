from django import forms

from tochuc.accounts.models import Role


class UserCreateForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=128, required=False)
    # The least right by default: a new account reads until someone gives it more.
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices, initial=Role.VIEWER)
    scope = forms.CharField(
        label="Phạm vi (mã, số id hoặc đúng tên tổ chức)",
        required=False,
        help_text="Tổ chức và toàn bộ cấp dưới mà người dùng được làm việc.",
    )
    password = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput, min_length=8)


CODE_INVALID = "Mã xác thực gồm 6 chữ số: nhập đúng mã đang hiện trong ứng dụng xác thực."


def parse_code(raw: str) -> str:
    """The 6 digits of an authenticator's code, typed with or without spaces ("123 456")."""
    code = "".join((raw or "").split())
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        raise forms.ValidationError(CODE_INVALID)
    return code


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Mã xác thực (6 chữ số)")
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
            ),
        )
        super().__init__(**kwargs)
        self.error_messages["required"] = CODE_INVALID

    def clean(self, value):
        return parse_code(super().clean(value))


class CodeForm(forms.Form):
    code = CodeField()
