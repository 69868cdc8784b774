/*
 * numfmt.h - numbers as people write them in a report: "£1.2m", "£41,955", "35%", "0.69".
 *
 * Every function writes a NUL-terminated text of at most `size` bytes into `out` and writes
 * "n/a" for a value that is not finite (a ratio with no cost, a missing figure). Negative
 * amounts read "-£1.3m". ASCII only apart from the pound sign (UTF-8).
 */
#ifndef VMAP_REPORT_NUMFMT_H
#define VMAP_REPORT_NUMFMT_H

#include <stddef.h>

/* Compact pounds: whole pounds with thousands separators below a million ("£41,955"), then
 * millions and billions with one decimal below 100 ("£1.2m", "£27.2m", "£123m", "£2.5bn");
 * a trailing ".0" is dropped ("£3m"). Amounts below £10 keep pence ("£4.50"). */
void fmt_money(char *out, size_t size, double pounds);

/* Whole pounds with separators at any size ("£4,397,731"), for tables. */
void fmt_money_full(char *out, size_t size, double pounds);

/* A share as a whole percentage ("35%"); "<1%" and ">99%" where rounding would claim 0% or
 * 100% of something that is not. */
void fmt_percent(char *out, size_t size, double share);

/* A whole number with thousands separators ("12,345"). */
void fmt_count(char *out, size_t size, double value);

/* A number with `decimals` places ("0.69"). */
void fmt_fixed(char *out, size_t size, double value, int decimals);

#endif
