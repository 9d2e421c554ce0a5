"""The page editor's live preview loads in its panel and follows what is typed."""

from playwright.sync_api import expect

from .axe import BLOCKING, axe_violations, describe
from .test_journeys import admin_login

TITLE = "Titre tapé pour l’aperçu"


def standard_page_id(server):
    return int(
        server.manage(
            "shell",
            "-c",
            "from home.models import StandardPage; "
            "print(StandardPage.objects.live().order_by('path').first().pk)",
        )
        .strip()
        .splitlines()[-1]
    )


def test_communication_types_a_title_and_sees_it_in_the_preview_panel(
    new_context, server, shot
):
    officer = new_context(viewport={"width": 1440, "height": 900}).new_page()
    blocked = []
    officer.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "frame-ancestors" in message.text else None
        ),
    )
    admin_login(officer, "redaction")
    officer.goto(f"/admin/pages/{standard_page_id(server)}/edit/")

    officer.locator("#id_title").fill(TITLE)
    officer.get_by_role("button", name="Afficher/masquer la prévisualisation").click()
    # Wagtail loads each refresh in a second frame, then gives it the panel's id.
    frame = officer.frame_locator("iframe#w-preview-iframe")

    expect(frame.locator("h1")).to_contain_text(TITLE, timeout=15_000)
    assert not blocked
    shot(officer, "admin-apercu-editeur")
    # The preview panel (this screen); the previewed public page is checked
    # by the public pages' own accessibility tests, Wagtail's editor form is not ours.
    panel = {"include": [["[data-side-panel='preview']"]], "exclude": [["iframe"]]}
    blocking = [
        violation
        for violation in axe_violations(officer, panel)
        if violation["impact"] in BLOCKING
    ]
    assert not blocking, describe(blocking)
