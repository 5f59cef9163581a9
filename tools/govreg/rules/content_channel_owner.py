"""# 发布渠道属于发布单位（第三条、第五条、第十二条）

《管理办法》第三条：各部门（单位）是**本单位**政务新媒体的主管单位，政府办公室是本级政府网站的主管单位；
第五条：政府网站实行栏目责任制，栏目责任单位负责栏目内容保障；第十二条：三审由信息发布单位的承办人、
承办科室负责人和分管领导完成。所以一条信息只能发布在**本单位**的渠道上：

| 代码 | 检查内容 |
|---|---|
| `content-channel-owner` | 渠道是账号时，账号的主办单位 `owner` 就是信息的发布单位 `unit`；渠道是网站时，发布单位是该栏目的责任单位 `responsible_unit` 或网站的主办单位 `owner` |
| `content-folder` | 信息文件放在其渠道的目录下：`content/<渠道 id>/…`（与账号放在 `accounts/<主办单位>/`、留言放在 `messages/<承办单位>/` 一样，目录决定由谁审核合并） |

为什么不是“渠道主办单位也会签”：第三条把账号的日常运行交给其主办单位，第十二条的三审在发布单位内完成，
两个单位的三审并不能让一个单位替另一个单位的账号发布。需要在其他单位的账号上刊发的，由该单位作为转载
(`source.kind: reprint`)在自己的渠道上发布。

## 不通过

```yaml
# content/transport-bureau-wechat/2026/x.md
channel: education-bureau-wechat   # 教育局的账号
unit: transport-bureau             # 交通运输局发布
```

## 通过

```yaml
# content/transport-bureau-wechat/2026/x.md
channel: transport-bureau-wechat
unit: transport-bureau
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..models import ContentItem

CHANNEL_OWNER = Rule(
    "content-channel-owner",
    "渠道不属于发布单位",
    "渠道「{channel}」{owned}，而本信息的发布单位是「{unit}」",
    article="第三条",
    hint="信息只能由渠道的主办（责任）单位发布和三审：请把 channel 改为本单位的网站栏目或账号；需要在其他单位渠道刊发的，请由该单位以转载方式发布。",
)
FOLDER = Rule(
    "content-folder",
    "信息文件所在目录与渠道不符",
    "信息文件应放在 content/{channel}/ 下，实际在 content/{folder}/ 下",
    article="第三条",
    hint="请把文件移到 content/{channel}/（目录决定 CODEOWNERS 和审核人），或改正 channel。",
)
RULES = (CHANNEL_OWNER, FOLDER)


def check(ctx: Context) -> Iterator[Finding]:
    repo = ctx.repo
    columns = {(site.id, c.id): c for site in repo.sites.values() for c in site.columns}  # one index per check
    for path, item in repo.content.items():
        parts = path.split("/")
        if len(parts) >= 3 and parts[1] != item.channel:
            yield FOLDER(path, loc=("channel",), channel=item.channel, folder=parts[1])
        account = repo.accounts.get(item.channel)
        site = repo.sites.get(item.channel)
        if account is not None:
            if account.owner != item.unit:
                yield CHANNEL_OWNER(path, loc=("unit",), channel=item.channel, owned=f"是「{account.owner}」的账号", unit=item.unit)
        elif site is not None:
            column = columns.get((site.id, item.column or ""))
            allowed = {site.owner} | ({column.responsible_unit} if column is not None else set())
            if item.unit not in allowed:
                where = f"栏目「{column.name}」的责任单位是「{column.responsible_unit}」" if column is not None else ""
                owned = f"是「{site.owner}」主办的网站" + (f",{where}" if where else "")
                yield CHANNEL_OWNER(path, loc=("unit",), channel=item.channel, owned=owned, unit=item.unit)

SCOPE = "file"  # an item, read with the owners of every account and site (govreg.engine.scope_of)
DEPENDS = ("account", "site")


def _channel(item: ContentItem) -> tuple[str]:
    return (item.channel,)


#: an item reads only its own channel's record: ``check --base`` judges again only the items on a changed account or site
REFERS = {("content", "account"): _channel, ("content", "site"): _channel}
