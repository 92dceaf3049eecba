"""`make load`'s simulated people (bench/load.py runs locust headless with this file).

35 anonymous people browse the public site and 15 members, signed in with a password (no staff
role, so no second factor), read forum threads and reply. Every request is named by its page
group, which is what the report's rows are. ``FloorUser`` is the same number of people asking
for a view that does nothing (bench/load_urls.py): the framework's floor, run separately.

The URLs to visit come from the JSON file in LOAD_TARGETS, written by bench/load.py from the
seeded database.
"""

from __future__ import annotations

import json
import os
import random
import re

from locust import FastHttpUser, between, task

TARGETS = json.loads(open(os.environ["LOAD_TARGETS"]).read())  # noqa: SIM115
WAIT = [float(x) for x in os.environ.get("LOAD_WAIT", "0.5,1.5").split(",")]
ERROR = re.compile(r'govuk-error-summary__list">\s*<li>(?:<a[^>]*>)?([^<]+)')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor(FastHttpUser):
    """Someone not signed in: guidance, the directory, search and pathways."""

    fixed_count = 35
    wait_time = between(*WAIT)

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(4)
    def directory(self) -> None:
        query = {"category": random.choice(TARGETS["categories"])}
        if random.random() < 0.6:
            query["near"] = random.choice(TARGETS["postcodes"])
        if random.random() < 0.3:
            query["accepting"] = "on"
        self.client.get("/directory/", params=query, name="directory")

    @task(3)
    def organisation(self) -> None:
        self.client.get(random.choice(TARGETS["organisations"]), name="organisation")

    @task(3)
    def service(self) -> None:
        self.client.get(random.choice(TARGETS["services"]), name="service")

    @task(2)
    def search_page(self) -> None:
        self.client.get("/search/", params={"q": random.choice(TARGETS["queries"])}, name="search")

    @task(2)
    def search_api(self) -> None:
        q = random.choice(TARGETS["queries"])
        self.client.get("/api/search", params={"q": q}, name="search API")

    @task(2)
    def pathways(self) -> None:
        self.client.get(random.choice(TARGETS["pathways"]), name="pathways")

    @task(2)
    def guidance(self) -> None:
        self.client.get(random.choice(TARGETS["guidance"]), name="guidance")


class Member(FastHttpUser):
    """A member of a partner organisation: signs in once, then reads threads and replies."""

    fixed_count = 15
    wait_time = between(*WAIT)

    def on_start(self) -> None:
        email = TARGETS["members"].pop()
        page = self.client.get("/accounts/login/", name="sign-in page")
        token = CSRF.search(page.text or "")
        with self.client.post(
            "/accounts/login/",
            data={
                "login": email,
                "password": TARGETS["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                said = ERROR.search(response.text or "")
                response.failure(f"sign-in refused ({response.status_code}): {said and said[1]}")

    @task(2)
    def forum(self) -> None:
        self.client.get("/forum/", name="forum index")

    @task(8)
    def thread(self) -> None:
        self.client.get(random.choice(TARGETS["threads"]), name="thread")

    @task(1)
    def reply(self) -> None:
        thread = random.choice(TARGETS["reply_threads"])
        form = self.client.get(thread + "reply/", name="reply form")
        token = CSRF.search(form.text or "")
        with self.client.post(
            thread + "reply/",
            data={
                "source": "We can take a referral this week; call our duty line.",
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}{thread}reply/"},
            name="reply",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            # A reply goes to its post (302); the form again (200) means refused or limited.
            if response.status_code != 302:
                response.failure(f"reply not posted ({response.status_code})")


class FloorUser(FastHttpUser):
    """The floor: the same number of people, the same pace, a view that does nothing."""

    wait_time = between(*WAIT)

    @task
    def floor(self) -> None:
        self.client.get("/load/floor", name="floor")
