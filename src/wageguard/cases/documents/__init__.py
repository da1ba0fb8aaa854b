"""Numbered documents of a case (文书): built from an agency's uploaded Word template or the
built-in one, numbered per agency, kind and year, and swept from storage when orphaned."""

from . import receipt
from .numbered import (
    CREDIT_KINDS,
    DOCX_TYPE,
    PENDING_NUMBER,
    TEMPLATE_MODEL,
    Preview,
    build_context,
    builtin_template,
    chinese_date,
    current_template,
    download_name,
    issue,
    label,
    lists_workers,
    money,
    placeholders,
    preview,
    render,
    upload_template,
    validate_template,
)

__all__ = [
    "CREDIT_KINDS",
    "DOCX_TYPE",
    "PENDING_NUMBER",
    "TEMPLATE_MODEL",
    "Preview",
    "build_context",
    "builtin_template",
    "chinese_date",
    "current_template",
    "download_name",
    "issue",
    "label",
    "lists_workers",
    "money",
    "placeholders",
    "preview",
    "receipt",
    "render",
    "upload_template",
    "validate_template",
]
