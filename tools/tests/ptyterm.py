"""A pseudo-terminal for driving ``govreg`` the way a person does: read the prompt, type the answer.

A thin layer over pexpect (``pexpect.spawn`` gives the child a real pty, so
``sys.stdin.isatty()`` is true and the prompts appear).  :meth:`Terminal.expect`
waits for a piece of text (the time limit only stops a hung test; nothing is
timed), :meth:`Terminal.answer` types a line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect

TOOLS = Path(__file__).resolve().parents[1]


class Terminal:
    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        full_env = {**os.environ, "PYTHONPATH": str(TOOLS), "TERM": "dumb", "NO_COLOR": "1", **(env or {})}
        full_env.pop("GOVREG_NON_INTERACTIVE", None)
        self.child = pexpect.spawn(
            sys.executable, ["-m", "govreg", *argv], cwd=str(cwd), env=full_env, encoding="utf-8", codec_errors="replace", echo=False
        )
        self._log: list[str] = []

    @property
    def transcript(self) -> str:
        return ("".join(self._log) + (self.child.before or "")).replace("\r\n", "\n")

    def expect(self, text: str, limit: float = 60.0) -> str:
        """Wait until ``text`` appears after what was matched before; returns the transcript so far."""
        try:
            self.child.expect_exact(text, timeout=limit)
        except pexpect.EOF:
            raise AssertionError(f"程序已退出,没有出现 {text!r}。输出:\n{self.transcript}") from None
        except pexpect.TIMEOUT:
            self.close()
            raise AssertionError(f"等待 {text!r} 超过 {limit} 秒。输出:\n{self.transcript}") from None
        self._log.append(self.child.before + self.child.after)
        return self.transcript

    def answer(self, line: str) -> None:
        self.child.sendline(line)

    def eof(self) -> None:
        """Ctrl+D: end of input at the start of a line."""
        self.child.sendeof()

    def finish(self, limit: float = 120.0) -> tuple[int, str]:
        """Wait for the command to end; returns (exit status, whole transcript)."""
        try:
            self.child.expect(pexpect.EOF, timeout=limit)  # only stops a hung test; nothing is timed
        except pexpect.TIMEOUT:
            self.close()
            raise AssertionError(f"命令没有结束。输出:\n{self.transcript}") from None
        self._log.append(self.child.before or "")
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1), "".join(self._log).replace("\r\n", "\n")

    def close(self) -> None:
        """End the command if a failed test left it waiting for input."""
        if self.child.isalive():
            self.child.close(force=True)
