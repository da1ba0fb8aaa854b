"""Template context: the navigation a role may use, so the home page shows only what works."""

from django.http import HttpRequest
from django.utils.translation import gettext_noop

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
    "api:openapi-view",
}


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_primary": [], "nav_admin": []}
    items = [("home", gettext_noop("首页"), "bi-house")]
    if user.can("view", "clues.clue"):
        items.append(("clues:inbox", gettext_noop("线索台账"), "bi-inbox"))
        items.append(("clues:overview", gettext_noop("督办总览"), "bi-bar-chart-line"))
    if user.can("view", "cases.enforcementcase"):
        items.append(("cases:list", gettext_noop("案件"), "bi-briefcase"))
    if user.can("view", "credit.creditlisting"):
        items.append(("credit:list", gettext_noop("失信名单"), "bi-person-x"))
    if user.can("view", "projects.project"):
        items.append(("projects:list", gettext_noop("工程项目"), "bi-building-gear"))
    if user.can("view", "publication.publicationbatch"):
        items.append(("publication:batches", gettext_noop("重大违法公布"), "bi-megaphone"))
    if user.can("view", "publication.typicalcase"):
        items.append(("publication:typical-list", gettext_noop("典型案例"), "bi-journal-richtext"))
    if user.can("view", "publication.publicityentry"):
        items.append(("publication:publicity-log", gettext_noop("宣传台账"), "bi-broadcast-pin"))
    # Reference pages for those who read reference data: a department user reads only the
    # assignments of their own agency and is offered nothing else.
    if user.can("view", "org.agency"):
        items.append(("regions:browse", gettext_noop("行政区划"), "bi-map"))
        items.append(("agency-list", gettext_noop("机构"), "bi-building"))
    if user.can("view", "org.user"):
        items.append(("user-list", gettext_noop("用户管理"), "bi-people"))
    if user.can("view", "campaigns.campaign"):
        items.append(("campaigns:list", gettext_noop("专项行动"), "bi-flag"))
    if user.can("view", "campaigns.assignment"):
        items.append(("campaigns:assignments", gettext_noop("交办事项"), "bi-send"))
    if user.can("view", "dispatch.kpi"):
        items.append(("dispatch:kpis", gettext_noop("调度指标"), "bi-speedometer2"))
    if user.can("view", "dispatch.progressreport"):
        items.append(("dispatch:rounds", gettext_noop("进展情况"), "bi-clipboard-data"))
    if user.can("view", "dispatch.opinionitem"):
        items.append(("dispatch:opinion-list", gettext_noop("舆情联动"), "bi-broadcast"))
    if user.can("view", "inspections.channelcheck"):
        items.append(("inspections:overview", gettext_noop("渠道暗访"), "bi-telephone-inbound"))
    if user.can("view", "core.auditevent"):
        items.append(("audit:list", gettext_noop("审计日志"), "bi-journal-check"))
    if user.can("change", "core.holidayyear"):
        items.append(("holiday-years", gettext_noop("节假日设置"), "bi-calendar3"))
    if user.can("view", "clues.clue") or user.can("change", "clues.cluesettings"):
        items.append(("clue-settings", gettext_noop("办理参数"), "bi-sliders"))
    if user.can("view", "cases.documenttemplate"):
        items.append(("cases:templates", gettext_noop("文书模板"), "bi-file-earmark-word"))
    if user.can("view", "cases.enforcementcase") or user.can(
        "change", "cases.criminalthresholdsetting"
    ):
        items.append(("cases:threshold-settings", gettext_noop("入罪数额标准"), "bi-sliders2"))
    if user.can("view", "credit.creditlisting") or user.can("change", "credit.creditsettings"):
        items.append(("credit:settings", gettext_noop("失信名单参数"), "bi-sliders"))
    if user.can("view", "publication.publicationbatch") or user.can(
        "change", "publication.publicationsettings"
    ):
        items.append(("publication:settings", gettext_noop("公布参数"), "bi-megaphone"))
    # The API's documentation, for whoever connects another system: configuration, under 管理.
    items.append(("api:openapi-view", gettext_noop("接口文档"), "bi-plug"))
    return {
        "nav_items": items,
        "nav_primary": [i for i in items if i[0] not in ADMIN_ITEMS],
        "nav_admin": [i for i in items if i[0] in ADMIN_ITEMS],
    }
