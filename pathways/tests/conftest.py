# Pathways are drafted from forum discussions: the forum's own fixtures make those.
from forum.tests.conftest import make_thread, members_category, public_category  # noqa: F401
