"""Accessibility checks in the browser tests: axe-core (the npm package, frontend/node_modules)
run inside the page Playwright shows.

axe-core is the engine behind the browsers' own accessibility audits; running the real thing
on the rendered page (our CSS, our scripts, the user's viewport) catches what a template
linter cannot: contrast, names of controls, landmarks, labels tied to inputs.
"""

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"

# The issue asks for no serious violations: axe's two worst impact levels.
BLOCKING = ("serious", "critical")


def violations(page: Page, *, impacts: tuple[str, ...] = BLOCKING) -> list[dict]:
    """The page's axe violations at these impact levels, each with the nodes that fail."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
            const result = await window.axe.run(document, {
                runOnly: {
                    type: "tag",
                    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
                },
                resultTypes: ["violations"],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
            }));
        }"""
    )
    return [v for v in found if v["impact"] in impacts]


def assert_accessible(page: Page) -> None:
    """Fails naming each serious or critical violation, the elements and axe's explanation."""
    found = violations(page)
    if found:
        lines = [f"axe found {len(found)} serious violation(s) on {page.url}:"]
        for v in found:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"][:5]:
                lines.append(f"    {node['target']}: {node['summary']}")
        raise AssertionError("\n".join(lines))
