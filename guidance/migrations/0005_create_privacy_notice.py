from django.db import migrations

from guidance import privacy

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, four characters a step


def _next_child_path(Page, parent):
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by(
        "-path"
    )
    step = int(last[0].path[-4:], 36) + 1 if last else 1
    digits = ""
    for _ in range(4):
        step, digit = divmod(step, 36)
        digits = ALPHABET[digit] + digits
    return parent.path + digits


def create_privacy_notice(apps, schema_editor):
    """Every network starts with a privacy notice at /privacy/, which editors then adapt."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("guidance.HomePage")
    PrivacyNoticePage = apps.get_model("guidance.PrivacyNoticePage")

    home = HomePage.objects.filter(depth=2).first()
    if home is None or PrivacyNoticePage.objects.exists():
        return
    slug = "privacy"
    if Page.objects.filter(path__startswith=home.path, depth=3, slug=slug).exists():
        slug = "privacy-notice"
    content_type, _ = ContentType.objects.get_or_create(
        model="privacynoticepage", app_label="guidance"
    )
    PrivacyNoticePage.objects.create(
        title=privacy.TITLE,
        draft_title=privacy.TITLE,
        slug=slug,
        summary=privacy.SUMMARY,
        body=privacy.BODY.strip(),
        content_type=content_type,
        path=_next_child_path(Page, home),
        depth=3,
        numchild=0,
        url_path=f"{home.url_path}{slug}/",
        locale_id=home.locale_id,
        live=True,
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


def remove_privacy_notice(apps, schema_editor):
    Page = apps.get_model("wagtailcore.Page")
    for notice in apps.get_model("guidance.PrivacyNoticePage").objects.all():
        parent_path = notice.path[:-4]
        notice.delete()
        parent = Page.objects.get(path=parent_path)
        Page.objects.filter(pk=parent.pk).update(numchild=max(parent.numchild - 1, 0))


class Migration(migrations.Migration):
    dependencies = [("guidance", "0004_privacy_notice_page")]

    operations = [migrations.RunPython(create_privacy_notice, remove_privacy_notice)]
