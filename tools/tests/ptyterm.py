"""A pseudo-terminal for driving ``govreg`` the way a person does: read the prompt, type the answer.

The command runs in a child process whose standard input and output are the
slave end of a pty, so ``sys.stdin.isatty()`` is true and the prompts appear.
:meth:`Terminal.expect` waits for a piece of text (the time limit only stops a
hung test; nothing is timed), :meth:`Terminal.answer` types a line.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1]


class Terminal:
    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        master, slave = os.openpty()
        full_env = {**os.environ, "PYTHONPATH": str(TOOLS), "TERM": "dumb", "NO_COLOR": "1", **(env or {})}
        full_env.pop("GOVREG_NON_INTERACTIVE", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "govreg", *argv], cwd=cwd, env=full_env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True
        )
        os.close(slave)
        self.fd = master
        self.buffer = b""
        self.seen = 0  # offset in the decoded transcript up to which expect() has matched

    @property
    def transcript(self) -> str:
        return self.buffer.decode("utf-8", "replace").replace("\r\n", "\n")

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the child closed the terminal
            return False
        if not chunk:
            return False
        self.buffer += chunk
        return True

    def expect(self, text: str, limit: float = 60.0) -> str:
        """Wait until ``text`` appears after what was matched before; returns the transcript so far."""
        waited = 0.0
        while True:
            current = self.transcript
            found = current.find(text, self.seen)
            if found >= 0:
                self.seen = found + len(text)
                return current
            if self.process.poll() is not None and not self._read(0.2):
                raise AssertionError(f"程序已退出,没有出现 {text!r}。输出:\n{current}")
            if waited >= limit:
                self.close()
                raise AssertionError(f"等待 {text!r} 超过 {limit} 秒。输出:\n{current}")
            if not self._read(0.5):
                waited += 0.5

    def answer(self, line: str) -> None:
        os.write(self.fd, (line + "\n").encode("utf-8"))

    def finish(self, limit: float = 120.0) -> tuple[int, str]:
        """Wait for the command to end; returns (exit status, whole transcript)."""
        deadline = time.monotonic() + limit  # only stops a hung test; nothing is timed
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                self.close()
                raise AssertionError(f"命令没有结束。输出:\n{self.transcript}")
            if not self._read(0.5):
                time.sleep(0.05)  # the child may have closed the terminal before exiting
        while self._read(0.1):
            pass
        os.close(self.fd)
        return self.process.returncode, self.transcript

    def close(self) -> None:
        """End the command if a failed test left it waiting for input."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
