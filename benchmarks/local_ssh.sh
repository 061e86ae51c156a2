#!/bin/sh
# A stand-in for ssh in benchmarks/sync.py: drops the options and the host and runs the
# far command on this machine, with no relay in between (what is timed is kamtui).
while [ "$1" != "--" ]; do shift; done
shift
exec sh -c "$1"
