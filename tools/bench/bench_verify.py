"""Benchmark 查验 at city scale: the index's size, and keystroke-to-verdict time in Chromium.

Generates a city-scale tree with :mod:`generate` (300 units, 3,000 accounts) and, in the same
run, the sample-sized baseline (the repository's own sample data).  For each it renders the
verify index and the confusables table exactly as the site does (``govreg.site.verify.render``),
serves a page with the real ``tools/govreg/site/overrides/assets/verify.js`` from 127.0.0.1 (every other request is
blocked) and drives headless Debian chromium:

- **size**: bytes of ``verify-index.json`` (raw and gzip), against ``registry.json`` of the same tree;
- **keystroke → verdict**: from the ``keydown`` (or ``beforeinput``, for a Chinese character) of the query's last character to the verdict card
  in the DOM (after the next frame), median over ``--repeat`` keystrokes for each kind of query
  (name, handle, pasted link, impostor name, confusable handle).  The baseline in the same page
  is an echo handler (``keydown`` → the typed text written into the page → next frame), so the
  ratio says what the verdict costs above a keystroke's bare handling.

Usage: ``python tools/bench/bench_verify.py [--repeat 15]`` (about a minute).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from govreg.identity import LookalikeSettings  # noqa: E402
from govreg.repository import load_repository  # noqa: E402
from govreg.site import paths  # noqa: E402
from govreg.site.data import public_data  # noqa: E402
from govreg.site.opendata import render as render_opendata  # noqa: E402
from govreg.site.verify import render as render_verify  # noqa: E402

TODAY = dt.date(2026, 11, 26)
PAGE = """<!doctype html><html lang="zh"><meta charset="utf-8"><title>bench</title>
<form class="govreg-check govreg-verify"><input type="search" name="q" id="govreg-q"><button>查验</button></form>
<div id="govreg-verdict"></div><input id="echo-box"><div id="echo"></div>
<script src="../assets/verify.js" data-index="../data/verify-index.json" data-confusables="../data/confusables.json" data-accounts="../account/"></script>
<script>
  document.getElementById("echo-box").addEventListener("input", e => { document.getElementById("echo").textContent = e.target.value; });
</script></html>"""

ARM = """([selector, target, query]) => {
  const box = document.querySelector(selector);
  box.value = query.slice(0, -1);
  box.focus();
  window.__result = new Promise(resolve => {
    let start = 0;
    const done = () => requestAnimationFrame(() => resolve(performance.now() - start));
    const observer = new MutationObserver(() => {
      const node = document.querySelector(target);
      if (start && node && (node.getAttribute('data-query') === query || node.textContent === query)) { observer.disconnect(); done(); }
    });
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    // keydown for a key press; beforeinput for a character typed through an input method (Chinese)
    const mark = () => { if (!start) start = performance.now(); };
    box.addEventListener('keydown', mark, {once: true, capture: true});
    box.addEventListener('beforeinput', mark, {once: true, capture: true});
  });
}"""


def once(page: Any, selector: str, target: str, query: str) -> float:
    page.evaluate(ARM, [selector, target, query])
    page.keyboard.type(query[-1])
    return float(page.evaluate("() => window.__result"))


def site_files(root: Path, out: Path) -> dict[str, int]:
    repo = load_repository(root)
    data = public_data(repo, TODAY)
    sizes: dict[str, int] = {}
    for path, text in [*render_verify(data, repo.config.platforms, LookalikeSettings().decorations), *render_opendata(data)]:
        if path in (paths.VERIFY_INDEX, paths.CONFUSABLES, paths.REGISTRY_JSON):
            raw = text.encode("utf-8")
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_bytes(raw)
            sizes[path] = len(raw)
            sizes[path + ".gz"] = len(gzip.compress(raw, 9))
    (out / "assets").mkdir(exist_ok=True)
    (out / "assets/verify.js").write_text((REPO / "tools/govreg/site/overrides/assets/verify.js").read_text(encoding="utf-8"), encoding="utf-8")
    (out / "verify").mkdir(exist_ok=True)
    (out / "verify/index.html").write_text(PAGE, encoding="utf-8")
    index = json.loads((out / paths.VERIFY_INDEX).read_text(encoding="utf-8"))
    sizes["accounts"] = len(index["accounts"])
    return sizes


def queries(root: Path) -> dict[str, str]:
    repo = load_repository(root)
    accounts = sorted(repo.accounts.values(), key=lambda a: a.id)
    some = accounts[len(accounts) // 2]
    linked = next(a for a in accounts[len(accounts) // 3 :] if a.url is not None)
    wechat = next(a for a in accounts if a.platform == "wechat")
    return {
        "name": some.name,
        "handle (upper case)": some.handle.upper(),
        "pasted link, no scheme, tracking": str(linked.url).split("://", 1)[1] + ("&" if "?" in str(linked.url) else "?") + "from=share",
        "impostor name": some.name + "官方",
        "confusable handle": wechat.handle[:-1] + {"a": "а", "o": "о", "e": "е"}.get(wechat.handle[-1], "Ь"),
    }


def measure(root: Path, repeat: int, browser: Any) -> tuple[dict[str, int], dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        sizes = site_files(root, site)

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        outside: list[str] = []
        context = browser.new_context(viewport={"width": 390, "height": 844})

        def route(r: Any) -> None:
            if urlsplit(r.request.url).hostname == "127.0.0.1":
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        try:
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/verify/")
            page.locator("html[data-verify-ready]").wait_for(state="attached")
            times: dict[str, float] = {}
            echo = [once(page, "#echo-box", "#echo", f"x{i}y") for i in range(repeat)]
            times["baseline: echo keystroke"] = statistics.median(echo)
            for label, query in queries(root).items():
                runs = [once(page, "#govreg-q", "#govreg-verdict", query) for _ in range(repeat)]
                times[label] = statistics.median(runs)
        finally:
            context.close()
            server.shutdown()
            server.server_close()
        assert not outside, outside
        return sizes, times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        city = Path(tmp) / "city"
        generate(city, units=300, accounts=3000, sites=20, content=10)
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"])
        try:
            results = {"sample": measure(REPO, args.repeat, browser), "city": measure(city, args.repeat, browser)}
        finally:
            browser.close()
    for name, (sizes, _) in results.items():
        index, registry = sizes[paths.VERIFY_INDEX], sizes[paths.REGISTRY_JSON]
        print(
            f"{name}: {sizes['accounts']:,} accounts; verify-index.json {index:,} B (gzip {sizes[paths.VERIFY_INDEX + '.gz']:,} B), "
            f"{index / registry:.2f}x registry.json ({registry:,} B); confusables.json {sizes[paths.CONFUSABLES]:,} B "
            f"(gzip {sizes[paths.CONFUSABLES + '.gz']:,} B)"
        )
    print(f"\nkeystroke -> verdict in chromium (median of {args.repeat}; ratio against the echo baseline of the same page)")
    print(f"  {'query':<36} {'sample ms':>10} {'ratio':>7} {'city ms':>10} {'ratio':>7}")
    sample, city = results["sample"][1], results["city"][1]
    for label in city:
        print(
            f"  {label:<36} {sample[label]:10.1f} {sample[label] / sample['baseline: echo keystroke']:7.1f}"
            f" {city[label]:10.1f} {city[label] / city['baseline: echo keystroke']:7.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
