"""The API's assembly lives in `wageguard.api.v1`; this package defines nothing else."""
