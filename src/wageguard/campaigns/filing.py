"""Filing a case from a ledger item (registered into `cases.extensions.FILING_SOURCES` in
`CampaignsConfig.ready()`): the case page's filing form is prefilled from `?ledger_item=<id>`,
and cases never imports campaigns."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wageguard.cases.extensions import FiledFrom
from wageguard.org.models import User

from .models import LedgerItem


def from_ledger_item(user: User, value: str) -> FiledFrom | None:
    """The item within the user's jurisdiction, as the filing form's facts and region."""
    if not value.isdigit():
        return None
    item = LedgerItem.objects.restrict(user, "view").filter(pk=int(value)).first()
    if item is None:
        return None
    return FiledFrom(
        initial={"region": item.region_id, "facts": item.description},
        note=_("来自问题台账：%(d)s") % {"d": item.description[:200]},
        banner=f"{_('来自问题台账')}：{Truncator(item.description).chars(120)}",
    )
