"""Reports that are kept, and draft rectification notices (第二十条、第二十一条).

Pure functions: they return the files to write (repository-relative path → bytes, or
:class:`YamlDoc` for a record, which the command layer writes in the repository's YAML
layout); the commands write them, all or nothing.

- :func:`archive` — a report as a record: ``reports/<kind>/<id>.yaml`` (model
  :class:`~govreg.models_supervision.ArchivedReport`: period, the commit it was
  computed at, the files, a summary, ``public: false`` until the office publishes it)
  beside the report's own files (Markdown, JSON, HTML, XLSX).
- :func:`draft_notices` — one ``rectifications/<unit>/<id>.yaml`` per single-veto or
  error item of an inspection, so the office reviews and merges them instead of typing;
  items that already have an open notice (same unit, code, file and subject) get none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..followup import CHINA, FollowupSettings, RectState, rectification_deadline, rectification_status
from ..models_supervision import ArchivedReport, Rectification, ReportKind
from ..repository import Repository
from ..workdays import WorkCalendar
from .inspect import Inspection

#: inspection sections that are never the subject of a notice (the follow-up itself)
NO_NOTICE_SECTIONS = frozenset({"followup", "announcements"})


@dataclass(frozen=True, slots=True)
class YamlDoc:
    """A record to write: its header comment lines and its data (keys in the model's order)."""

    header: list[str]
    data: dict[str, Any]


Files = dict[str, "bytes | YamlDoc"]


def report_id(kind: ReportKind, period: str) -> str:
    return f"{kind.value}-{period}"


def archive(
    kind: ReportKind,
    period: str,
    title: str,
    as_of: dt.date,
    files: Mapping[str, bytes],
    *,
    summary: Mapping[str, int],
    commit: str | None,
    dirty: bool,
    now: dt.datetime,
    keep_public: bool = False,
) -> Files:
    """The record and the report's files, under ``reports/<kind>/``; ``files`` maps suffixes (".md") to contents."""
    rid = report_id(kind, period)
    folder = f"reports/{kind.value}"
    names = {suffix: f"{rid}{suffix}" for suffix in files}
    record = ArchivedReport(
        id=rid,
        kind=kind,
        title=title,
        period=period,
        as_of=as_of,
        computed_at=now.astimezone(CHINA).replace(microsecond=0),
        commit=commit,
        dirty=dirty,
        files=sorted(names.values()),
        summary=dict(summary),
    )
    data = record.model_dump(mode="python", exclude_none=True, by_alias=True)
    data["kind"] = kind.value
    data.pop("note", None)
    if keep_public:
        data["public"] = True
    header = [
        "# yaml-language-server: $schema=../../schemas/report.schema.json",
        f"存档的{title}：由 govreg 生成，请勿手工修改报告文件。",
        "政务公开办确认可以公开后，把 public 改为 true，报告即在公开网站上发布。",
    ]
    out: Files = {f"{folder}/{rid}.yaml": YamlDoc(header, data)}
    for suffix, content in files.items():
        out[f"{folder}/{names[suffix]}"] = content
    return out


def draft_notices(
    inspection: Inspection,
    repo: Repository,
    settings: FollowupSettings,
    calendar: WorkCalendar,
    *,
    issued: dt.date,
    report: str | None,
    commit: str | None,
) -> Files:
    """Draft notices for the veto and error items of ``inspection`` that have no open notice yet."""
    open_notices = {
        (n.unit, n.finding.code, n.finding.path or "", n.subject)
        for n in repo.rectifications.values()
        if rectification_status(n, issued, settings, calendar).state is not RectState.closed
    }
    office = repo.config.supervising_office
    out: Files = {}
    for unit in inspection.units:
        if unit.unit not in repo.units:
            continue  # a record that did not load: fix it first
        for item in unit.items:
            if item.level not in ("veto", "error") or item.section in NO_NOTICE_SECTIONS:
                continue
            key = (unit.unit, item.code, item.path, item.subject[:500])
            if key in open_notices:
                continue
            open_notices.add(key)
            digest = hashlib.sha1("\0".join((unit.unit, item.code, item.path, item.subject)).encode("utf-8")).hexdigest()[:6]
            nid = f"{issued:%Y-%m}-{item.code}"[:52].rstrip("-") + f"-{digest}"
            finding: dict[str, Any] = {"code": item.code, "message": item.message[:500]}
            if item.path:
                finding["path"] = item.path
            if report:
                finding["report"] = report
            if commit:
                finding["commit"] = commit
            data: dict[str, Any] = {
                "id": nid,
                "unit": unit.unit,
                "subject": item.subject[:500],
                "finding": finding,
                "issued": issued,
            }
            draft = {"id": nid, "unit": unit.unit, "subject": "x", "finding": finding, "issued": issued}
            deadline, _ = rectification_deadline(Rectification.model_validate(draft), settings, calendar)
            data["deadline"] = deadline
            data["responses"] = []
            data["rechecks"] = []
            level = "单项否决" if item.level == "veto" else "扣分项"
            header = [
                "# yaml-language-server: $schema=../../schemas/rectification.schema.json",
                f"整改通知草稿（第二十条），由 govreg inspect --notices 根据{inspection.title}的{level}生成。",
                f"政务公开办核对后填写 issued_by({office} 的人员 id）并合并；单位整改后在 responses 中报送，",
                "政务公开办复查后在 rechecks 中登记结果。整改期限按下发日期加配置的工作日数算出，可改。",
            ]
            out[f"rectifications/{unit.unit}/{nid}.yaml"] = YamlDoc(header, data)
    return out
