"""Run `python -m kamtui` in a pseudo-terminal, as over SSH: type keys into it, read what it
draws (drained in a thread so it never blocks on a full pty), and signal it."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path


class PtyApp:
    def __init__(self, *args: str, env: dict[str, str] | None = None,
                 size: tuple[int, int] = (100, 30)) -> None:
        import fcntl
        import struct
        import termios

        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kamtui", *args], stdin=slave, stdout=slave, stderr=slave,
            env={**os.environ, "TERM": "xterm-256color", **(env or {})},
            start_new_session=True, close_fds=True, cwd=Path(__file__).parent)
        os.close(slave)
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: the other end is closed
                return
            if not data:
                return
            self.output += data

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_for(self, condition, seconds: float = 15) -> None:  # noqa: ANN001
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if condition():
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"kamtui ended early: {self.text()[-500:]}")
            time.sleep(0.05)
        raise AssertionError(f"gave up waiting; the screen ends with {self.text()[-300:]!r}")

    def text(self) -> str:
        return self.output.decode(errors="replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        self._reader.join(2)
        os.close(self.master)
