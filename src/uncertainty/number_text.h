/*
 * number_text.h - fast exact text for doubles, for the large draws.csv.
 *
 * glibc's printf takes over half a microsecond per double, which made writing draws.csv (a
 * column per uncertain input, a row per draw: millions of numbers) cost many times the
 * simulation itself. number_text writes 17 significant digits, which always read back as the
 * same double, computed in x87 extended precision (64-bit mantissa): the scaled value's
 * error (at most 2^-64 relative) is far below what could change the 17th digit enough to
 * read back as another double. Trailing zeros are dropped. Where long double is not the
 * 64-bit-mantissa kind, or the exponent is extreme, it falls back to printf's "%.17g".
 */
#ifndef VMAP_UNCERTAINTY_NUMBER_TEXT_H
#define VMAP_UNCERTAINTY_NUMBER_TEXT_H

#include <stddef.h>

enum { NUMBER_TEXT_MAX = 32 };

/* Writes finite `x` into `out` (NUMBER_TEXT_MAX bytes) and returns the text's length. */
size_t number_text(char *out, double x);

#endif
