"""The wage deposit (工资保证金): `rules` (pure: the required amount and rate, with articles),
`ledger` (reading the movements: balances, what is owed, the contractor's record) and `services`
(the changes: a drawdown for a case, a top-up, a release). Models live in `projects.models`."""
