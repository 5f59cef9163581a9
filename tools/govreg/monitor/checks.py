"""The catalogue of what the monitor finds (``monitor-*`` codes): same :class:`~govreg.findings.Rule` contract as ``govreg check``.

Each finding's ``path`` is the record of the site or account concerned
(``sites/<id>.yaml``, ``accounts/<unit>/<id>.yaml``), located on the field it is
about; its ``article`` is the measure or national indicator it serves.
"""

from __future__ import annotations

from ..findings import Rule, Severity

INDICATORS = "国办秘函〔2019〕19号"
GUIDE = "国办发〔2017〕47号"

UNREACHABLE = Rule(
    "monitor-unreachable", "网站首页无法访问",
    "网站首页 {url} 无法访问：{reason}",
    article=f"第十八条；{INDICATORS}", hint="请网站主管单位检查服务器、域名解析和网络；恢复后重新运行 govreg monitor。",
)
TLS = Rule(
    "monitor-tls", "HTTPS 证书无效",
    "网站 {url} 的 HTTPS 证书有问题：{reason}",
    article=f"第三条；{GUIDE}", hint="请更换由受信任机构签发、与域名一致且在有效期内的证书。",
)
NO_HTTPS = Rule(
    "monitor-no-https", "首页不支持 HTTPS",
    "网站首页只能通过 HTTP 访问（{reason}），不支持 HTTPS",
    severity=Severity.warning, article=f"第三条；{GUIDE}", hint="请为网站部署 HTTPS。",
)
OFF_DOMAIN = Rule(
    "monitor-off-domain", "首页跳转到其他域名",
    "网站首页 {url} 跳转到了登记域名以外的 {final}（跳转经过：{chain}）",
    article=f"第三条；{GUIDE}", hint="政府网站应使用登记的域名；域名变更请先修改 sites/ 中的记录（并按程序报备）。若网站被篡改，请立即处置。",
)
SLOW = Rule(
    "monitor-slow", "首页访问缓慢",
    "网站首页用了 {seconds} 秒才打开（超过 {limit} 秒）",
    severity=Severity.warning, article=INDICATORS, hint="请检查服务器性能和网络带宽。",
)
SITE_CODE = Rule(
    "monitor-site-code", "首页网站标识码与登记不符",
    "首页底部{problem}（登记的网站标识码是 {expected}）",
    article=f"第三条；{GUIDE}", hint="网站标识码应显示在首页底部，并与 sites/ 中的 site_code 一致；请核对后修改网站或记录。",
)
ICP = Rule(
    "monitor-icp", "首页 ICP 备案号与登记不符",
    "首页底部{problem}（登记的 ICP 备案号是 {expected}）",
    article=f"第三条；{GUIDE}", hint="ICP 备案号应显示在首页底部，并与 sites/ 中的 icp 一致；请核对后修改网站或记录。",
)
PSB = Rule(
    "monitor-psb", "首页公安机关备案号与登记不符",
    "首页底部{problem}（登记的公安机关备案号是 {expected}）",
    article=f"第三条；{GUIDE}", hint="公安机关备案号应显示在首页底部，并与 sites/ 中的 psb 一致；请核对后修改网站或记录。",
)
HOME_STALE = Rule(
    "monitor-home-stale", "首页实际未更新",
    "首页上最新的日期是 {newest}，已 {days} 天未更新（超过 {limit} 天）",
    article=f"第十八条；{INDICATORS}", hint="请各栏目责任单位尽快更新首页动态类栏目。",
)
COLUMN_STALE = Rule(
    "monitor-column-stale", "栏目列表页实际未更新",
    "栏目“{name}”的列表页 {url} 上最新的日期是 {newest}，已 {days} 天未更新（时限 {limit} 天）",
    article=f"第十八条；{INDICATORS}", hint="请栏目责任单位尽快更新栏目内容。",
)
COLUMN_UNDATED = Rule(
    "monitor-column-undated", "栏目列表页上找不到日期",
    "栏目“{name}”的列表页 {url} {problem}",
    severity=Severity.warning, article="第十八条", hint="请核对 sites/ 中栏目的 url 是否是该栏目的列表页；列表中的每条信息应标明日期。",
)
DEAD_LINK = Rule(
    "monitor-dead-link", "死链接",
    "{page} 上的链接 {url}（“{text}”）{reason}",
    article=f"第十八条；{INDICATORS}", hint="请修改或删除失效的链接。",
)
EXTERNAL = Rule(
    "monitor-external-link", "链接到非政府网站",
    "{page} 上有 {count} 个链接指向未登记为政府网站的域名 {domain}",
    severity=Severity.info, article="第十八条", hint="外部链接请确认内容可靠，并按规定提示“即将离开本网站”。",
)
HIDDEN_LINK = Rule(
    "monitor-hidden-link", "隐藏链接（暗链）",
    "{page} 上有被隐藏的站外链接 {url}（“{text}”，{why}），这是网站被篡改挂“暗链”的典型特征",
    article=f"第十八条；{INDICATORS}", hint="请立即检查网站是否被入侵，删除暗链、修补漏洞并向网信、公安部门报告。",
)
MIXED = Rule(
    "monitor-mixed-content", "HTTPS 页面加载 HTTP 资源",
    "HTTPS 页面 {page} 通过不加密的 HTTP 加载 {url}（浏览器会拦截或提示不安全）",
    article=GUIDE, hint="请把图片、脚本、样式等资源的地址改为 https://。",
)
PLAIN_LINK = Rule(
    "monitor-plain-http-link", "用 HTTP 链接政府网站",
    "{page} 上的链接 {url} 用不加密的 http:// 指向政府网站",
    severity=Severity.warning, article=GUIDE, hint="请把指向政府网站的链接改为 https://。",
)
ACCOUNT_DEAD = Rule(
    "monitor-account-unreachable", "政务新媒体账号主页无法访问",
    "账号的登记地址 {url} {reason}",
    article="第七条", hint="请核实账号是否仍然存在、地址是否变化；已关停的账号请按第八条程序登记。",
)
ACCOUNT_UNCHECKABLE = Rule(
    "monitor-account-not-checkable", "账号无法自动核查",
    "{platform}的账号主页需要登录或专用客户端才能查看，无法自动核查，请人工核对",
    severity=Severity.info, article="第七条", hint="",
)
SKIPPED = Rule(
    "monitor-skipped", "未能检查的页面",
    "{what}：{reason}",
    severity=Severity.info, article="第十八条", hint="robots.txt 不允许、已达到每站上限或离线模式（--offline）下未用 --resolve 指定地址的页面不访问；上限可在 config/govreg.yaml 的 monitor 中调整。",
)

CATALOGUE = (
    UNREACHABLE, TLS, NO_HTTPS, OFF_DOMAIN, SLOW, SITE_CODE, ICP, PSB, HOME_STALE, COLUMN_STALE, COLUMN_UNDATED,
    DEAD_LINK, EXTERNAL, HIDDEN_LINK, MIXED, PLAIN_LINK, ACCOUNT_DEAD, ACCOUNT_UNCHECKABLE, SKIPPED,
)
