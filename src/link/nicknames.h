/*
 * nicknames.h - the one list of English given-name variants (nicknames.c): linkage compares
 * names through their groups, and synth draws the nicknames it writes from the same groups.
 */
#ifndef VMAP_LINK_NICKNAMES_H
#define VMAP_LINK_NICKNAMES_H

#include <stddef.h>
#include <stdint.h>

/* The nickname groups of a standardised (lower-case) first name (at most two: "alex" is in
 * alexander's and alexandra's), -1 for none. */
void nickname_groups(const char *name, size_t length, int16_t groups[2]);

/* The names of group `group`, lower case, separated by single spaces ("william bill billy
 * ..."); NULL when there is no such group. */
const char *nickname_group_names(int group);

#endif
