"""What the public pages change: one submission (clue and its attachments) in one transaction, and
the routing preview a worker confirms while typing the work address.

The clue itself is made by `clues.services.intake`, the same as for every channel; this module only
adds the attachments around it, so that a rejected file or a failed write leaves neither a clue
without its evidence nor files without a clue.
"""

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from wageguard.clues import services
from wageguard.clues.models import Attachment
from wageguard.clues.rules import Channel
from wageguard.clues.services import attachments
from wageguard.clues.validation import IntakeData
from wageguard.core import audit
from wageguard.org.models import Agency, AgencyKind
from wageguard.regions.models import Level, Region


@dataclass(frozen=True)
class Preview:
    """Who will handle a clue sent from this address, as shown before submitting."""

    region_name: str
    agency_name: str
    county: bool  # False: a prefecture or the province sorts it first (分拣)
    note: str


def submit(data: IntakeData, files: list[UploadedFile]) -> tuple[services.Intake, list]:
    """Stores the clue and every attachment, or nothing. The SMS with the code and secret is sent
    only after the commit (clues.sms), so a rolled-back submission never texts the worker."""
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            result = services.intake(data, channel=Channel.WEB)
            for uploaded in files:
                attachment = attachments.store(result.clue, uploaded)
                stored.append(attachment)
                audit.record(
                    "clue.attachment_add",
                    obj=result.clue,
                    after={
                        "name": attachment.original_name,
                        "type": attachment.content_type,
                        "size": attachment.size,
                        "sha256": attachment.sha256,
                    },
                )
    except BaseException:
        attachments.discard(stored)
        raise
    return result, stored


def handling_agency(region: Region) -> Agency | None:
    """The HRSS bureau of the division or the nearest one above it, as intake assigns it."""
    node: Region | None = region
    while node is not None:
        agency = Agency.objects.filter(region=node, kind=AgencyKind.HRSS).first()
        if agency:
            return agency
        node = node.parent
    return None


def preview(address: str) -> Preview | None:
    """The routing intake will apply to `address`; None for text too short to say anything."""
    address = (address or "").strip()[:300]
    if len(address) < 2:
        return None
    region, _confidence, note = services.route_clue(address)
    agency = handling_agency(region)
    agency_name = agency.name if agency else f"{region.name}人力资源和社会保障部门"
    return Preview(region.name, agency_name, region.level == Level.COUNTY, note)
