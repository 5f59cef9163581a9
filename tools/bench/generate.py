"""Deterministic synthetic data for the benchmarks: a complete, valid repository tree.

``python tools/bench/generate.py OUT --scale city`` (300 units, 3,000 accounts,
20 sites, 20,000 content items) or ``--units/--accounts/--sites/--content``;
``--commits N`` also commits the tree as a git history of N commits with one
``git fast-import`` (no git process per commit), for the history, audit and
inspection benchmarks.  Other benchmarks import :func:`generate`.

Everything comes from one seeded ``random.Random``; no wall clock is read, so
the same arguments give the same bytes (and, with ``--commits``, the same
commit ids).  The tree passes ``govreg check`` clean: people hold the three
review roles in their own unit and review in time order before publication;
lifecycle events are filed within 3 Chinese working days (counted with
:class:`govreg.workdays.WorkCalendar`) and announced for at least 15; one
active account per unit and platform; portals owned by government offices;
bodies are Chinese text with full-width punctuation and no personal data.
All names, people, handles and numbers are invented.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from govreg import schemas as schemas_module
from govreg.workdays import WorkCalendar

REPO_ROOT = Path(__file__).resolve().parents[2]
TZ = dt.timezone(dt.timedelta(hours=8))
TODAY = dt.date(2026, 11, 26)  # the project's fixed "today" (GOVREG_TODAY in the tests)
LAST_DAY = TODAY - dt.timedelta(days=1)  # nothing is dated on or after today
CONTENT_START = dt.date(2024, 1, 2)
SUPERVISING_OFFICE = "wuzhong-gov-office"

SCALES: dict[str, dict[str, int]] = {
    "tiny": {"units": 5, "accounts": 20, "sites": 2, "content": 50},
    "small": {"units": 30, "accounts": 300, "sites": 6, "content": 2000},
    "city": {"units": 300, "accounts": 3000, "sites": 20, "content": 20000},
    "large": {"units": 600, "accounts": 6000, "sites": 40, "content": 50000},
    "province": {"units": 3000, "accounts": 30000, "sites": 200, "content": 200000},
}

# ---------------------------------------------------------------- vocabulary (invented data)


@dataclass(frozen=True)
class Region:
    code: str
    slug: str
    name: str  # prefix of unit names
    host: str  # portal host without "www."
    abbr: str  # document-number prefix


REGIONS = (
    Region("640300", "wuzhong", "吴忠市", "wuzhong.gov.cn", "吴政办"),
    Region("640302", "litong", "吴忠市利通区", "ltq.gov.cn", "吴利政办"),
    Region("640303", "hongsibu", "吴忠市红寺堡区", "hongsibu.gov.cn", "吴红政办"),
    Region("640323", "yanchi", "盐池县", "yanchi.gov.cn", "盐政办"),
    Region("640324", "tongxin", "同心县", "tongxin.gov.cn", "同政办"),
    Region("640381", "qingtongxia", "青铜峡市", "qtx.gov.cn", "青政办"),
)

AGENCY, INSTITUTION, PARK = "agency", "public-institution-with-admin-functions", "park"
DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("development-reform-bureau", "发展和改革局", AGENCY),
    ("education-bureau", "教育局", AGENCY),
    ("science-technology-bureau", "科学技术局", AGENCY),
    ("industry-it-bureau", "工业和信息化局", AGENCY),
    ("civil-affairs-bureau", "民政局", AGENCY),
    ("justice-bureau", "司法局", AGENCY),
    ("finance-bureau", "财政局", AGENCY),
    ("hrss-bureau", "人力资源和社会保障局", AGENCY),
    ("natural-resources-bureau", "自然资源局", AGENCY),
    ("ecology-environment-bureau", "生态环境局", AGENCY),
    ("housing-construction-bureau", "住房和城乡建设局", AGENCY),
    ("transport-bureau", "交通运输局", AGENCY),
    ("water-affairs-bureau", "水务局", AGENCY),
    ("agriculture-rural-bureau", "农业农村局", AGENCY),
    ("commerce-bureau", "商务局", AGENCY),
    ("culture-tourism-bureau", "文化旅游广电局", AGENCY),
    ("health-commission", "卫生健康委员会", AGENCY),
    ("veterans-affairs-bureau", "退役军人事务局", AGENCY),
    ("emergency-management-bureau", "应急管理局", AGENCY),
    ("audit-bureau", "审计局", AGENCY),
    ("sasac", "国有资产监督管理委员会", AGENCY),
    ("market-regulation-bureau", "市场监督管理局", AGENCY),
    ("statistics-bureau", "统计局", AGENCY),
    ("forestry-grassland-bureau", "林业和草原局", AGENCY),
    ("healthcare-security-bureau", "医疗保障局", AGENCY),
    ("big-data-bureau", "大数据服务管理局", AGENCY),
    ("approval-service-bureau", "审批服务管理局", AGENCY),
    ("public-security-bureau", "公安局", AGENCY),
    ("ethnic-religious-bureau", "民族宗教事务局", AGENCY),
    ("rural-revitalization-bureau", "乡村振兴局", AGENCY),
    ("sports-bureau", "体育局", AGENCY),
    ("urban-management-bureau", "城市管理局", AGENCY),
    ("petition-bureau", "信访局", AGENCY),
    ("meteorological-bureau", "气象局", AGENCY),
    ("government-service-center", "政务服务中心", INSTITUTION),
    ("housing-fund-center", "住房公积金管理中心", INSTITUTION),
    ("investment-promotion-center", "投资促进中心", INSTITUTION),
    ("social-insurance-center", "社会保险事业管理中心", INSTITUTION),
    ("disease-control-center", "疾病预防控制中心", INSTITUTION),
    ("employment-service-center", "就业创业服务中心", INSTITUTION),
    ("medical-insurance-center", "医疗保障服务中心", INSTITUTION),
    ("archives-center", "档案馆", INSTITUTION),
    ("local-chronicles-office", "地方志办公室", INSTITUTION),
    ("water-conservancy-center", "水利工程管理中心", INSTITUTION),
    ("agri-tech-center", "农业技术推广服务中心", INSTITUTION),
    ("livestock-center", "畜牧水产技术推广服务中心", INSTITUTION),
    ("industrial-park", "工业园区管理委员会", PARK),
    ("agricultural-park", "现代农业示范园区管理委员会", PARK),
    ("development-zone", "经济技术开发区管理委员会", PARK),
    ("logistics-park", "物流园区管理委员会", PARK),
)

SURNAMES = (
    ("马", "ma"), ("杨", "yang"), ("李", "li"), ("王", "wang"), ("张", "zhang"), ("刘", "liu"),
    ("陈", "chen"), ("丁", "ding"), ("金", "jin"), ("海", "hai"), ("纳", "na"), ("周", "zhou"),
    ("吴", "wu"), ("赵", "zhao"), ("孙", "sun"), ("何", "he"), ("罗", "luo"), ("田", "tian"),
    ("白", "bai"), ("苏", "su"), ("郭", "guo"), ("高", "gao"), ("冯", "feng"), ("韩", "han"),
)  # fmt: skip
GIVEN = (
    ("晓", "x"), ("建", "j"), ("文", "w"), ("海", "h"), ("丽", "l"), ("军", "j"), ("伟", "w"), ("芳", "f"),
    ("明", "m"), ("静", "j"), ("涛", "t"), ("华", "h"), ("玲", "l"), ("强", "q"), ("平", "p"), ("燕", "y"),
    ("宏", "h"), ("斌", "b"), ("娟", "j"), ("磊", "l"), ("婷", "t"), ("鹏", "p"), ("霞", "x"), ("勇", "y"),
)  # fmt: skip
VENDORS = ("宁夏某文化传媒有限公司", "宁夏某网络科技有限公司", "吴忠某信息技术有限公司", "银川某新媒体运营有限公司")

PLATFORMS: tuple[tuple[str, str], ...] = (
    ("wechat", "微信公众号"), ("weibo", "新浪微博"), ("douyin", "抖音"), ("toutiao", "今日头条"),
    ("kuaishou", "快手"), ("channels", "微信视频号"), ("xiaohongshu", "小红书"), ("bilibili", "哔哩哔哩"),
    ("baijiahao", "百家号"), ("miniprogram", "小程序"), ("app", "移动客户端"),
)  # fmt: skip

PORTAL_COLUMNS: tuple[tuple[str, str, str, int | None], ...] = (
    ("news", "要闻动态", "news", 14),
    ("notices", "通知公告", "notice", 180),
    ("policy-documents", "政策文件", "policy", 180),
    ("policy-interpretation", "政策解读", "policy", 180),
    ("government-info", "政府信息公开", "other", 365),
    ("department-news", "部门动态", "news", 14),
    ("budget", "财政预决算", "other", 365),
    ("personnel", "人事信息", "notice", 180),
    ("education", "教育信息", "notice", 180),
    ("environment", "环境质量信息", "other", 31),
    ("emergency", "应急管理", "notice", 180),
    ("services", "政务服务", "service", None),
    ("interaction", "政民互动", "interaction", None),
)
TOPIC_SITES: tuple[tuple[str, str], ...] = (
    ("yshj", "优化营商环境"), ("xczx", "乡村振兴"), ("hhst", "黄河流域生态保护"), ("aqsc", "安全生产"),
    ("zwgk", "政务公开"), ("fzzf", "法治政府建设"), ("szzf", "数字政府建设"), ("msss", "民生实事"),
)  # fmt: skip
TOPIC_COLUMNS: tuple[tuple[str, str, str, int | None], ...] = (
    ("news", "工作动态", "news", 14),
    ("policy-documents", "政策文件", "policy", 180),
    ("policy-interpretation", "政策解读", "policy", 180),
    ("services", "办事服务", "service", None),
    ("interaction", "互动交流", "interaction", None),
)

TOPICS = (
    "安全生产", "营商环境", "乡村振兴", "生态环境保护", "政务公开", "民生实事", "就业创业", "医疗保障",
    "义务教育", "防汛抗旱", "森林草原防火", "粮食安全", "城乡建设", "文化旅游", "交通安全", "食品安全",
    "社会救助", "养老服务", "科技创新", "招商引资", "黄河流域生态保护", "农村人居环境整治", "政务服务",
    "数字政府建设", "法治政府建设", "耕地保护", "消费帮扶", "水资源节约集约利用", "冬季供暖保障", "城市管理",
)  # fmt: skip

# Text with ASCII punctuation here, turned into full-width punctuation by _zh().
_FULL_WIDTH = str.maketrans({",": "\uff0c", ";": "\uff1b", ":": "\uff1a", "(": "\uff08", ")": "\uff09", "!": "\uff01", "?": "\uff1f"})
TITLES_ORIGINAL = (
    "{unit}关于做好{topic}工作的通知",
    "{unit}召开{topic}工作推进会",
    "{unit}开展{topic}专项行动",
    "{unit}关于{topic}有关事项的公告",
    "{region}{topic}工作取得阶段性成效",
    "{unit}关于进一步加强{topic}工作的实施意见",
    "{unit}部署{topic}重点任务",
    "{region}持续推进{topic}工作",
)
TITLES_CENTRAL = (
    "国务院办公厅关于进一步加强{topic}工作的意见",
    "国务院常务会议研究部署{topic}工作",
    "全国{topic}工作会议召开",
)
TITLES_REGION = (
    "自治区人民政府办公厅关于做好{topic}工作的通知",
    "自治区召开{topic}工作推进会",
)
OPENINGS = (
    "为深入贯彻落实党中央、国务院和自治区党委、政府关于{topic}的决策部署,进一步推动{topic}工作落实落细,{unit}结合工作实际,研究制定了相关工作措施。",
    "近日,{unit}召开专题会议,传达学习上级关于{topic}的工作要求,分析当前形势,安排部署下一阶段重点任务。",
    "为切实做好{topic}工作,更好地服务企业和群众,现将有关事项通知如下。",
    "今年以来,{region}围绕{topic}持续发力,聚焦群众急难愁盼问题,完善工作机制,优化服务流程,各项工作取得了明显成效。",
)
NUMBERED = (
    "一是加强组织领导。各单位主要负责同志要亲自研究、亲自部署,分管负责同志要具体抓、抓具体,形成一级抓一级、层层抓落实的工作格局。",
    "二是强化督促检查。要建立工作台账,明确责任单位和完成时限,定期调度工作进展,对工作推进不力的及时督促整改。",
    "三是做好宣传引导。要充分利用政府网站和政务新媒体,及时发布工作动态和政策解读,回应社会关切,营造良好氛围。",
)
MIDDLES = (
    "会议强调,各部门(单位)要提高政治站位,压紧压实工作责任,坚持问题导向和目标导向,把{topic}工作摆在突出位置,确保各项任务按期完成。",
    "下一步,{unit}将继续坚持以人民为中心的发展思想,统筹推进{topic}和{topic2}各项工作,不断提升群众的获得感、幸福感、安全感。",
    "各乡镇(街道)、各部门要按照职责分工,加强协调配合,形成工作合力,确保{topic}各项措施落到实处、取得实效。",
    "在推进过程中,要注重总结经验做法,及时发现和解决苗头性、倾向性问题,重要情况及时报告。",
    "要坚持统筹发展和安全,把{topic2}与{topic}结合起来,一体谋划、一体部署、一体推进,切实提高工作的系统性和协同性。",
    "要进一步优化办事流程,推行一次告知、一窗受理、限时办结,让企业和群众办事更加方便快捷。",
    "有关单位要主动公开工作进展情况,畅通意见建议反映渠道,自觉接受社会监督。",
    "围绕{topic},{unit}梳理形成重点任务清单,逐项明确牵头单位、配合单位和工作措施,实行清单化管理、项目化推进。",
)
CLOSINGS = ("特此通知。", "特此公告。", "请各单位认真贯彻执行。", "")
SECTIONS = ("## 一、工作目标", "## 二、主要措施", "## 三、工作要求")


def _zh(text: str) -> str:
    return text.translate(_FULL_WIDTH)


# ---------------------------------------------------------------- YAML output

_PLAIN = re.compile(r"^[\u4e00-\u9fff\u3001\u3002\u300a\u300b\u3014\u3015\u201c\u201d\uff08\uff09\uff0c\uff1a\uff1b][^#\n]*$")


def q(value: str) -> str:
    """A YAML scalar for ``value``: plain for Chinese text, JSON-quoted otherwise (ids stay plain)."""
    if _PLAIN.match(value) or re.fullmatch(r"[a-z][a-z0-9-]*", value):
        return value
    return json.dumps(value, ensure_ascii=False)


def iso(moment: dt.datetime) -> str:
    return moment.isoformat()


# ---------------------------------------------------------------- the records


@dataclass
class Person:
    id: str
    name: str
    title: str
    roles: list[str]
    login: str | None
    vendor: bool = False


@dataclass
class Unit:
    id: str
    name: str
    kind: str
    region: Region
    index: int
    parent: str | None
    people: list[Person] = field(default_factory=list)

    def by_role(self, role: str) -> list[Person]:
        return [p for p in self.people if role in p.roles]


@dataclass
class Column:
    id: str
    name: str
    kind: str
    unit: str
    every: int | None


@dataclass
class Site:
    id: str
    name: str
    domain: str
    kind: str
    owner: Unit
    columns: list[Column]


@dataclass
class Account:
    id: str
    name: str
    platform: str
    owner: Unit
    status: str
    opened: dt.date


@dataclass
class Event:
    """One change to ``content/`` in the generated history."""

    when: dt.datetime
    path: str
    data: bytes | None  # None: a rename from ``old``
    old: str | None = None
    author: Person | None = None
    title: str = ""
    verb: str = "发布"


@dataclass
class Tree:
    files: dict[str, bytes]
    events: list[Event]  # content changes in time order (for --commits)
    first_commit: dt.datetime


class Generator:
    def __init__(self, *, units: int, accounts: int, sites: int, content: int, seed: int) -> None:
        if units < 1:
            raise ValueError("units must be at least 1")
        self.rng = random.Random(seed)
        self.n_units, self.n_accounts, self.n_sites, self.n_content = units, accounts, sites, content
        self.calendar = WorkCalendar()
        first, last = dt.date(2014, 1, 2), LAST_DAY
        self.workdays = [d for d in _days(first, last) if self.calendar.is_working_day(d)]
        self.files: dict[str, bytes] = {}
        self.units: list[Unit] = []
        self.sites: list[Site] = []
        self.accounts: list[Account] = []
        self.serial = 1000000

    # ------------------------------------------------------------ helpers
    def workday(self, start: dt.date, end: dt.date) -> dt.date:
        """A random working day in [start, end] (``start`` itself if there is none)."""
        lo, hi = bisect_left(self.workdays, start), bisect_right(self.workdays, end)
        return self.workdays[self.rng.randrange(lo, hi)] if hi > lo else start

    def number(self) -> int:
        self.serial += self.rng.randint(1, 97)
        return self.serial

    def put(self, path: str, text: str) -> None:
        self.files[path] = text.encode("utf-8")

    # ------------------------------------------------------------ units
    def make_units(self) -> None:
        offices = [(r, None) for r in REGIONS]
        depts = [(r, d) for d in DEPARTMENTS for r in REGIONS]
        plan = offices + depts
        while len(plan) < self.n_units:  # beyond the realistic set: numbered branches
            plan += [(r, d) for r, d in depts]
        seen: dict[str, int] = {}
        for i, (region, dept) in enumerate(plan[: self.n_units]):
            if dept is None:
                uid, name, kind = f"{region.slug}-gov-office", f"{region.name}人民政府办公室", "government-office"
            else:
                slug, suffix, kind = dept
                uid = slug if region.slug == "wuzhong" else f"{region.slug}-{slug}"
                name = region.name + suffix
            n = seen[uid] = seen.get(uid, 0) + 1
            if n > 1:
                uid, name = f"{uid}-{n}", f"{name}第{_cn(n)}分局"
            parent = SUPERVISING_OFFICE if dept is None and region.slug != "wuzhong" else None
            unit = Unit(uid, name, kind, region, i, parent)
            self.make_people(unit)
            self.units.append(unit)
        known = {u.id for u in self.units}
        for unit in self.units:
            if unit.parent not in known:
                unit.parent = None

    def person(self, unit: Unit, title: str, roles: list[str], vendor: bool = False) -> Person:
        taken = {p.id for p in unit.people}
        while True:
            (sn, spy), given = self.rng.choice(SURNAMES), self.rng.sample(GIVEN, self.rng.choice((1, 2)))
            pid = f"{unit.id}-{spy}{''.join(g[1] for g in given)}"
            if pid not in taken:
                break
        login = None if vendor else f"{pid.rsplit('-', 1)[1]}-u{unit.index:04d}"
        person = Person(pid, sn + "".join(g[0] for g in given), title, roles, login, vendor)
        unit.people.append(person)
        return person

    def make_people(self, unit: Unit) -> None:
        office = unit.kind == "government-office"
        section = "政务公开科" if office else "办公室"
        for _ in range(self.rng.choice((1, 2, 2, 3))):
            self.person(unit, f"{section}科员", ["handler"])
        self.person(unit, f"{section}{'科长' if office else '主任'}", ["section-head"])
        self.person(unit, "副主任" if office else "党组成员、副职领导", ["leader"])
        if unit.id == SUPERVISING_OFFICE:
            self.person(unit, "市政务公开办公室主任", ["supervisor"])
            self.person(unit, "市政府副秘书长", ["escalation-reviewer"])
            self.person(unit, "副市长", ["emergency-approver"])

    def write_unit(self, unit: Unit, vendors: Sequence[str]) -> None:
        for vendor in vendors:
            self.person(unit, f"{vendor}内容编辑", [], vendor=True)
        staff = [p for p in unit.people if not p.vendor and ({"handler", "section-head"} & set(p.roles))]
        leader = unit.by_role("leader")[0]
        lines = [
            "# yaml-language-server: $schema=../schemas/unit.schema.json",
            "# 合成数据(基准测试生成):单位、人员、电话均为虚构。",
            f"id: {unit.id}",
            f"name: {q(unit.name)}",
            f"kind: {unit.kind}",
        ]
        if unit.parent:
            lines.append(f"parent: {unit.parent}")
        lines += [
            f'region: "{unit.region.code}"',
            f'credit_code: "{_credit_code(self.rng, unit.region.code, "12" if unit.kind == INSTITUTION else "11")}"',
            f"leader_in_charge: {leader.id}",
            "staff:",
            *(f"  - {p.id}" for p in staff),
            f'contact: "0953-{2000000 + unit.index * 10:07d}"',
            "people:",
        ]
        for k, p in enumerate(unit.people):
            lines += [f"  - id: {p.id}", f"    name: {q(p.name)}", f"    roles: [{', '.join(p.roles)}]", f"    title: {q(p.title)}"]
            if p.vendor:
                lines.append("    vendor: true")
            if p.login:
                lines.append(f'    login: "{p.login}"')
                lines.append(f'    phone: "0953-{2000000 + unit.index * 10 + k + 1:07d}"')
                lines.append(f'    email: "{p.login}@example.com"')
        self.put(f"units/{unit.id}.yaml", "\n".join(lines) + "\n")

    # ------------------------------------------------------------ sites
    def make_sites(self) -> None:
        offices = [u for u in self.units if u.kind == "government-office"]
        if not offices:
            return
        by_region: dict[str, list[Unit]] = {}
        for u in self.units:
            by_region.setdefault(u.region.code, []).append(u)
        codes: dict[str, int] = {}
        for i in range(self.n_sites):
            owner = offices[i % len(offices)]
            region = owner.region
            codes[region.code] = codes.get(region.code, 0) + 1
            local = by_region[region.code]
            if i < len(offices):
                sid, name, kind, domain = f"{region.slug}-portal", f"{region.name}人民政府门户网站", "portal", f"www.{region.host}"
                plan = PORTAL_COLUMNS
            else:
                k = i - len(offices)
                host, topic = TOPIC_SITES[k % len(TOPIC_SITES)]
                rnd = k // len(TOPIC_SITES)
                suffix = f"{rnd + 1}" if rnd else ""
                sid, name, kind = (
                    f"{region.slug}-{host}{suffix}",
                    f"{region.name}{topic}专题网站{_cn(rnd + 1) if rnd else ''}",
                    "special-topic",
                )
                domain = f"{host}{suffix}.{region.host}"
                plan = TOPIC_COLUMNS
            columns = []
            for j, (cid, cname, ckind, every) in enumerate(plan):
                unit = owner if j < 3 or len(local) == 1 else self.rng.choice(local)
                columns.append(Column(cid, cname, ckind, unit.id, every))
            site = Site(sid, name, domain, kind, owner, columns)
            self.sites.append(site)
            self.write_site(site, codes[region.code])

    def write_site(self, site: Site, seq: int) -> None:
        code = site.owner.region.code
        lines = [
            "# yaml-language-server: $schema=../schemas/site.schema.json",
            "# 合成数据(基准测试生成):网站标识码、备案号均为虚构。",
            f"id: {site.id}",
            f"name: {q(site.name)}",
            f"domain: {site.domain}",
            f"kind: {site.kind}",
            f"owner: {site.owner.id}",
            f'site_code: "{code}{seq:04d}"',
            f'icp: "宁ICP备{self.rng.randint(10000000, 99999999)}号-{seq}"',
            f'psb: "宁公网安备 {code}{self.rng.randint(10000000, 99999999):08d}号"',
        ]
        if site.kind != "portal":
            day = self.workday(dt.date(2018, 1, 1), dt.date(2023, 12, 31))
            lines += ["approval:", f"  number: {site.owner.region.abbr}函〔{day.year}〕{self.rng.randint(1, 200)}号", f"  date: {day}"]
        lines += ["status: active", "columns:"]
        for c in site.columns:
            lines += [f"  - id: {c.id}", f"    name: {q(c.name)}", f"    responsible_unit: {c.unit}", f"    kind: {c.kind}"]
            if c.every:
                lines.append(f"    update_every_days: {c.every}")
        self.put(f"sites/{site.id}.yaml", "\n".join(lines) + "\n")

    # ------------------------------------------------------------ accounts
    def make_accounts(self) -> dict[str, list[str]]:
        vendors: dict[str, list[str]] = {}
        per, extra = divmod(self.n_accounts, len(self.units))
        ids: set[str] = set()
        for unit in self.units:
            count = per + (1 if unit.index < extra else 0)
            order = self.rng.sample(PLATFORMS, len(PLATFORMS))
            for k in range(count):
                platform, platform_name = order[k % len(order)]
                aid = f"{unit.id}-{platform}" + (f"-{k // len(order) + 1}" if k >= len(order) else "")
                assert aid not in ids and len(aid) <= 63, aid
                ids.add(aid)
                if k < len(order):
                    status = self.rng.choices(("active", "closed", "cancelled"), (88, 8, 4))[0]
                else:  # a second account on the same platform: never active
                    status = self.rng.choice(("closed", "cancelled"))
                vendor = self.write_account(unit, aid, platform, platform_name, status, k)
                if vendor and vendor not in vendors.setdefault(unit.id, []):
                    vendors[unit.id].append(vendor)
        return vendors

    def event_lines(self, kind: str, day: dt.date, owner: Unit, name: str, platform_name: str) -> tuple[list[str], dt.date]:
        filed = self.calendar.add_working_days(day, self.rng.randint(1, 3))
        out = [f"  - type: {kind}", f"    date: {day}", f"    filed: {filed}"]
        end = filed
        if kind != "open":
            to = self.calendar.add_working_days(day, self.rng.randint(16, 25))
            action = {"change": "变更", "close": "停止更新", "cancel": "注销"}[kind]
            out += [
                "    announcement:",
                f"      from: {day}",
                f"      to: {to}",
                f"      url: https://www.{owner.region.host}/xxgk/tzgg/{day:%Y%m}/t{day:%Y%m%d}_{self.number()}.html",
                f"      title: {q(f'关于“{name}”{platform_name}{action}的公告')}",
            ]
            end = max(end, to)
        return out, end

    def write_account(self, unit: Unit, aid: str, platform: str, platform_name: str, status: str, k: int) -> str | None:
        rng = self.rng
        name = unit.name if k < len(PLATFORMS) else f"{unit.name}{_cn(k // len(PLATFORMS) + 1)}号"
        handle = self.handle(platform, aid)
        close_by = LAST_DAY - dt.timedelta(days=60)
        if status == "active":
            opened = self.workday(dt.date(2014, 1, 2), dt.date(2025, 12, 31))
        else:
            opened = self.workday(dt.date(2014, 1, 2), dt.date(2022, 12, 31))
        events: list[str] = []
        lines, end = self.event_lines("open", opened, unit, name, platform_name)
        events += lines
        if rng.random() < 0.25 and (end + dt.timedelta(days=40)) < close_by:
            day = self.workday(end + dt.timedelta(days=30), min(close_by, end + dt.timedelta(days=1500)))
            lines, end = self.event_lines("change", day, unit, name, platform_name)
            events += lines
        if status in ("closed", "cancelled"):
            day = self.workday(end + dt.timedelta(days=10), close_by)
            lines, end = self.event_lines("close", day, unit, name, platform_name)
            events += lines
        if status == "cancelled":
            first, last = end + dt.timedelta(days=1), min(close_by + dt.timedelta(days=30), end + dt.timedelta(days=60))
            if first > last:  # no room left before today: the account stays closed (nothing is dated in the future)
                status = "closed"
            else:
                day = self.workday(first, last)
                lines, end = self.event_lines("cancel", day, unit, name, platform_name)
                events += lines
        vendor = None
        out = [
            "# yaml-language-server: $schema=../../schemas/account.schema.json",
            "# 合成数据(基准测试生成):账号名称、账号 ID 均为虚构。",
            f"id: {aid}",
            f"name: {q(name)}",
            f"platform: {platform}",
            f"handle: {json.dumps(handle)}",
        ]
        url = self.account_url(platform, handle)
        if url:
            out.append(f"url: {url}")
        out += [f"owner: {unit.id}", f"certified_subject: {q(unit.name)}", "purpose: general"]
        if status == "active" and rng.random() < 0.1:
            vendor = rng.choice(VENDORS)
            day = self.workday(opened, min(LAST_DAY, opened + dt.timedelta(days=400)))
            out += [
                "operation:",
                "  mode: outsourced",
                f"  vendor: {q(vendor)}",
                "  agreement:",
                f"    reference: {q(f'《“{name}”{platform_name}运维服务外包保密协议》')}",
                f"    date: {day}",
                f"  rules: {q(f'《{unit.name}政务新媒体外包服务管理制度》《政务新媒体运营监管制度》')}",
            ]
        out += [
            f"status: {status}",
            f"description: {q(_zh(f'{unit.name}在{platform_name}开设的政务新媒体账号,发布工作动态和便民服务信息。'))}",
        ]
        out += ["lifecycle:", *events]
        self.put(f"accounts/{unit.id}/{aid}.yaml", "\n".join(out) + "\n")
        self.accounts.append(Account(aid, name, platform, unit, status, opened))
        return vendor

    def handle(self, platform: str, aid: str) -> str:
        n = self.number()
        if platform in ("weibo", "bilibili", "xiaohongshu", "kuaishou", "toutiao", "baijiahao"):
            return str(5000000000 + n)
        if platform == "miniprogram":
            return f"wx{self.rng.getrandbits(64):016x}"
        if platform == "app":
            return f"cn.gov.nx.{aid.replace('-', '')[:30]}{n}"
        # a letter first, at most 20 characters (WeChat's rule), unique through the serial number
        initials = "".join(part[0] for part in aid.split("-") if part)[:12]
        return f"sph{initials}{n}" if platform == "channels" else f"{initials}{n}"

    @staticmethod
    def account_url(platform: str, handle: str) -> str | None:
        return {
            "weibo": f"https://weibo.com/u/{handle}",
            "douyin": f"https://www.douyin.com/user/{handle}",
            "toutiao": f"https://www.toutiao.com/c/user/{handle}/",
            "kuaishou": f"https://www.kuaishou.com/profile/{handle}",
            "xiaohongshu": f"https://www.xiaohongshu.com/user/profile/{int(handle) if handle.isdigit() else 0:024x}",  # 24-hex user id
            "bilibili": f"https://space.bilibili.com/{handle}",
            "baijiahao": f"https://author.baidu.com/home/{handle}",
        }.get(platform)

    # ------------------------------------------------------------ content
    def make_content(self) -> list[Event]:
        rng = self.rng
        units = {u.id: u for u in self.units}
        site_slots = [(s, c) for s in self.sites for c in s.columns]
        active = [a for a in self.accounts if a.status == "active"]
        office = units.get(SUPERVISING_OFFICE)
        escalators = office.by_role("escalation-reviewer") if office else []
        approvers = office.by_role("emergency-approver") if office else []
        events: list[Event] = []
        if self.n_content and not site_slots and not active:
            raise ValueError("content needs a channel: ask for at least one site or one account")
        for n in range(self.n_content):
            use_site = site_slots and (not active or rng.random() < 0.45)
            if use_site:
                site, column = rng.choice(site_slots)
                channel, col, unit, since = site.id, column.id, units[column.unit], CONTENT_START
            else:
                account = rng.choice(active)
                channel, col, unit, since = account.id, None, account.owner, max(CONTENT_START, account.opened + dt.timedelta(days=1))
            day = self.workday(since, LAST_DAY)
            published = dt.datetime.combine(day, dt.time(rng.randint(10, 17), rng.randrange(60)), TZ)
            initial = published - dt.timedelta(minutes=rng.randint(150, 300))
            second = initial + dt.timedelta(minutes=rng.randint(15, 60))
            final = second + dt.timedelta(minutes=rng.randint(15, 60))
            topic, topic2 = rng.sample(TOPICS, 2)
            words = {"unit": unit.name, "region": unit.region.name, "topic": topic, "topic2": topic2}
            kind = rng.choices(("original", "central", "region"), (80, 12, 8))[0]
            fm = ["---"]
            if kind == "original":
                title = rng.choice(TITLES_ORIGINAL).format(**words)
                source = ["source:", "  kind: original", f"  name: {q(unit.name)}"]
            elif kind == "central":
                title = rng.choice(TITLES_CENTRAL).format(**words)
                if rng.random() < 0.5:
                    name, url = (
                        "中国政府网",
                        f"https://www.gov.cn/zhengce/content/{day:%Y%m}/content_{7000000 + self.number() % 999999}.htm",
                    )
                else:
                    name, url = "新华网", f"https://www.news.cn/politics/{day:%Y%m%d}/{rng.getrandbits(128):032x}/c.html"
                source = ["source:", "  kind: reprint", f"  name: {name}", f"  url: {url}", "  document_level: central"]
            else:
                title = rng.choice(TITLES_REGION).format(**words)
                url = f"https://www.nx.gov.cn/zwgk/qzfwj/{day:%Y%m}/t{day:%Y%m%d}_{self.number()}.html"
                source = ["source:", "  kind: reprint", "  name: 宁夏回族自治区人民政府网", f"  url: {url}", "  document_level: region"]
            fm += [f"title: {q(_zh(title))}", f"channel: {channel}"]
            if col:
                fm.append(f"column: {col}")
            fm += [f"unit: {unit.id}", *source, f"published_at: {iso(published)}", "disclosure: proactive"]
            if rng.random() < 0.7:
                fm.append("retention: permanent")
            else:
                fm.append(f"retention: {dt.date(rng.randint(2027, 2036), rng.randint(1, 12), 28)}")
            handler = rng.choice(unit.by_role("handler"))
            roll = rng.random()
            escalation: list[str] = []
            if roll < 0.005 and escalators:
                at = final + dt.timedelta(minutes=rng.randint(5, 30))
                fm.append("sensitive: true")
                escalation = [f"escalation: {{by: {escalators[0].id}, at: {iso(at)}, opinion: 同意发布}}"]
            elif roll < 0.007 and approvers:
                at = final + dt.timedelta(minutes=rng.randint(5, 30))
                fm.append("emergency: true")
                escalation = [f"emergency_approval: {{by: {approvers[0].id}, at: {iso(at)}, opinion: 同意发布}}"]
            fm += [
                "review:",
                f"  initial: {{by: {handler.id}, at: {iso(initial)}}}",
                f"  second: {{by: {unit.by_role('section-head')[0].id}, at: {iso(second)}}}",
                f"  final: {{by: {unit.by_role('leader')[0].id}, at: {iso(final)}, opinion: 同意发布}}",
                *escalation,
            ]
            fm.append("---")
            paragraphs = self.body(words)
            text = "\n".join(fm) + "\n\n" + "\n\n".join(paragraphs) + "\n"
            path = f"content/{channel}/{day.year}/{day:%m%d}-{n:05d}.md"
            self.files[path] = text.encode("utf-8")
            events.append(
                Event(published + dt.timedelta(minutes=rng.randint(1, 20)), path, self.files[path], author=handler, title=_zh(title))
            )
            if rng.random() < 0.03:  # a later body-only correction: the draft came first
                draft = (
                    "\n".join(fm)
                    + "\n\n"
                    + "\n\n".join([*paragraphs[:-1], _zh(rng.choice(MIDDLES).format(**words)), paragraphs[-1]])
                    + "\n"
                )
                events[-1].data = draft.encode("utf-8")
                later = published + dt.timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 600))
                if later.date() < TODAY:
                    events.append(Event(later, path, self.files[path], author=handler, title=_zh(title), verb="更正"))
                else:
                    events[-1].data = self.files[path]
            elif rng.random() < 0.01:  # first filed under a draft name, then renamed
                events[-1].path = f"content/{channel}/{day.year}/draft-{n:05d}.md"
                later = published + dt.timedelta(hours=rng.randint(1, 48))
                if later.date() < TODAY:
                    events.append(Event(later, path, None, old=events[-1].path, author=handler, title=_zh(title), verb="更名"))
                else:
                    events[-1].path = path
        events.sort(key=lambda e: e.when)
        return events

    def body(self, words: dict[str, str]) -> list[str]:
        """Three to eight paragraphs of Chinese text (a few hundred characters), sometimes with headings."""
        rng = self.rng
        out = [rng.choice(OPENINGS).format(**words)]
        shape = rng.random()
        if shape < 0.3:
            for heading, paragraph in zip(SECTIONS, rng.sample(MIDDLES, len(SECTIONS)), strict=True):
                out += [heading, paragraph.format(**words)]
        else:
            if shape < 0.6:
                out += NUMBERED
            out += [p.format(**words) for p in rng.sample(MIDDLES, rng.randint(1, 3))]
        closing = rng.choice(CLOSINGS)
        if closing:
            out.append(closing)
        return [_zh(p) for p in out]

    # ------------------------------------------------------------ everything
    def build(self) -> Tree:
        self.make_units()
        self.make_sites()
        vendors = self.make_accounts()
        for unit in self.units:
            self.write_unit(unit, vendors.get(unit.id, ()))
        events = self.make_content()
        return Tree(self.files, events, dt.datetime(2023, 12, 29, 9, 0, tzinfo=TZ))


def _days(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    for i in range((last - first).days + 1):
        yield first + dt.timedelta(days=i)


_CN = "零一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n - 10] if n > 10 else "")
    return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")


_CREDIT = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _credit_code(rng: random.Random, region: str, prefix: str) -> str:
    """An invented 统一社会信用代码 with valid check characters (GB 11714 and GB 32100)."""
    org = [rng.choice("0123456789") for _ in range(8)]
    check = 11 - sum(int(c) * w for c, w in zip(org, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    org.append({10: "X", 11: "0"}.get(check, str(check)))
    body = prefix + region + "".join(org)
    total = sum(_CREDIT.index(c) * w for c, w in zip(body, (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28), strict=True))
    return body + _CREDIT[(31 - total % 31) % 31]


# ---------------------------------------------------------------- public API


def build_tree(*, units: int, accounts: int, sites: int, content: int, seed: int = 0) -> Tree:
    """The generated files (path → bytes) and the content events, without touching disk."""
    tree = Generator(units=units, accounts=accounts, sites=sites, content=content, seed=seed).build()
    for path in sorted((REPO_ROOT / "config").glob("*.yaml")):
        tree.files[f"config/{path.name}"] = path.read_bytes()
    for name, text in schemas_module.build().items():
        tree.files[f"schemas/{name}"] = text.encode("utf-8")
    return tree


def write_tree(out: Path, tree: Tree) -> None:
    made: set[str] = set()
    for rel, data in tree.files.items():
        parent = rel.rpartition("/")[0]
        if parent not in made:
            (out / parent).mkdir(parents=True, exist_ok=True)
            made.add(parent)
        (out / rel).write_bytes(data)


def generate(out: Path, *, units: int, accounts: int, sites: int, content: int, seed: int = 0, commits: int = 0) -> None:
    """Write a complete repository tree to ``out`` (created; must be empty or absent).

    With ``commits`` > 0, ``out`` also becomes a git repository whose history of
    ``commits`` commits ends in exactly this tree (see :func:`commit_history`).
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)
    tree = build_tree(units=units, accounts=accounts, sites=sites, content=content, seed=seed)
    write_tree(out, tree)
    if commits > 0:
        commit_history(out, tree, commits, seed=seed)


