#!/usr/bin/env python3
"""A fake age plugin for the agent's tests: its "wrapping" puts the file key
in the stanza body as is, which is useless except that every invocation is
logged (to $FAKE_PLUGIN_LOG), so a test can count how often a hardware key
would have been touched. `age-plugin-fake --keys` prints a recipient and an
identity for it."""

import base64
import os
import sys

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32(hrp, data):
    acc, bits, d5 = 0, 0, []
    for b in data:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            d5.append((acc >> bits) & 31)
    if bits:
        d5.append((acc << (5 - bits)) & 31)
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + d5
    chk = 1
    for v in values + [0] * 6:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i, g in enumerate([0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]):
            chk ^= g if (top >> i) & 1 else 0
    chk ^= 1
    return hrp + "1" + "".join(CHARSET[d] for d in d5 + [(chk >> 5 * (5 - i)) & 31 for i in range(6)])


def read_stanza():
    line = sys.stdin.readline()
    if not line:
        sys.exit(0)
    words = line.rstrip("\n").split(" ")
    body = ""
    while True:
        part = sys.stdin.readline().rstrip("\n")
        body += part
        if len(part) < 64:
            break
    return words[1], words[2:], base64.b64decode(body + "=" * (-len(body) % 4))


def write_stanza(tag, args, body):
    text = base64.b64encode(body).decode().rstrip("=")
    lines = [text[i : i + 64] for i in range(0, len(text), 64)]
    if not lines or len(lines[-1]) == 64:
        lines.append("")
    sys.stdout.write("-> " + " ".join([tag] + args) + "\n" + "\n".join(lines) + "\n")
    sys.stdout.flush()


def phase_one():
    stanzas = []
    while True:
        tag, args, body = read_stanza()
        if tag == "done":
            return stanzas
        stanzas.append((tag, args, body))


def wait_ok():
    while True:
        tag, _, _ = read_stanza()
        if tag in ("ok", "fail"):
            return


def main():
    if sys.argv[1:] == ["--keys"]:
        print(bech32("age1fake", b"fake-key"))
        print(bech32("age-plugin-fake-", b"fake-key").upper())
        return
    mode = sys.argv[1].split("=", 1)[1]
    with open(os.environ["FAKE_PLUGIN_LOG"], "a") as log:
        log.write(mode + "\n")
    stanzas = phase_one()
    if mode == "recipient-v1":
        key = next(body for tag, _, body in stanzas if tag == "wrap-file-key")
        write_stanza("recipient-stanza", ["0", "fake"], key)
        wait_ok()
    else:
        for tag, args, body in stanzas:
            if tag == "recipient-stanza" and args[1:2] == ["fake"]:
                write_stanza("file-key", ["0"], body)
                wait_ok()
                break
    write_stanza("done", [], b"")


main()
