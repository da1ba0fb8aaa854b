"""Clues (线索) and what hangs on them: history, per-worker arrears, attachments, messages."""

import hashlib
import hmac
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.core.crypto import EncryptedCharField, KeyedHashField
from wageguard.core.history import StateHistory
from wageguard.core.province_settings import ProvinceSettings
from wageguard.core.scoping import RestrictedManager
from wageguard.org.models import Agency
from wageguard.regions.models import Level, Region

from .rules import (
    OPEN_STATES,
    Channel,
    ListedReminder,
    ListedState,
    RedirectKind,
    Sector,
    State,
    SupplementReason,
    UrgencySettings,
)

# Crockford's base32 without I, L, O, U: read aloud over the phone without confusion.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_tracking_code() -> str:
    """XS + 10 random characters (50 bits): says nothing about order, count or place."""
    return "XS" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def new_secret() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def secret_digest(tracking_code: str, secret: str) -> str:
    # Keyed with the server's secret so a copied database alone does not allow guessing offline.
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{tracking_code}:{secret.upper()}".encode(), hashlib.sha256).hexdigest()


class ClueSettings(ProvinceSettings):
    """线索办理参数: a province's configurable limits and urgency rules, shown in the UI."""

    accept_days = models.PositiveSmallIntegerField(_("受理时限（工作日）"), default=5)
    reply_days = models.PositiveSmallIntegerField(_("核查答复时限（工作日）"), default=10)
    supervision_days = models.PositiveSmallIntegerField(_("挂牌督办时限（工作日）"), default=5)
    reopen_days = models.PositiveSmallIntegerField(_("不满意可重新办理期限（工作日）"), default=15)
    due_soon_days = models.PositiveSmallIntegerField(_("临期提醒（剩余工作日）"), default=2)
    duplicate_window_days = models.PositiveSmallIntegerField(
        _("重复线索比对范围（天）"), default=90
    )
    urgent_workers = models.PositiveIntegerField(_("紧急：涉及人数"), default=10)
    urgent_amount = models.DecimalField(
        _("紧急：欠薪金额（元）"), max_digits=14, decimal_places=2, default=Decimal("500000")
    )
    urgent_keywords = models.TextField(
        _("紧急：风险词（逗号分隔）"),
        default="跳楼,堵路,聚集,自杀,上访,群体,讨薪视频,拉横幅,爬塔吊",
    )
    festival_window_days = models.PositiveSmallIntegerField(
        _("紧急：春节前天数（工程建设）"), default=30
    )
    # Some provinces let a worker report without an ID number (a migrant without the card at
    # hand); the bureau then identifies them by phone. Required unless the province says not.
    public_id_required = models.BooleanField(
        _("网上反映须填写身份证号码"),
        default=True,
        help_text=_("不勾选时，劳动者在网上反映欠薪可以不填身份证号码，凭手机号码联系。"),
    )

    class Meta:
        verbose_name = _("线索办理参数")
        verbose_name_plural = _("线索办理参数")

    @property
    def urgency(self) -> UrgencySettings:
        words = tuple(
            w.strip() for w in self.urgent_keywords.replace("，", ",").split(",") if w.strip()
        )
        return UrgencySettings(
            workers=self.urgent_workers,
            amount=self.urgent_amount,
            keywords=words,
            festival_window_days=self.festival_window_days,
        )


class Satisfaction(models.IntegerChoices):
    """The reporter's 1-5 rating in the words it is chosen by: pages show these, never "5 分"."""

    SATISFIED = 5, _("满意")
    FAIRLY_SATISFIED = 4, _("基本满意")
    NEUTRAL = 3, _("一般")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("很不满意")


