"""First-request time of samples/hello, plain publish against ReadyToRun (docs/benchmarks.md, issue 14).

Expects the two publishes in /tmp/ff-plain and /tmp/ff-r2r (commands in docs/benchmarks.md). Starts
`dotnet Hello.dll` in each, alternately, polls FF_PATH (default /) every 10 ms until a 2xx answer, and
prints the medians, every run and the load average. Usage: python3 bench/first-request.py ROUNDS
"""
PATH=__import__("os").environ.get("FF_PATH","/")
import subprocess, time, urllib.request, sys, os, statistics
def first(folder, port):
    t0=time.monotonic()
    p=subprocess.Popen(["dotnet","Hello.dll","--urls",f"http://127.0.0.1:{port}"],cwd=folder,stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}"+PATH,timeout=5).read()
                return time.monotonic()-t0
            except Exception:
                if time.monotonic()-t0>60: return None
                time.sleep(0.01)
    finally:
        p.kill(); p.wait()
res={"plain":[],"r2r":[]}
for r in range(int(sys.argv[1])):
    for name in ("plain","r2r"):
        res[name].append(first(f"/tmp/ff-{name}", 18750+r))
for k,v in res.items():
    print(k, "median %.3f s" % statistics.median(v), "runs", ", ".join("%.3f"%x for x in v))
print("load", open("/proc/loadavg").read().strip())
