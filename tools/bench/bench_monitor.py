"""Benchmark ``govreg monitor``: 100 fixture sites × 50 pages on a local server, against a bare async fetch.

A registry of ``--sites`` (100) sites is written to a temporary folder (the
sample data plus generated ``sites/bench-NNN.yaml``, each with two columns
whose list pages are on the site).  A small asyncio HTTP/1.1 server (keep-alive,
ETag, 304) in a child process serves every site on 127.0.0.1: a home page with
the footer identity, dated entries and links to ``--pages`` − 3 articles and the
two column list pages — so one site is ``--pages`` pages (+ robots.txt).

Then, each in a fresh child process, in the same run:

(a) baseline — a bare ``httpx.AsyncClient`` GET of exactly the URLs the monitor
    fetches (same routing, same global concurrency, no robots, no per-host
    limit, no parsing, no cache);
(b) ``govreg monitor`` (run_monitor, ``--offline --resolve`` for every site, a fresh cache,
    politeness delay 0 so the figure is the software's, not the sleep's);
(c) the same again with the cache of (b): conditional requests.

Prints pages per second and peak memory (the child's maximum RSS) of (a) and (b),
the ratios (b)/(a), and the share of (b)'s bytes that (c) downloaded again
(target < 10 %).  Usage: ``python tools/bench/bench_monitor.py [--sites 100] [--pages 50]``.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TODAY = "2026-11-26"
SAMPLE_FOLDERS = ("units", "accounts", "config")


def domain(i: int) -> str:
    return f"www.bench{i:03d}.gov.cn"


# ---------------------------------------------------------------- the registry


def write_tree(root: Path, sites: int) -> None:
    for folder in SAMPLE_FOLDERS:
        shutil.copytree(REPO / folder, root / folder)
    (root / "sites").mkdir()
    with (root / "config" / "govreg.yaml").open("a", encoding="utf-8") as f:
        f.write("\nmonitor:\n  delay_seconds: 0\n  concurrency: 16\n  retries: 0\n  max_pages_per_site: 500\n")
    for i in range(sites):
        (root / "sites" / f"bench-{i:03d}.yaml").write_text(
            f"id: bench-{i:03d}\nname: 基准测试网站 {i}\ndomain: {domain(i)}\nkind: department\nowner: wuzhong-gov-office\n"
            f'site_code: "64030{i:05d}"\nicp: "宁ICP备{10000000 + i}号-1"\npsb: "宁公网安备 {64030200000000 + i}号"\nstatus: active\n'
            "columns:\n"
            f"  - {{id: news, name: 要闻, responsible_unit: wuzhong-gov-office, kind: news, update_every_days: 14, url: 'https://{domain(i)}/col/news/'}}\n"
            f"  - {{id: notices, name: 通知公告, responsible_unit: wuzhong-gov-office, kind: notice, url: 'https://{domain(i)}/col/notices/'}}\n",
            encoding="utf-8",
        )


# ---------------------------------------------------------------- the server (child process)


def page(host: str, path: str, pages: int) -> bytes | None:
    i = int(host[len("www.bench") : len("www.bench") + 3])
    filler = "<p>" + "政务公开信息正文内容。" * 60 + "</p>"
    items = "".join(f'<li><a href="/art/{k}.html">第 {k} 条信息</a><span>2026-11-{1 + k % 25:02d}</span></li>' for k in range(pages - 3))
    footer = f'<div class="footer">网站标识码:64030{i:05d} 宁ICP备{10000000 + i}号-1 宁公网安备 {64030200000000 + i}号</div>'
    head = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>基准</title></head><body>'
    if path == "/":
        body = f'<nav><a href="/col/news/">要闻</a><a href="/col/notices/">通知公告</a></nav><ul>{items}</ul>{filler}{footer}'
    elif path in ("/col/news/", "/col/notices/"):
        body = f"<ul>{items[:4000]}</ul>{filler}{footer}"
    elif path.startswith("/art/") and path.endswith(".html"):
        body = f"<h1>{path}</h1>{filler * 3}{footer}"
    else:
        return None
    return (head + body + "</body></html>").encode("utf-8")


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, pages: int) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1]
            headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            body = page(headers.get("host", "").split(":")[0], path, pages)
            if body is None:
                status, body, extra = "404 Not Found", b"not found", ""
            else:
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                extra = f"ETag: {etag}\r\nContent-Type: text/html; charset=utf-8\r\n"
                status = "200 OK"
                if headers.get("if-none-match") == etag:
                    status, body = "304 Not Modified", b""
            writer.write(f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\n{extra}\r\n".encode("latin-1") + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def serve(port_file: Path, pages: int) -> None:
    async def main() -> None:
        server = await asyncio.start_server(lambda r, w: _handle(r, w, pages), "127.0.0.1", 0)
        port_file.write_text(str(server.sockets[0].getsockname()[1]))
        async with server:
            await server.serve_forever()

    asyncio.run(main())


# ---------------------------------------------------------------- the clients (child processes)


def baseline(urls: list[str], port: int, concurrency: int) -> dict[str, Any]:
    sys.path.insert(0, str(REPO / "tools"))
    import httpx

    from govreg.monitor.net import Route, RoutingBackend, RoutingTransport

    async def main() -> int:
        import ssl

        routes = {u.split("/")[2]: Route("127.0.0.1", port, False) for u in urls}
        transport = RoutingTransport(ssl.create_default_context(), RoutingBackend(routes, offline=True), concurrency)
        limit = asyncio.Semaphore(concurrency)
        total = 0
        async with httpx.AsyncClient(transport=transport) as client:

            async def one(url: str) -> int:
                async with limit:
                    response = await client.get(url)
                    return len(response.content)

            for size in await asyncio.gather(*(one(u) for u in urls)):
                total += size
        return total

    started = time.perf_counter()
    size = asyncio.run(main())
    return {"seconds": time.perf_counter() - started, "pages": len(urls), "bytes": size}


def monitor(tree: Path, port: int, cache: Path) -> dict[str, Any]:
    sys.path.insert(0, str(REPO / "tools"))
    import datetime as dt

    from govreg.monitor.net import Route
    from govreg.monitor.run import run_monitor
    from govreg.repository import load_repository

    repo = load_repository(tree)
    routes = {s.domain: Route("127.0.0.1", port, False) for s in repo.sites.values()}
    started = time.perf_counter()
    result = run_monitor(repo, dt.date.fromisoformat(TODAY), routes=routes, offline=True, cache_dir=cache, with_accounts=False)
    seconds = time.perf_counter() - started
    snap = result.snapshot
    pages = sum(s.pages for s in snap.sites)
    return {
        "seconds": seconds, "pages": pages, "bytes": snap.traffic.bytes_downloaded, "served": snap.traffic.bytes_served,
        "not_modified": snap.traffic.not_modified, "findings": len([f for f in result.findings if f.severity.value != "info"]),
    }


def child(args: argparse.Namespace) -> None:
    if args.child == "baseline":
        out = baseline(json.loads(Path(args.urls).read_text()), args.port, 16)
    else:
        out = monitor(Path(args.tree), args.port, Path(args.cache))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["peak_mib"] = usage.ru_maxrss / 1024
    out["cpu"] = usage.ru_utime + usage.ru_stime
    print(json.dumps(out))


def spawn(*argv: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, *argv], check=True, capture_output=True, text=True,
                          env={**os.environ, "GOVREG_TODAY": TODAY})
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--child", choices=("baseline", "monitor"))
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--tree")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cache")
    parser.add_argument("--urls")
    parser.add_argument("--port-file")
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.port_file), args.pages)
        return
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        tree, cache, port_file = base / "repo", base / "cache", base / "port"
        write_tree(tree, args.sites)
        server = subprocess.Popen([sys.executable, __file__, "--serve", "--pages", str(args.pages), "--port-file", str(port_file)])
        try:
            for _ in range(100):
                if port_file.is_file() and port_file.read_text():
                    break
                time.sleep(0.05)
            port = port_file.read_text()
            first = spawn("--child", "monitor", "--tree", str(tree), "--port", port, "--cache", str(cache))
            # the bare fetch gets exactly the pages the monitor fetched: home, columns, every article
            urls = [f"https://{domain(i)}{p}" for i in range(args.sites)
                    for p in ["/", "/col/news/", "/col/notices/", *(f"/art/{k}.html" for k in range(args.pages - 3))]]
            (base / "urls.json").write_text(json.dumps(urls))
            bare = spawn("--child", "baseline", "--urls", str(base / "urls.json"), "--port", port)
            again = spawn("--child", "monitor", "--tree", str(tree), "--port", port, "--cache", str(cache))
        finally:
            server.terminate()
            server.wait()
    rate = {k: v["pages"] / v["seconds"] for k, v in (("bare", bare), ("monitor", first))}
    print(f"{args.sites} 个网站 × {args.pages} 页,本地服务器 127.0.0.1(同一次运行)")
    print(f"(a) 直接异步下载  {bare['pages']:6d} 页 {bare['seconds']:6.2f} 秒  {rate['bare']:8.1f} 页/秒  峰值内存 {bare['peak_mib']:6.1f} MiB")
    print(f"(b) govreg monitor {first['pages']:6d} 页 {first['seconds']:6.2f} 秒  {rate['monitor']:8.1f} 页/秒  峰值内存 {first['peak_mib']:6.1f} MiB"
          f"  (错误和警告 {first['findings']} 条)")
    print(f"    速度比 (b)/(a) = {rate['monitor'] / rate['bare']:.2f}(墙钟),CPU 时间比 (b)/(a) = {first['cpu'] / bare['cpu']:.2f}"
          f"(含载入登记库),内存比 (b)/(a) = {first['peak_mib'] / bare['peak_mib']:.2f}")
    share = again["bytes"] / first["bytes"] if first["bytes"] else 0.0
    print(f"(c) 带缓存再运行一次:下载 {again['bytes']:,} 字节,为 (b) 的 {share:.1%}(目标 < 10%),304 响应 {again['not_modified']} 次")


if __name__ == "__main__":
    main()
