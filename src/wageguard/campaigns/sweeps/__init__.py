"""拉网式排查 (sweeps) of a campaign: targets (projects under construction, employers by sector),
teams of inspectors, visits recorded on a phone, coverage by county and prefecture, and random
checks (双随机). Problems a visit finds go into the one ledger (`campaigns.services.open_item`)."""
