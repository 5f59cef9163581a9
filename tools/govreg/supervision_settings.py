"""Thresholds and score scheme of the supervising office, as configuration with defaults.

``config/govreg.yaml`` may override any of them::

    inspection:
      account_silent_days: 14        # 账号 2 周未更新:单项否决(国办秘函〔2019〕19号)
      column_days: {news: 14, notice: 180, policy: 180}
    assessment:
      items:
        "2": {weight: 40, per: 2}

The defaults are the national indicators (国办秘函〔2019〕19号, see ``docs/dev/supervision.md``); they are
secondary sources, so they are settings, not constants.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

_S = TypeVar("_S", bound=BaseModel)

# ---------------------------------------------------------------- classification of rule findings

#: Inspection categories of rule findings, in report order, with their Chinese labels.
CATEGORY_LABELS: dict[str, str] = {
    "responsibility": "分管领导、工作人员、栏目责任单位（第五条）",
    "filing": "备案与公告（第八条）",
    "review": "审核记录、涉敏涉密审查（第十一条、第十二条）",
    "leak": "涉密、不宜公开或个人信息已公开（第十一条）",
    "immutability": "发布时间或来源被修改（第十四条）",
    "retention": "超过公开期限未清理（第十五条）",
    "quality": "已发布内容的错误（第十二条、第十三条）",
    "followup": "整改、安全事件、舆情回应、账号交接（第十六条、第十七条、第十九条、第二十条）",
    "other": "其他问题",
}

#: Finding code (exact), code prefix (ending in ``*``) or article → category.
#: Exact codes win over prefixes (longest first), prefixes over articles.
DEFAULT_CATEGORIES: dict[str, str] = {
    "第五条": "responsibility",
    "第八条": "filing",
    "第十一条": "review",
    "第十四条": "immutability",
    "第十五条": "retention",
    "unit-*": "responsibility",
    "column-responsible-unit": "responsibility",
    "column-duplicate": "other",
    "filing-*": "filing",
    "announcement-*": "filing",
    "lifecycle-*": "other",
    "review-*": "review",
    "escalation-*": "review",
    "emergency-approval-*": "review",
    "pre-review-*": "review",
    # published secret, not-public or personal information: the 泄密 / 不良影响 that item (三) of 第二十一条 requires
    "pii-*": "leak",
    "forbidden-marking": "leak",
    "disclosure-*": "leak",
    "proofread-*": "quality",
    "typography": "quality",
    "link-*": "quality",
    "attachment-*": "quality",
    "reprint-*": "quality",
    "rectification-*": "followup",
    "incident-*": "followup",
    "opinion-*": "followup",
    "handover-*": "followup",
}

#: Inspection category → Art. 21 deduction item ("1"…"5").
DEFAULT_ITEMS: dict[str, str] = {
    "responsibility": "1",
    "quality": "2",
    "retention": "2",
    # 第二十一条(三) deducts only when the missing review "造成泄密、产生不良影响": a missing signature alone is (五)
    "review": "5",
    "leak": "3",
    "filing": "5",
    "immutability": "5",
    "followup": "5",
    "other": "5",
}


def classify(code: str, article: str, table: dict[str, str], default: str = "other") -> str:
    """The category of a finding: by exact code, then longest matching ``prefix*``, then article."""
    hit = table.get(code)
    if hit is not None:
        return hit
    best = ""
    for key in table:
        if key.endswith("*") and code.startswith(key[:-1]) and len(key) > len(best):
            best = key
    if best:
        return table[best]
    return table.get(article, default)


# ---------------------------------------------------------------- inspection


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InspectionSettings(_Settings):
    """``inspection:`` in ``config/govreg.yaml``."""

    account_silent_days: int = Field(default=14, ge=1, le=3660, description="账号连续多少天未发布即单项否决")
    site_silent_days: int = Field(default=14, ge=1, le=3660, description="网站首页（全站）连续多少天未更新即单项否决")
    column_days: dict[str, int] = Field(
        default_factory=lambda: {"news": 14, "notice": 180, "policy": 180},
        description="各类栏目的更新时限（天）；栏目自己的 update_every_days 更短时以栏目为准",
    )
    site_fail_stale_columns: int = Field(
        default=5, ge=1, description="动态要闻、通知公告、政策文件类（stale_key_kinds）栏目未按时更新达到此数，网站单项否决"
    )
    stale_key_kinds: list[str] = Field(
        default_factory=lambda: ["news", "notice", "policy"],
        description="按国办秘函〔2019〕19号计入 site_fail_stale_columns 的栏目类型（动态要闻 2 周、通知公告和政策文件 6 个月）",
    )
    site_fail_stale_other_columns: int = Field(default=10, ge=1, description="其他类型的栏目未按时更新达到此数，网站单项否决")
    silent_exempt_platforms: list[str] = Field(
        default_factory=lambda: ["miniprogram", "app"],
        description="不按“2 周未更新”单项否决的平台：小程序、移动客户端以办事服务为主，没有“发布”可言",
    )
    adopted: dt.date | None = Field(
        default=None,
        description="登记库启用日期：此前（含当日）登记的信息按记录中的发布时间计（git 无法证明，报告中注明），此后按 git 提交计",
    )
    site_fail_blank_columns: int = Field(default=5, ge=1, description="空白栏目达到此数，网站单项否决")
    blank_exempt_kinds: list[str] = Field(
        default_factory=lambda: ["service", "interaction"],
        description="不按空白栏目计的栏目类型（办事服务、互动交流由其他系统提供内容）",
    )
    message_unanswered_months: int = Field(default=3, ge=1, le=24, description="有效留言超过多少个月未答复即单项否决")
    message_due_soon_days: int = Field(default=3, ge=0, le=60, description="留言距办理时限不足多少天时列为即将到期")
    records_since: dt.date | None = Field(
        default=None, description="登记库开始登记信息的日期，此前的更新情况无从核实；默认取 content/ 的第一次提交日期"
    )
    chart_weeks: int = Field(default=12, ge=4, le=52, description="每单位发布量图表显示的周数")
    categories: dict[str, str] = Field(default_factory=dict, description="补充或改写规则问题的归类：代码、代码前缀*或条款 → 类别")

    @model_validator(mode="after")
    def _known_categories(self) -> InspectionSettings:
        unknown = sorted({v for v in self.categories.values() if v not in CATEGORY_LABELS})
        if unknown:
            raise ValueError(f"未知的类别 {'、'.join(unknown)}；可用：{'、'.join(CATEGORY_LABELS)}")
        return self

    def category_table(self) -> dict[str, str]:
        return {**DEFAULT_CATEGORIES, **self.categories}


# ---------------------------------------------------------------- assessment


ITEM_LABELS: dict[str, str] = {
    "1": "未明确主管领导、管理机构和专门工作人员",
    "2": "信息发布、栏目更新滞后或应公开内容缺失、已公开内容出现错误",
    "3": "信息发布前未进行涉敏审核、保密审查",
    "4": "领导信箱、留言转办未按要求及时办理回应",
    "5": "其他违反政府网站和政务新媒体管理有关规定的情形",
}


class ItemScheme(_Settings):
    weight: float = Field(gt=0, description="该项分值（扣分上限）")
    per: float = Field(gt=0, description="每发现一处扣分")


def _default_items() -> dict[str, ItemScheme]:
    return {
        "1": ItemScheme(weight=10, per=5),
        "2": ItemScheme(weight=40, per=2),
        "3": ItemScheme(weight=20, per=5),
        "4": ItemScheme(weight=15, per=3),
        "5": ItemScheme(weight=15, per=1),
    }


class AssessmentSettings(_Settings):
    """``assessment:`` in ``config/govreg.yaml``: the score scheme of 第二十一条."""

    total: float = Field(default=100, gt=0, description="满分")
    items: dict[str, ItemScheme] = Field(default_factory=_default_items, description="第二十一条（一）至（五）项的分值与每处扣分")
    items_of_categories: dict[str, str] = Field(default_factory=dict, description="改写检查类别 → 扣分项的对应")
    count_warnings: bool = Field(default=False, description="警告级别的规则问题是否也扣分（默认只有错误扣分）")
    count_warning_categories: list[str] = Field(
        default_factory=lambda: ["retention"], description="这些类别的警告也扣分（超过公开期限未清理默认为警告）"
    )
    veto_factor: float = Field(default=2, ge=1, description="单项否决情形按几处计")
    veto_codes: list[str] = Field(
        default_factory=lambda: ["release-time-changed"],
        description="年度考评单项否决的规则问题：伪造、篡改发布时间（第十四条“严禁篡改发布时间”）；有此情形的单位排在最后",
    )
    rank_groups: dict[str, list[str]] = Field(
        default_factory=dict,
        description="分组排名：组名 → 单位类型（如 {县区政府： [government, government-office], 市直部门： [agency, public-institution-with-admin-functions, park]}）；未列入任何组的单位一起排名",
    )
    exempt_kinds: list[str] = Field(
        default_factory=lambda: ["internal-body", "party-body"],
        description="不参加考评排名的单位类型：内设机构随所属单位考评；党委部门（如宣传部）不是政府工作部门，不与之排名",
    )

    @model_validator(mode="before")
    @classmethod
    def _merge_items(cls, data: Any) -> Any:
        # a repository overriding one item keeps the defaults of the others
        if isinstance(data, dict) and isinstance(data.get("items"), dict):
            merged: dict[str, Any] = {k: v.model_dump() for k, v in _default_items().items()}
            merged.update({str(k): v for k, v in data["items"].items()})
            data = {**data, "items": merged}
        return data

    @model_validator(mode="after")
    def _check(self) -> AssessmentSettings:
        unknown = sorted(set(self.items) - set(ITEM_LABELS))
        if unknown:
            raise ValueError(f"扣分项只能是 1 至 5，发现 {'、'.join(unknown)}")
        if sum(i.weight for i in self.items.values()) > self.total:
            raise ValueError(f"各项分值之和 {sum(i.weight for i in self.items.values()):g} 超过满分 {self.total:g}")
        bad = sorted({v for v in self.items_of_categories.values() if v not in ITEM_LABELS})
        if bad:
            raise ValueError(f"items_of_categories 只能对应 1 至 5 项，发现 {'、'.join(bad)}")
        return self

    def item_of(self, category: str) -> str:
        return {**DEFAULT_ITEMS, **self.items_of_categories}.get(category, "5")


class SettingsError(ValueError):
    """A section of ``config/govreg.yaml`` is invalid; ``message`` is Chinese."""


def load_section(config: Any, name: str, model: type[_S]) -> _S:
    """``config.section(name, model)`` with a Chinese error instead of a pydantic traceback."""
    try:
        value: _S = config.section(name, model)
    except ValidationError as exc:
        from .validation import validate  # the same Chinese messages as govreg check (which also gives the lines)

        raw = config.raw_section(name)
        _, findings = validate(model, raw if isinstance(raw, dict) else {}, "config/govreg.yaml")
        details = [f.message.replace("「", f"「{name}.", 1) for f in findings] or [f"「{name}」应为“字段: 值”的映射"]  # typography: verbatim (YAML syntax: an ASCII colon and a space)
        raise SettingsError("config/govreg.yaml 中的设置有误：" + "；".join(details) + "（运行 govreg check 查看所在的行）") from exc
    return value
