"""Request types for views."""

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind ``login_required`` (or the Wagtail admin): someone has
    signed in. Only an annotation: Django still passes a plain ``HttpRequest``."""

    user: User
