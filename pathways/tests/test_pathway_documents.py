"""Forms and documents on referral pathways: attached on the site and in the admin, shown
as download links, and downloadable only by people who may read the pathway."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from pathways import documents as pathway_documents
from pathways.models import Pathway, PathwayDocument
from tests.factories import PathwayFactory

pytestmark = pytest.mark.django_db

Document = get_document_model()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def make_document(title, name, content=b"%PDF-1.4 a form", collection=None):
    document = Document(title=title, file=ContentFile(content, name=name))
    if collection is not None:
        document.collection = collection
    document._set_document_file_metadata()
    document.save()
    return document


@pytest.fixture
def nrm_form(db):
    return make_document("NRM referral form (MS1)", "nrm-form.pdf", b"x" * 2048)


@pytest.fixture
def draft(member, organisation):
    return PathwayFactory(
        title="Adults found at car washes",
        slug="car-washes",
        created_by=member,
        participating_organisations=[organisation],
    )


def pathway_data(organisation, **extra):
    data = {
        "title": "Adults found at car washes",
        "area": "Colchester",
        "age_group": "adult",
        "exploitation_type": "labour",
        "emergency_route": "Call 999",
        "visibility": "members",
        "participating_organisations": [organisation.pk],
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-order": "1",
        "steps-0-action": "Make sure the person is safe",
    }
    data.update(extra)
    return data


def test_the_draft_form_offers_existing_documents_and_an_upload(client, member, nrm_form):
    client.force_login(member)
    page = client.get("/pathways/new/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "NRM referral form (MS1)" in page
    assert "Upload a new form or document" in page
    assert "Title of a new document (optional)" in page
    assert "If you leave it empty, the file&#x27;s name is used." in page


def test_a_member_attaches_an_existing_document_and_uploads_a_new_one(
    client, member, organisation, nrm_form
):
    client.force_login(member)
    upload = SimpleUploadedFile("consent_checklist.pdf", b"%PDF-1.4 " + b"y" * 3000)
    response = client.post(
        "/pathways/new/",
        pathway_data(
            organisation,
            **{"attach-documents": [nrm_form.pk], "upload-title": "", "upload-file": upload},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    pathway = Pathway.objects.get()
    attached = [d.document for d in pathway.documents.all()]
    assert [d.title for d in attached] == ["NRM referral form (MS1)", "consent checklist"]
    new = attached[1]
    assert new.collection == pathway_documents.pathway_collection()
    assert new.uploaded_by_user == member

    page = client.get(pathway.get_absolute_url()).content.decode()
    assert "Forms and documents" in page
    assert f'href="{nrm_form.url}"' in page and "(PDF, 2.0\xa0KB)" in page
    assert f'href="{new.url}"' in page and "(PDF, 2.9\xa0KB)" in page
    assert client.get(new.url).status_code == 200


def test_an_upload_of_a_forbidden_kind_is_refused_and_nothing_is_saved(
    client, member, organisation
):
    client.force_login(member)
    upload = SimpleUploadedFile("run-me.exe", b"MZ not a form")
    response = client.post("/pathways/new/", pathway_data(organisation, **{"upload-file": upload}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem with the forms and documents" in page
    assert 'href="#id_upload-file">File extension “exe” is not allowed' in page
    assert not Pathway.objects.exists() and not Document.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(client, member, organisation, monkeypatch):
    monkeypatch.setattr(pathway_documents, "MAX_UPLOAD_BYTES", 1024)
    client.force_login(member)
    upload = SimpleUploadedFile("big.pdf", b"z" * 4096)
    response = client.post("/pathways/new/", pathway_data(organisation, **{"upload-file": upload}))
    assert response.status_code == 200
    assert "This file is too big (4.0\xa0KB). Maximum filesize 1.0\xa0KB." in (
        response.content.decode()
    )
    assert not Pathway.objects.exists() and not Document.objects.exists()


def test_a_title_without_a_file_asks_for_the_file(client, member, organisation):
    client.force_login(member)
    response = client.post(
        "/pathways/new/", pathway_data(organisation, **{"upload-title": "Consent form"})
    )
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not Pathway.objects.exists()


def test_editing_a_draft_keeps_or_detaches_documents(client, member, organisation, draft, nrm_form):
    leaflet = make_document("Leaflet in Albanian", "leaflet-sq.pdf")
    draft.set_documents([nrm_form, leaflet])
    client.force_login(member)
    url = f"/pathways/{draft.slug}/v{draft.version}/edit/"
    form = client.get(url).content.decode()
    assert f'<option value="{nrm_form.pk}" selected>' in form
    data = pathway_data(
        organisation,
        **{
            "attach-documents": [leaflet.pk],
            "steps-INITIAL_FORMS": "1",
            "steps-0-id": draft.steps.get().pk,
        },
    )
    assert client.post(url, data).status_code == 302
    assert [d.document for d in draft.documents.all()] == [leaflet]
    assert Document.objects.filter(pk=nrm_form.pk).exists()  # detached, not deleted


def test_members_only_pathway_uploads_are_not_served_to_the_public(client, member, outsider, draft):
    upload = make_document(
        "Car wash consent form",
        "car-wash-consent.pdf",
        collection=pathway_documents.pathway_collection(),
    )
    draft.set_documents([upload])
    response = client.get(upload.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(outsider)  # signed in, but a member of no organisation
    assert client.get(upload.url).status_code == 404
    client.force_login(member)
    assert client.get(upload.url).status_code == 200


def test_an_agreed_public_pathways_uploads_are_served_to_everyone(client, draft, org_admin):
    upload = make_document(
        "Car wash consent form",
        "car-wash-consent.pdf",
        collection=pathway_documents.pathway_collection(),
    )
    draft.set_documents([upload])
    draft.visibility = Pathway.Visibility.PUBLIC
    draft.save()
    assert client.get(upload.url).status_code == 302  # still a draft: members only
    draft.propose()
    draft.sign_off(draft.participating_organisations.get(), org_admin)
    assert client.get(upload.url).status_code == 200
    assert "Car wash consent form" in client.get(draft.get_absolute_url()).content.decode()


def test_documents_from_elsewhere_keep_their_own_rules(client, draft, nrm_form):
    draft.set_documents([nrm_form])  # a public guidance form, used by a members-only draft
    assert client.get(nrm_form.url).status_code == 200


def test_a_coordinator_attaches_documents_in_the_admin(
    client, coordinator, staff_login, draft, nrm_form
):
    staff_login(client, coordinator)
    url = f"/admin/forum_pathways/edit/{draft.pk}/"
    form = client.get(url).content.decode()
    assert "Forms and documents" in form
    data = nested_form_data(
        {
            "title": draft.title,
            "summary": "",
            "visibility": "members",
            "review_date": "",
            "status": "draft",
            "documents": inline_formset([{"document": nrm_form.pk}]),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [d.document for d in PathwayDocument.objects.filter(pathway=draft)] == [nrm_form]


def test_the_detail_page_is_constant_in_queries_as_documents_grow(
    client, member, draft, django_assert_num_queries
):
    draft.set_documents([make_document("First", "first.pdf")])
    client.force_login(member)
    client.get(draft.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        client.get(draft.get_absolute_url())
    draft.set_documents([make_document(f"Form {n}", f"form-{n}.pdf") for n in range(8)])
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(draft.get_absolute_url())
