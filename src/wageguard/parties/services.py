"""Finding or creating a party record, so every case about one employer points at one row."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wageguard.regions.models import Region

from .models import Enterprise, Person
from .rules import normalise_name, validate_credit_code, validate_id_number


def enterprise_for(
    name: str,
    credit_code: str = "",
    *,
    legal_representative: str = "",
    address: str = "",
    region: Region | None = None,
) -> Enterprise:
    """The enterprise with this credit code, else the one with this normalised name and no code,
    else a new one. Blank details are filled in from later cases; known ones are not overwritten,
    since the first recorded value may already be on a document."""
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationError({"employer_name": _("请填写单位名称（不超过 200 个字）")})
    if credit_code:
        try:
            credit_code = validate_credit_code(credit_code)
        except ValidationError as exc:
            raise ValidationError({"employer_credit_code": exc.messages[0]}) from None
    norm = normalise_name(name)
    found = None
    if credit_code:
        found = Enterprise.objects.filter(credit_code=credit_code).first()
    if found is None:
        found = Enterprise.objects.filter(name_norm=norm, credit_code="").first()
    if found is None:
        try:
            with transaction.atomic():
                return Enterprise.objects.create(
                    name=name,
                    name_norm=norm,
                    credit_code=credit_code,
                    legal_representative=legal_representative[:50],
                    address=address[:300],
                    region=region,
                )
        except IntegrityError:  # the same credit code was created concurrently
            return Enterprise.objects.get(credit_code=credit_code)
    changed = []
    for field, value in (
        ("credit_code", credit_code),
        ("legal_representative", legal_representative[:50]),
        ("address", address[:300]),
        ("region", region),
    ):
        if value and not getattr(found, field):
            setattr(found, field, value)
            changed.append(field)
    if changed:
        found.save(update_fields=[*changed, "updated_at"])
    return found


def person_for(name: str, id_number: str = "") -> Person:
    """The person with this ID number, or a new record (names alone do not identify people)."""
    name = (name or "").strip()
    if not name or len(name) > 50:
        raise ValidationError({"name": _("请填写姓名（不超过 50 个字）")})
    if id_number:
        try:
            id_number = validate_id_number(id_number)
        except ValidationError as exc:
            raise ValidationError({"id_number": exc.messages[0]}) from None
        person, _created = Person.objects.get_or_create(
            id_number=id_number, defaults={"name": name}
        )
        return person
    return Person.objects.create(name=name)
