"""A stand-in for ssh in the end-to-end tests: logs its arguments, runs the far command
here with sh (as sshd would with the user's shell) and relays stdin and stdout. With
FAKE_SSH_CUT_OUT=N it drops the connection after N bytes came back, with FAKE_SSH_CUT_IN=N
after N bytes went out, and with FAKE_SSH_REFUSE=1 it cannot connect at all (exit 255,
as ssh does)."""

import os
import subprocess
import sys
import threading

args = sys.argv[1:]
with open(os.environ["FAKE_SSH_LOG"], "a", encoding="utf-8") as log:
    log.write(repr(args) + "\n")
if os.environ.get("FAKE_SSH_REFUSE"):
    print("ssh: connect to host: Connection refused", file=sys.stderr)
    sys.exit(255)
while args[0] != "--":  # options, then the host
    args.pop(0)
command = args[1]
far = subprocess.Popen(["sh", "-c", command], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
cut_in = int(os.environ.get("FAKE_SSH_CUT_IN", "-1"))
cut_out = int(os.environ.get("FAKE_SSH_CUT_OUT", "-1"))


def drop() -> None:
    far.kill()
    os._exit(255)


def going() -> None:
    sent = 0
    while chunk := sys.stdin.buffer.read1(4096):
        if cut_in >= 0 and sent + len(chunk) > cut_in:
            far.stdin.write(chunk[:cut_in - sent])
            far.stdin.flush()
            drop()
        far.stdin.write(chunk)
        far.stdin.flush()
        sent += len(chunk)
    far.stdin.close()


threading.Thread(target=going, daemon=True).start()
came = 0
while chunk := far.stdout.read1(4096):
    if cut_out >= 0 and came + len(chunk) > cut_out:
        sys.stdout.buffer.write(chunk[:cut_out - came])
        sys.stdout.buffer.flush()
        drop()
    sys.stdout.buffer.write(chunk)
    sys.stdout.buffer.flush()
    came += len(chunk)
sys.exit(far.wait())
