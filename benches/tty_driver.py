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


def run_once(argv, passphrase):
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    seen = b""
    answered = 0
    while True:
        ready, _, _ = select.select([fd], [], [], 120)
        if not ready:
            os.kill(pid, 9)
            sys.exit("stalled: " + seen.decode(errors="replace"))
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: the program exited and closed the terminal
            break
        if not data:
            break
        seen += data
        for prompt in PROMPTS:
            while prompt in seen:
                seen = seen.split(prompt, 1)[1]
                # A hidden prompt turns echo off just after printing itself
                # and throws away what was typed before: wait for that.
                while termios.tcgetattr(fd)[3] & termios.ECHO:
                    time.sleep(0.0005)
                os.write(fd, passphrase + b"\r")
                answered += 1
    _, status = os.waitpid(pid, 0)
    if status != 0:
        sys.exit(f"{argv} failed ({status}): " + seen.decode(errors="replace"))
    return answered


def main():
    runs = int(sys.argv[1])
    argv = sys.argv[2:]
    passphrase = os.environ["BENCH_PASSPHRASE"].encode()
    start = time.monotonic()
    prompts = sum(run_once(argv, passphrase) for _ in range(runs))
    print(f"{time.monotonic() - start:.3f} {prompts}")


main()
