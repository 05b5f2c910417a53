/* VM states and how libvirt's domain states and lifecycle events map. */
#include "private.h"

const char *vmctl_state_to_string(enum vmctl_state state) {
	switch (state) {
	case VMCTL_STATE_OFF:
		return "off";
	case VMCTL_STATE_STARTING:
		return "starting";
	case VMCTL_STATE_RUNNING:
		return "running";
	case VMCTL_STATE_PAUSED:
		return "paused";
	case VMCTL_STATE_STOPPING:
		return "stopping";
	case VMCTL_STATE_CRASHED:
		return "crashed";
	case VMCTL_STATE_UNAVAILABLE:
		return "unavailable";
	}
	return "unavailable";
}

static enum vmctl_state state_from_paused(int reason) {
	switch (reason) {
	case VIR_DOMAIN_PAUSED_STARTING_UP:
		return VMCTL_STATE_STARTING;
	case VIR_DOMAIN_PAUSED_SHUTTING_DOWN:
		return VMCTL_STATE_STOPPING;
	case VIR_DOMAIN_PAUSED_CRASHED:
		return VMCTL_STATE_CRASHED;
	default:
		return VMCTL_STATE_PAUSED;
	}
}

enum vmctl_state vmctl_state_from_libvirt(int state, int reason) {
	switch (state) {
	case VIR_DOMAIN_RUNNING:
	case VIR_DOMAIN_BLOCKED:
		return VMCTL_STATE_RUNNING;
	case VIR_DOMAIN_PAUSED:
		return state_from_paused(reason);
	case VIR_DOMAIN_PMSUSPENDED:
		return VMCTL_STATE_PAUSED;
	case VIR_DOMAIN_SHUTDOWN:
		return VMCTL_STATE_STOPPING;
	case VIR_DOMAIN_SHUTOFF:
		if (reason == VIR_DOMAIN_SHUTOFF_CRASHED) {
			return VMCTL_STATE_CRASHED;
		}
		return VMCTL_STATE_OFF;
	case VIR_DOMAIN_CRASHED:
		return VMCTL_STATE_CRASHED;
	default:
		return VMCTL_STATE_OFF;
	}
}

static enum vmctl_state state_from_stopped(int detail) {
	switch (detail) {
	case VIR_DOMAIN_EVENT_STOPPED_CRASHED:
	case VIR_DOMAIN_EVENT_STOPPED_FAILED:
		return VMCTL_STATE_CRASHED;
	default:
		return VMCTL_STATE_OFF;
	}
}

enum vmctl_state vmctl_state_from_event(int event, int detail,
		enum vmctl_state current) {
	switch (event) {
	case VIR_DOMAIN_EVENT_STARTED:
	case VIR_DOMAIN_EVENT_RESUMED:
		return VMCTL_STATE_RUNNING;
	case VIR_DOMAIN_EVENT_SUSPENDED:
	case VIR_DOMAIN_EVENT_PMSUSPENDED:
		return VMCTL_STATE_PAUSED;
	case VIR_DOMAIN_EVENT_STOPPED:
		return state_from_stopped(detail);
	case VIR_DOMAIN_EVENT_SHUTDOWN:
		/* FINISHED: the guest is down, QEMU not yet gone. */
		return VMCTL_STATE_STOPPING;
	case VIR_DOMAIN_EVENT_CRASHED:
		return VMCTL_STATE_CRASHED;
	default:
		/* DEFINED and UNDEFINED change the config, not the state. */
		return current;
	}
}
