#!/bin/bash
# Config validation: each kind of invalid config stops bulkhead with exit 1
# and one message that names the file, the group, key and value at fault,
# and what would be valid.
. "$(dirname "$0")/harness.sh"

CONFIG_DIR=${BULKHEAD_SOURCE_ROOT:?set BULKHEAD_SOURCE_ROOT}/tests/data/configs

# file|what the message must name|what it must offer as valid
CASES="unknown-group|unknown group [colors]|valid groups are [general]
unknown-key|[workspace:personal] colour=#2e7d32: unknown key|valid keys are: color,
bad-color|[workspace:personal] color=#2e7d3: invalid color|expected #rrggbb
bad-border-width|[general] border-width=thick: invalid value|an integer from 1 to 64
zero-border-width|[general] border-width=0: invalid value|an integer from 1 to 64
bad-binding-modifier|[bindings] focus-next=Hyper+Tab: invalid key combination|MOD one of Super, Shift, Ctrl, Alt
bad-binding-keysym|[bindings] focus-prev=Super+NoSuchKey: invalid key combination at 'NoSuchKey'|xkb keysym name
missing-vm-group|[workspace:work] vm=missing: no group [vm:missing]|add one or name an existing group
two-defaults|[workspace:work] default=true: [workspace:personal] is the default already|mark only one
no-workspace|no workspace|[workspace:personal] with color=
bad-layout|[keyboard]: layout=nosuchlayout|rules/evdev.lst"

# check_config NAME NAMED VALID: runs --check-config on NAME.ini.
check_config() {
	local file="$CONFIG_DIR/$1.ini" output status
	output=$("$BULKHEAD" --check-config --config "$file" 2>&1)
	status=$?
	check_eq "$1: exit status" 1 "$status"
	check_contains "$1: message names the file" \
		"bulkhead: invalid config: $file: " "$output"
	check_contains "$1: message names the fault" "$2" "$output"
	check_contains "$1: message says what is valid" "$3" "$output"
}

output=$("$BULKHEAD" --check-config --config "$CONFIG_DIR/valid.ini" 2>&1)
check_eq "valid config: exit status" 0 $?
check_contains "valid config: message" "$CONFIG_DIR/valid.ini: valid" \
	"$output"

while IFS='|' read -r name named valid; do
	check_config "$name" "$named" "$valid"
done <<< "$CASES"

# Without XDG_RUNTIME_DIR there is nowhere to put the sockets. timeout
# stops a bulkhead that starts anyway, which fails the status check.
output=$(env -u XDG_RUNTIME_DIR WLR_BACKENDS=headless WLR_RENDERER=pixman \
	timeout 10 "$BULKHEAD" --config "$CONFIG_DIR/valid.ini" 2>&1)
check_eq "unset XDG_RUNTIME_DIR: exit status" 1 $?
check_contains "unset XDG_RUNTIME_DIR: message names it" \
	"XDG_RUNTIME_DIR is not set" "$output"

finish