# ---------------------------------------------------------------- git history


def git_env() -> dict[str, str]:
    """An environment that ignores the user's and the system's git configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"})
    return env


def fast_import_stream(tree: Tree, commits: int, seed: int = 0) -> bytes:
    """A ``git fast-import`` stream of ``commits`` commits on refs/heads/main ending in ``tree``.

    The first commit registers everything but ``content/``; the others replay the
    content events (additions, body corrections, renames) in time order, several
    per commit when there are more events than commits, each commit dated after
    the items it publishes.  When there are fewer events than commits, the rest
    are body corrections of already published items, so every commit changes
    ``content/``.
    """
    rng = random.Random(seed + 1)
    events = list(tree.events)
    wanted = max(commits - 1, 0)
    if wanted > len(events) and events:
        events = _pad_events(rng, tree, events, wanted - len(events))
    out: list[bytes] = []

    def data(raw: bytes) -> None:
        out.append(b"data %d\n" % len(raw))
        out.append(raw)
        out.append(b"\n")

    def commit(mark: int, when: dt.datetime, who: tuple[str, str], message: str, ops: list[bytes]) -> None:
        stamp = f"{int(when.timestamp())} +0800"
        out.append(b"commit refs/heads/main\nmark :%d\n" % mark)
        out.append(f"author {who[0]} <{who[1]}> {stamp}\ncommitter {who[0]} <{who[1]}> {stamp}\n".encode())
        data(message.encode("utf-8"))
        if mark > 1:
            out.append(b"from :%d\n" % (mark - 1))
        out.extend(ops)
        out.append(b"\n")

    def modify(path: str, raw: bytes) -> bytes:
        return b"M 100644 inline " + path.encode("utf-8") + b"\n" + b"data %d\n" % len(raw) + raw + b"\n"

    setup = [modify(p, b) for p, b in tree.files.items() if not p.startswith("content/")]
    if wanted == 0 or not events:
        setup += [modify(p, b) for p, b in tree.files.items() if p.startswith("content/")]
        commit(1, tree.first_commit, ("政务公开办", "gov-office@example.gov.cn"), "登记单位、网站、账号和信息", setup)
        return b"".join(out)
    commit(1, tree.first_commit, ("政务公开办", "gov-office@example.gov.cn"), "登记单位、网站和账号", setup)
    groups = min(wanted, len(events))
    size, extra = divmod(len(events), groups)
    start = 0
    for g in range(groups):
        batch = events[start : start + size + (1 if g < extra else 0)]
        start += len(batch)
        ops: list[bytes] = []
        for ev in batch:
            if ev.data is None:
                ops.append(f'R "{ev.old}" "{ev.path}"\n'.encode())
            else:
                ops.append(modify(ev.path, ev.data))
        last = batch[-1]
        when = max(ev.when for ev in batch) + dt.timedelta(minutes=1)
        who = (last.author.name, f"{last.author.login or 'editor'}@example.gov.cn") if last.author else ("编辑", "editor@example.gov.cn")
        message = f"{last.verb}\uff1a{last.title}" + (f" 等 {len(batch)} 项" if len(batch) > 1 else "") + f" (#{g + 1})"
        commit(g + 2, when, who, message, ops)
    return b"".join(out)


def _pad_events(rng: random.Random, tree: Tree, events: list[Event], count: int) -> list[Event]:
    """``count`` extra commits' worth of body corrections, spread over the days after publication.

    A corrected item goes through drafts (its final body with a proofreading
    note) and ends with its final bytes, so the history still ends in ``tree``.
    """
    latest = {e.path: e for e in events if e.data is not None and e.data == tree.files.get(e.path)}
    candidates = sorted(latest)
    drafts = dict.fromkeys(candidates, 0)
    for k in range(count):
        drafts[candidates[rng.randrange(len(candidates))] if k >= len(candidates) else candidates[k]] += 1
    extra: list[Event] = []
    limit = dt.datetime.combine(TODAY, dt.time(), TZ)
    for path, n in drafts.items():
        base = latest[path]
        when = base.when
        for step in range(1, n + 1):
            later = when + dt.timedelta(minutes=rng.randint(30, 4320))
            when = later if later < limit else when + dt.timedelta(seconds=1)
            marker = f"\n<!-- 校对第{step}稿 -->\n".encode()
            extra.append(Event(when, path, tree.files[path] + marker, author=base.author, title=base.title, verb="校对"))
        if n:
            extra.append(Event(when + dt.timedelta(seconds=1), path, tree.files[path], author=base.author, title=base.title, verb="定稿"))
    return sorted(events + extra, key=lambda e: e.when)


def commit_history(out: Path, tree: Tree, commits: int, seed: int = 0) -> None:
    """Make ``out`` a git repository whose ``main`` has ``commits`` commits ending in ``tree``."""
    env = git_env()
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True, env=env)
    stream = fast_import_stream(tree, commits, seed)
    subprocess.run(["git", "fast-import", "--quiet", "--done"], cwd=out, input=stream + b"done\n", check=True, env=env)
    subprocess.run(["git", "read-tree", "HEAD"], cwd=out, check=True, env=env)
    subprocess.run(["git", "update-index", "-q", "--refresh"], cwd=out, check=False, env=env, stdout=subprocess.DEVNULL)


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成确定性的合成登记库(基准测试用)")
    parser.add_argument("out", type=Path, help="输出目录(不存在或为空)")
    parser.add_argument("--scale", choices=sorted(SCALES), help="预设规模;单项参数可覆盖")
    for name in ("units", "accounts", "sites", "content"):
        parser.add_argument(f"--{name}", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--commits", type=int, default=0, help="同时生成 N 个提交的 git 历史(git fast-import)")
    parser.add_argument("--force", action="store_true", help="先删除已有的输出目录")
    args = parser.parse_args(argv)
    sizes = dict(SCALES[args.scale or "city"])
    for name in sizes:
        if getattr(args, name) is not None:
            sizes[name] = getattr(args, name)
    if args.force and args.out.exists():
        shutil.rmtree(args.out)
    generate(args.out, seed=args.seed, commits=args.commits, **sizes)
    files = sum(1 for p in args.out.rglob("*") if p.is_file() and ".git" not in p.parts)
    print(f"{args.out}: {files} files ({sizes}, seed {args.seed}" + (f", {args.commits} commits" if args.commits else "") + ")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
