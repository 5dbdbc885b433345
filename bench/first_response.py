"""Time from fork/exec of `helmarr serve` to the first 200 from /healthz."""
import os
import socket
import subprocess
import sys
import tempfile
import time

binary, key, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthz(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


times = []
for _ in range(runs):
    with tempfile.TemporaryDirectory() as data:
        port = free_port()
        t0 = time.perf_counter()
        p = subprocess.Popen([binary, "serve", "--bind", "127.0.0.1", "--port", str(port), "--data-dir", data,
                              "--api-key", key, "--log-level", "warn"], stderr=subprocess.DEVNULL)
        while not healthz(port):
            if time.perf_counter() - t0 > 10:
                sys.exit("no answer within 10 s")
            time.sleep(0.0005)
        times.append((time.perf_counter() - t0) * 1000)
        p.terminate()
        p.wait()
print(f"first /healthz after start: best {min(times):.1f} ms, median {sorted(times)[len(times)//2]:.1f} ms "
      f"({runs} cold starts, new data dir each)")
