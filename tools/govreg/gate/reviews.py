"""Pull-request reviews as the forges return them, normalised to one shape.

GitHub ``GET /repos/{owner}/{repo}/pulls/{n}/reviews`` and Gitea/Forgejo
``GET /repos/{owner}/{repo}/pulls/{index}/reviews`` differ in their state names
(``CHANGES_REQUESTED``/``COMMENTED``/``DISMISSED`` against ``REQUEST_CHANGES``/
``COMMENT``/``REQUEST_REVIEW`` plus the ``stale`` and ``dismissed`` flags).
:func:`parse_reviews` accepts either (detected from the objects, or named) and
returns :class:`ForgeReview` values and findings; it never raises on bad input.

A reviews file is either the API's list as returned, or an object
``{"pull_request": {...}, "reviews": [...]}`` where ``pull_request`` is the
forge's pull-request object (``number``, ``user.login``, ``head.sha``,
``base.sha``), so a recorded payload carries everything the gate needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from .. import jsonio
from ..findings import Finding
from .codes import REVIEWS_INVALID

Forge = Literal["github", "gitea"]
ReviewState = Literal["approved", "changes_requested", "commented", "dismissed", "pending", "review_requested"]

FORGES: tuple[Forge, ...] = ("github", "gitea")

_STATES: dict[str, ReviewState] = {
    # GitHub
    "APPROVED": "approved",
    "CHANGES_REQUESTED": "changes_requested",
    "COMMENTED": "commented",
    "DISMISSED": "dismissed",
    "PENDING": "pending",
    # Gitea / Forgejo
    "REQUEST_CHANGES": "changes_requested",
    "COMMENT": "commented",
    "REQUEST_REVIEW": "review_requested",
}
_GITEA_ONLY_STATES = frozenset({"REQUEST_CHANGES", "COMMENT", "REQUEST_REVIEW"})
_GITHUB_ONLY_STATES = frozenset({"CHANGES_REQUESTED", "COMMENTED", "DISMISSED"})
_GITEA_KEYS = frozenset({"stale", "official", "dismissed", "team", "comments_count"})
_GITHUB_KEYS = frozenset({"author_association", "node_id", "_links"})


@dataclass(frozen=True, slots=True)
class ForgeReview:
    """One review, whichever forge it came from."""

    index: int  # position in the payload (the API lists reviews oldest first)
    login: str
    state: ReviewState
    commit_id: str | None
    submitted_at: datetime | None
    stale: bool = False  # Gitea marks reviews made before a later push
    dismissed: bool = False
    review_id: str | None = None
    body: str = ""  # the reviewer's comment (the 发布意见 of a final review)

    @property
    def key(self) -> str:
        return self.login.casefold()

    def sort_key(self) -> tuple[float, int]:
        return (self.submitted_at.timestamp() if self.submitted_at else float("inf"), self.index)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.review_id,
            "login": self.login,
            "state": self.state,
            "commit_id": self.commit_id,
            "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
            "stale": self.stale,
            "dismissed": self.dismissed,
        }


@dataclass(frozen=True, slots=True)
class PullRequest:
    """What the gate needs to know about the pull request itself."""

    number: int | None = None
    author: str | None = None
    head_sha: str | None = None
    base_sha: str | None = None

    @classmethod
    def from_api(cls, data: Any) -> PullRequest:
        """From a GitHub or Gitea pull-request object (both use these field names)."""
        if not isinstance(data, dict):
            return cls()
        number = data.get("number")
        user = data.get("user")
        head = data.get("head")
        base = data.get("base")
        return cls(
            number=number if isinstance(number, int) else None,
            author=user.get("login") if isinstance(user, dict) and isinstance(user.get("login"), str) else None,
            head_sha=head.get("sha") if isinstance(head, dict) and isinstance(head.get("sha"), str) else None,
            base_sha=base.get("sha") if isinstance(base, dict) and isinstance(base.get("sha"), str) else None,
        )


def detect_forge(items: list[Any]) -> Forge:
    """GitHub or Gitea, from the review objects' keys and state names (GitHub when undecidable)."""
    gitea = github = 0
    for item in items:
        if not isinstance(item, dict):
            continue
        keys = item.keys()
        gitea += len(_GITEA_KEYS & keys) + (item.get("state") in _GITEA_ONLY_STATES)
        github += len(_GITHUB_KEYS & keys) + (item.get("state") in _GITHUB_ONLY_STATES)
    return "gitea" if gitea > github else "github"


def parse_time(value: Any) -> datetime | None:
    """An RFC 3339 time as the forges print it; ``None`` for absent or Gitea's zero time."""
    if not isinstance(value, str) or not value or value.startswith("0001-01-01"):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def parse_reviews(items: Any, source: str = "", forge: Forge | None = None) -> tuple[list[ForgeReview], list[Finding]]:
    """Normalise a list of review objects; bad entries become findings and are skipped."""
    findings: list[Finding] = []
    if not isinstance(items, list):
        return [], [REVIEWS_INVALID(source, detail="应为审核对象的列表（JSON 数组）")]
    shape = forge or detect_forge(items)
    out: list[ForgeReview] = []
    for i, item in enumerate(items):
        where = f"第 {i + 1} 条"
        if not isinstance(item, dict):
            findings.append(REVIEWS_INVALID(source, detail=f"{where}不是对象"))
            continue
        raw_state = item.get("state")
        state = _STATES.get(raw_state) if isinstance(raw_state, str) else None
        if state is None:
            findings.append(REVIEWS_INVALID(source, detail=f"{where}的状态 state={raw_state!r} 无法识别"))
            continue
        user = item.get("user")
        login = user.get("login") if isinstance(user, dict) else None
        if not isinstance(login, str) or not login:
            if state in ("approved", "changes_requested"):
                findings.append(REVIEWS_INVALID(source, detail=f"{where}没有审核人账号（user.login），不计入"))
            continue
        submitted = parse_time(item.get("submitted_at"))
        if submitted is None and state in ("approved", "changes_requested"):
            findings.append(REVIEWS_INVALID(source, detail=f"{where}（{login}）没有有效的提交时间 submitted_at，不计入"))
            continue
        commit = item.get("commit_id")
        review_id = item.get("id")
        dismissed = state == "dismissed" or (shape == "gitea" and item.get("dismissed") is True)
        out.append(
            ForgeReview(
                index=i,
                login=login,
                state=state,
                commit_id=commit.lower() if isinstance(commit, str) and commit else None,
                submitted_at=submitted,
                stale=shape == "gitea" and item.get("stale") is True,
                dismissed=dismissed,
                review_id=str(review_id) if review_id is not None else None,
                body=item["body"] if isinstance(item.get("body"), str) else "",
            )
        )
    return out, findings


def load_reviews_file(text: str, source: str, forge: Forge | None = None) -> tuple[PullRequest, list[ForgeReview], list[Finding]]:
    """A recorded payload: the API list, or ``{"pull_request": {...}, "reviews": [...]}``."""
    try:
        data = jsonio.loads(text)  # capped in size and depth (issue 12)
    except jsonio.JsonRefused as exc:
        return PullRequest(), [], [REVIEWS_INVALID(source, line=exc.line, column=exc.column, detail=str(exc))]
    pull = PullRequest()
    if isinstance(data, dict):
        pull = PullRequest.from_api(data.get("pull_request"))
        if "reviews" not in data:
            return pull, [], [REVIEWS_INVALID(source, detail="是对象，但没有 reviews 列表")]
        data = data["reviews"]
    reviews, findings = parse_reviews(data, source, forge)
    return pull, reviews, findings
