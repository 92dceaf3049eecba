# Playwright on Debian's Chromium, shared with the project's browser tests.
from tests.browser.conftest import browser, page  # noqa: F401
