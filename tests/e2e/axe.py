"""axe-core (tests/e2e/node_modules, from the npm registry) run in the page."""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def axe_violations(page, context=None):
    """The violations axe-core finds in ``page`` (a list of axe result dicts)."""
    if not AXE.exists():
        pytest.fail(
            f"axe-core manque ({AXE}) : lancez « npm ci » dans tests/e2e "
            "(make test le fait)."
        )
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the site's Content Security
        # Policy (script-src 'self') stays enforced for the page itself.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        "context => axe.run(context || document, {resultTypes: ['violations']})",
        context,
    )
    return results["violations"]


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(
                f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}"
            )
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", " | "))
    return "\n".join(lines)


def assert_accessible(page, where=""):
    """No axe-core violation of impact serious or critical."""
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not blocking, f"axe-core, {where or page.url} :\n" + describe(blocking)
