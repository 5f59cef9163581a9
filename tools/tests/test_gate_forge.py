"""Reading reviews from the forge API: recorded payloads served by a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from gate_fixture import DATA, GatePR, content

from govreg.gate.forge import ForgeClient, ForgeError
from govreg.gate.reviews import detect_forge, load_reviews_file, parse_reviews

from conftest import GitRepo, run_cli


class FakeForge:
    """Routes: path (with query) → (status, headers, JSON body). Records every request's path and (lower-cased) headers."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], Any]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        forge = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                forge.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                status, headers, body = forge.routes.get(self.path, (404, {}, {"message": "Not Found"}))
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake() -> Iterator[FakeForge]:
    server = FakeForge()
    yield server
    server.close()


@pytest.fixture
def pr(git_repo: GitRepo) -> GatePR:
    return GatePR(git_repo).open({"content/edu/notice.md": content("edu", "edu-wechat")})


def pull_object(pr: GatePR, author: str = "zhang-handler") -> dict[str, Any]:
    return {"number": 12, "state": "open", "title": "更新通知", "user": {"login": author, "id": 1000},
            "head": {"sha": pr.head, "ref": "pr"}, "base": {"sha": pr.base, "ref": "main"}}


# ---------------------------------------------------------------- shapes


@pytest.mark.parametrize(
    ("name", "forge"),
    [("github_complete.json", "github"), ("github_changes_requested.json", "github"), ("gitea_stale.json", "gitea"), ("gitea_changes_requested.json", "gitea")],
)
def test_detect_forge(name: str, forge: str) -> None:
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    items = data["reviews"] if isinstance(data, dict) else data
    assert detect_forge(items) == forge


def test_states_are_normalised() -> None:
    gitea = json.loads((DATA / "gitea_changes_requested.json").read_text(encoding="utf-8"))
    reviews, findings = parse_reviews(gitea, "x.json")
    assert [r.state for r in reviews] == ["approved", "changes_requested", "review_requested"]
    assert reviews[2].submitted_at is None  # Gitea's zero time for a pending request
    assert findings == []
    github = json.loads((DATA / "github_dismissed.json").read_text(encoding="utf-8"))
    reviews, _ = parse_reviews(github, "y.json")
    assert [r.state for r in reviews] == ["approved", "dismissed"] and reviews[1].dismissed


def test_envelope_and_bad_shapes() -> None:
    pull, reviews, findings = load_reviews_file((DATA / "gitea_complete.json").read_text(encoding="utf-8"), "g.json")
    assert pull.number == 12 and pull.author == "zhang-handler" and len(reviews) == 3 and not findings
    _, _, findings = load_reviews_file('{"pull_request": {}}', "e.json")
    assert [f.code for f in findings] == ["gate-reviews-invalid"]
    _, reviews, findings = load_reviews_file('[{"state": "APPROVED", "user": null, "submitted_at": "2026-11-20T02:00:00Z"}]', "n.json")
    assert reviews == [] and "user.login" in findings[0].message


# ---------------------------------------------------------------- fetching


def test_github_fetch_follows_link_pages(fake: FakeForge, pr: GatePR) -> None:
    reviews = pr.payload("github_complete.json")
    base = "/repos/wuzhong-gov/govreg/pulls/12"
    fake.routes[base] = (200, {}, pull_object(pr))
    fake.routes[f"{base}/reviews?per_page=100&page=1"] = (200, {"Link": f'<{fake.url}{base}/reviews?per_page=100&page=2>; rel="next"'}, reviews[:2])
    fake.routes[f"{base}/reviews?per_page=100&page=2"] = (200, {}, reviews[2:])
    client = ForgeClient("github", fake.url, "wuzhong-gov/govreg", "secret-token")
    assert client.pull_request(12).head_sha == pr.head
    assert client.reviews(12) == reviews
    auth = {headers.get("authorization") for _, headers in fake.requests}
    assert auth == {"Bearer secret-token"}
    assert all(h.get("x-github-api-version") == "2022-11-28" for _, h in fake.requests)


