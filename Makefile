# 两条命令:make site(检查并构建公开网站到 site/)与 make test(运行全部测试)。
# 首次运行时自动创建虚拟环境并安装依赖。
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# 依赖版本锁定在 requirements/constraints.txt(make lock 刷新);make setup、CI 和 gate 的受信任安装都用它
LOCK := requirements/constraints.txt
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)

.PHONY: setup check site test lint lock bench browser-deps clean

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -c $(LOCK) -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP)

# 浏览器测试需要 Debian 的 chromium 与中文字体(以 root 运行时自动安装)
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qiE 'wqy|noto.*cjk'; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; \
	  else echo "缺少 chromium 或中文字体,且无法自动安装(需要 root)"; exit 1; fi; \
	fi

check: setup
	$(BIN)/govreg check .

# 一次读取、一次检查:govreg site 先检查,通过后用同一份已载入的数据构建网站(MkDocs --strict)
site: setup
	$(BIN)/govreg site . --check --site-dir site

lint: setup
	$(BIN)/ruff check tools
	$(BIN)/mypy
	cd tools && ../$(BIN)/lint-imports --no-cache ../pyproject.toml

test: setup browser-deps lint
	$(BIN)/govreg schemas --check .
	$(BIN)/python -m pytest -n 2 tools/tests

# 刷新锁定的依赖版本(需要访问 PyPI);提交 requirements/constraints.txt 的变更
lock: setup
	$(BIN)/uv pip compile pyproject.toml --extra dev --upgrade --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
	  --custom-compile-command "make lock" --annotation-style line -o $(LOCK)

bench: setup
	$(BIN)/python tools/bench/targets.py
	$(BIN)/python tools/bench/bench_check.py --commits 5000
	$(BIN)/python tools/bench/bench_history.py
	$(BIN)/python tools/bench/bench_history_cache.py
	$(BIN)/python tools/bench/bench_audit.py
	$(BIN)/python tools/bench/bench_audit_verify.py
	$(BIN)/python tools/bench/bench_verify.py
	$(BIN)/python tools/bench/bench_gate.py
	$(BIN)/python tools/bench/bench_inspect.py
	$(BIN)/python tools/bench/bench_site.py
	$(BIN)/python tools/bench/bench_gitio.py
	$(BIN)/python tools/bench/bench_opendata.py
	$(BIN)/python tools/bench/bench_scan.py
	$(BIN)/python tools/bench/bench_followup.py
	$(BIN)/python tools/bench/bench_monitor.py

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
