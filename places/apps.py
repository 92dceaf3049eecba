from django.apps import AppConfig


class PlacesConfig(AppConfig):
    """Postcodes and points on the map: the bottom layer, which imports no other Waymark app."""

    name = "places"
