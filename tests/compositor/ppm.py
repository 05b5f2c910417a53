#!/usr/bin/env python3
"""Read pixels of a binary PPM (P6, maxval 255) screenshot, as grim -t ppm
writes it.

ppm.py FILE colors X Y WIDTH HEIGHT
    prints each color of the rectangle as "#rrggbb COUNT", most frequent
    first; exits 1 when the rectangle is not inside the image.
ppm.py FILE pixel X Y
    prints the color of one pixel as "#rrggbb".
ppm.py FILE diff OTHER X Y WIDTH HEIGHT
    prints "COUNT WxH DIGEST": how many pixels of the rectangle differ
    between FILE and OTHER, the size of their bounding box (0x0 for none),
    and the SHA-256 of their offsets in the rectangle. Two differences of
    another shape have other digests.
"""
import hashlib
import sys
from collections import Counter


def read_token(data, pos):
    while data[pos:pos + 1].isspace() or data[pos:pos + 1] == b'#':
        if data[pos:pos + 1] == b'#':
            pos = data.index(b'\n', pos)
        pos += 1
    end = pos
    while not data[end:end + 1].isspace():
        end += 1
    return data[pos:end], end


def read_ppm(path):
    with open(path, 'rb') as f:
        data = f.read()
    magic, pos = read_token(data, 0)
    if magic != b'P6':
        sys.exit(f'ppm.py: {path}: not a binary PPM (magic {magic!r})')
    width, pos = read_token(data, pos)
    height, pos = read_token(data, pos)
    maxval, pos = read_token(data, pos)
    if int(maxval) != 255:
        sys.exit(f'ppm.py: {path}: maxval {int(maxval)}, expected 255')
    # One whitespace byte separates the header from the pixels.
    return int(width), int(height), data[pos + 1:]


def color_at(pixels, width, x, y):
    i = (y * width + x) * 3
    return '#%02x%02x%02x' % (pixels[i], pixels[i + 1], pixels[i + 2])


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    width, height, pixels = read_ppm(argv[1])
    other = None
    if argv[2] == 'diff' and len(argv) == 8:
        other_width, other_height, other = read_ppm(argv[3])
        if (other_width, other_height) != (width, height):
            sys.exit(f'ppm.py: {argv[3]} is {other_width}x{other_height}, '
                     f'{argv[1]} is {width}x{height}')
        argv = argv[:3] + argv[4:]
    args = [int(a) for a in argv[3:]]
    if argv[2] == 'pixel' and len(args) == 2:
        x, y = args
        w = h = 1
    elif argv[2] in ('colors', 'diff') and len(args) == 4:
        x, y, w, h = args
    else:
        sys.exit(__doc__)
    if x < 0 or y < 0 or w < 1 or h < 1 or x + w > width or y + h > height:
        print(f'ppm.py: rectangle {w}x{h} at {x},{y} is not inside the '
              f'{width}x{height} image', file=sys.stderr)
        return 1
    if argv[2] == 'diff':
        offsets = [f'{px - x},{py - y}'
                   for py in range(y, y + h) for px in range(x, x + w)
                   if color_at(pixels, width, px, py) !=
                   color_at(other, width, px, py)]
        digest = hashlib.sha256(' '.join(offsets).encode()).hexdigest()
        xs = [int(offset.split(',')[0]) for offset in offsets]
        ys = [int(offset.split(',')[1]) for offset in offsets]
        box = (f'{max(xs) - min(xs) + 1}x{max(ys) - min(ys) + 1}'
               if offsets else '0x0')
        print(len(offsets), box, digest)
        return 0
    counts = Counter(color_at(pixels, width, px, py)
                     for py in range(y, y + h) for px in range(x, x + w))
    if argv[2] == 'pixel':
        print(next(iter(counts)))
        return 0
    for color, count in counts.most_common():
        print(color, count)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