class Clue(models.Model):
    """线索: one report of unpaid wages from any channel, handled where the work happens."""

    tracking_code = models.CharField(
        _("查询码"), max_length=12, unique=True, default=new_tracking_code
    )
    secret_hash = models.CharField(max_length=64, editable=False)
    channel = models.CharField(_("来源渠道"), max_length=20, choices=Channel.choices)
    external_id = models.CharField(_("外部编号"), max_length=64, null=True, blank=True)
    received_at = models.DateTimeField(_("接收时间"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)

    # Where it is handled: a county, or a prefecture/province triage queue when the address did not
    # decide a county (DOMAIN: Decree 423 art. 13).
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="clues", verbose_name=_("承办机构")
    )
    routing_confidence = models.FloatField(_("路由置信度"), default=0)
    routing_note = models.CharField(_("路由说明"), max_length=200, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_clues",
        verbose_name=_("承办人"),
    )

    # Reporter (反映人): personal data, masked for roles without need to know.
    reporter_name = models.CharField(_("反映人姓名"), max_length=50, blank=True)
    # Encrypted at rest (core.crypto); searched by exact value through the keyed hashes.
    id_number = EncryptedCharField(_("身份证号码"), max_length=18, blank=True)
    phone = EncryptedCharField(_("手机号码"), max_length=11, blank=True)
    id_number_hash = KeyedHashField(source="id_number", normalise="id_number", db_index=True)
    phone_hash = KeyedHashField(source="phone", normalise="mobile", db_index=True)
    disclose_identity = models.BooleanField(_("同意向用人单位披露身份"), default=False)

    sector = models.CharField(_("行业领域"), max_length=16, choices=Sector.choices)
    employer_name = models.CharField(_("用人单位"), max_length=200)
    employer_name_norm = models.CharField(max_length=200, db_index=True, editable=False)
    employer_credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, db_index=True
    )
    project_name = models.CharField(_("项目名称"), max_length=200, blank=True)
    project_name_norm = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    # The construction project the clue names (projects.services.match_clue), when one project
    # answers it; the note says how it was found.
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clues",
        verbose_name=_("关联工程项目"),
    )
    project_match = models.CharField(_("关联依据"), max_length=100, blank=True)
    work_address = models.CharField(_("工作地址"), max_length=300)
    period_start = models.DateField(_("欠薪起始月份"), null=True, blank=True)
    period_end = models.DateField(_("欠薪截止月份"), null=True, blank=True)
    amount_owed = models.DecimalField(
        _("欠薪金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    workers_owed = models.PositiveIntegerField(_("涉及人数"), null=True, blank=True)
    description = models.TextField(_("情况描述"), max_length=5000)

    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.RECEIVED
    )
    due_date = models.DateField(_("本阶段办理期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    accept_due = models.DateField(_("受理期限"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # Local date of the reply, kept so "answered late" is one indexed comparison with due_date.
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=32, blank=True)
    outcome_note = models.TextField(_("处理说明"), blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)

    # The answer to a complaint other than acceptance (Order 25 art. 18, see clues.rules): what the
    # complainant must supplement while the clue waits for it, the body they were told to go to,
    # and, for a written refusal, the day the violation ended (the 2 years run from it).
    supplement_missing = models.CharField(
        _("需补正事项"), max_length=16, choices=SupplementReason.choices, blank=True
    )
    supplement_detail = models.TextField(_("需补正的内容"), blank=True)
    supplement_requested_at = models.DateTimeField(_("告知补正时间"), null=True, blank=True)
    redirect_kind = models.CharField(
        _("告知事由"), max_length=20, choices=RedirectKind.choices, blank=True
    )
    redirect_body = models.CharField(_("告知向其提出的部门"), max_length=200, blank=True)
    violation_ended_on = models.DateField(_("违法行为终了日期"), null=True, blank=True)

    # A complaint accepted on day D is filed for investigation that day (Order 25 art. 18): its
    # investigation limit (Decree 423 art. 17) runs from D whether or not a case record is
    # opened later. Empty for clues of other channels, which keep their verification limits.
    filed_on = models.DateField(_("立案日期"), null=True, blank=True)
    investigation_due = models.DateField(_("调查期限"), null=True, blank=True)
    investigation_due_provisional = models.BooleanField(_("调查期限为暂定"), default=False)

    urgent = models.BooleanField(_("紧急"), default=False, db_index=True)
    urgent_reasons = models.JSONField(_("紧急原因"), default=list, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("重新办理次数"), default=0)
    escalation_level = models.CharField(_("已督办层级"), max_length=8, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_clues"
    )
    state_before_merge = models.CharField(max_length=20, blank=True)

    rating = models.PositiveSmallIntegerField(
        _("满意度评分"), choices=Satisfaction.choices, null=True, blank=True
    )
    rating_comment = models.CharField(_("评价"), max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("线索")
        verbose_name_plural = _("线索")
        ordering = ["-received_at", "-id"]
        indexes = [
            # Inbox: one jurisdiction's open clues by deadline, and by arrival.
            models.Index(fields=["region", "state", "due_date"]),
            # Default inbox order (by deadline) inside one county, and province-wide.
            models.Index(fields=["region", "due_date", "id"]),
            models.Index(fields=["due_date", "id"]),
            # Open clues are a small share of all: their deadlines get indexes of their own, as do
            # urgent clues by arrival (the supervisor's two daily questions).
            models.Index(
                fields=["due_date", "id"],
                condition=models.Q(state__in=OPEN_STATES),
                name="clue_open_due",
            ),
            models.Index(
                fields=["region", "due_date", "id"],
                condition=models.Q(state__in=OPEN_STATES),
                name="clue_open_region_due",
            ),
            # The dispatch KPIs' overdue count (open clues of a period past their deadline now,
            # never precomputed): covered, open clues only, by county and arrival.
            models.Index(
                fields=["region", "received_at", "due_date"],
                condition=models.Q(state__in=OPEN_STATES),
                name="clue_open_region_received",
            ),
            models.Index(
                fields=["region", "received_at"],
                condition=models.Q(urgent=True),
                name="clue_urgent_region_received",
            ),
            models.Index(
                fields=["received_at"], condition=models.Q(urgent=True), name="clue_urgent_received"
            ),
            models.Index(fields=["region", "received_at"]),
            models.Index(fields=["state", "due_date"]),
            models.Index(fields=["received_at"]),
            models.Index(fields=["assignee", "state"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=models.Q(external_id__isnull=False),
                name="uniq_clue_external_id",
            ),
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="uniq_clue_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def check_secret(self, secret: str) -> bool:
        return hmac.compare_digest(
            self.secret_hash, secret_digest(self.tracking_code, secret or "")
        )


class ClueHistory(StateHistory):
    """状态记录: append-only history of one clue (state changes, notes, transfers, merges)."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="history")
    public = models.BooleanField(default=False)

    owner_field = "clue"

    class Meta(StateHistory.Meta):
        indexes = [models.Index(fields=["clue", "at"])]

    def __str__(self) -> str:
        return f"{self.clue_id} {self.action}"


class ArrearsLine(models.Model):
    """欠薪明细: one worker's arrears, so counts of workers and amounts are real and add up."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="arrears")
    worker_name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedCharField(_("身份证号码"), max_length=18, blank=True)
    amount_owed = models.DecimalField(_("欠薪金额（元）"), max_digits=14, decimal_places=2)
    amount_recovered = models.DecimalField(
        _("已追回金额（元）"), max_digits=14, decimal_places=2, default=0
    )
    recovered_on = models.DateField(_("追回日期"), null=True, blank=True)
    method = models.CharField(_("追回方式"), max_length=24, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_recovered__lte=models.F("amount_owed")),
                name="arrears_recovered_within_owed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker_name} {self.amount_owed}"


class Attachment(models.Model):
    """附件: a photo or PDF, outside the web root, shown only to staff who may see the clue."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="clues/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.original_name


class Message(models.Model):
    """短信记录: every message sent about a clue, as the gateway was asked to send it."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="messages")
    phone = EncryptedCharField(max_length=11)
    text = models.TextField()
    backend = models.CharField(max_length=50)
    status = models.CharField(max_length=20, default="sent")
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.phone[:3]}**** {self.sent_at:%Y-%m-%d}"


class LookupCode(models.Model):
    """查询验证码: a 6-digit code texted to a reporter's phone to list the clues reported from it.

    Only keyed hashes are kept (of the phone, and of the code with the phone), so the table does
    not tell which numbers reported anything nor give a code back. A code is good for a few
    minutes, once, and for a few wrong tries (`clues.services.tracking`).
    """

    phone_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"lookup code {self.created_at:%Y-%m-%d %H:%M}"


class Supervision(models.Model):
    """督办: a reminder, an escalation or a listed supervision (挂牌督办) from a higher level.

    A listed item has its own deadline and a life of its own (`ListedState`, derived from the
    report and closing times): listed -> reported back by the handling bureau -> closed (销号) by
    the level that listed it, or returned to be reported again. One level lists one clue once while
    its listing is open (`uniq_clue_open_listing`).
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("临期提醒")
        ESCALATION = "escalation", _("超期督办")
        LISTED = "listed", _("挂牌督办")
        URGENT = "urgent", _("紧急线索通报")

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="supervisions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    by_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("督办机构")
    )
    # The level of `by_agency`'s division, copied so a listing keeps the level it was made at.
    level = models.CharField(_("督办层级"), max_length=8, choices=Level.choices)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField(_("督办期限"), null=True, blank=True)
    # False when the official chose the deadline rather than taking the province's default
    # (ClueSettings.supervision_days working days).
    due_by_default = models.BooleanField(_("期限为默认值"), default=True)
    note = models.TextField(_("督办要求"), blank=True)
    report = models.TextField(_("办理情况报告"), blank=True)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_count = models.PositiveSmallIntegerField(_("退回重报次数"), default=0)
    review_note = models.TextField(_("审核意见"), blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The register (督办台账): listed items by nearest deadline.
            models.Index(fields=["kind", "due_date", "id"], name="supervision_kind_due"),
        ]
        constraints = [
            # One reminder or escalation per clue, kind, level and deadline: the escalation
            # command can run every few minutes and never repeats itself.
            models.UniqueConstraint(
                fields=["clue", "kind", "level", "due_date"],
                condition=~models.Q(kind="listed"),
                name="uniq_clue_supervision_step",
            ),
            # One open listing per clue and level: a second submit is refused, not duplicated.
            models.UniqueConstraint(
                fields=["clue", "level"],
                condition=models.Q(kind="listed", closed_at__isnull=True),
                name="uniq_clue_open_listing",
                violation_error_message=_("本级已对该线索挂牌督办，销号前不能重复挂牌"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.clue_id}"

    @property
    def listed_state(self) -> str:
        """Where a listed item stands: closed, reported back (to review) or awaiting report."""
        if self.closed_at is not None:
            return ListedState.CLOSED
        if self.reported_at is not None:
            return ListedState.REPORTED
        return ListedState.LISTED

    def get_listed_state_display(self) -> str:
        return ListedState(self.listed_state).label


class SupervisionReminder(models.Model):
    """One reminder of a listed item awaiting its report, at most one a day (the job re-runs)."""

    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField()
    kind = models.CharField(max_length=8, choices=ListedReminder.choices)
    sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["supervision", "day"], name="uniq_supervision_reminder_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.supervision_id} {self.day} {self.kind}"


class ReplyTemplate(models.Model):
    """答复常用语: a province's standard texts for replies to reporters, kept by the staff who may
    change the province's clue settings and offered on the reply form (issue 14), so the same
    answer is not typed anew on every clue. A template is only a starting text: the official
    edits it before replying."""

    province_code = models.CharField(_("省级代码"), max_length=2, db_index=True)
    title = models.CharField(_("名称"), max_length=40)
    text = models.TextField(_("内容"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("答复常用语")
        verbose_name_plural = _("答复常用语")
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "title"], name="uniq_reply_template_title"
            )
        ]

    def __str__(self) -> str:
        return self.title


class SavedInboxFilter(models.Model):
    """A handler's own named filter of the inbox (issue 14: "mine, overdue, 12333" kept under a
    name and listed as a link above the inbox). `query` is the inbox's query string, of the
    inbox's filter names only; it is read back through the same filters, so it never shows
    more than the user may see."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_inbox_filters"
    )
    name = models.CharField(_("名称"), max_length=40)
    query = models.CharField(_("筛选条件"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("保存的筛选")
        verbose_name_plural = _("保存的筛选")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="uniq_saved_inbox_filter_name")
        ]

    def __str__(self) -> str:
        return self.name


class DivisionReminder(models.Model):
    """催办 from the supervisor overview: a prefecture or the province urges one division below
    it about its open and overdue clues.

    Not a `Supervision` row: those are about one clue (its deadline, its listing), this is about a
    division's whole backlog. It reaches the division's bureau as in-app notices (its supervisors
    and inspectors, `org.services.notify`) and is audited; one a day per division and urging
    bureau, so a second click the same day is refused and the row says 已催办."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("被催办辖区")
    )
    by_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("催办机构")
    )
    day = models.DateField(_("催办日期"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The figures the reminder quoted, as they were when it was sent.
    open = models.PositiveIntegerField(_("办理中"), default=0)
    overdue = models.PositiveIntegerField(_("已超期"), default=0)
    recipients = models.PositiveSmallIntegerField(_("接收人数"), default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["by_agency", "day", "region"], name="uniq_division_reminder_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.day}"


class OverviewSnapshot(models.Model):
    """One division's open and overdue clues as counted on one day (the daily job
    `clues.overview-snapshot`), so the overview can say whether a division is catching up: its
    overdue clues now against a week ago. Overdue is judged by the stage's due date, which moves
    with the stage, so it cannot be recomputed afterwards from the clues themselves."""

    day = models.DateField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    open = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "region"], name="uniq_overview_snapshot_day")
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.day}: {self.overdue}/{self.open}"
