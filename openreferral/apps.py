from django.apps import AppConfig


class OpenReferralConfig(AppConfig):
    """The Open Referral UK 3.0 feed of the directory, and importing from such feeds."""

    name = "openreferral"
    verbose_name = "Open Referral UK"
