"""Every admin view of referral pathways asks the permission policy: coordinators use them
all, editors and organisation admins none, and a refused view shows nothing of the pathway."""

import pytest

from pathways.models import Pathway
from tests.admin_urls import admin_viewsets, is_refused, viewset_urls

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["coordinator", "editor", "org_admin"])
def test_each_pathway_admin_view_follows_the_policy(request, client, staff_login, role):
    pathway = Pathway.objects.create(title="Raid aftercare", slug="raid-aftercare", area="Essex")
    (viewset,) = admin_viewsets(Pathway)
    staff_login(client, request.getfixturevalue(role))
    wrong = []
    for name, url in viewset_urls(viewset, pathway).items():
        response = client.get(url)
        if role == "coordinator":
            ok = response.status_code == 200
        else:
            ok = is_refused(response) and pathway.title not in response.content.decode()
        if not ok:
            wrong.append(f"{name} {url} -> {response.status_code}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
