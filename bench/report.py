"""The table of bench/run-all.sh: every figure of one run, Bootkeeper beside the best reference
server measured in the same run, the ratio, the target and whether it is met.

Usage: report.py RAW META [RESULTS.md]
  RAW   lines "key<TAB>server<TAB>value<TAB>1-minute load", one per measured round
  META  JSON: date, command, jdk, cores, repeat, load_start, load_end, minutes, commit, and the
        sizes the run used (dhcp_clients, dhcp_secs, nbd_mib, http_big_mib, http_wrk_secs,
        http_paced_rate, tftp_single_mib, tftp_storm_mib, idle_secs)
Prints the markdown table; with RESULTS.md, replaces what stands between the run-all markers there.
"""
import json
import statistics
import sys
from collections import defaultdict

BEGIN, END = "<!-- run-all:begin -->", "<!-- run-all:end -->"


class Figures:
    """The rounds of one run, by key and server."""

    def __init__(self, path):
        self.values = defaultdict(list)
        self.loads = defaultdict(list)
        for line in open(path):
            key, server, value, load = line.rstrip("\n").split("\t")
            self.values[key, server].append(value)
            self.loads[key, server].append(load)

    def ran(self, key, server="bootkeeper"):
        return bool(self.values.get((key, server)))

    def failed(self, key, server="bootkeeper"):
        return sum(1 for v in self.values.get((key, server), []) if not is_number(v))

    def median(self, key, server="bootkeeper"):
        nums = [float(v) for v in self.values.get((key, server), []) if is_number(v)]
        return statistics.median(nums) if nums else None

    def total(self, key, server="bootkeeper"):
        nums = [float(v) for v in self.values.get((key, server), []) if is_number(v)]
        return sum(nums) if nums else None

    def keys(self, prefix):
        return sorted({k for k, _ in self.values if k.startswith(prefix)})


def is_number(v):
    try:
        float(v)
        return True
    except ValueError:
        return False


def fmt(v, digits=0):
    if v is None:
        return "-"
    return f"{v:,.{digits}f}"


class Table:
    def __init__(self, figures):
        self.f = figures
        self.rows = []

    def add(self, what, bk, peer, ratio, target, met, *loads_of):
        loads = []
        for key, server in loads_of:
            got = self.f.loads.get((key, server), [])
            if got:
                loads.append(f"{server}: {' '.join(got)}")
        if met is None:
            verdict = "-"
        else:
            verdict = "**yes**" if met else "**no**"
        self.rows.append(
            (what, bk, peer, "-" if ratio is None else f"{ratio:.2f}x", target, verdict,
             "; ".join(loads)))

    def failures(self, key, server="bootkeeper"):
        n = self.f.failed(key, server)
        return f" ({n} of {len(self.f.values[key, server])} rounds failed)" if n else ""

    def markdown(self):
        out = ["| what | Bootkeeper | best peer (same run) | ratio | target | met? | 1-min load at each round |",
               "|---|---|---|---|---|---|---|"]
        for r in self.rows:
            out.append("| " + " | ".join(r) + " |")
        return "\n".join(out)


def ratio(a, b):
    return a / b if a is not None and b else None


def dhcp_rows(t, f, m):
    rates = sorted({int(k.split(".")[1]) for k in f.keys("dhcp.") if k.endswith(".dora")})
    best_below = None
    for rate in rates:
        key = f"dhcp.{rate}"

        def cell(server):
            if not f.ran(key + ".dora", server):
                return "-"
            return (f"{fmt(f.median(key + '.dora', server))}/s, {fmt(f.median(key + '.loss', server), 1)}% lost, "
                    f"D->O {fmt(f.median(key + '.do', server), 2)} ms")

        bk, peer = f.median(key + ".dora"), f.median(key + ".dora", "dnsmasq")
        r = ratio(bk, peer)
        delay = f.median(key + ".do")
        if rate >= 4000:
            target, met = ">= 1.0x", r is not None and r >= 1.0
        else:
            target = ">= 0.95x, D->O < 5 ms"
            met = r is not None and r >= 0.95 and delay is not None and delay < 5
        t.add(f"DHCP full mode, {rate:,} DORA/s offered for {m['dhcp_secs']} s, {m['dhcp_clients']} "
              f"clients, /24 pool, from ready", cell("bootkeeper") + t.failures(key + ".dora"),
              "dnsmasq " + cell("dnsmasq"), r, target, met and not f.failed(key + ".dora"),
              (key + ".dora", "bootkeeper"), (key + ".dora", "dnsmasq"))
        if rate >= 4000 and best_below:
            top = f.median(key + ".dora")
            t.add(f"DHCP offered {rate:,}/s, more than it serves: keeps serving, no collapse",
                  f"{fmt(top)}/s vs its best {fmt(best_below)}/s at a lower rate", "-",
                  ratio(top, best_below), ">= 0.9x of its best below",
                  top is not None and top >= 0.9 * best_below, (key + ".dora", "bootkeeper"))
        elif f.median(key + ".dora") is not None:
            best_below = max(best_below or 0, f.median(key + ".dora"))
    if f.ran("dhcp.durable.lost"):
        acked, lost = f.total("dhcp.durable.acked"), f.total("dhcp.durable.lost")
        t.add("DHCP kill -9 in mid-storm, restart: every ACKed lease still listed by the API",
              f"{fmt(acked)} ACKed, {fmt(lost)} lost", "-", None, "0 lost",
              acked is not None and acked > 0 and lost == 0, ("dhcp.durable.lost", "bootkeeper"))


