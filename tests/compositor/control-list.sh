#!/bin/bash
# bulkheadctl list: JSON keys, order and values, and the table.
. "$(dirname "$0")/control-lib.sh"

start_compositor
start_client personal weston-simple-shm
wait_for_windows 1

json=$(ctl list --json)
check_eq "list --json prints one JSON value" 1 \
	"$(printf '%s\n' "$json" | jq -s 'length')"
check_eq "top-level keys" '["workspaces","windows"]' \
	"$(jq -c 'keys_unsorted' <<<"$json")"
check_eq "workspace keys" \
	'["name","color","badge","kind","vm_state","last_error","focused"]' \
	"$(jq -c '.workspaces[0] | keys_unsorted' <<<"$json")"
check_eq "window keys" \
	'["id","workspace","kind","title","app_id","hint","x","y","width","height","focused"]' \
	"$(jq -c '.windows[0] | keys_unsorted' <<<"$json")"

check_eq "workspaces in config order" "personal notes work" \
	"$(jq -r '[.workspaces[].name] | join(" ")' <<<"$json")"
check_eq "workspace colors" "#2e7d32 #6a1b9a #1565c0" \
	"$(jq -r '[.workspaces[].color] | join(" ")' <<<"$json")"
check_eq "badges" '[null,"notes","work"]' \
	"$(jq -c '[.workspaces[].badge]' <<<"$json")"
check_eq "kinds" '["host","host","vm"]' \
	"$(jq -c '[.workspaces[].kind]' <<<"$json")"
check_eq "host workspaces have a null vm_state" '[null,null]' \
	"$(jq -c '[.workspaces[0,1].vm_state]' <<<"$json")"
check_eq "the vm workspace has a vm_state string" string \
	"$(jq -r '.workspaces[2].vm_state | type' <<<"$json")"
check_eq "last_error is a string or null" true \
	"$(jq '[.workspaces[].last_error | type] | all(. == "null" or . == "string")' <<<"$json")"
check_eq "exactly one workspace is focused" 1 \
	"$(jq '[.workspaces[] | select(.focused)] | length' <<<"$json")"
check_eq "the new window's workspace is focused" personal \
	"$(jq -r '.workspaces[] | select(.focused) | .name' <<<"$json")"

check_eq "window id is an integer" number \
	"$(jq -r '.windows[0].id | type' <<<"$json")"
check_eq "window workspace" personal \
	"$(jq -r '.windows[0].workspace' <<<"$json")"
check_eq "window kind" toplevel "$(jq -r '.windows[0].kind' <<<"$json")"
check_eq "window title" simple-shm "$(jq -r '.windows[0].title' <<<"$json")"
check_eq "window app_id is a string" string \
	"$(jq -r '.windows[0].app_id | type' <<<"$json")"
check_eq "a toplevel has no title strip hint" null \
	"$(jq -r '.windows[0].hint' <<<"$json")"
check_eq "content size of weston-simple-shm" "250x250" \
	"$(jq -r '.windows[0] | "\(.width)x\(.height)"' <<<"$json")"
check_eq "window position is inside the layout" true \
	"$(jq '.windows[0] | .x >= 0 and .y >= 0' <<<"$json")"
check_eq "the new window is focused" true \
	"$(jq '.windows[0].focused' <<<"$json")"

start_client personal weston-simple-shm
wait_for_windows 2
check_eq "window ids are unique" 2 \
	"$(list_json '[.windows[].id] | unique | length')"
check_eq "exactly one window is focused" 1 \
	"$(list_json '[.windows[] | select(.focused)] | length')"
check_eq "the top window is the focused one" true \
	"$(list_json '.windows[-1].focused')"

# A client may set a title and app id almost as long as a Wayland message
# (4096 bytes); list must still work, with both cut to 1023 bytes.
long_text=$(head -c 3000 /dev/zero | tr '\0' x)
start_client personal foot --title "$long_text" --app-id "$long_text"
wait_for_windows 3
check_eq "a long title is cut to 1023 bytes" 1023 \
	"$(list_json '.windows[] | select(.app_id | startswith("xxx")) | .title | length')"
check_eq "a long app_id is cut to 1023 bytes" 1023 \
	"$(list_json '.windows[] | select(.title | startswith("xxx")) | .app_id | length')"

output=$(ctl focus "$long_text" 2>&1)
check_eq "focus on a long unknown name exits 1" 1 $?
check_contains "focus on a long name gets a message" "no workspace is named" \
	"$output"

check_eq "list -j prints the same JSON as list --json" "$(ctl list --json)" \
	"$(ctl list -j)"

table=$(ctl list)
check_eq "list exits 0" 0 $?
check_contains "table has a workspace header" \
	"WORKSPACE  KIND  COLOR    BADGE  VM STATE  FOCUSED  LAST ERROR" "$table"
check_contains "table lists the notes workspace" \
	"notes      host  #6a1b9a  notes  -" "$table"
check_contains "table has a window header" \
	"ID  WORKSPACE  KIND      FOCUSED  GEOMETRY" "$table"
check_contains "table shows the geometry" "250x250+" "$table"

finish
