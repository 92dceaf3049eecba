from django.db import models
from django.urls import reverse


class Organisation(models.Model):
    """A partner organisation in the network's directory (HSDS ``organization``)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation", args=[self.slug])

    @property
    def is_suspended(self) -> bool:
        return self.status == self.Status.SUSPENDED