def ratio_row(t, f, key, what, peer, unit, target_ratio, digits=0):
    if not f.ran(key) and not f.ran(key, peer):
        return
    bk, p = f.median(key), f.median(key, peer)
    r = ratio(bk, p)
    t.add(what, f"{fmt(bk, digits)} {unit}" + t.failures(key),
          f"{peer} {fmt(p, digits)} {unit}" + t.failures(key, peer), r,
          f">= {target_ratio}x", r is not None and r >= target_ratio and not f.failed(key),
          (key, "bootkeeper"), (key, peer))


def nbd_rows(t, f, m):
    mib = m["nbd_mib"]
    ratio_row(t, f, "nbd.default", f"NBD, nbdcopy of a {mib} MiB export to null:, default connections",
              "nbdkit", "MiB/s", 1.0)
    ratio_row(t, f, "nbd.c1", f"NBD, the same with one connection (nbdcopy -C 1)", "nbdkit", "MiB/s", 1.0)


def http_rows(t, f, m):
    ratio_row(t, f, "http.big", f"HTTP, one {m['http_big_mib']} MiB GET (curl)", "nginx", "MiB/s", 0.9)
    if f.ran("http.small") or f.ran("http.small", "nginx"):
        bk, p = f.median("http.small"), f.median("http.small", "nginx")
        r = ratio(bk, p)
        t.add(f"HTTP, a 1,468-byte static file, wrk -t2 -c20 -d{m['http_wrk_secs']}s",
              f"{fmt(bk)} req/s, p99 {fmt(f.median('http.small.p99'), 2)} ms" + t.failures("http.small"),
              f"nginx {fmt(p)} req/s, p99 {fmt(f.median('http.small.p99', 'nginx'), 2)} ms"
              + t.failures("http.small", "nginx"),
              r, ">= 0.5x", r is not None and r >= 0.5 and not f.failed("http.small"),
              ("http.small", "bootkeeper"), ("http.small", "nginx"))
    if f.ran("http.mac"):
        rps, p99 = f.median("http.mac"), f.median("http.mac.p99")
        t.add(f"HTTP, a rendered per-MAC iPXE script (/boot/<mac>.ipxe of a host made through the API), "
              f"wrk -t2 -c20 -d{m['http_wrk_secs']}s (saturation)",
              f"{fmt(rps)} req/s, p99 {fmt(p99, 2)} ms" + t.failures("http.mac"), "(none)", None,
              ">= 20,000 req/s",
              rps is not None and rps >= 20000 and not f.failed("http.mac"),
              ("http.mac", "bootkeeper"))
    if f.ran("http.mac.paced"):
        rate, p99 = f.median("http.mac.paced"), f.median("http.mac.paced.p99")
        peer = f.median("http.small.paced.p99", "nginx")
        offered = int(m.get("http_paced_rate", "20000"))
        t.add(f"HTTP, the same per-MAC script at {offered:,} req/s offered from ready, h2load --h1 -c20 "
              f"--rps (p99 of every request over {m['http_wrk_secs']} s)",
              f"p99 {fmt(p99, 2)} ms, {fmt(rate)} req/s served" + t.failures("http.mac.paced"),
              f"nginx, the static file at that rate: p99 {fmt(peer, 2)} ms"
              + t.failures("http.small.paced", "nginx"), None,
              "p99 < 2 ms",
              p99 is not None and p99 < 2 and rate is not None and rate >= 0.95 * offered
              and not f.failed("http.mac.paced"),
              ("http.mac.paced", "bootkeeper"), ("http.small.paced", "nginx"))


