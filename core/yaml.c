/* See core/yaml.h. */
#include "config.h"

#include <string.h>

#include "core/xmalloc.h"
#include "core/yaml.h"

static void
diag_quiet(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	(void)diag;
	(void)user;
	(void)buf;
	(void)len;
}

struct fy_document *
cb_yaml_build(const char *buf, size_t len, const char **why)
{
	struct fy_diag_cfg dcfg;
	struct fy_parse_cfg pcfg;
	struct fy_document *doc;
	struct fy_diag *diag;

	for (size_t i = 0; i < len; i++)
		if (buf[i] == '%' && (i == 0 || buf[i - 1] == '\n')) {
			*why = "YAML directives are not allowed";
			return NULL;
		}
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = diag_quiet;
	dcfg.colorize = false;
	if ((diag = fy_diag_create(&dcfg)) == NULL)
		fatal("out of memory");
	memset(&pcfg, 0, sizeof pcfg);
	pcfg.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2;
	pcfg.diag = diag;
	doc = fy_document_build_from_string(&pcfg, buf, len);
	if (doc != NULL && fy_diag_got_error(diag)) {
		fy_document_destroy(doc);
		doc = NULL;
	}
	fy_diag_destroy(diag);
	if (doc == NULL)
		*why = "YAML syntax error";
	return doc;
}

const char *
cb_yaml_scalar(struct fy_node *n)
{
	if (n == NULL || !fy_node_is_scalar(n) || fy_node_is_alias(n))
		return NULL;
	return fy_node_get_scalar0(n);
}

struct fy_node *
cb_yaml_lookup(struct fy_node *map, const char *key)
{
	if (map == NULL || !fy_node_is_mapping(map))
		return NULL;
	return fy_node_mapping_lookup_by_string(map, key, strlen(key));
}

struct fy_node *
cb_yaml_root_v1(struct fy_document *doc, const char **why)
{
	struct fy_node *root = fy_document_root(doc);
	const char *v;

	if (root == NULL || !fy_node_is_mapping(root)) {
		*why = "not a mapping";
		return NULL;
	}
	if ((v = cb_yaml_scalar(cb_yaml_lookup(root, "version"))) == NULL ||
	    strcmp(v, "1") != 0) {
		*why = "'version' must be 1";
		return NULL;
	}
	return root;
}
