"""Browser tests: Debian's chromium through Playwright, a live server and a real worker."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import make_school_world
from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are ordinary blocking calls, so Django's async guard does not apply here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 720}
STEP_TIMEOUT_MS = 30_000


# Package scope: Playwright stops once the browser tests are done, so its event loop is gone
# before tests that run their own (the long-poll tests) start.
@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Open a page in its own browser context (its own cookies), closed after the test."""
    contexts = []

    def open_page(viewport: dict | None = None, *, bypass_csp: bool = True):
        # axe-core is injected as a script tag, which the console's Content Security Policy
        # rightly refuses; pages that check the policy itself open with bypass_csp=False.
        context = browser.new_context(
            viewport=viewport or DESKTOP, locale="en-GB", bypass_csp=bypass_csp
        )
        context.set_default_timeout(STEP_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def world(transactional_db):
    return make_school_world("web")


@pytest.fixture
def live(live_server, start_worker):
    """The live server's address, with a real Celery worker running against the same data."""
    start_worker()
    return live_server.url


def log_in(page, base_url: str, user) -> None:
    """Sign in through the login page; the DSL also types the code from an authenticator."""
    from django.conf import settings

    needs_code = user.role in settings.OTP_REQUIRED_ROLES
    if needs_code:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "test"}
        )
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("domcontentloaded")
    if needs_code:
        from django_otp.oath import totp

        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        page.get_by_label("Code").fill(f"{code:0{device.digits}d}")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state("domcontentloaded")


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Take the page's picture; it replaces the one in docs/ only when asked to.

    Set UPDATE_SCREENSHOTS=1 to refresh docs/screenshots/; otherwise the picture goes to a
    temporary folder, so a test run leaves the working tree as it found it.
    """
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else _scratch()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 0
    return path


def _scratch() -> Path:
    import tempfile

    return Path(tempfile.gettempdir()) / "tutorconsole-screenshots"


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the page (WCAG 2.0-2.2 A and AA rules); return the serious ones."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in impacts
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, indent=2)
