"""Inspections: undercover checks of complaint channels (暗访/测试) and the problem ledger
(问题台账)."""
