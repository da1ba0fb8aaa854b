"""WageGuard (根治欠薪综合监管平台)."""

__version__ = "0.1.0"
