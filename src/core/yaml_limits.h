/*
 * yaml_limits.h - the bound every YAML or JSON document is held to once parsed, so that hostile
 * input costs bounded memory and time (docs/reliability.md, "Hostile inputs"): its anchors and
 * aliases, expanded, make at most YAML_EXPANDED_NODES_MAX nodes nested at most
 * YAML_EXPANDED_DEPTH_MAX deep, so a "billion laughs" alias bomb is refused before libfyaml
 * resolves it. The other bounds are elsewhere: the file's size (INPUT_DOCUMENT_MAX, input.h),
 * no NUL byte (yaml.c), and libfyaml's own refusal of nesting deeper than 64 in the text.
 */
#ifndef VMAP_CORE_YAML_LIMITS_H
#define VMAP_CORE_YAML_LIMITS_H

#include "diag.h"

#include <libfyaml.h>

enum { YAML_EXPANDED_NODES_MAX = 1000000, YAML_EXPANDED_DEPTH_MAX = 256 };

/* Refuses a document (parsed, aliases not yet resolved) that expands past the limits, as
 * "path:line:col: ..." at the alias that crosses them. */
int yaml_check_expansion(struct fy_document *doc, const char *path, struct vmap_diag *diag);

#endif
