"""专项行动 (campaigns) and the one problem ledger (问题台账) every source feeds."""
