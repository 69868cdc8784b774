/*
 * nicknames.h - nickname groups of first names (nicknames.c).
 */
#ifndef VMAP_LINK_NICKNAMES_H
#define VMAP_LINK_NICKNAMES_H

#include <stddef.h>
#include <stdint.h>

/* The nickname groups of a standardised first name (at most two: "alex" is in alexander's
 * and alexandra's), -1 for none (nicknames.c). */
void nickname_groups(const char *name, size_t length, int16_t groups[2]);

#endif
