#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum cb_status
cb_fail(struct cb_error *err, enum cb_status status, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL) {
		err->status = status;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return status;
}

void
cb_error_prefix(struct cb_error *err, const char *prefix)
{
	char msg[sizeof err->msg + 256];
	size_t n;

	if (err == NULL)
		return;
	n = (size_t)snprintf(msg, sizeof msg, "%.250s: %s", prefix, err->msg);
	if (n >= sizeof err->msg)
		n = sizeof err->msg - 1;
	memcpy(err->msg, msg, n);
	err->msg[n] = '\0';
}

int
cb_status_exit_code(enum cb_status status)
{
	static const int codes[] = {
#define CB_STATUS_CODE(name, code, desc) code,
		CB_STATUS_INFO(CB_STATUS_CODE)
#undef CB_STATUS_CODE
	};

	if ((unsigned)status >= sizeof codes / sizeof codes[0])
		return 1;
	return codes[status];
}
