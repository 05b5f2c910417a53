#!/usr/bin/env python3
"""Read guest screenshots taken with `virsh screenshot`.

Usage:
  screen.py size FILE                 print WIDTHxHEIGHT
  screen.py count FILE RRGGBB         print how many pixels have that color

virsh writes what QEMU's screendump returns: PNG (8-bit RGB or RGBA, not
interlaced) with QEMU 7.2 and libvirt 9.0, or binary PPM (P6). Both are
decoded here with the standard library only.
"""

import struct
import sys
import zlib


def paeth(left, up, up_left):
    estimate = left + up - up_left
    distances = (abs(estimate - left), abs(estimate - up),
                 abs(estimate - up_left))
    if distances[0] <= distances[1] and distances[0] <= distances[2]:
        return left
    if distances[1] <= distances[2]:
        return up
    return up_left


def read_png(data):
    position = 8
    width = height = None
    channels = None
    compressed = bytearray()
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(
                ">IIBBBBB", body)
            if depth != 8 or color not in (2, 6) or interlace != 0:
                raise ValueError(f"unsupported PNG: depth {depth}, "
                                 f"color type {color}, interlace {interlace}")
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(bytes(compressed))
    stride = width * channels
    rows = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        row = bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            left = row[x - channels] if x >= channels else 0
            up = previous[x]
            up_left = previous[x - channels] if x >= channels else 0
            if kind == 1:
                row[x] = (row[x] + left) & 0xFF
            elif kind == 2:
                row[x] = (row[x] + up) & 0xFF
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                row[x] = (row[x] + paeth(left, up, up_left)) & 0xFF
            elif kind != 0:
                raise ValueError(f"invalid PNG filter type {kind}")
        rows.append(bytes(row))
        previous = row
    return width, height, channels, rows


def read_ppm(data):
    fields = []
    position = 2
    while len(fields) < 3:
        while data[position:position + 1].isspace():
            position += 1
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(int(data[position:end]))
        position = end
    position += 1
    width, height, _ = fields
    stride = width * 3
    rows = [data[position + y * stride:position + (y + 1) * stride]
            for y in range(height)]
    return width, height, 3, rows


def read_image(path):
    with open(path, "rb") as file:
        data = file.read()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return read_png(data)
    if data.startswith(b"P6"):
        return read_ppm(data)
    raise ValueError(f"{path}: neither PNG nor binary PPM")


def count_color(image, color):
    width, _, channels, rows = image
    target = bytes.fromhex(color)
    total = 0
    for row in rows:
        for x in range(0, width * channels, channels):
            if row[x:x + 3] == target:
                total += 1
    return total


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "size":
        width, height, _, _ = read_image(sys.argv[2])
        print(f"{width}x{height}")
    elif len(sys.argv) == 4 and sys.argv[1] == "count":
        print(count_color(read_image(sys.argv[2]), sys.argv[3]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
