"""The JSON API at /api/v1/: one NinjaAPI, routers from each app, Vietnamese errors."""

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, django_auth

from tochuc.accounts.lockout import LockedOut, api_lockout_response
from tochuc.core.errors import Forbidden, NotFound, ServiceError
from tochuc.core.versions import StaleVersion


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        # Through django.contrib.auth (accounts.backends.ApiTokenBackend): axes refuses an
        # address locked out by bad tokens and counts this one if it is bad.
        user = authenticate(request, token=token)
        if getattr(request, "axes_locked_out", False):
            raise LockedOut
        if user is not None:
            request.user = user
        return user


class UnicodeJSON(JSONRenderer):
    """Vietnamese stays readable in responses (UTF-8 text, not escapes)."""

    json_dumps_params = {"ensure_ascii": False}


ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
INVALID_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}
# The 4xx answers, as the exception handlers below give them.
ERRORS = {
    401: ("Chưa đăng nhập hoặc token không hợp lệ.", "Error"),
    403: ("Tài khoản không được làm việc này (chỉ xem, hoặc bí thư chi bộ).", "Error"),
    404: ("Không tìm thấy, hoặc nằm ngoài phạm vi của tài khoản.", "Error"),
    422: (
        "Dữ liệu không hợp lệ: «detail» nói cần sửa gì, «errors» theo từng trường.",
        "ValidationError",
    ),
    409: (
        "Đã có người lưu sau khi bạn đọc (phiên bản gửi lên đã cũ): không có gì được ghi; "
        "«detail» nói ai sửa, lúc nào, sửa gì. Đọc lại rồi gửi lại.",
        "ValidationError",
    ),
    429: ("Địa chỉ này đã dùng token sai quá nhiều lần: thử lại sau (xem Retry-After).", "Error"),
}
# Writes that take the version read (a field «version» or If-Match) and may answer 409.
VERSIONED = {
    ("patch", "/members/{member_id}"),
    ("patch", "/organizations/{org_id}"),
    ("post", "/restructuring/plans/{plan_id}/operations"),
    ("delete", "/restructuring/plans/{plan_id}/operations/{op_id}"),
    ("post", "/restructuring/plans/{plan_id}/apply"),
    ("post", "/restructuring/plans/{plan_id}/undo"),
}
# Query parameters that name an object by id: an id out of sight is a 404.
OBJECT_PARAMS = {"organization", "parent"}
# Reads that only a user who may write gets (the preview applies the plan and rolls back).
WRITE_READS = {"/restructuring/plans/{plan_id}/preview"}


class TochucAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Every operation lists the 4xx answers it can give: 401 and 429 (bad tokens) always;
        403 for writes; 404 when it names an object by id; 422 when it takes input."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Error"] = ERROR_SCHEMA
        components["ValidationError"] = INVALID_SCHEMA
        root = self.get_root_path(path_params or {}).rstrip("/")
        for path, operations in schema["paths"].items():
            route = path.removeprefix(root)
            for method, operation in operations.items():
                params = operation.get("parameters", [])
                codes = {401, 429}
                if method != "get" or route in WRITE_READS:
                    codes.add(403)
                if any(p["in"] == "path" or p["name"] in OBJECT_PARAMS for p in params):
                    codes.add(404)
                if method != "get" or any(p["in"] == "query" for p in params):
                    codes.add(422)
                if (method, route) in VERSIONED:
                    codes.add(409)
                for code in sorted(codes):
                    text, ref = ERRORS[code]
                    operation["responses"].setdefault(
                        code,
                        {
                            "description": text,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/{ref}"}
                                }
                            },
                        },
                    )
        return schema


api = TochucAPI(
    renderer=UnicodeJSON(),
    title="tochuc API",
    version="1",
    description="Tổ chức đảng và đảng viên. Xác thực: phiên đăng nhập hoặc "
    "`Authorization: Bearer <token>` (tạo bằng `tochuc createuser ... --token`).",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)

_PYDANTIC_MESSAGES = {
    "missing": "thiếu giá trị bắt buộc",
    "date_from_datetime_parsing": "ngày không hợp lệ (dạng YYYY-MM-DD)",
    "date_parsing": "ngày không hợp lệ (dạng YYYY-MM-DD)",
    "date_type": "ngày không hợp lệ (dạng YYYY-MM-DD)",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "string_type": "phải là chuỗi ký tự",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "literal_error": "giá trị không nằm trong danh sách cho phép",
    "enum": "giá trị không nằm trong danh sách cho phép",
    "string_too_long": "quá dài",
    "json_invalid": "JSON không hợp lệ",
    "extra_forbidden": "không có trường này",
}


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "data")]
    return ".".join(parts)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    errors = {}
    for err in exc.errors:
        message = _PYDANTIC_MESSAGES.get(err.get("type"), err.get("msg", "giá trị không hợp lệ"))
        errors.setdefault(_field(err.get("loc", [])), []).append(message)
    detail = "; ".join(f"{f or 'dữ liệu'}: {', '.join(m)}" for f, m in errors.items())
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(ServiceError)
def _service_error(request, exc: ServiceError):
    return api.create_response(request, {"detail": exc.text(), "errors": exc.errors}, status=422)


@api.exception_handler(StaleVersion)
def _stale(request, exc: StaleVersion):
    return api.create_response(request, {"detail": exc.text(), "errors": exc.errors}, status=409)


@api.exception_handler(NotFound)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Không tìm thấy."}, status=404)


@api.exception_handler(Forbidden)
def _forbidden(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or "Không có quyền thực hiện."}, status=403
    )


# django-ninja's own English messages, said in Vietnamese.
_HTTP_ERROR_MESSAGES = {
    "CSRF check Failed": "Thiếu hoặc sai mã CSRF: tải lại trang rồi thử lại "
    "(script nên dùng Authorization: Bearer <token>).",
    "Cannot parse request body": "Nội dung gửi lên không phải JSON hợp lệ.",
}


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    detail = _HTTP_ERROR_MESSAGES.get(str(exc), str(exc))
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(LockedOut)
def _locked_out(request, exc):
    return api_lockout_response(request, getattr(request, "axes_credentials", None))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": "Chưa đăng nhập hoặc token không hợp lệ."}, status=401
    )


api.add_router("/organizations", "tochuc.orgs.api.router")
api.add_router("/restructuring", "tochuc.orgs.api.plans_router")
api.add_router("/members", "tochuc.members.api.router")
api.add_router("/transfers", "tochuc.members.api.transfers_router")
api.add_router("/candidates", "tochuc.members.api.candidates_router")
api.add_router("/badges", "tochuc.members.api.badges_router")
api.add_router("/reports", "tochuc.reports.api.router")
api.add_router("/imports", "tochuc.imports.api.router")
api.add_router("/todo", "tochuc.todo.api.router")
api.add_router("/documents", "tochuc.documents.api.router")
api.add_router("/cadres", "tochuc.cadres.api.router")
api.add_router("/training", "tochuc.training.api.router")
api.add_router("/congresses", "tochuc.congresses.api.router")
