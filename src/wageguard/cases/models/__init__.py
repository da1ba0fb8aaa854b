"""Case models, split by concern; import them from here."""

from .case import (
    CaseHistory,
    CaseParty,
    CasePerson,
    CaseRecovery,
    CaseWorker,
    CriminalThresholdSetting,
    EnforcementCase,
    NumberSequence,
    next_number,
    personal_names,
)
from .decisions import CaseDocument, Decision, DocumentTemplate, PoliceTransfer, TransferFollowUp
from .investigation import (
    CaseInspector,
    Evidence,
    EvidenceKind,
    Interview,
    InterviewRole,
    LedgerCheck,
    Statement,
    StatementKind,
)
from .liability import CaseLiability

__all__ = [
    "CaseDocument",
    "CaseHistory",
    "CaseInspector",
    "CaseLiability",
    "CaseParty",
    "CasePerson",
    "CaseRecovery",
    "CaseWorker",
    "CriminalThresholdSetting",
    "Decision",
    "DocumentTemplate",
    "EnforcementCase",
    "Evidence",
    "EvidenceKind",
    "Interview",
    "InterviewRole",
    "LedgerCheck",
    "NumberSequence",
    "PoliceTransfer",
    "Statement",
    "StatementKind",
    "TransferFollowUp",
    "next_number",
    "personal_names",
]
