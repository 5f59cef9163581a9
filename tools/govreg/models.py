"""The records: pydantic v2 models, the single source of truth.

Every record file is validated against these models; the JSON Schemas in
``schemas/`` are generated from them (``govreg schemas``).  Whether a field
may reach the public site is declared here once, with :func:`private`;
:func:`public_dump` is the only way records leave for the public registry.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

PRIVATE_KEY = "x-private"

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
RegionCode = Annotated[str, StringConstraints(pattern=r"^[1-8][0-9]{5}$")]
# no backslash before the quote: JSON Schema patterns are ECMA-262 regexes, where \" is invalid (check-jsonschema, editors)
HttpUrl = Annotated[str, StringConstraints(pattern="^https?://[^\\s<>\"']+$", max_length=2000)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]


def private(**kwargs: Any) -> Any:
    """A field that never reaches the public site or the open data."""
    extra = kwargs.pop("json_schema_extra", {}) or {}
    extra[PRIVATE_KEY] = True
    return Field(json_schema_extra=extra, **kwargs)


#: one set of field names per distinct set (see Record.model_post_init)
_FIELDS_SETS: dict[frozenset[str], set[str]] = {}
#: one time zone object per UTC offset, and one source per distinct source (see ContentItem.model_post_init)
_ZONES: dict[dt.tzinfo | None, dt.tzinfo | None] = {}
_SOURCES: dict[tuple[Any, ...], Any] = {}


def _share_zone(record: BaseModel, name: str) -> None:
    """Give the time ``record.<name>`` the one zone object of its UTC offset (pydantic makes one per value)."""
    moment = record.__dict__.get(name)
    if moment is None:
        return
    tz = moment.tzinfo
    zone = _ZONES.setdefault(tz, tz)  # zones compare and hash by their offset
    if zone is not tz:
        record.__dict__[name] = moment.replace(tzinfo=zone)


class Record(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        str_strip_whitespace=False,
        frozen=False,
    )

    def model_post_init(self, context: Any, /) -> None:
        """Records that set the same fields share one set of their names.

        pydantic keeps a set per instance (``model_fields_set``, used only by ``exclude_unset``, which
        govreg does not use); a province holds millions of nested records, and these sets were a
        sixth of the memory of a check (issue 19).
        """
        names = self.__pydantic_fields_set__
        shared = _FIELDS_SETS.setdefault(frozenset(names), names)
        if shared is not names:
            object.__setattr__(self, "__pydantic_fields_set__", shared)


# ---------------------------------------------------------------- units


class UnitKind(str, Enum):
    government = "government"  # 人民政府
    government_office = "government-office"  # 政府办公室
    agency = "agency"  # 行政机关(部门)
    public_institution = "public-institution-with-admin-functions"  # 承担行政职能的事业单位
    park = "park"  # 工(农)业园区
    township = "township"  # 乡镇(街道)
    internal_body = "internal-body"  # 内设机构
    party_body = "party-body"  # 党委部门(宣传部、网信办等)


class Role(str, Enum):
    handler = "handler"  # 承办人(初审)
    section_head = "section-head"  # 承办科室负责人(复审)
    leader = "leader"  # 分管领导(终审)
    supervisor = "supervisor"  # 政务公开办审核人(名册、规则变更)
    escalation_reviewer = "escalation-reviewer"  # 党委、政府有关业务部门审核人(敏感信息)
    emergency_approver = "emergency-approver"  # 党委、政府分管负责同志(重特大突发事件)
    pre_reviewer = "pre-reviewer"  # 铸牢中华民族共同体意识主线前置审核人(涉及民族、宗教事务的信息,第十二条)


REVIEW_ROLES = (Role.handler, Role.section_head, Role.leader)
OFFICE_ROLES = (Role.supervisor, Role.escalation_reviewer, Role.emergency_approver, Role.pre_reviewer)


class Person(Record):
    id: Slug
    name: Text
    roles: list[Role] = Field(default_factory=list)
    title: str | None = Field(default=None, description="职务")
    login: str | None = private(default=None, description="代码托管平台账号，用于核对拉取请求的审核")
    vendor: bool = Field(default=False, description="第三方运维机构人员（不得承担内容审核，第九条）")
    phone: str | None = private(default=None, description="联系电话（不公开）")
    email: str | None = private(default=None, description="电子邮箱（不公开）")


class Unit(Record):
    """One unit (部门、单位): who it is, who answers for its sites and accounts."""

    id: Slug
    name: Text
    kind: UnitKind
    parent: Slug | None = None
    region: RegionCode
    credit_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")] | None = None
    leader_in_charge: Slug | None = Field(default=None, description="分管领导（第五条）")
    staff: list[Slug] = Field(default_factory=list, description="专（兼）职工作人员（第五条）")
    contact: str | None = Field(default=None, description="对外联系方式（公开）")
    people: list[Person] = private(default_factory=list, description="人员名册及审核角色（不公开）")


# ---------------------------------------------------------------- shared pieces


class Approval(Record):
    """报批、备案文件:the exception the measures allow (Art. 4, 6, 7)."""

    number: Text = Field(description="批准文号")
    date: dt.date
    review_by: dt.date | None = Field(default=None, description="复核日期：到期须重新评估是否仍需保留（第七条“整合功能和清理关停”）")


class Announcement(Record):
    """公告 (Art. 8): published for at least 15 working days."""

    from_: dt.date = Field(alias="from")
    to: dt.date
    url: HttpUrl | None = None
    title: str | None = None


# ---------------------------------------------------------------- accounts


class EventType(str, Enum):
    open = "open"  # 开设
    change = "change"  # 变更
    close = "close"  # 关停
    cancel = "cancel"  # 注销


class LifecycleEvent(Record):
    type: EventType
    date: dt.date
    filed: dt.date | None = Field(default=None, description="在全国政务新媒体信息报送系统备案的日期")
    announcement: Announcement | None = None
    note: str | None = None
    receipt: str | None = private(default=None, max_length=100, description="全国政务新媒体信息报送系统的备案受理编号（有则填；不公开）")


class AccountStatus(str, Enum):
    active = "active"
    closed = "closed"
    cancelled = "cancelled"


class Agreement(Record):
    reference: Text
    date: dt.date
    expires: dt.date | None = Field(default=None, description="外包保密协议有效期至（含当日）；过期即须续签（第九条）")


class Operation(Record):
    """Who runs the account (Art. 9)."""

    mode: Literal["self", "outsourced"] = "self"
    vendor: str | None = Field(default=None, description="运维单位")
    agreement: Agreement | None = private(default=None, description="外包保密协议")
    rules: str | None = private(default=None, description="外包服务管理制度、运营监管制度")
    duties: str | None = private(default=None, description="主办单位和运维方职责的约定（合同条款或制度名称，第九条）")


class Account(Record):
    """One government new-media account (政务新媒体账号)."""

    id: Slug
    name: Text
    platform: Slug
    handle: Text = Field(description="微信号 / 微博 ID / 抖音号 …")
    url: HttpUrl | None = None
    owner: Slug
    certified_subject: Text = Field(description="认证主体")
    purpose: Literal["general", "special-topic"] = "general"
    approval: Approval | None = None
    operation: Operation = Field(default_factory=Operation)
    status: AccountStatus
    description: str | None = None
    lifecycle: list[LifecycleEvent] = Field(min_length=1)


# ---------------------------------------------------------------- sites


class SiteKind(str, Enum):
    portal = "portal"
    department = "department"
    special_topic = "special-topic"


class Column(Record):
    id: Slug
    name: Text
    responsible_unit: Slug
    kind: Literal["news", "notice", "policy", "service", "interaction", "other"] = "other"
    update_every_days: int | None = Field(default=None, ge=1, le=3660)
    url: HttpUrl | None = Field(default=None, description="栏目列表页地址（govreg monitor 从中读取最新一条信息的日期）")


class Site(Record):
    """One government website (政府网站)."""

    id: Slug
    name: Text
    domain: Annotated[str, StringConstraints(pattern=r"^[a-z0-9.-]+$", max_length=253)]
    kind: SiteKind
    owner: Slug
    site_code: str = Field(description="网站标识码")
    icp: str = Field(description="ICP 备案号")
    psb: str = Field(description="公安机关备案号")
    approval: Approval | None = None
    status: Literal["active", "closed"] = "active"
    columns: list[Column] = Field(default_factory=list)


# ---------------------------------------------------------------- content


class Source(Record):
    """信息来源 (Art. 10, 12.3, 14)."""

    kind: Literal["original", "reprint"]
    name: Text = Field(description="来源名称（发布单位或转载媒体）")
    url: HttpUrl | None = None
    document_level: Literal["central", "region", "local", "none"] = Field(
        default="none", description="转载的是否为中央/国务院及部委文件（central）或自治区文件（region）"
    )


class ReviewStep(Record):
    by: Slug = Field(description="审核人的人员 id")
    at: AwareDatetime | None = Field(default=None, description="审核时间（带时区）；经拉取请求审核的，以代码托管平台记录和签核账本为准，不必手填")
    note: str | None = None

    def model_post_init(self, context: Any, /) -> None:
        super().model_post_init(context)
        _share_zone(self, "at")


class FinalReview(ReviewStep):
    opinion: Text = Field(description="发布意见")


class Review(Record):
    """三审 (Art. 12): initial by the handler, second by the section head, final by the leader."""

    initial: ReviewStep | None = None
    second: ReviewStep | None = None
    final: FinalReview | None = None


class Escalation(Record):
    """党委、政府有关部门审核 / 分管负责同志审批 (Art. 12)."""

    by: Slug
    at: AwareDatetime | None = Field(default=None, description="审批时间；经拉取请求审核的，以平台记录和签核账本为准，不必手填")
    opinion: Text | None = None


class Correction(Record):
    """勘误 (第十四条): a wrongly entered source corrected after release, with the reason on record.

    Only the source may be corrected; the release time stays immutable (``field`` admits nothing else).
    """

    field: Literal["source"] = Field(description="改正的字段：只能是来源 source；发布时间不得改动（第十四条）")
    by: Slug = Field(description="提出勘误的人员 id")
    at: AwareDatetime = Field(description="勘误时间（带时区）")
    reason: Text = Field(description="勘误理由：原来填错了什么")
    previous: str | None = Field(default=None, description="改正前的内容（可选；审计中以 git 历史为准）")


class Disclosure(str, Enum):
    proactive = "proactive"  # 主动公开
    on_request = "on-request"  # 依申请公开
    not_public = "not-public"  # 不予公开


class ContentItem(Record):
    """One information item (Markdown body with this front matter)."""

    title: Text
    channel: Slug = Field(description="发布渠道：网站 id 或账号 id")
    column: Slug | None = Field(default=None, description="网站栏目 id（渠道为网站时必填）")
    unit: Slug
    source: Source
    published_at: AwareDatetime | None = Field(default=None, description="发布时间（带时区）；为空表示草稿")
    disclosure: Disclosure = Disclosure.proactive
    retention: dt.date | Literal["permanent"] = Field(description="公开期限：截止日期或 permanent")
    sensitive: bool = False
    emergency: bool = False
    summary: str | None = None
    review: Review = Field(default_factory=Review)
    escalation: Escalation | None = None
    emergency_approval: Escalation | None = None
    ethnic: bool = Field(default=False, description="涉及民族、宗教事务，须经铸牢中华民族共同体意识主线前置审核（第十二条）")
    pre_review: Escalation | None = Field(default=None, description="铸牢中华民族共同体意识主线前置审核：审核人、时间、意见（复审之前完成）")
    corrections: list[Correction] = Field(default_factory=list, description="勘误记录：发布后改正来源的理由（第十四条；发布时间不得改动）")

    def model_post_init(self, context: Any, /) -> None:
        """Items that cite the same source share one ``Source`` (a unit's own items all do), and one zone object.

        Records are not changed after loading, so sharing is safe; a province's check holds 200,000 items.
        """
        super().model_post_init(context)
        _share_zone(self, "published_at")
        source = self.source
        key = (source.kind, source.name, source.url, source.document_level, frozenset(source.__pydantic_fields_set__))
        self.__dict__["source"] = _SOURCES.setdefault(key, source)


# ---------------------------------------------------------------- messages


class MessageKind(str, Enum):
    leader_mailbox = "leader-mailbox"  # 领导信箱
    message = "message"  # 网站、政务新媒体留言(咨询、建议、投诉)


class Sender(Record):
    """来信人、留言人:个人信息,一律不公开(第十一条)."""

    name: str | None = private(default=None, description="姓名（不公开）")
    phone: str | None = private(default=None, description="联系电话（不公开）")
    email: str | None = private(default=None, description="电子邮箱（不公开）")
    address: str | None = private(default=None, description="地址（不公开）")


class Message(Record):
    """领导信箱来信、留言转办记录 (Art. 21(4)): one file ``messages/<assigned_unit>/<id>.yaml``."""

    id: Slug = Field(description="留言编号（与互动交流系统的编号对应）")
    kind: MessageKind
    channel: Slug = Field(description="收到留言的网站 id 或账号 id")
    column: Slug | None = Field(default=None, description="网站栏目 id（如 interaction）")
    received: dt.date = Field(description="收到日期")
    assigned_unit: Slug = Field(description="转办（承办）单位 id")
    assigned: dt.date | None = Field(default=None, description="转办日期")
    due: dt.date = Field(description="办理时限（应答复的最后一天）")
    answered: dt.date | None = Field(default=None, description="答复日期；未答复为空")
    valid: bool = Field(default=True, description="是否有效留言（重复、无实质内容、恶意留言为 false，并在 note 中说明）")
    subject: Text = Field(description="公开标题")
    summary: Text = Field(description="公开摘要（不得含个人信息）")
    reply: str | None = Field(default=None, description="答复摘要（公开）")
    reply_url: HttpUrl | None = None
    note: str | None = None
    sender: Sender | None = private(default=None, description="来信人信息（不公开）")


MODELS: dict[str, type[Record]] = {
    "unit": Unit,
    "account": Account,
    "site": Site,
    "content": ContentItem,
    "message": Message,
}


def private_paths(model: type[BaseModel]) -> set[str]:
    """Names of the fields declared private on ``model`` (one level)."""
    return set(_hidden(model))


def _hidden(model: type[BaseModel]) -> frozenset[str]:
    """:func:`private_paths` of ``model``, worked out once per class (a model's fields do not change)."""
    hidden = _HIDDEN.get(model)
    if hidden is None:
        names = set()
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra
            if isinstance(extra, dict) and extra.get(PRIVATE_KEY):
                names.add(info.alias or name)
        hidden = _HIDDEN[model] = frozenset(names)
    return hidden


def _plan(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """The public fields of ``model`` in declaration order: (attribute name, key in the dump), once per class."""
    plan = _PLANS.get(model)
    if plan is None:
        hidden = _hidden(model)
        plan = _PLANS[model] = tuple((name, info.alias or name) for name, info in model.model_fields.items() if (info.alias or name) not in hidden)
    return plan


_HIDDEN: dict[type[BaseModel], frozenset[str]] = {}
_PLANS: dict[type[BaseModel], tuple[tuple[str, str], ...]] = {}
# values dumped as they are; only these exact types (a str Enum is a str, but dumps as its value)
_PLAIN = frozenset({str, int, float, bool, type(None)})


def public_dump(record: BaseModel) -> dict[str, Any]:
    """The record as JSON-able data, without any field marked private, at any depth.

    Each model class's public fields are listed once (:func:`_plan`); the site dumps every record
    (issue 19), so the dump reads the fields straight from the instance and passes plain values
    (strings, numbers, ``None``) through without a call.
    """
    out: dict[str, Any] = _public(record)
    return out


def _public(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, BaseModel):
        fields = value.__dict__
        out: dict[str, Any] = {}
        for name, key in _plan(type(value)):
            item = fields[name] if name in fields else getattr(value, name)
            out[key] = item if type(item) in _PLAIN else _public(item)
        return out
    if isinstance(value, list):
        return [_public(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


# the supervision cycle's records live in their own module, which adds them to MODELS (imported last: it builds on Record)
from . import models_supervision  # noqa: E402,F401
