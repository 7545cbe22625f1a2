"""Take the README's tour screenshots from a running demo (`make run`, or `vik serve`).

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 docs/screenshots

Uses Debian's Chromium through Playwright; logs in as each demo user (password demo-vik-2026).
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "demo-vik-2026"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# (file name, user, path or callable that navigates, full page)
SHOTS = [
    ("01-triage-wachtrij.png", "triage", "/triage/"),
    ("02-mijn-taken-onderzoeker.png", "onderzoeker", "/"),
    ("03-onderzoek.png", "onderzoeker", "first-case"),
    ("04-melding-triage.png", "triage", "first-signal"),
    ("05-bevoegd-gezag.png", "bevoegdgezag", "/onderzoeken/"),
    ("06-leidinggevende.png", "leidinggevende", "/"),
    ("07-zorg.png", "zorg", "first-case"),
    ("08-audittrail.png", "auditor", "/audit/"),
    ("09-beheer.png", "beheer", "/beheer/investigations/casetype/"),
    ("10-protective-monitoring-preventie.png", "soc", "/monitoring/"),
    ("11-protective-monitoring-wachtrij.png", "soc", "/monitoring/meldingen/"),
    ("12-dashboard.png", "beleid", "/dashboard/"),
    ("13-melden.png", "medewerker", "/vertrouwelijk/"),
    ("14-hulp.png", "medewerker", "/kennis/"),
    ("15-preventie.png", "medewerker", "/preventie/"),
]


def _second_factor(page) -> None:
    """Roles that see names give a code after the password; the demo's code page shows it."""
    while page.locator(".demo-hint").count():
        code = re.search(r"\d{3} \d{3}", page.locator(".demo-hint").inner_text())
        if code:
            page.fill("#id_code", code.group())
            page.click("button[type=submit]")
            return
        page.wait_for_timeout(2000)  # this half minute's codes are used: wait for the next
        page.reload()


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        for name, user, target in SHOTS:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
            page = context.new_page()
            page.goto(f"{base}/inloggen/")
            page.fill("#id_username", user)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            _second_factor(page)
            if target == "first-case":
                page.goto(f"{base}/onderzoeken/")
                page.locator("table a").first.click()
            elif target == "first-signal":
                page.goto(f"{base}/triage/")
                page.locator("table a").first.click()
            else:
                page.goto(base + target)
            page.screenshot(path=str(out / name), full_page=False)
            context.close()
            print(name)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
