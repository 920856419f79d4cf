/* libFuzzer: incident.json parsing, and the round trip of what parses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/incident.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cb_incident inc, again;
	struct cb_error err;
	char *json;

	if (cb_incident_from_json((const char *)data, size, "fuzz", &inc,
	    &err) == CB_OK) {
		json = cb_incident_to_json(&inc);
		if (cb_incident_from_json(json, strlen(json), "again", &again,
		    &err) != CB_OK)
			abort();	/* what we write, we must read */
		cb_incident_free(&again);
		free(json);
	}
	cb_incident_free(&inc);
	return 0;
}
