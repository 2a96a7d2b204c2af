#!/usr/bin/env python3
"""Runs a command RUNS times in sequence, each on a pseudo-terminal of its
own, typing the passphrase in $BENCH_PASSPHRASE at every passphrase prompt
(and at dialoguer's "Again"), as a person would but without delay: the
answer is typed as soon as the program has turned echo off.

    tty_driver.py RUNS COMMAND [ARGS...]

Prints "<seconds for all runs> <prompts answered>" on stdout; exits 1 if a
run fails or stalls."""

import os
import pty
import select
import sys
import termios
import time

PROMPTS = (b"assphrase", b"Again")


def echo_off(fd):
    try:
        return not termios.tcgetattr(fd)[3] & termios.ECHO
    except termios.error:  # the program is gone
        return False


def run_once(argv, passphrase):
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    output = b""
    pending = b""  # output since the last answer
    answered = 0
    deadline = time.monotonic() + 120
    while True:
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            sys.exit("stalled: " + output.decode(errors="replace"))
        ready, _, _ = select.select([fd], [], [], 0.001)
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:  # EIO: the program exited and closed the terminal
                break
            if not data:
                break
            output += data
            pending += data
        # A hidden prompt is waiting: a prompt was printed and echo is off
        # (typing earlier would be thrown away by its TCSAFLUSH).
        if any(p in pending for p in PROMPTS) and echo_off(fd):
            os.write(fd, passphrase + b"\r")
            answered += 1
            pending = b""
            # The program prints a newline once it has read the answer;
            # until then the same prompt must not be answered twice.
            after = b""
            while b"\n" not in after and time.monotonic() < deadline:
                ready, _, _ = select.select([fd], [], [], 0.001)
                if ready:
                    try:
                        data = os.read(fd, 4096)
                    except OSError:
                        break
                    if not data:
                        break
                    output += data
                    after += data
            pending = after.split(b"\n", 1)[-1]
    _, status = os.waitpid(pid, 0)
    if status != 0:
        sys.exit(f"{argv} failed ({status}): " + output.decode(errors="replace"))
    return answered


def main():
    runs = int(sys.argv[1])
    argv = sys.argv[2:]
    passphrase = os.environ["BENCH_PASSPHRASE"].encode()
    start = time.monotonic()
    prompts = sum(run_once(argv, passphrase) for _ in range(runs))
    print(f"{time.monotonic() - start:.3f} {prompts}")


main()
