from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from accounts.roles import after_migrate

        post_migrate.connect(after_migrate, dispatch_uid="accounts_set_up_roles")
