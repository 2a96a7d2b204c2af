"""Parts of benches/serve.sh that drive boto3 (see there).

  serve_bench.py fill COUNT                 create bench/0..COUNT-1 through the API (8 threads)
  serve_bench.py latency ARCA COUNT N       boto3 GetSecretValue median vs an `arca get` process
  serve_bench.py mixed SECONDS CLIENTS      CLIENTS boto3 processes mixing reads and puts

Endpoint and credentials come from the AWS_* environment.
"""

import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import threading
import time

import boto3
import botocore.config
import botocore.exceptions


def client(attempts=1):
    return boto3.session.Session().client(
        "secretsmanager", config=botocore.config.Config(retries={"max_attempts": attempts, "mode": "standard"}))


def fill(count):
    def work(start):
        c = client(attempts=10)  # moto answers 500 now and then under load
        for i in range(start, count, 8):
            c.create_secret(Name="bench/%d" % i, SecretString="value-%d-%s" % (i, "x" * 30))
    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]


def latency(arca, count, n):
    c = client()
    names = ["bench/%d" % random.randrange(count) for _ in range(n)]
    for name in names[:20]:
        c.get_secret_value(SecretId=name)
    api = []
    for name in names:
        t = time.perf_counter()
        c.get_secret_value(SecretId=name)
        api.append(time.perf_counter() - t)
    cli = []
    for name in names[: max(30, n // 10)]:
        t = time.perf_counter()
        subprocess.run([arca, "get", name], check=True, stdout=subprocess.DEVNULL)
        cli.append(time.perf_counter() - t)
    a, g = statistics.median(api) * 1000, statistics.median(cli) * 1000
    print(json.dumps({"boto3_get_ms": round(a, 3), "arca_get_ms": round(g, 3), "ratio": round(a / g, 3)}))


def mixed_worker(args):
    n, seconds = args
    c = client()
    rng = random.Random(n)
    end = time.time() + seconds
    reads = puts = 0
    errors = []
    acked = []
    while time.time() < end:
        name = "bench/%d" % rng.randrange(200)
        try:
            if rng.random() < 0.2:
                r = c.put_secret_value(SecretId=name, SecretString="w-%d-%d" % (n, puts))
                acked.append((name, r["VersionId"]))
                puts += 1
            else:
                c.get_secret_value(SecretId=name)
                reads += 1
        except botocore.exceptions.ClientError as e:
            errors.append(e.response["Error"]["Code"])
    return reads, puts, errors, acked


def mixed(seconds, clients):
    with multiprocessing.Pool(clients) as pool:
        results = pool.map(mixed_worker, [(n, seconds) for n in range(clients)])
    reads = sum(r[0] for r in results)
    puts = sum(r[1] for r in results)
    errors = [e for r in results for e in r[2]]
    acked = [a for r in results for a in r[3]]
    c = client()
    present = {}
    missing = 0
    for name, version in acked:
        if name not in present:
            present[name] = {v["VersionId"] for v in c.list_secret_version_ids(
                SecretId=name, IncludeDeprecated=True, MaxResults=100)["Versions"]}
        missing += version not in present[name]
    print(json.dumps({"seconds": seconds, "clients": clients, "reads": reads, "puts": puts,
                      "errors": len(errors), "error_codes": sorted(set(errors)),
                      "acknowledged_writes_missing": missing}))


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "fill":
        fill(int(sys.argv[2]))
    elif what == "latency":
        latency(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif what == "mixed":
        mixed(int(sys.argv[2]), int(sys.argv[3]))
