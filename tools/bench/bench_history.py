"""Benchmark govreg.history.read_history against a bare ``git log`` on the same repository.

Builds, deterministically and in a temporary directory, a repository of
``--commits`` commits (default 6,000) with ``git fast-import``: content items
added, their bodies edited, ``published_at`` changed, renamed within a column,
moved to another column, deleted, plus commits touching only ``accounts/``.
Then times, ``--repeat`` times each (median reported):

* baseline: ``git log --raw --format=%H -- content`` (a bare log, output discarded);
* ``git log`` exactly as read_history runs it (``-z -M --no-abbrev --reverse --first-parent``);
* ``read_history(root)``;
* ``read_history(root, with_front_matter=True)``.

Usage: ``python tools/bench/bench_history.py [--commits N] [--repeat R] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from govreg.history import _FORMAT, read_history

SEED = 20261126
COLUMNS = ["新闻动态", "通知公告", "政策文件", "政策解读", "人事信息", "财政预决算", "建议提案办理", "便民服务"]
SOURCES = ["吴忠市人民政府办公室", "新华社", "人民日报", "中国政府网", "宁夏回族自治区人民政府"]
WORDS = [
    "全市",
    "各部门",
    "认真贯彻",
    "落实",
    "安全生产",
    "专项检查",
    "政务公开",
    "信息发布",
    "审核",
    "工作要求",
    "群众",
    "服务",
    "推进",
    "高质量发展",
    "乡村振兴",
    "营商环境",
    "通知如下",
    "特此公告",
    "。",
    ",",
]
EPOCH = 1735689600  # 2025-01-01T00:00:00Z


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    return env


def _item(rng: random.Random, title: str, published_at: str, source: str) -> str:
    paragraphs = ["".join(rng.choice(WORDS) for _ in range(rng.randint(30, 90))) for _ in range(rng.randint(2, 6))]
    return (
        f"---\ntitle: {title}\ncolumn: {title[:2]}\npublished_at: {published_at}\n"
        f"source:\n  name: {source}\n  url: https://www.nx.gov.cn/\nreview:\n  handler: 张三\n  section_head: 李四\n"
        f"  leader: 王五\n---\n\n" + "\n\n".join(paragraphs) + "\n"
    )


def build_stream(commits: int) -> tuple[bytes, dict[str, int]]:
    """A fast-import stream of ``commits`` commits on refs/heads/main (deterministic)."""
    rng = random.Random(SEED)
    out: list[bytes] = []
    files: dict[str, tuple[str, str, str]] = {}  # path → (title, published_at, source)
    counts = dict.fromkeys(("add", "body", "published_at", "rename", "move", "delete", "accounts"), 0)
    serial = 0

    def data(payload: str) -> None:
        raw = payload.encode("utf-8")
        out.append(b"data %d\n" % len(raw) + raw + b"\n")

    for n in range(1, commits + 1):
        when = EPOCH + n * 3600
        kind = rng.choices(
            ["add", "body", "published_at", "rename", "move", "delete", "accounts"],
            weights=[25, 42, 5, 5, 5, 3, 15],
        )[0]
        if not files or (kind in ("body", "published_at", "rename", "move", "delete") and len(files) < 20):
            kind = "add"
        counts[kind] += 1
        ops: list[str] = []
        payloads: list[str] = []
        if kind == "add":
            serial += 1
            column = rng.choice(COLUMNS)
            path = f"content/{column}/{2025 + serial % 2}-{serial:05d}.md"
            meta = (
                f"关于{rng.choice(WORDS)}{rng.choice(WORDS)}的通知{serial}",
                f"2025-{1 + serial % 12:02d}-{1 + serial % 28:02d}T09:00:00+08:00",
                rng.choice(SOURCES),
            )
            files[path] = meta
            ops.append(f"M 100644 inline {path}")
            payloads.append(_item(rng, *meta))
            message = f"新增 {meta[0]}"
        elif kind in ("body", "published_at"):
            path = rng.choice(sorted(files))
            title, published_at, source = files[path]
            if kind == "published_at":
                published_at = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T10:{n % 60:02d}:00+08:00"
                files[path] = (title, published_at, source)
            ops.append(f"M 100644 inline {path}")
            payloads.append(_item(rng, title, published_at, source))
            message = f"修改 {title} (#{n})" if n % 3 == 0 else f"修改 {title}"
        elif kind in ("rename", "move"):
            path = rng.choice(sorted(files))
            column = path.split("/")[1] if kind == "rename" else rng.choice([c for c in COLUMNS if c != path.split("/")[1]])
            serial += 1
            new = f"content/{column}/renamed-{serial:05d}.md"
            files[new] = files.pop(path)
            ops.append(f"R {path} {new}")
            message = f"Merge pull request #{n} from wuzhong/{kind}-{serial}"
        elif kind == "delete":
            path = rng.choice(sorted(files))
            del files[path]
            ops.append(f"D {path}")
            message = "删除过期信息"
        else:
            unit = f"u{rng.randint(1, 40):02d}"
            ops.append(f"M 100644 inline accounts/{unit}/weixin.yaml")
            payloads.append(f"id: weixin\nunit: {unit}\nname: 吴忠发布{n}\n")
            message = f"更新账号 {unit}"
        out.append(f"commit refs/heads/main\nmark :{n}\n".encode())
        out.append(f"author 张三 <zhangsan@wuzhong.gov.cn> {when} +0800\n".encode())
        out.append(f"committer 李四 <lisi@wuzhong.gov.cn> {when} +0800\n".encode())
        data(message)
        if n > 1:
            out.append(f"from :{n - 1}\n".encode())
        for op in ops:
            out.append(op.encode("utf-8") + b"\n")
            if op.startswith("M "):
                data(payloads.pop(0))
        out.append(b"\n")
    counts["files_at_head"] = len(files)
    return b"".join(out), counts


def build_repo(root: Path, commits: int) -> dict[str, int]:
    stream, counts = build_stream(commits)
    env = _git_env()
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=stream, check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True, env=env)
    return counts


def median_time(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm the page cache and imports
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--commits", type=int, default=6000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="govreg-bench-history-") as tmp:
        root = args.keep.resolve() if args.keep else Path(tmp) / "repo"
        start = time.perf_counter()
        counts = build_repo(root, args.commits)
        build = time.perf_counter() - start
        env = _git_env()
        os.environ.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})

        def bare_log() -> object:
            return subprocess.run(
                ["git", "log", "--raw", "--format=%H", "--", "content"], cwd=root, capture_output=True, check=True, env=env
            )

        def same_log() -> object:
            cmd = ["git", "log", "-z", "--raw", "-M", "--no-abbrev", "--reverse", f"--format={_FORMAT}", "--first-parent", "--", "content"]
            return subprocess.run(cmd, cwd=root, capture_output=True, check=True, env=env)

        history = read_history(root, with_front_matter=True)
        assert history.available and not history.shallow
        # renames and moves must not start new logical files
        assert len(history.files) == counts["add"], (len(history.files), counts["add"])
        assert sum(f.exists for f in history.files) == counts["files_at_head"]
        blobs = len({c.blob for c in history.changes if c.blob})
        problems = sum(1 for c in history.changes if c.blob and history.front_matter_problem(c) is not None)

        baseline = median_time(bare_log, args.repeat)
        rows = [
            ("baseline: git log --raw --format=%H -- content", baseline),
            ("git log as read_history runs it (-z -M --reverse ...)", median_time(same_log, args.repeat)),
            ("read_history(root)", median_time(lambda: read_history(root), args.repeat)),
            ("read_history(root, with_front_matter=True)", median_time(lambda: read_history(root, with_front_matter=True), args.repeat)),
        ]

    print(f"repository: {args.commits} commits built with git fast-import in {build:.2f} s; {counts}")
    print(
        f"read_history saw {len(history.commits)} commits touching content/, {len(history.changes)} file changes, "
        f"{len(history.files)} logical files, {blobs} distinct blobs, {problems} front-matter problems"
    )
    print(f"median of {args.repeat} runs (after one warm-up):")
    for label, seconds in rows:
        print(f"  {label:<58} {seconds * 1000:8.1f} ms  {seconds / baseline:5.2f}x baseline")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
