"""The demo forum from ``data/forum.json``: categories (one closed to a private group) and
threaded discussions by the demo accounts.

A thread is found by its title, and its posts are written only when the thread is new, so
running again changes nothing. ``{safe_house}``-style placeholders in a post become links to
the directory's services.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.management.base import OutputWrapper
from django.utils import timezone

from accounts.models import PrivateGroup, User
from demo.directory import find_service
from demo.load import read
from directory.models import Organisation
from forum.models import Category, Post, Thread, Watch

OPENING = "op"  # a post whose parent is the opening post is a top-level reply


def seed(stdout: OutputWrapper) -> None:
    data = read("forum")
    group = _private_group(data["private_group"])
    categories = {}
    for order, category in enumerate(data["categories"], start=1):
        categories[category["slug"]], _ = Category.objects.update_or_create(
            slug=category["slug"],
            defaults={
                "name": category["name"],
                "access": category["access"],
                "description": category["description"],
                "order": order,
                "group": group if category["access"] == Category.Access.GROUP else None,
            },
        )
    links = _service_links(data["service_links"])
    emails = {thread["author"] for thread in data["threads"]} | {
        post["author"] for thread in data["threads"] for post in thread["posts"]
    }
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    started = timezone.now() - timedelta(days=10)
    for thread in data["threads"]:
        _write_thread(categories[thread["category"]], thread, people, links, started)
        started += timedelta(days=2)
    stdout.write(f"  forum: {len(categories)} categories, {len(data['threads'])} discussions")


def _private_group(spec: dict[str, Any]) -> PrivateGroup:
    group, _ = PrivateGroup.objects.get_or_create(
        name=spec["name"], defaults={"description": spec["description"]}
    )
    group.organisations.add(*Organisation.objects.filter(slug__in=spec["organisations"]))
    return group


def _service_links(specs: dict[str, dict[str, str]]) -> dict[str, str]:
    links = {}
    for key, spec in specs.items():
        service = find_service(spec["organisation"], spec["service_matches"])
        links[key] = (
            f"[{service.name}]({service.get_absolute_url()})" if service else spec["otherwise"]
        )
    return links


def _write_thread(
    category: Category,
    spec: dict[str, Any],
    people: dict[str, User],
    links: dict[str, str],
    started: datetime,
) -> Thread:
    thread, created = Thread.objects.get_or_create(
        category=category,
        title=spec["title"],
        defaults={"author": people.get(spec["author"]), "created_at": started},
    )
    if not created:
        return thread
    made: dict[str, Post] = {}
    when = started
    for item in spec["posts"]:
        when = when + timedelta(hours=3)
        text = item["text"]
        for key, link in links.items():
            text = text.replace("{" + key + "}", link)
        post = Post(
            thread=thread,
            parent=made.get(item["parent"]) if item["parent"] != OPENING else None,
            author=people.get(item["author"]),
            source=text,
            created_at=when,
            is_opening=item["parent"] is None,
        )
        post.render()
        post.save()
        post.save_links()
        made[item["key"]] = post
        if post.author:
            Watch.objects.get_or_create(
                user=post.author, thread=thread, defaults={"level": "watching"}
            )
    thread.post_count = len(made)
    thread.last_post_at = when
    thread.save(update_fields=["post_count", "last_post_at"])
    return thread
