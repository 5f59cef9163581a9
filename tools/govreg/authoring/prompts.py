"""Questions that are answered by flags (scripts) or by Chinese prompts (a person at a terminal).

One list of :class:`Question` drives both: a value given on the command line is
checked and used; a missing one is asked for when a :class:`Prompter` is given,
otherwise its default is taken, and missing required answers become one
:class:`~.errors.UserError` that names every flag to add.  The prompter reads
through an injectable function (``input`` by default, so the terminal's line
editing works), which is what the tests drive through a pseudo-terminal.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .errors import UserError

Answers = dict[str, str | None]
Default = str | None | Callable[[Answers], str | None]
Choices = Callable[[Answers], Sequence[tuple[str, str]]]
Check = Callable[[str, Answers], str | None]


@dataclass
class Question:
    key: str
    label: str
    flag: str
    required: bool = True
    default: Default = None
    choices: Choices | None = None
    check: Check | None = None
    when: Callable[[Answers], bool] | None = None
    help: str = ""
    #: shown instead of the raw default (e.g. a name for an id)
    show_default: Callable[[str, Answers], str] | None = None
    #: (id, Chinese name) pairs the answer may name instead of the id, when they are too many to list as choices
    aliases: Choices | None = None
    #: why the question is asked (Chinese), when it depends on earlier answers (e.g. 报批 under 第七条)
    why: Callable[[Answers], str] | None = None

    def canonical(self, value: str, answers: Answers) -> str:
        """The id ``value`` stands for: itself, or the one id whose Chinese name (or a unique prefix) it is."""
        options = [
            *(self.choices(answers) if self.choices is not None else ()),
            *(self.aliases(answers) if self.aliases is not None else ()),
        ]
        return match_name(value, options) or value

    def default_for(self, answers: Answers) -> str | None:
        return self.default(answers) if callable(self.default) else self.default

    def validate(self, value: str, answers: Answers) -> str | None:
        """Why ``value`` is not acceptable (Chinese), or ``None``."""
        if self.check is not None:
            problem = self.check(value, answers)
            if problem is not None:
                return problem
        if self.choices is not None:
            options = list(self.choices(answers))
            if value not in {v for v, _ in options}:
                close = difflib.get_close_matches(value, [v for v, _ in options], n=3, cutoff=0.5)
                if close:
                    return f"「{value}」不是可选的值；您是不是要找：{'、'.join(close)}"
                listed = "、".join(v for v, _ in options[:12]) + (" 等" if len(options) > 12 else "")
                return f"「{value}」不是可选的值；可选：{listed}"
        return None


def match_name(value: str, options: Sequence[tuple[str, str]]) -> str | None:
    """The one id in ``options`` that ``value`` names: the id itself, the Chinese name, a unique prefix of either,
    or a unique part of the name (农业农村局 for 吴忠市农业农村局); ``None`` when none or several match."""
    value = value.strip()
    if not value:
        return None
    for test in (
        lambda v, label: v == value,
        lambda v, label: label == value,
        lambda v, label: v.startswith(value) or label.startswith(value),
        lambda v, label: value in label,
    ):
        found = {v for v, label in options if test(v, label or "")}
        if len(found) == 1:
            return found.pop()
        if found:
            return None  # ambiguous: let the check list the candidates
    return None


class Cancelled(UserError):
    def __init__(self) -> None:
        super().__init__("已取消，没有写入任何文件", "需要时重新运行这条命令即可；也可以用参数一次给出全部内容（运行时加 --help 查看）。")


@dataclass
class Prompter:
    """Asks on a terminal. ``read(prompt)`` returns one line (``input`` by default); ``write`` prints."""

    read: Callable[[str], str] = input
    write: Callable[[str], object] = field(default=sys.stdout.write)

    def say(self, text: str = "") -> None:
        self.write(text + "\n")

    def _line(self, prompt: str) -> str:
        try:
            return self.read(prompt).strip()
        except EOFError:
            self.write("\n")
            raise Cancelled() from None

    def ask(self, question: Question, answers: Answers) -> str | None:
        options = list(question.choices(answers)) if question.choices is not None else []
        if options:
            self.say(f"{question.label}：")
            for i, (value, label) in enumerate(options, 1):
                self.say(f"  {i:>2}) {value}  {label}" if label and label != value else f"  {i:>2}) {value}")
        if question.why is not None:
            self.say(f"  （{question.why(answers)}）")
        elif question.help:
            self.say(f"  （{question.help}）")
        default = question.default_for(answers)
        while True:
            shown = ""
            if default:
                shown = question.show_default(default, answers) if question.show_default else default
            optional = "" if question.required or "回车" in question.label or "可不填" in question.label else "（可不填，直接回车跳过）"
            suffix = f" [{shown}]" if shown else optional
            prompt = ("  请输入编号或值" if options else question.label) + suffix + "："
            raw = self._line(prompt)
            if not raw:
                if default:
                    return default
                if not question.required:
                    return None
                self.say("  ✗ 此项必填。")
                continue
            if options and raw.isdigit() and 1 <= int(raw) <= len(options) and raw not in {v for v, _ in options}:
                raw = options[int(raw) - 1][0]
            else:
                named = question.canonical(raw, answers)
                if named != raw:
                    self.say(f"  → {named}（{raw}）")
                    raw = named
            problem = question.validate(raw, answers)
            if problem is None:
                return raw
            self.say(f"  ✗ {problem}")

    def confirm(self, text: str, default: bool = True) -> bool:
        hint = "[Y/n]" if default else "[y/N]"
        while True:
            raw = self._line(f"{text} {hint}:").lower()
            if not raw:
                return default
            if raw in ("y", "yes", "是", "好", "确认"):
                return True
            if raw in ("n", "no", "否", "不"):
                return False
            self.say("  ✗ 请输入 y（是）或 n（否）。")


def resolve(questions: Sequence[Question], given: Answers, prompter: Prompter | None, answers: Answers | None = None) -> Answers:
    """Answer ``questions`` from ``given`` flags, then prompts (or defaults); see the module docstring."""
    answers = answers if answers is not None else {}
    missing: list[Question] = []
    reasons: list[str] = []
    for question in questions:
        if question.when is not None and not question.when(answers):
            continue
        value = given.get(question.key)
        if value is not None and value.strip() != "":
            value = question.canonical(value.strip(), answers)
            problem = question.validate(value, answers)
            if problem is None:
                answers[question.key] = value
                if prompter is not None:
                    prompter.say(f"{question.label}：{value}")
                continue
            if prompter is None:
                raise UserError(
                    f"{question.flag} {value}：{problem}", f"请改正 {question.flag} 的值后重新运行（运行时加 --help 查看各参数的说明）。"
                )
            prompter.say(f"  ✗ {question.flag} {value}：{problem}")
        if prompter is not None:
            answers[question.key] = prompter.ask(question, answers)
            continue
        default = question.default_for(answers)
        if default is None and question.required:
            missing.append(question)
            if question.why is not None:
                reasons.append(f"{question.flag}：{question.why(answers)}")
            answers[question.key] = None
            continue
        if default is not None:
            problem = question.validate(default, answers)
            if problem is not None:
                raise UserError(
                    f"{question.label}的默认值「{default}」不可用：{problem}", f"请用 {question.flag} 明确给出{question.label}。"
                )
        answers[question.key] = default
    if missing:
        listed = "、".join(f"{q.flag}（{q.label}）" for q in missing)
        why = "".join(f"\n  {reason}" for reason in dict.fromkeys(reasons))
        raise UserError(
            f"缺少必填项：{listed}{why}",
            "请在命令中补上这些参数；或者在终端中直接运行这条命令（不加 --non-interactive），按中文提示逐项填写。",
        )
    return answers


def parse_pairs(text: str, flag: str, allowed: Sequence[str]) -> dict[str, str]:
    """``name=王晓东,roles=handler+leader`` → a dict; a :class:`UserError` naming the allowed keys otherwise."""
    out: dict[str, str] = {}
    for part in text.replace(",", ",").split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in allowed:
            raise UserError(
                f"{flag} 的写法不对：「{part.strip()}」",
                f'请写成 键=值，多项用逗号分隔；可用的键：{"、".join(allowed)}。例如 {flag} "{allowed[0]}=…，{allowed[1]}=…"。',
            )
        out[key] = value.strip()
    return out
