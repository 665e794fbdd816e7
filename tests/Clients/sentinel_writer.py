#!/usr/bin/python3
"""A second client library for the "nothing lost" check: redis-py finds the primary through Sentinel
and asks again only after an error or a socket timeout (unlike StackExchange.Redis, which follows
Sentinel's pub/sub). Writes prefix:N keys and appends each key the server acknowledged to a file,
until the stop file exists or the time bound passes; prints the longest time without an acknowledged write."""
import argparse
import os
import time

from redis.sentinel import Sentinel


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentinel", action="append", required=True, help="host:port, repeatable")
    parser.add_argument("--master", required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--acknowledged", required=True, help="file the acknowledged keys are appended to")
    parser.add_argument("--stop", required=True, help="the writer stops once this file exists")
    parser.add_argument("--seconds", type=float, default=180, help="upper bound on the run")
    parser.add_argument("--rate", type=float, default=200, help="writes per second at most")
    parser.add_argument("--socket-timeout", type=float, default=0.5, help="seconds; redis-py asks Sentinel again after one")
    args = parser.parse_args()
    # The data nodes' password, from the environment so it never shows in a process list.
    password = os.environ.get("DFMIG_WRITER_PASSWORD") or None

    sentinels = [(s.rsplit(":", 1)[0], int(s.rsplit(":", 1)[1])) for s in args.sentinel]
    timeout = args.socket_timeout
    sentinel = Sentinel(sentinels, socket_timeout=0.5, socket_connect_timeout=0.5)
    primary = sentinel.master_for(args.master, socket_timeout=timeout, socket_connect_timeout=timeout, password=password)
    deadline = time.monotonic() + args.seconds
    interval = 1.0 / args.rate
    failed = 0
    i = 0
    last = None
    longest = 0.0
    with open(args.acknowledged, "a", buffering=1) as out:
        while time.monotonic() < deadline and not os.path.exists(args.stop):
            key = f"{args.prefix}:{i}"
            i += 1
            try:
                primary.set(key, "1")
                out.write(key + "\n")
                now = time.monotonic()
                if last is not None:
                    longest = max(longest, now - last)
                last = now
            except Exception:  # every failure is a write not acknowledged; the pool reconnects through Sentinel
                failed += 1
                time.sleep(0.05)
            time.sleep(interval)
    # A client that never wrote again after the cutover has its gap run to the end.
    if last is not None:
        longest = max(longest, time.monotonic() - last)
    print(f"sent {i}, failed {failed}, longest gap {longest * 1000:.0f} ms")


if __name__ == "__main__":
    main()
