from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "wageguard.credit"
    label = "credit"
    verbose_name = "失信联合惩戒名单"

    def ready(self) -> None:
        from wageguard.cases.extensions import CASE_PANELS, EXPORT_COLUMNS, CasePanel
        from wageguard.core.audit import READ_ACTIONS
        from wageguard.parties.extensions import ENTERPRISE_PANELS, EnterprisePanel
        from wageguard.projects.extensions import CONTRACTOR_RECORDS

        from . import deposit_record, jobs, panels
        from .services import READS

        jobs.register()
        READ_ACTIONS.register(*READS)
        CASE_PANELS.register("credit", CasePanel("credit/_case_panel.html", panels.credit_card))
        ENTERPRISE_PANELS.register(
            "credit",
            EnterprisePanel("credit/_enterprise_listings.html", panels.enterprise_listings),
            order=30,
        )
        EXPORT_COLUMNS.register("credit", panels.EXPORT_COLUMN)
        CONTRACTOR_RECORDS.register("credit", deposit_record.current_listings)
