/*
 * libFuzzer: core/jscan.c against jansson.  Both read the input; they
 * must agree on whether it is JSON, and when it is, the tree built from
 * the scanner's tokens must equal jansson's.  The differences jscan.h
 * documents are allowed: "\u0000" (compared only when absent; jansson
 * refuses it in a key even with JSON_ALLOW_NUL), numbers
 * jansson finds too large, and jansson's nesting limit; and jansson
 * takes a NUL byte outside a string for the end of its input, where
 * jscan refuses it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/jscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool had_nul;

/* The jansson tree of token i. */
static json_t *
build(const struct cb_jdoc *d, size_t i)
{
	const struct cb_jtok *t = &d->tok[i];
	json_t *v;
	char *s, *key;
	int64_t n;
	double x;
	bool nul = false;

	switch (t->type) {
	case CB_J_OBJECT:
		v = json_object();
		for (size_t k = CB_JFIRST(d, i); k < CB_JEND(d, i);
		    k = d->tok[k + 1].next) {
			key = cb_jstr(d, k, &nul);
			json_object_set_new(v, key, build(d, k + 1));
			free(key);
		}
		break;
	case CB_J_ARRAY:
		v = json_array();
		for (size_t k = CB_JFIRST(d, i); k < CB_JEND(d, i);
		    k = d->tok[k].next)
			json_array_append_new(v, build(d, k));
		break;
	case CB_J_STRING:
		s = cb_jstr(d, i, &nul);
		v = json_string(s);
		if (v == NULL)
			abort();	/* cb_jstr gave invalid UTF-8 */
		free(s);
		break;
	case CB_J_NUMBER:
		if (cb_jint(d, i, &n))
			v = json_integer(n);
		else if (cb_jnum(d, i, &x))
			v = json_real(x);
		else
			abort();	/* jansson took it, so it fits */
		break;
	case CB_J_TRUE:
		v = json_true();
		break;
	case CB_J_FALSE:
		v = json_false();
		break;
	default:
		v = json_null();
		break;
	}
	if (nul)
		had_nul = true;
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cb_jdoc d;
	struct cb_error err;
	json_error_t jerr;
	json_t *j, *mine;
	bool ok;

	j = json_loadb((const char *)data, size, JSON_DECODE_ANY |
	    JSON_ALLOW_NUL, &jerr);
	ok = cb_jscan(&d, (const char *)data, size, &err) == CB_OK;
	if (j == NULL && ok) {
		if (strstr(jerr.text, "too big") == NULL &&
		    strstr(jerr.text, "overflow") == NULL &&
		    strstr(jerr.text, "depth") == NULL &&
		    strstr(jerr.text, "NUL byte in object key") == NULL)
			abort();	/* jscan took what is not JSON */
	} else if (j != NULL && !ok) {
		/* jansson takes a NUL byte for the end of its input. */
		if (strstr(err.msg, "nested too deep") == NULL &&
		    memchr(data, '\0', size) == NULL)
			abort();	/* jscan refused JSON */
	} else if (j != NULL && (json_is_object(j) || json_is_array(j))) {
		/* (Token 0 means "none" to the readers: a scalar root is not read.) */
		had_nul = false;
		mine = build(&d, 0);
		if (!had_nul && !json_equal(j, mine))
			abort();	/* read differently */
		json_decref(mine);
	}
	json_decref(j);
	cb_jdoc_free(&d);
	return 0;
}
