"""The 铸牢中华民族共同体意识主线 pre-review in the sign-off gate (第十二条): one more chain, before the section head.

An item that needs the pre-review (flagged ``ethnic: true`` or touching a topic of
``config/pre-review-topics.yaml`` — the same test as the ``pre-review-missing`` rule,
:func:`govreg.topics.needs_pre_review`) needs an approval on the PR's head from a
``pre-reviewer`` of the roster at base (of a unit listed in ``pre_review.units`` when
configured), and that approval must come **before** the section head's (复审).

Kept in its own module so that the gate's core only asks for the chain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..datalists import load_data_list, load_default
from ..findings import Rule
from ..models import ContentItem
from ..rules.content_pre_review import PreReviewSettings
from ..topics import FILE, TopicList, TopicMatcher, needs_pre_review

if TYPE_CHECKING:
    from ..repository import Repository
    from .core import Chain, _Evaluation

PRE_REVIEW_MISSING = Rule(
    "gate-pre-review-missing",
    "缺少铸牢中华民族共同体意识前置审核",
    "{why}，须经铸牢中华民族共同体意识主线前置审核，本 PR 中没有 pre-reviewer 的有效批准{detail}",
    article="第十二条",
    hint="请由名册中角色为 pre-reviewer 的审核人（担任前置审核的单位见 config/govreg.yaml 的 pre_review）在复审之前、在 PR 最新提交上批准，并在 pre_review 中记录。",
)
PRE_REVIEW_ORDER = Rule(
    "gate-pre-review-order",
    "前置审核晚于复审",
    "前置审核（{who}，{at}）晚于复审（{head}，{head_at}）；前置审核通过后才进入复审",
    article="第十二条",
    hint="请承办科室负责人在前置审核之后重新批准（先撤销原批准或在新提交上再次批准）。",
)
RULES = (PRE_REVIEW_MISSING, PRE_REVIEW_ORDER)


_ATTR = "_govreg_pre_review_topics"


def preload_topics(repo: Repository) -> None:
    """Read the topic list of a snapshot while its files exist: the base's list, so a PR cannot shorten the list it is judged by.

    A missing or bad file gives the packaged default (``govreg check`` reports a bad file).
    """
    loaded = load_data_list(repo.root, FILE, TopicList)
    repo.__dict__[_ATTR] = TopicMatcher(loaded.value)


def topics_of(repo: Repository) -> TopicMatcher:
    """The list :func:`preload_topics` read for ``repo``, else the packaged default."""
    found = repo.__dict__.get(_ATTR)
    return found if isinstance(found, TopicMatcher) else default_topics()


def default_topics() -> TopicMatcher:
    return TopicMatcher(load_default(FILE, TopicList))


def pre_review_chain(ev: _Evaluation, path: str, item: ContentItem, topics: TopicMatcher) -> Chain | None:
    """The pre-review chain of one changed content item, or ``None`` when the item does not need it."""
    from .core import Chain, Step, _fmt_time

    entry = ev.head.entries.get(path)
    needed, hit = needs_pre_review(item, entry.doc.body if entry is not None else "", topics)
    if not needed:
        return None
    raw = (ev.base.config.model_extra or {}).get("pre_review")
    try:
        units = PreReviewSettings.model_validate(raw or {}).units
    except ValueError:
        units = []  # reported by ``govreg check`` (config-invalid)
    step = Step("pre-review")
    chain = Chain("pre-review", path, f"前置审核：{item.title}", [path], [step])
    step.candidates = ev._candidates("pre-review", lambda m: not units or m.unit.id in units)
    named = item.pre_review.by if item.pre_review is not None else None
    chosen = next((c for c in step.candidates if c.person_id == named), None) or (step.candidates[0] if step.candidates else None)
    why = f"信息「{item.title}」{'中有「' + hit.term + '」' if hit else '标为涉及民族、宗教事务'}"
    if chosen is None:
        detail = f"（担任前置审核的单位：{'、'.join(units)}）" if units else ""
        loc: tuple[str, ...] = ("pre_review",) if named else ("title",) if hit is not None and hit.part == "title" else ()
        chain.problems.append(PRE_REVIEW_MISSING(path, loc=loc, why=why, detail=detail))
    else:
        step.status, step.signer = "done", chosen
        unit_chain = next((c for c in ev.chains if c.kind == "unit" and c.subject == item.unit), None)
        second = next((s for s in unit_chain.steps if s.key == "section-head"), None) if unit_chain else None
        head = second.signer if second is not None else None
        if head is not None and head.at is not None and chosen.at is not None and chosen.at > head.at:
            chain.problems.append(
                PRE_REVIEW_ORDER(path, who=f"{chosen.name}（@{chosen.login}）", at=_fmt_time(chosen.at), head=f"{head.name}（@{head.login}）", head_at=_fmt_time(head.at))
            )
    ev.findings.extend(chain.problems)
    return chain
