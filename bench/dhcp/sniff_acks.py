"""Counts the DHCPACKs seen on an interface (raw frames, so it sees what reached the clients) and the
addresses ACKed to more than one MAC; optionally writes the last address ACKed to each MAC.

Usage: sniff_acks.py [--ready FILE] interface seconds [out-file]
  --ready FILE  created once the socket listens, so a caller can start the traffic after it
Prints: acks_seen=N duplicate_addresses=M
"""
import argparse
import socket
import struct
import time

DHCPACK = 5


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ready")
    p.add_argument("interface")
    p.add_argument("seconds", type=float)
    p.add_argument("out", nargs="?")
    args = p.parse_args()
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0800))
    s.bind((args.interface, 0))
    # A storm of replies must not overflow the default buffer while this loop is descheduled.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 << 20)
    s.settimeout(1.0)
    if args.ready:
        open(args.ready, "w").close()
    owner, dup, acks, last = {}, set(), 0, {}
    end = time.time() + args.seconds
    while time.time() < end:
        try:
            f = s.recv(2048)
        except socket.timeout:
            continue
        ihl = (f[14] & 15) * 4
        if f[23] != 17:  # not UDP
            continue
        u = 14 + ihl
        if struct.unpack("!H", f[u:u + 2])[0] != 67:  # not from a DHCP server port
            continue
        d = f[u + 8:]
        if len(d) < 240 or d[0] != 2:  # not a BOOTREPLY
            continue
        i, mt = 240, None
        while i + 1 < len(d) and d[i] != 255:
            if d[i] == 0:
                i += 1
                continue
            if d[i] == 53:
                mt = d[i + 2]
            i += 2 + d[i + 1]
        if mt != DHCPACK:
            continue
        acks += 1
        ip, mac = d[16:20], d[28:34]
        if owner.setdefault(ip, mac) != mac:
            dup.add(ip)
        last[mac] = ip
    print("acks_seen=%d duplicate_addresses=%d" % (acks, len(dup)))
    if args.out:
        with open(args.out, "w") as out:
            for mac, ip in last.items():
                out.write("%s %s\n" % (":".join("%02x" % b for b in mac), ".".join(str(b) for b in ip)))


if __name__ == "__main__":
    main()
