"""The coordinators' way from the Wagtail admin to the privacy review (accounts/privacy/)."""

from django.http import HttpRequest
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts import policy


class PrivacyReviewMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return policy.can_review_privacy(request.user)


@hooks.register("register_admin_menu_item")
def privacy_review_menu_item() -> MenuItem:
    return PrivacyReviewMenuItem(
        "Privacy and retention", reverse("accounts:privacy_review"), icon_name="lock", order=152
    )
