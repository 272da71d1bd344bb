#!/usr/bin/env bash
# Regenerates the small image fixtures of image_test.cpp with ImageMagick (Debian's imagemagick).
# The files are committed; run this only to change them.
set -euo pipefail
cd "$(dirname "$0")"
src=$(mktemp --suffix=.png)
trap 'rm -f "$src"' EXIT
# A 16x12 colour source: a horizontal red->blue ramp blended with a vertical yellow ramp.
convert -size 12x16 gradient:red-blue -rotate 90 \( -size 16x12 gradient:yellow-black \) \
  -compose blend -define compose:args=50 -composite -depth 8 "PNG24:$src"
convert "$src" -depth 8 PNG24:rgb.png
convert "$src" -colorspace Gray -depth 8 -define png:color-type=0 -define png:bit-depth=8 gray.png
convert "$src" -colorspace Gray -depth 8 -alpha set -channel A -fx 'i/w' +channel PNG32:gray_alpha.png
convert gray_alpha.png -define png:color-type=4 gray_alpha.png
convert "$src" -alpha set -channel A -fx 'j/h' +channel PNG32:rgba.png
convert "$src" -depth 16 PNG48:rgb16.png
convert "$src" -colors 16 PNG8:indexed.png
convert "$src" -quality 95 -interlace Plane progressive.jpg
convert "$src" -quality 95 -interlace None baseline.jpg
convert "$src" BMP3:rgb.bmp
convert "$src" -colors 64 \( "$src" -negate \) -loop 0 animated.gif
convert "$src" -orient TopLeft rgb.tga  # ImageMagick 6 mislabels the default orientation
head -c 100 rgb.png > truncated.png
printf 'this is text, not a PNG\n' > text.png
