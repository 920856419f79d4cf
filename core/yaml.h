/*
 * The small YAML helpers the data files other than playbooks share
 * (report forms, alerts.yaml): a quiet parse that refuses directives
 * (libfyaml can loop on malformed ones, see core/playbook.c), and typed
 * lookups.  The playbooks have their own parse, which reports every
 * problem at its mark.
 */
#ifndef CB_YAML_H
#define CB_YAML_H

#include <stddef.h>

#include <libfyaml.h>

/*
 * The document in buf (len bytes; buf must outlive it), or NULL with
 * *why ("YAML directives are not allowed", "YAML syntax error").  The
 * caller destroys it with fy_document_destroy.
 */
struct fy_document *cb_yaml_build(const char *buf, size_t len,
    const char **why);
/* The document's root: a mapping whose 'version' is 1, or NULL with
 * *why ("not a mapping", "'version' must be 1"). */
struct fy_node *cb_yaml_root_v1(struct fy_document *doc, const char **why);
/* A plain scalar's text (not an alias), or NULL. */
const char *cb_yaml_scalar(struct fy_node *n);
/* map's value for key, or NULL (also when map is not a mapping). */
struct fy_node *cb_yaml_lookup(struct fy_node *map, const char *key);

#endif
