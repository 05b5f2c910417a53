# Helpers for the apps-*.sh tests, on top of harness.sh: a temporary
# XDG_DATA_DIRS holding the test desktop entries and icons of
# tests/data/apps, a vm workspace with an apps key, and the grid's layout.
. "$(dirname "$0")/harness.sh"

APPS_DATA="$(dirname "$0")/../data/apps"
WORK_COLOR='#1565c0'
NOTES_COLOR='#6a1b9a'
PERSONAL_COLOR='#2e7d32'
# The purple of the PNG test icon bulkhead-test-calc.png.
CALC_COLOR='#7b1fa2'

cp -r "$APPS_DATA/share" "$APPS_DATA/lower" "$TEST_DIR/"
export XDG_DATA_DIRS="$TEST_DIR/share:$TEST_DIR/lower"
export XDG_DATA_HOME="$TEST_DIR/data-home"
export XDG_CACHE_HOME="$TEST_DIR/cache"

write_config() {
	local uri
	uri=$(write_test_node)
	sed "s|@LIBVIRT_URI@|$uri|" > "$TEST_DIR/config.ini" <<'INI'
[general]
libvirt-uri=@LIBVIRT_URI@

[workspace:personal]
color=#2e7d32
default=true

[workspace:notes]
color=#6a1b9a
badge=notes

[workspace:work]
color=#1565c0
badge=work
vm=work
apps=bulkhead-test-editor.desktop;bulkhead-remote-mail.desktop

[vm:work]
domain=test
INI
}

# The grid's layout on the 1280x720 headless output, from
# compositor/ui/app-grid-draw.c: the grid starts below the 28-pixel panel,
# tiles are 128x120 in 8 columns from x 128, the first row at y 168; a
# tile's 64-pixel icon sits 32 pixels in and 14 down, and the badge's
# lower right corner is 10 pixels right of and 4 below the icon's.
TILE_LEFT=128
TILE_TOP=168
TILE_WIDTH=128
TILE_HEIGHT=120
COLUMNS=8

tile_x() {
	echo $((TILE_LEFT + ($1 % COLUMNS) * TILE_WIDTH))
}

tile_y() {
	echo $((TILE_TOP + ($1 / COLUMNS) * TILE_HEIGHT))
}

# color_count FILE COLOR X Y WIDTH HEIGHT: how many pixels are COLOR.
color_count() {
	local file=$1 color=$2
	shift 2
	region_colors "$file" colors "$@" | awk -v c="$color" \
		'$1 == c { n = $2 } END { print n + 0 }'
}

# badge_pixels FILE TILE COLOR: pixels of COLOR in the tile's badge corner.
badge_pixels() {
	local x y
	x=$(tile_x "$2")
	y=$(tile_y "$2")
	color_count "$1" "$3" $((x + 70)) $((y + 64)) 40 20
}

# icon_pixels FILE TILE COLOR: pixels of COLOR in the tile's icon.
icon_pixels() {
	local x y
	x=$(tile_x "$2")
	y=$(tile_y "$2")
	color_count "$1" "$3" $((x + 32)) $((y + 14)) 64 64
}

# tile_colors FILE TILE: the number of colors in the whole tile.
tile_colors() {
	region_colors "$1" colors "$(tile_x "$2")" "$(tile_y "$2")" \
		"$TILE_WIDTH" "$TILE_HEIGHT" | wc -l
}

grid_is_open() {
	grep -q "Opened the app grid" "$TEST_DIR/bulkhead.log" &&
		[ "$(grep -c "Opened the app grid" "$TEST_DIR/bulkhead.log")" -gt \
			"$(grep -c "Closed the app grid" "$TEST_DIR/bulkhead.log")" ]
}

# open_grid: taps Super, which opens the grid, and waits for it.
open_grid() {
	type_keys +KEY_LEFTMETA -KEY_LEFTMETA
	if ! wait_until 5 grid_is_open; then
		fail "the app grid did not open on a tap of Super"
		return 1
	fi
	# Let the next frame show the grid.
	sleep 0.5
}