def test_gitea_fetch_pages_without_link(fake: FakeForge, pr: GatePR) -> None:
    one = pr.payload("gitea_complete.json")["reviews"][1]
    page1 = [dict(one, id=i) for i in range(50)]
    base = "/api/v1/repos/wz/govreg/pulls/7/reviews"
    fake.routes[f"{base}?limit=50&page=1"] = (200, {}, page1)
    fake.routes[f"{base}?limit=50&page=2"] = (200, {}, [dict(one, id=99)])
    client = ForgeClient("gitea", f"{fake.url}/api/v1", "wz/govreg", "gitea-token")
    assert len(client.reviews(7)) == 51
    assert {h.get("authorization") for _, h in fake.requests} == {"token gitea-token"}


def test_http_errors_are_chinese_messages(fake: FakeForge) -> None:
    fake.routes["/repos/a/b/pulls/1"] = (401, {}, {"message": "Bad credentials"})
    client = ForgeClient("github", fake.url, "a/b", "wrong")
    with pytest.raises(ForgeError, match="令牌无效"):
        client.pull_request(1)
    with pytest.raises(ForgeError, match="HTTP 404"):
        client.reviews(2)


def test_token_only_over_https() -> None:
    with pytest.raises(ForgeError, match="HTTPS"):
        ForgeClient("gitea", "http://git.wuzhong.gov.cn/api/v1", "a/b", "t")
    with pytest.raises(ForgeError, match="owner/name"):
        ForgeClient("github", "https://api.github.com", "../etc", "t")


def test_redirect_to_another_host_drops_the_token(fake: FakeForge) -> None:
    other = FakeForge()
    try:
        other.routes["/moved"] = (200, {}, [])
        fake.routes["/repos/a/b/pulls/3/reviews?per_page=100&page=1"] = (302, {"Location": f"{other.url.replace('127.0.0.1', 'localhost')}/moved"}, {})
        client = ForgeClient("github", fake.url, "a/b", "secret")
        assert client.reviews(3) == []
        assert fake.requests[0][1].get("authorization") == "Bearer secret"
        assert "authorization" not in other.requests[0][1]
    finally:
        other.close()


def test_cli_fetches_reviews_with_token_from_environment(fake: FakeForge, pr: GatePR, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = "/repos/wuzhong-gov/govreg/pulls/12"
    fake.routes[base] = (200, {}, pull_object(pr))
    fake.routes[f"{base}/reviews?per_page=100&page=1"] = (200, {}, pr.payload("github_complete.json"))
    monkeypatch.setenv("GITHUB_TOKEN", "ci-token")
    monkeypatch.setenv("GITHUB_REPOSITORY", "wuzhong-gov/govreg")
    monkeypatch.setenv("GOVREG_PR_NUMBER", "12")
    monkeypatch.setenv("GITHUB_API_URL", fake.url)
    saved = tmp_path / "12.json"
    code, out, err = run_cli("gate", str(pr.repo.root), "--format", "json", "--save-reviews", str(saved))
    assert code == 0, out + err
    result = json.loads(out)
    assert result["pr"] == 12 and result["author"] == "zhang-handler" and result["base"] == pr.base
    assert fake.requests[0][1]["authorization"] == "Bearer ci-token"
    stored = json.loads(saved.read_text(encoding="utf-8"))
    assert stored["pull_request"]["number"] == 12 and len(stored["reviews"]) == 3


def test_cli_forge_failure_fails_the_gate(fake: FakeForge, pr: GatePR, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITEA_ACTIONS", "true")
    monkeypatch.setenv("GITEA_TOKEN", "t")
    code, out, err = run_cli(
        "gate", str(pr.repo.root), "--api-url", f"{fake.url}/api/v1", "--repo", "wz/govreg", "--pr", "5",
        "--author", "zhang-handler", "--base", pr.base, "--head", pr.head, "--format", "json",
    )
    assert code == 1 and "Traceback" not in err
    result = json.loads(out)
    assert any(f["code"] == "gate-forge-error" and "HTTP 404" in f["message"] for f in result["findings"])
    assert fake.requests[0][0] == "/api/v1/repos/wz/govreg/pulls/5"
    assert fake.requests[0][1]["authorization"] == "token t"
