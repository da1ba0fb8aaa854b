"""Dispatch KPIs: the registry (`base`), the aggregate queries (`sources`) and the declarations
(`catalogue`). Callers use `compute`, `Scope` and `KPIS`."""

from .base import KPIS, SOURCES, Figure, Kpi, Report, Row, Scope, Source, compute

__all__ = ["KPIS", "SOURCES", "Figure", "Kpi", "Report", "Row", "Scope", "Source", "compute"]
