"""The ``monitor:`` section of ``config/govreg.yaml``: how politely and how far the monitor looks."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from . import __version__


def default_user_agent(registry_url: str | None = None) -> str:
    """The User-Agent naming the registry (its public address when known; HTTP headers are ASCII only)."""
    where = f"; +{registry_url}" if registry_url and registry_url.isascii() else ""
    return f"govreg-monitor/{__version__} (government websites and new-media registry{where})"


class MonitorSettings(BaseModel):
    """Defaults are those of a good-citizen crawler; every number can be changed in ``monitor:``."""

    model_config = ConfigDict(extra="forbid")

    user_agent: str = Field(default_factory=default_user_agent, pattern=r"^[\x20-\x7e]+$", description="请求头 User-Agent，写明登记库名称（HTTP 头只能用 ASCII 字符）")
    timeout_seconds: float = Field(default=15.0, gt=0, le=120, description="单次请求超时（秒）")
    retries: int = Field(default=1, ge=0, le=5, description="超时、连接失败或 5xx 时重试几次")
    backoff_seconds: float = Field(default=1.0, ge=0, le=60, description="第 n 次重试前等待 backoff × 2^(n-1) 秒")
    per_host: int = Field(default=2, ge=1, le=2, description="同一主机同时进行的请求数（不超过 2）")
    delay_seconds: float = Field(default=0.5, ge=0, le=60, description="同一主机相邻两次请求开始的最小间隔（秒）")
    concurrency: int = Field(default=16, ge=1, le=256, description="全部主机合计同时进行的请求数")
    max_pages_per_site: int = Field(default=200, ge=1, le=100_000, description="每个网站最多请求的页面数（含链接检查）")
    max_bytes_per_site: int = Field(default=20 * 1024 * 1024, ge=1024, description="每个网站最多下载的字节数")
    max_page_bytes: int = Field(default=2 * 1024 * 1024, ge=1024, description="单个页面最多读取的字节数")
    max_redirects: int = Field(default=5, ge=0, le=20)
    slow_seconds: float = Field(default=5.0, gt=0, description="首页响应超过此秒数记为访问缓慢（警告）")
    check_links: bool = Field(default=True, description="是否检查首页和栏目列表页上的链接")
    government_suffixes: list[str] = Field(default_factory=lambda: [".gov.cn"], description="视为政府网站的域名后缀（登记的网站域名之外）")
    public_profile_platforms: list[str] = Field(
        default_factory=lambda: ["bilibili", "toutiao", "baijiahao"],
        description="不登录即可打开公开主页的平台；其他平台的账号报告为“无法自动核查”",
    )
