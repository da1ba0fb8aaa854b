from .opinion.models import OpinionHistory, OpinionItem  # noqa: F401
