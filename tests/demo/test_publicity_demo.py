"""The demo's publicity: published typical cases from decided cases, naming no worker, and
fifteen publicity-log entries across channels and divisions; a second run adds nothing."""

import datetime as dt

import pytest

from tests import factories
from wageguard.demo import publicity
from wageguard.demo.province import seed
from wageguard.org.models import User
from wageguard.publication.publicity.models import PublicityEntry
from wageguard.publication.typical.models import TypicalCase

pytestmark = pytest.mark.django_db


def test_typical_cases_and_publicity_log(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed(with_clues=False)
    inspector = User.objects.get(username="wuhou-inspector")
    factories.case(
        inspector,
        "武侯演示建筑有限公司",
        [factories.worker("郑演示", "30000", 5)],
        decided_on=dt.date(2026, 1, 15),
    )
    factories.case(inspector, "武侯在办公司", [factories.worker("冯在办", "3000", 1)])
    made, entries = publicity.seed()
    assert (made, entries) == (1, 15)
    assert publicity.seed() == (0, 0)
    typical = TypicalCase.objects.get()
    assert typical.state == "published" and typical.published_by.username == "wuhou-leader"
    assert "郑演示" not in typical.summary + typical.title + typical.lessons
    channels = set(PublicityEntry.objects.values_list("channel", flat=True))
    assert channels == {"website", "wechat", "weibo", "press", "broadcast", "short_video", "other"}
    assert {"510000", "510100", "510107"} <= set(
        PublicityEntry.objects.values_list("region_id", flat=True)
    )
