"""Records of the supervision cycle (第十六条、第十七条、第十九条、第二十条).

Kept apart from :mod:`govreg.models` to keep that module small; the kinds are
registered in ``MODELS`` there, so loading, schemas, ``public_dump`` and the
privacy test treat them like every other record.

- ``rectifications/<unit>/<id>.yaml`` — 整改通知：通报 → 整改 → 复查 (第二十条)；
- ``incidents/<unit>/<id>.yaml`` — 安全事件、突发事件及其报告 (第十六条、第十七条)；
- ``opinions/<unit>/<id>.yaml`` — 舆情事件及回应 (第十九条)；
- ``handovers/<unit>/<id>.yaml`` — 人员变动时的账号密码移交 (第十六条).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints

from .models import MODELS, HttpUrl, Record, Slug, Text, private

# ---------------------------------------------------------------- rectification notices (第二十条)


class FindingRef(Record):
    """The inspection finding a notice was issued for."""

    code: Slug = Field(description="问题代码（如 account-silent、review-incomplete）")
    message: Text = Field(description="问题说明（取自检查报告）")
    path: str | None = Field(default=None, max_length=500, description="问题所在的记录文件")
    report: str | None = Field(default=None, max_length=500, description="检查报告（reports/ 中的文件或报告名称）")
    commit: str | None = Field(default=None, pattern=r"^[0-9a-f]{7,40}$", description="检查时仓库所在的提交")


class RectificationResponse(Record):
    """单位的整改情况。"""

    done: dt.date = Field(description="整改完成日期")
    action: Text = Field(description="整改措施（公开）")
    evidence_url: HttpUrl | None = Field(default=None, description="整改后的页面或证明材料网址")
    evidence_file: str | None = Field(default=None, max_length=500, description="仓库中的证明材料文件")


class Recheck(Record):
    """政务公开办的复查。"""

    verified: dt.date = Field(description="复查日期")
    by: Slug = Field(description="复查人的人员 id（政务公开办）")
    result: Literal["passed", "failed"] = Field(description="passed 合格，failed 不合格")
    new_deadline: dt.date | None = Field(default=None, description="复查不合格时重新限定的整改期限")
    note: str | None = private(default=None, description="复查内部意见（不公开）")


class Rectification(Record):
    """整改通知 (Art. 20 通报批评、督促整改）: ``rectifications/<unit>/<id>.yaml``."""

    id: Slug = Field(description="通知编号，如 2026-11-account-silent-xxx")
    unit: Slug = Field(description="被通报、应整改的单位 id")
    subject: Text = Field(description="通报的对象（账号、网站、栏目或信息）")
    finding: FindingRef
    issued: dt.date = Field(description="下发日期")
    issued_by: Slug | None = Field(default=None, description="下发人的人员 id（政务公开办）")
    deadline: dt.date | None = Field(default=None, description="整改期限；不填时按下发日期加配置的工作日数计算")
    responses: list[RectificationResponse] = Field(default_factory=list, description="单位的整改情况（每轮一条）")
    rechecks: list[Recheck] = Field(default_factory=list, description="政务公开办的复查（每轮一条）")
    note: str | None = private(default=None, description="内部备注（不公开）")


# ---------------------------------------------------------------- incidents (第十六条、第十七条)


class IncidentKind(str, Enum):
    defacement = "defacement"  # 网页被篡改
    hijacked_account = "hijacked-account"  # 账号被劫持、冒用发布
    account_stolen = "account-stolen"  # 账号被盗
    leak = "leak"  # 信息泄露
    loss = "loss"  # 信息丢失
    outage = "outage"  # 无法访问、服务中断
    other = "other"


class Authority(str, Enum):
    cac = "cac"  # 网信部门
    police = "police"  # 公安机关
    disclosure_office = "disclosure-office"  # 政府信息公开工作主管部门（政务公开办）


class IncidentReport(Record):
    """向主管部门报告的一次记录。"""

    to: Authority = Field(description="报告对象：cac 网信、police 公安、disclosure-office 政府信息公开工作主管部门")
    at: AwareDatetime = Field(description="报告时间（带时区）")
    by: Slug | None = private(default=None, description="报告人的人员 id（不公开）")
    reference: str | None = private(default=None, description="报告的文号、回执或受理编号（不公开）")


class Incident(Record):
    """安全事件、突发事件 (Art. 16, 17): ``incidents/<unit>/<id>.yaml``."""

    id: Slug
    unit: Slug = Field(description="发生事件的网站、账号的主办单位 id")
    kind: IncidentKind
    affects: list[Slug] = Field(min_length=1, description="受影响的网站 id 或账号 id")
    detected: AwareDatetime = Field(description="发现时间（带时区）")
    summary: Text = Field(description="公开说明（不得含个人信息和内部细节）")
    reports: list[IncidentReport] = Field(default_factory=list, description="向网信、公安、政务公开办报告的记录")
    measures: list[Text] = Field(default_factory=list, description="采取的补救措施")
    closed: AwareDatetime | None = Field(default=None, description="处置完毕的时间；未处置完为空")
    note: str | None = private(default=None, description="内部备注（不公开）")


# ---------------------------------------------------------------- public opinion (第十九条)


class OpinionEvent(Record):
    """舆情事件 (Art. 19): ``opinions/<unit>/<id>.yaml`` — a light log with the response time."""

    id: Slug
    unit: Slug = Field(description="负责回应的单位 id")
    detected: AwareDatetime = Field(description="发现时间（带时区）")
    subject: Text = Field(description="舆情概要（公开）")
    channels: list[Slug] = Field(default_factory=list, description="涉及的网站 id 或账号 id")
    items: list[str] = Field(default_factory=list, description="涉及的信息（content/ 中的文件路径）")
    coordinated_with: list[Literal["propaganda", "cac", "police"]] = Field(
        default_factory=list, description="会商的部门：propaganda 宣传、cac 网信、police 公安"
    )
    responded: AwareDatetime | None = Field(default=None, description="首次公开回应的时间；未回应为空")
    response_url: HttpUrl | None = Field(default=None, description="回应的网址")
    note: str | None = private(default=None, description="内部研判意见（不公开）")


# ---------------------------------------------------------------- handovers (第十六条)


class Handover(Record):
    """人员变动时的账号密码移交 (Art. 16): ``handovers/<unit>/<id>.yaml``."""

    id: Slug
    unit: Slug = Field(description="账号的主办单位 id")
    person: Slug = Field(description="离开岗位的人员 id")
    left: dt.date = Field(description="离开岗位的日期")
    accounts: list[Slug] = Field(min_length=1, description="移交的账号 id")
    credentials_rotated: dt.date = Field(description="修改密码、更换绑定手机和管理员的日期")
    by: Slug = Field(description="办理移交的人员 id")
    successor: Slug | None = Field(default=None, description="接手的人员 id")
    trained: bool = Field(default=False, description="是否已对接手人员进行平台操作培训")
    note: str | None = private(default=None, description="内部备注（不公开）")


# ---------------------------------------------------------------- reports that are kept (第二十条、第二十一条)


class ReportKind(str, Enum):
    inspection = "inspection"  # 月度检查
    assessment = "assessment"  # 年度综合考评
    annual = "annual"  # 工作年度报表


class ArchivedReport(Record):
    """A report kept as a record: ``reports/<kind>/<id>.yaml`` beside its Markdown, JSON, HTML or XLSX files.

    Written by ``govreg inspect --archive``, ``govreg assess --archive`` and
    ``govreg report annual --archive``; merged by pull request like any record.
    """

    id: Slug = Field(description="如 inspection-2026-11、assessment-2026、annual-2026")
    kind: ReportKind
    title: Text
    period: str = Field(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", description="报告期：年、年-月或日期")
    as_of: dt.date = Field(description="检查、考评所依据的日期")
    computed_at: AwareDatetime = Field(description="生成时间")
    commit: str | None = Field(default=None, pattern=r"^[0-9a-f]{40}$", description="生成时登记库所在的提交")
    dirty: bool = Field(default=False, description="生成时工作区有未提交的修改")
    files: list[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]+$")]] = Field(
        min_length=1, description="同一目录中的报告文件"
    )
    summary: dict[str, int] = Field(default_factory=dict, description="主要数字（单项否决数、单位数……）")
    public: bool = Field(default=False, description="政务公开办确认后改为 true，报告在公开网站上发布")
    note: str | None = private(default=None, description="内部备注（不公开）")


SUPERVISION_MODELS: dict[str, type[Record]] = {
    "rectification": Rectification,
    "incident": Incident,
    "opinion": OpinionEvent,
    "handover": Handover,
    "report": ArchivedReport,
}

SUPERVISION_FOLDERS = {
    "rectification": "rectifications",
    "incident": "incidents",
    "opinion": "opinions",
    "handover": "handovers",
    "report": "reports",
}
#: files kept beside a report record (not records themselves)
REPORT_SUFFIXES = frozenset({".md", ".json", ".html", ".xlsx", ".csv", ".pdf"})

MODELS.update(SUPERVISION_MODELS)
