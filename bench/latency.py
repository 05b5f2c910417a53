#!/usr/bin/env python3
"""Frame latency helper of bench/guest-display.sh.

Usage:
  latency.py stamp SERIAL_LOG OUTPUT
  latency.py report STAMPS STRACE_LOG [BULKHEAD_LOG]

stamp follows SERIAL_LOG (the guest's ttyS0 log) from its current end and
writes "HOST_SECONDS FRAME" to OUTPUT for every "bulkhead-animate: frame N"
line, where HOST_SECONDS is the host's real time when the line was read.
It polls every millisecond and runs until it is killed.

report matches each frame to the SPICE draw messages that a client read
after it. STRACE_LOG is the output of `strace -f -ttt -e trace=recvfrom`
on the client. spice-client-glib reads each message's 6-byte header (type
u16, size u32, little endian) with its own recvfrom, so every such header
of a draw or stream data message counts as a draw. BULKHEAD_LOG adds bulkhead's
"invalidate ... at US us (real time)" debug lines as a second end point.
It prints one "name count median p90 max" line (milliseconds) per end point.
"""

import codecs
import re
import sys
import time

POLL_SECONDS = 0.001
FRAME_RE = re.compile(r"bulkhead-animate: frame (\d+) ")
# recvfrom(FD, "ESCAPED", 6, ...) = 6
HEADER_RE = re.compile(r'^\d+\s+(\d+\.\d+) recvfrom\(\d+, "((?:[^"\\]|\\.)*)", 6,'
                       r".*\) = 6$")
INVALIDATE_RE = re.compile(r"invalidate .* at (\d+) us \(real time\)")
# Display channel messages that carry screen content (spice-protocol
# enums.h): STREAM_DATA (123), DRAW_FILL (302) to DRAW_ALPHA_BLEND (313),
# STREAM_DATA_SIZED (316) and DRAW_COMPOSITE (318).
DRAW_TYPES = frozenset([123, *range(302, 314), 316, 318])


def stamp(serial_path, output_path):
    with open(serial_path, "rb") as serial, open(output_path, "w") as output:
        serial.seek(0, 2)
        pending = b""
        while True:
            chunk = serial.read()
            if not chunk:
                time.sleep(POLL_SECONDS)
                continue
            now = time.time()
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                match = FRAME_RE.search(line.decode("ascii", "replace"))
                if match:
                    output.write(f"{now:.6f} {match.group(1)}\n")
            output.flush()


def read_frames(path):
    frames = []
    with open(path) as stamps:
        for line in stamps:
            seconds, _frame = line.split()
            frames.append(float(seconds))
    return frames


def read_draws(path):
    draws = []
    with open(path) as trace:
        for line in trace:
            match = HEADER_RE.match(line.rstrip("\n"))
            if not match:
                continue
            header = codecs.escape_decode(match.group(2).encode("latin-1"))[0]
            if len(header) != 6:
                continue
            message_type = int.from_bytes(header[0:2], "little")
            if message_type in DRAW_TYPES:
                draws.append(float(match.group(1)))
    return sorted(draws)


def read_invalidates(path):
    times = []
    with open(path, errors="replace") as log:
        for line in log:
            match = INVALIDATE_RE.search(line)
            if match:
                times.append(int(match.group(1)) / 1e6)
    return sorted(times)


def percentile(sorted_values, fraction):
    index = min(len(sorted_values) - 1, int(fraction * len(sorted_values)))
    return sorted_values[index]


def first_latencies(frames, events):
    """Returns, per frame, the milliseconds to the first event after it and
    before the next frame. Frames without such an event are left out."""
    latencies = []
    position = 0
    for index, frame_time in enumerate(frames):
        end = frames[index + 1] if index + 1 < len(frames) else float("inf")
        while position < len(events) and events[position] < frame_time:
            position += 1
        if position < len(events) and events[position] < end:
            latencies.append((events[position] - frame_time) * 1000)
    return sorted(latencies)


def print_summary(name, frames, latencies):
    if not latencies:
        print(f"{name} 0/{len(frames)} - - -")
        return
    print(f"{name} {len(latencies)}/{len(frames)} "
          f"{percentile(latencies, 0.5):.1f} {percentile(latencies, 0.9):.1f} "
          f"{latencies[-1]:.1f}")


def report(stamps_path, trace_path, bulkhead_log=None):
    frames = read_frames(stamps_path)
    print_summary("first-draw-read", frames,
                  first_latencies(frames, read_draws(trace_path)))
    if bulkhead_log:
        print_summary("first-invalidate", frames,
                      first_latencies(frames, read_invalidates(bulkhead_log)))


def main(argv):
    if len(argv) == 4 and argv[1] == "stamp":
        stamp(argv[2], argv[3])
    elif len(argv) in (4, 5) and argv[1] == "report":
        report(*argv[2:])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
