"""A long thread is read a page at a time: a page of the tree (top-level replies with theirs,
down to a depth) or twenty posts oldest first, with a plain link to the next page, and a
permalink lands on the page that shows its post."""

import re

import pytest

from forum import services
from forum.models import Post

pytestmark = pytest.mark.django_db


def posts_on(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<(?:li|article)[^>]* id="post-(\d+)"', html)]


def next_link(html: str) -> str | None:
    found = re.search(r'data-more-replies><a [^>]*href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.fixture
def long_thread(members_category, make_thread, member, other_member):
    """The opening post and 30 top-level replies, each with two replies under it."""
    thread = make_thread(members_category, member, "Night shelter cover", "Who has beds?")
    for n in range(30):
        top = services.add_post(thread, other_member, f"Branch {n}", None, notify=False)
        for m in range(2):
            services.add_post(thread, member, f"Branch {n} answer {m}", top, notify=False)
    return thread


def read_every_page(client, url: str | None) -> list[list[int]]:
    pages = []
    while url:
        html = client.get(url).content.decode()
        pages.append(posts_on(html))
        link = next_link(html)
        url = f"{url.split('?')[0]}{link}" if link else None
    return pages


def test_the_first_page_shows_a_bounded_part_of_the_tree_and_links_to_the_rest(
    client, member, long_thread
):
    client.force_login(member)
    pages = read_every_page(client, long_thread.get_absolute_url())
    opening = long_thread.posts.get(is_opening=True).pk
    assert pages[0][0] == opening
    assert all(opening not in page for page in pages[1:])
    assert all(len(page) <= services.POSTS_PER_PAGE + 1 for page in pages)
    assert len(pages) > 1
    # Every post is on exactly one page, in the order written.
    every = [pk for page in pages for pk in page]
    written = long_thread.posts.order_by("created_at", "pk").values_list("pk", flat=True)
    assert every == list(written)


def test_the_oldest_first_view_is_paged_too(client, member, long_thread):
    client.force_login(member)
    pages = read_every_page(client, long_thread.get_absolute_url() + "?view=flat")
    assert [len(page) for page in pages] == [21, 20, 20, 20, 10]  # the opening post first
    html = client.get(long_thread.get_absolute_url(), {"view": "flat", "page": 2}).content.decode()
    answer = Post.objects.get(source="Branch 7 answer 0")
    assert f'in reply to <a class="govuk-link" href="/forum/post/{answer.parent_id}/">' in html
    assert "Earlier replies" in html


def test_a_permalink_lands_on_the_page_that_shows_its_post(client, member, long_thread):
    client.force_login(member)
    for source in ("Branch 0 answer 1", "Branch 29", "Branch 17 answer 0"):
        post = Post.objects.get(source=source)
        response = client.get(f"/forum/post/{post.pk}/")
        location = response["Location"]
        assert location.endswith(f"#post-{post.pk}")
        assert post.pk in posts_on(client.get(location.split("#")[0]).content.decode())
    first = Post.objects.get(source="Branch 0")
    assert "?page=" not in client.get(f"/forum/post/{first.pk}/")["Location"]


def test_odd_page_numbers_show_a_page_rather_than_fail(client, member, long_thread):
    client.force_login(member)
    for page in ("abc", "0", "-1", "9999", "２"):
        response = client.get(long_thread.get_absolute_url(), {"page": page})
        assert response.status_code == 200, page
        assert posts_on(response.content.decode()), page


def test_later_pages_take_the_same_queries_as_the_first(
    client, member, long_thread, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    url = long_thread.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url, {"page": 2})
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url, {"view": "flat", "page": 3})
