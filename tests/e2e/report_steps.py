"""The worker's report in steps, as a phone user fills it (shared by the browser tests)."""

from playwright.sync_api import Page, expect

from .axe import assert_accessible


def fill_what(page: Page, photo: bytes | None = None, description: str = "") -> None:
    page.get_by_label("工地（盖房、装修、修路、水电安装等）").check()
    page.get_by_label("一共被拖欠多少钱").fill("36000")
    page.locator("input[name=period_start_year]").fill("2026")
    page.locator("input[name=period_start_month]").fill("6")
    page.locator("input[name=period_end_year]").fill("2026")
    page.locator("input[name=period_end_month]").fill("9")
    page.get_by_label("一共有几个人被拖欠").fill("3")
    if description:
        page.get_by_label("请说一说具体情况").fill(description)
    if photo is not None:
        page.locator("input[name=attachments]").set_input_files(
            [{"name": "欠条.png", "mimeType": "image/png", "buffer": photo}]
        )


def fill_where(page: Page) -> None:
    # Typed like a person: the preview follows the keystrokes (htmx, debounced).
    page.get_by_label("您在哪里干活").press_sequentially(
        "成都市武侯区人民南路四段12号工地", delay=20
    )
    expect(page.get_by_test_id("route-preview")).to_contain_text(
        "将由 武侯区人力资源和社会保障局 受理"
    )
    page.get_by_label("欠您工资的公司或老板").fill("四川鑫达建筑工程有限公司")
    page.get_by_label("工地或项目的名字").fill("武侯区人民南路安置房项目")


def fill_who(page: Page, name: str, id_number: str, phone: str) -> None:
    page.get_by_label("您的姓名").fill(name)
    page.get_by_label("您的手机号码").fill(phone)
    page.get_by_label("您的身份证号码").fill(id_number)
    assert not page.get_by_label("可以告诉用人单位是我反映的").is_checked()


def next_step(page: Page, heading: str) -> None:
    page.get_by_role("button", name="继续").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
