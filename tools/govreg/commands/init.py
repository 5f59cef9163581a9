"""``govreg init DIR``: start a new city's registry from the templates in the package."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import ValidationError

NAME = "init"
HELP = "新建一个空的登记库（城市、管理办法、主管办公室写进 config/govreg.yaml）"
DESCRIPTION = (
    "在 DIR 中新建一个空的登记库：目录结构、config/govreg.yaml（城市名称、管理办法名称和日期、行政区划代码、主管办公室）、"
    "mkdocs.yml、工作流、pre-commit 配置和 README。生成后即可通过 govreg check 并生成网站；"
    "再用 govreg new unit、govreg new account 登记记录。退出码：0 成功，2 用法错误（如目录非空、参数有误）。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", metavar="DIR", help="新登记库的目录（不存在或为空）")
    parser.add_argument("--city", required=True, help="城市（或县、区）名称，如 固原市")
    parser.add_argument("--region", help="6 位行政区划代码，如 640400")
    parser.add_argument("--measures", help="管理办法名称（不含书名号；默认“<城市>政府网站和政务新媒体管理办法”）")
    parser.add_argument("--measures-date", help="管理办法印发日期 YYYY-MM-DD")
    parser.add_argument("--office", help="主管办公室全称（默认“<城市>政府政务公开办公室”）")
    parser.add_argument("--office-short", default="政务公开办", help="主管办公室简称（默认 政务公开办）")
    parser.add_argument("--office-unit", default="gov-office", help="主管办公室所在单位的 id（默认 gov-office）")
    parser.add_argument("--site-url", default="https://example.gov.cn/govreg/", help="公开网站的地址（以 / 结尾）")


def run(args: argparse.Namespace) -> int:
    from ..authoring.scaffold import Registry, ScaffoldError, create
    from ..config import City
    from ..validation import validate

    fields = {
        "name": args.city,
        "region": args.region,
        "measures": args.measures or f"{args.city}政府网站和政务新媒体管理办法",
        "measures_date": args.measures_date,
        "office": args.office or f"{args.city}政府政务公开办公室",
        "office_short": args.office_short,
    }
    city, findings = validate(City, {k: v for k, v in fields.items() if v is not None}, "config/govreg.yaml")
    if not isinstance(city, City):
        for finding in findings:
            sys.stderr.write(f"参数有误：{finding.message}\n")
        return 2
    if not args.site_url.endswith("/") or not args.site_url.startswith(("http://", "https://")):
        sys.stderr.write("参数有误：--site-url 应以 http:// 或 https:// 开头、以 / 结尾\n")
        return 2
    target = Path(args.dir)
    try:
        written = create(target, Registry(city, args.office_unit, args.site_url))
    except (ScaffoldError, ValidationError) as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    sys.stdout.write(
        f"已新建登记库 {target}（{len(written)} 个文件）：{city.registry_title}。\n"
        f"下一步：cd {target}，用 govreg new unit 登记政务公开办所在单位（id 为 {args.office_unit}），"
        "再用 govreg new account 登记账号；govreg check 检查，govreg site 生成网站。\n"
    )
    return 0
