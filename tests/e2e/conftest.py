"""A real browser (Debian's Chromium, driven by Playwright) against a live server."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHOTS = Path(__file__).parent / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make browser` (apt-get install chromium)."
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _page(browser, live_server, **options):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 1366, "height": 900}, base_url=live_server.url, **options
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    # Playwright evaluates the tests' own wait_for_function strings in the page, which the
    # site's Content-Security-Policy forbids; `strict_page` keeps the policy.
    context, pg = _page(browser, live_server, bypass_csp=True)
    yield pg
    context.close()


@pytest.fixture
def strict_page(browser, live_server):
    """A page under the site's Content-Security-Policy; `pg.csp_violations` lists what the
    browser refused."""
    context, pg = _page(browser, live_server)
    pg.csp_violations = []
    pg.on(
        "console",
        lambda m: pg.csp_violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield pg
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def login(page, username: str, password: str = "matkhau-123") -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Việc cần làm')")
