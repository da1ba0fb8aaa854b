"""Pure rules of the publicity log (宣传台账): its channels and how counts are grouped. No ORM.

Decree 724 art. 46 asks the HRSS departments for publicity of the wage-payment law in many forms,
art. 9 asks the media for public-interest publicity: the log records what each bureau did and
where, so a dispatch meeting can count it by channel, period and prefecture.
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.core import legal

BASIS = legal.cite("724.9", "724.46")
TITLE_LIMIT = 200


class Channel(models.TextChoices):
    WEBSITE = "website", _("网站")
    WECHAT = "wechat", _("微信")
    WEIBO = "weibo", _("微博")
    PRESS = "press", _("报刊")
    BROADCAST = "broadcast", _("电视/广播")
    SHORT_VIDEO = "short_video", _("短视频")
    OTHER = "other", _("其他")


def bucket(region_code: str, viewed_code: str) -> str:
    """The row a record of `region_code` is counted in when `viewed_code` is shown: one level
    below the viewed division (a province's prefectures, a prefecture's counties), the viewed
    division itself for what its own bureau did. Read from the codes' shape (GB/T 2260: a
    province ends in 0000, a prefecture in 00)."""
    if viewed_code.endswith("0000"):
        if region_code == viewed_code:
            return viewed_code
        return region_code[:4] + "00"
    return region_code


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The year so far: what a dispatch meeting asks about unless it names a period."""
    return dt.date(today.year, 1, 1), today