def tftp_rows(t, f, m):
    single = m["tftp_single_mib"]
    for key, what in [("tftp.512", f"TFTP, one client, {single} MiB, blksize 512 (curl)"),
                      ("tftp.1468", f"TFTP, one client, {single} MiB, blksize 1468 (curl)"),
                      ("tftp.atftp1468", f"TFTP, one client, {single} MiB, blksize 1468 (atftp)"),
                      ("tftp.w16", f"TFTP, one client, {single} MiB, blksize 1468, windowsize 16 (atftp)")]:
        ratio_row(t, f, key, what, "atftpd", "MiB/s", 1.0, 1)
    storms = [k for k in f.keys("tftp.storm") if k.count(".") == 1]
    for key in sorted(storms, key=lambda k: int(k[len("tftp.storm"):])):
        n = key[len("tftp.storm"):]

        def cell(server):
            fails = f.total(key + ".fail", server)
            return (f"{fmt(f.median(key, server), 1)} MiB/s, {fmt(fails)} failed, "
                    f"p95 {fmt(f.median(key + '.p95', server), 1)} s")

        bk, p = f.median(key), f.median(key, "tftpd-hpa")
        r = ratio(bk, p)
        t.add(f"TFTP, {n} clients at once x {m['tftp_storm_mib']} MiB (curl, blksize 1468), aggregate",
              cell("bootkeeper"), "tftpd-hpa " + cell("tftpd-hpa"), r, ">= 1.0x, 0 failures",
              r is not None and r >= 1.0 and f.total(key + ".fail") == 0,
              (key, "bootkeeper"), (key, "tftpd-hpa"))


def start_rows(t, f, m):
    if f.ran("start.ready"):
        ready = f.median("start.ready")
        t.add("Start to ready (exec of java -jar to \"Bootkeeper is ready\")", f"{fmt(ready)} ms", "-",
              None, "<= 3,000 ms", ready is not None and ready <= 3000, ("start.ready", "bootkeeper"))
    if f.ran("start.rss"):
        rss = f.median("start.rss")
        t.add(f"Idle RSS, {m['idle_secs']} s after ready, no traffic (VmRSS)", f"{fmt(rss)} MiB", "-",
              None, "<= 256 MiB", rss is not None and rss <= 256, ("start.rss", "bootkeeper"))
    every = [float(v) for v in f.values.get(("ready", "bootkeeper"), []) if is_number(v)]
    if every:
        t.add(f"Start to ready, every appliance start of this run ({len(every)})",
              f"median {fmt(statistics.median(every))} ms, {fmt(min(every))}-{fmt(max(every))}", "-",
              None, "-", None)


def rounds_detail(f):
    lines = []
    for (key, server), values in sorted(f.values.items()):
        if key == "ready":
            continue
        lines.append(f"- {key} {server}: {' '.join(values)}")
    return "\n".join(lines)


def main():
    f = Figures(sys.argv[1])
    m = json.load(open(sys.argv[2]))
    t = Table(f)
    for rows in (dhcp_rows, nbd_rows, http_rows, tftp_rows, start_rows):
        rows(t, f, m)
    met = sum(1 for r in t.rows if r[5] == "**yes**")
    judged = sum(1 for r in t.rows if r[5] != "-")
    section = f"""{BEGIN}
## Latest run of `bench/run-all.sh`

{m['date']}, commit {m['commit']}, {m['cores']} cores ({m['cpu']}), {m['jdk']}, net.core.rmem_max {m.get('rmem_max', 'not recorded')};
load average {m['load_start']} at the start, {m['load_end']} at the end; {m['minutes']} minutes
({m['case_minutes']}).
Command: `{m['command']}` (median of {m['repeat']} round(s) per figure, each Bootkeeper round a fresh start
of the packaged appliance, measured from its ready line).

{t.markdown()}

Targets met: {met} of {judged}.

<details><summary>Every round (value per round, in order; FAIL = no figure: a failed or incomplete transfer, or a server that did not answer, as the run's output says)</summary>

{rounds_detail(f)}

</details>
{END}"""
    print(section)
    if len(sys.argv) > 3:
        path = sys.argv[3]
        text = open(path).read()
        if BEGIN in text and END in text:
            text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END):]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        with open(path, "w") as out:
            out.write(text)


if __name__ == "__main__":
    main()
