"""The demo site's pages."""

from guidance.models import HomePage

HOME_INTRO = (
    "<p>Waymark brings together the organisations in Colchester and north Essex that work "
    "against modern slavery and human trafficking: find a trusted partner to refer to, agree "
    "referral pathways with other agencies, and learn to spot the signs.</p>"
)


def seed(stdout) -> None:
    home = HomePage.objects.get(depth=2)
    if not home.intro:
        home.intro = HOME_INTRO
        home.save_revision().publish()
    stdout.write("  guidance: home page")
