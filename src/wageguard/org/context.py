"""Template context: the navigation a role may use, so the home page shows only what works."""

from django.http import HttpRequest

# Reference data and settings go under one "管理" menu, so the daily work fits on one line.
ADMIN_ITEMS = {
    "regions:browse",
    "agency-list",
    "user-list",
    "audit:list",
    "holiday-years",
    "clue-settings",
    "cases:templates",
    "cases:threshold-settings",
    "credit:settings",
    "publication:settings",
}


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_primary": [], "nav_admin": []}
    items = [("home", "首页", "bi-house")]
    if user.can("view", "clues.clue"):
        items.append(("clues:inbox", "线索台账", "bi-inbox"))
        items.append(("clues:overview", "督办总览", "bi-bar-chart-line"))
    if user.can("view", "cases.enforcementcase"):
        items.append(("cases:list", "案件", "bi-briefcase"))
    if user.can("view", "credit.creditlisting"):
        items.append(("credit:list", "失信名单", "bi-person-x"))
    if user.can("view", "publication.publicationbatch"):
        items.append(("publication:batches", "重大违法公布", "bi-megaphone"))
    items.append(("regions:browse", "行政区划", "bi-map"))
    items.append(("agency-list", "机构", "bi-building"))
    if user.can("view", "org.user"):
        items.append(("user-list", "用户管理", "bi-people"))
    if user.can("view", "inspections.channelcheck"):
        items.append(("inspections:overview", "渠道暗访", "bi-telephone-inbound"))
    if user.can("view", "core.auditevent"):
        items.append(("audit:list", "审计日志", "bi-journal-check"))
    if user.can("change", "core.holidayyear"):
        items.append(("holiday-years", "节假日设置", "bi-calendar3"))
    if user.can("view", "clues.clue") or user.can("change", "clues.cluesettings"):
        items.append(("clue-settings", "办理参数", "bi-sliders"))
    if user.can("view", "cases.documenttemplate"):
        items.append(("cases:templates", "文书模板", "bi-file-earmark-word"))
    if user.can("view", "cases.enforcementcase") or user.can(
        "change", "cases.criminalthresholdsetting"
    ):
        items.append(("cases:threshold-settings", "入罪数额标准", "bi-sliders2"))
    if user.can("view", "publication.publicationbatch") or user.can(
        "change", "publication.publicationsettings"
    ):
        items.append(("publication:settings", "公布参数", "bi-megaphone"))
    return {
        "nav_items": items,
        "nav_primary": [i for i in items if i[0] not in ADMIN_ITEMS],
        "nav_admin": [i for i in items if i[0] in ADMIN_ITEMS],
    }
