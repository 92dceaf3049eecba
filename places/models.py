from django.db import models


class Postcode(models.Model):
    """A UK postcode or postcode district (CO1) and its centre, from ONS or Code-Point Open."""

    postcode = models.CharField(max_length=8, unique=True)
    is_district = models.BooleanField(default=False)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        # The model began in the directory app; its table kept the name.
        db_table = "directory_postcode"
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode
