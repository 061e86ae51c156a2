"""`kamtui sync HOST`: the two sides of one sync through ssh's stdin and stdout, no daemon
and no open port. This side starts `ssh HOST kamtui sync serve`; the stores trade hellos
(who each is, what each holds), the far side sends what this one lacks, this side sends
what the far side lacks, each takes in what it got in one transaction, and the far side
says what it took. A bundle is checked whole before it is applied, so a connection cut at
any point leaves each store as it was or holding all the other sent, never half of it.
No SQL here."""

import contextlib
import json
import shlex
import subprocess
from dataclasses import dataclass
from typing import TextIO

from kamtui.domain.words import clip, one_line
from kamtui.errors import KamError
from kamtui.store.engine import Store
from kamtui.store.sync_apply import Applied
from kamtui.store.syncing import (
    bundle_lines,
    hello,
    note_sent,
    parse_seen,
    read_hello,
    read_whole,
    send,
    take_in,
)
from kamtui.sync.bundle import BadBundle


@dataclass(frozen=True)
class Outcome:
    host: str
    came_in: Applied  # what this store took in
    went_out: int  # changes sent
    far_took: int | None  # changes the far store took in (None: it did not say)
    far_conflicts: int
    problem: str | None  # why the far side did not take them, if it did not


def ssh_command(host: str, *, ssh: str = "ssh", remote_db: str | None = None,
                remote_kamtui: str = "kamtui") -> list[str]:
    """The command line that runs `kamtui sync serve` on `host`. ssh hands the far shell
    one string, so every word is quoted but `remote_kamtui` (it may be ~/bin/kamtui)."""
    if not host or host.startswith("-"):
        raise KamError(f"'{host}' is not a host to sync with; give it as ssh takes it, "
                       f"e.g. kam@server.example.com.")
    far = f"{remote_kamtui} sync serve"
    if remote_db:  # '~/x' is the far home's: the ~ stays unquoted for the far shell
        home = remote_db.startswith("~/")
        far += " --db " + ("~/" if home else "") + shlex.quote(remote_db[2:] if home
                                                              else remote_db)
    return [*shlex.split(ssh), "-T", "-e", "none", host, "--", far]


def sync_with(store: Store, host: str, command: list[str]) -> Outcome:
    """Sync `store` with the store `command` serves (ssh_command)."""
    try:
        far = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True, encoding="utf-8", bufsize=1 << 16)
    except OSError as err:
        raise KamError(f"Could not start {command[0]} ({err.strerror}); install OpenSSH's "
                       f"client or give its path with --ssh. Nothing was synced.") from None
    talk = _Talk()
    try:
        return talk.run(store, host, far)
    except (BrokenPipeError, BadBundle, KamError):
        if not talk.connected or _ended_badly(far):
            raise KamError(_stopped(host, far, talk.connected)) from None
        raise  # the far side is fine, and said what is wrong
    finally:
        for pipe in (far.stdin, far.stdout):
            with contextlib.suppress(OSError):  # a pipe already broken
                pipe.close()
        try:
            far.wait(timeout=30)
        except subprocess.TimeoutExpired:
            far.kill()


def _ended_badly(far: subprocess.Popen) -> bool:
    try:
        return far.wait(timeout=10) != 0
    except subprocess.TimeoutExpired:
        return False


def _stopped(host: str, far: subprocess.Popen, connected: bool) -> str:
    if connected:
        return (f"Sync with {host} stopped: the connection was cut. Each store holds all "
                f"the other sent or none of it; run the sync again.")
    if far.poll() == 255:
        why = "ssh could not reach it (its message is above)"
    else:
        why = "kamtui did not start there (is it installed? see --remote-kamtui)"
    return f"Could not sync with {host}: {why}. Nothing was synced."


class _Talk:
    """One sync's side of the conversation; `connected` once the far kamtui answered."""

    connected = False

    def run(self, store: Store, host: str, far: subprocess.Popen) -> Outcome:
        to, back = far.stdin, far.stdout
        mine = hello(store)
        _line(to, mine)
        theirs = read_hello(back, f"kamtui on {host}")
        self.connected = True
        return _exchange(store, host, to, back, mine, theirs)


def _exchange(store: Store, host: str, to: TextIO, back: TextIO, mine: dict,
              theirs: dict) -> Outcome:
    if theirs["replica"] == store.replica_id:
        raise KamError(f"The store on {host} has this one's replica id: one is a copy of "
                       f"the other's file, and copies cannot sync. Start the other store "
                       f"empty (kamtui init) and sync into it. Nothing was synced.")
    incoming = read_whole(store, bundle_lines(back), f"What {host} sent")
    try:
        went_out = send(store, to, theirs["seen"])
        to.flush()
        to.close()
    except OSError:  # cut while sending: still take in all that came, checked whole
        went_out = None
    taken = take_in(store, incoming, host)
    answer = _answer(back) if went_out is not None else {}
    far_took = answer.get("received") if isinstance(answer.get("received"), int) else None
    if far_took is not None:  # it now holds what it held and all this store held
        note_sent(store, theirs["replica"], host, parse_seen(mine["seen"]), went_out)
    problem = None if far_took is not None else str(
        answer.get("error") or f"the connection was cut before {host} confirmed taking in "
                               f"what was sent; it holds all of it or none, so sync again")
    return Outcome(host, taken.applied, went_out or 0, far_took,
                   int(answer.get("conflicts", 0) or 0), problem)


def _answer(back: TextIO) -> dict:
    try:
        data = json.loads(back.readline() or "{}")
    except (ValueError, OSError):
        return {}
    return data if isinstance(data, dict) else {}


def _cut(host: str, far: subprocess.Popen) -> str:
    try:
        code = far.wait(timeout=10)
    except subprocess.TimeoutExpired:
        code = None
    why = "ssh could not connect" if code == 255 else "the connection was cut"
    return (f"Sync with {host} stopped: {why}. Each store holds all the other sent or "
            f"none of it; run the sync again")


def serve(store: Store, inp: TextIO, out: TextIO) -> int:
    """The far side: answer a hello, send what the other lacks, take in what it sends
    and say what was taken. Returns the exit status."""
    theirs = read_hello(inp, "The kamtui that called")
    _line(out, hello(store))
    send(store, out, theirs["seen"])
    out.flush()
    try:
        incoming = read_whole(store, bundle_lines(inp), "What was sent")
        called = clip(one_line(theirs.get("name") or "").strip(), 60)  # shown to the user
        taken = take_in(store, incoming, called or theirs["replica"][:8])
    except KamError as err:
        _line(out, {"error": str(err)})
        return 1
    _line(out, {"received": taken.applied.received,
                "conflicts": len(taken.applied.conflicts)})
    return 0


def _line(out: TextIO, data: dict) -> None:
    out.write(json.dumps(data, separators=(",", ":")) + "\n")
    out.flush()


__all__ = ["Outcome", "serve", "ssh_command", "sync_with"]
