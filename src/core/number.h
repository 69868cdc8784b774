/*
 * number.h - the one place numbers become text, in two styles, both reading back (strtod) as
 * exactly the double written:
 *
 * - format_double: the shortest of 15 or 17 significant digits ("0.1", "1234.5"), for
 *   summaries and tables that people read (strbuf_add_double): byte for byte printf's "%.15g"
 *   when that reads back, else "%.17g", with the digits worked out exactly in 128-bit
 *   integers (|x| 10^k = m 5^k / 2^t) where the compiler has them and 1e-11 <= |x| < 1e15,
 *   by printf itself otherwise;
 * - number_text: always 17 significant digits, trailing zeros dropped ("0.10000000000000001"),
 *   fast, for outputs of millions of numbers such as draws.csv (strbuf_add_double17).
 *
 * Why number_text exists: glibc's printf takes over half a microsecond per double, which made writing draws.csv (a
 * column per uncertain input, a row per draw: millions of numbers) cost many times the
 * simulation itself. number_text writes 17 significant digits, which always read back as the
 * same double, computed in x87 extended precision (64-bit mantissa): the scaled value's
 * error (at most 2^-64 relative) is far below what could change the 17th digit enough to
 * read back as another double. Trailing zeros are dropped. Where long double is not the
 * 64-bit-mantissa kind, or the exponent is extreme, it falls back to printf's "%.17g".
 */
#ifndef VMAP_CORE_NUMBER_H
#define VMAP_CORE_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

enum { NUMBER_TEXT_MAX = 32 };

/* Writes finite `x` into `out` (NUMBER_TEXT_MAX bytes) and returns the text's length. */
size_t number_text(char *out, double x);

/* Writes into `out` (of `size` bytes) the shorter of 15 or 17 significant digits that reads
 * back as `value`; "null" when it is not finite (as JSON writes it). */
void format_double(char *out, size_t size, double value);

/* Pounds for people: "£1,234,567", "-£12,300", "£0" (whole pounds; "n/a" when not finite). */
void money_text(char *out, size_t size, double pounds);

/* A number as people type it in a spreadsheet: "9,000", "£50", "40%", "3.5%" (and
 * combinations such as "£9,000"). When `text` is one, writes into `out` the plain number a
 * model wants instead ("9000", "50", "0.4", "0.035") and returns true; otherwise false. */
bool number_typed_hint(const char *text, char *out, size_t size);

#endif
