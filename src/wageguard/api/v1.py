"""The assembled API under /api/v1/: only the apps' routers, mounted. Each app keeps its routes
in its own `api` module; the error shape and pagination they share come from `core.api`."""

from wageguard.campaigns.api import campaigns_router, ledger_router
from wageguard.campaigns.coordination.api import router as assignments_router
from wageguard.campaigns.sweeps.api import router as sweeps_router
from wageguard.cases.api.actions import actions_router as case_actions_router
from wageguard.cases.api.cases import router as cases_router
from wageguard.cases.api.cases import rules_router
from wageguard.clues.api import public_router as public_clues_router
from wageguard.clues.api import router as clues_router
from wageguard.clues.api import supervisions_router
from wageguard.core.api import errors
from wageguard.core.api.calendar import router as calendar_router
from wageguard.core.api.openapi import WageGuardAPI
from wageguard.credit.api import public_router as public_credit_router
from wageguard.credit.api import router as credit_router
from wageguard.credit.api import rules_router as credit_rules_router
from wageguard.dispatch.api import router as dispatch_router
from wageguard.dispatch.opinion.api import router as opinion_router
from wageguard.dispatch.rounds.api import router as dispatch_rounds_router
from wageguard.inspections.api import router as inspections_router
from wageguard.org.api import router as org_router
from wageguard.org.api_auth import AUTH
from wageguard.projects.api import feeds_router
from wageguard.projects.api import router as projects_router
from wageguard.projects.warnings.api import router as warnings_router
from wageguard.publication.api import public_router as public_publications_router
from wageguard.publication.publicity.api import router as publicity_router
from wageguard.publication.typical.api import public_router as public_typical_router
from wageguard.regions.api import router as regions_router

# The routes that count requests per client and may answer 429 (see core.api.openapi).
THROTTLED_ROUTES = (
    "public_clue_create",
    "public_clue_track",
    "public_clue_rate",
    "public_clue_supplement",
)

api = WageGuardAPI(
    title="WageGuard API",
    version="1",
    description="根治欠薪综合监管平台接口。认证：浏览器会话或 `Authorization: Bearer <令牌>`。",
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
    throttled_routes=THROTTLED_ROUTES,
)
errors.install(api)
api.add_router("/", org_router)
api.add_router("/regions", regions_router)
api.add_router("/calendar", calendar_router)
api.add_router("/channel-checks", inspections_router)
api.add_router("/campaigns", campaigns_router)
api.add_router("/ledger", ledger_router)
api.add_router("/sweeps", sweeps_router)
api.add_router("/assignments", assignments_router)
api.add_router("/clues", clues_router)
api.add_router("/supervisions", supervisions_router)
api.add_router("/cases", cases_router)
api.add_router("/cases", case_actions_router)
api.add_router("/rules", rules_router)
api.add_router("/rules", credit_rules_router)
api.add_router("/credit-listings", credit_router)
api.add_router("/projects", projects_router)
api.add_router("/feeds", feeds_router)
api.add_router("/warnings", warnings_router)
api.add_router("/kpis", dispatch_router)
api.add_router("/dispatch-rounds", dispatch_rounds_router)
api.add_router("/opinion", opinion_router)
api.add_router("/public", public_clues_router)
api.add_router("/public", public_credit_router)
api.add_router("/public/publications", public_publications_router)
api.add_router("/typical-cases", public_typical_router)
api.add_router("/publicity-log", publicity_router)
