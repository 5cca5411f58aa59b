from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "tochuc.members"
    label = "members"
    verbose_name = "Đảng viên"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tochuc.members import todo
        from tochuc.members.people import MemberPeople
        from tochuc.orgs.people import register

        register(MemberPeople())
        todo.register_all()
