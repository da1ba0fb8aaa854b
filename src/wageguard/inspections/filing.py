"""Filing a case from a finding of a channel check (registered into
`cases.extensions.FILING_SOURCES` in `InspectionsConfig.ready()`): the case page's filing form
is prefilled from `?finding=<id>`, and cases never imports inspections."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wageguard.cases.extensions import FiledFrom
from wageguard.org.models import User

from .models import Finding


def from_finding(user: User, value: str) -> FiledFrom | None:
    """The finding within the user's jurisdiction, as the filing form's facts and region."""
    if not value.isdigit():
        return None
    finding = Finding.objects.restrict(user, "view").filter(pk=int(value)).first()
    if finding is None:
        return None
    return FiledFrom(
        initial={"region": finding.region_id, "facts": finding.description},
        note=_("来自检查发现：%(d)s") % {"d": finding.description[:200]},
        banner=f"{_('来自检查发现')}：{Truncator(finding.description).chars(120)}",
    )
