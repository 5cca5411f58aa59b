"""Pages need a login (the API authenticates itself); service errors become 404 / 403 pages."""

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.core.errors import Forbidden, NotFound


class PagesLoginRequired(LoginRequiredMiddleware):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class ServiceErrorPages:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            raise Http404("Không tìm thấy, hoặc nằm ngoài phạm vi của tài khoản.")
        if isinstance(exception, Forbidden):
            raise PermissionDenied(str(exception))
        return None
