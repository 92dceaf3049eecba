"""Atom feeds for public categories only: members' and private places have none."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from core.site_address import absolute
from forum.markdown import plain_text
from forum.models import Category, Post


class CategoryFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        category = get_object_or_404(Category, slug=slug)
        if not category.is_public:
            raise Http404
        return category

    def title(self, category):
        return f"{category.name} – Waymark forum"

    # Absolute on the site address: Django would otherwise prefix the request's host.
    def link(self, category):
        return absolute(category.get_absolute_url())

    def feed_url(self, category):
        return absolute(reverse("forum:feed", args=[category.slug]))

    def subtitle(self, category):
        return category.description

    def items(self, category):
        return (
            Post.objects.filter(
                thread__category=category,
                is_removed=False,
                is_hidden=False,
                held_at__isnull=True,
                thread__is_held=False,
            )
            .select_related("thread", "author")
            .order_by("-created_at")[:30]
        )

    def item_title(self, post):
        return post.thread.title if post.is_opening else f"Re: {post.thread.title}"

    def item_description(self, post):
        return plain_text(post.html)[:500]

    def item_link(self, post):
        return absolute(post.get_absolute_url())

    def item_pubdate(self, post):
        return post.created_at

    def item_updateddate(self, post):
        return post.edited_at or post.created_at

    def item_author_name(self, post):
        return post.author.name if post.author else None
