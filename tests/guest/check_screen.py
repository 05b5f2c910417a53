#!/usr/bin/env python3
"""Check QMP screendumps (binary PPM) of the demo guest's text console.

Usage: check_screen.py BEFORE.ppm AFTER.ppm

BEFORE is taken once the guest is ready, AFTER after keys were typed at
least a second later. Both must be 80x25 VGA text mode (720x400 pixels)
with the blue background covering most of the screen and the yellow clock
drawn; between them the clock rows and the typed-keys field must change.
Each failed check prints one line, and the exit status is 1 if any failed.
"""

import sys
from collections import Counter

WIDTH, HEIGHT = 720, 400
CELL_HEIGHT = 16
# The Linux console's blue and bright yellow as QEMU 7.2's VGA renders them.
BLUE = (0, 0, 168)
YELLOW = (255, 255, 87)
# Text rows (1-based) of the layout in scripts/demo-guest/bulkhead-demo.c.
CLOCK_ROWS = range(10, 14)
TYPED_ROW = 18


def read_ppm(path):
    with open(path, "rb") as file:
        data = file.read()
    fields = []
    position = 0
    while len(fields) < 4:
        while data[position : position + 1].isspace():
            position += 1
        if data[position : position + 1] == b"#":
            position = data.index(b"\n", position) + 1
            continue
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    position += 1
    magic, width, height, max_value = fields
    if magic != b"P6" or max_value != b"255":
        raise ValueError(f"{path}: not a binary 8-bit PPM")
    width, height = int(width), int(height)
    pixels = data[position : position + width * height * 3]
    return width, height, pixels


def row_bytes(image, text_row):
    width, _, pixels = image
    start = (text_row - 1) * CELL_HEIGHT * width * 3
    return pixels[start : start + CELL_HEIGHT * width * 3]


def colors(image):
    _, _, pixels = image
    return Counter(zip(pixels[0::3], pixels[1::3], pixels[2::3]))


def check(failures, condition, message):
    if not condition:
        failures.append(message)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    before = read_ppm(sys.argv[1])
    after = read_ppm(sys.argv[2])
    failures = []

    for name, image in (("before", before), ("after", after)):
        width, height, _ = image
        check(failures, (width, height) == (WIDTH, HEIGHT),
              f"{name}: size is {width}x{height}, expected {WIDTH}x{HEIGHT}")
        counts = colors(image)
        total = sum(counts.values())
        dominant, dominant_count = counts.most_common(1)[0]
        check(failures, dominant == BLUE,
              f"{name}: most common color is {dominant}, expected blue {BLUE}")
        check(failures, dominant_count > total // 2,
              f"{name}: the background covers {dominant_count} of {total} pixels")
        check(failures, counts[YELLOW] > 1000,
              f"{name}: {counts[YELLOW]} yellow clock pixels, expected over 1000")

    clock_changed = any(row_bytes(before, row) != row_bytes(after, row)
                        for row in CLOCK_ROWS)
    check(failures, clock_changed, "the clock did not change between the screendumps")
    check(failures, row_bytes(before, TYPED_ROW) != row_bytes(after, TYPED_ROW),
          "the typed-keys field did not change after typing")

    for failure in failures:
        print(f"check_screen.py: {failure}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
