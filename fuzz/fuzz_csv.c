/*
 * fuzz_csv.c - libFuzzer harness for the CSV reader: any bytes, with the delimiter and
 * trimming taken from the first byte, must read to the end or fail with a message, never
 * crash, hang or leak. Fields handed out must be valid UTF-8.
 */
#include "core/csv.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delimiters[] = {',', ';', '\t', '|'};
	struct vmap_diag diag;
	struct csv_reader r;
	bool has_row;
	char delimiter = size ? delimiters[data[0] & 3] : ',';
	bool trim = size && (data[0] & 4);

	diag_clear(&diag);
	csv_open_memory(&r, "fuzz.csv", size ? (const char *)data + 1 : "", size ? size - 1 : 0,
			delimiter, trim, &diag);
	r.expected_fields = size && (data[0] & 8) ? 3 : 0;
	while (csv_read_row(&r, &has_row) == VMAP_OK && has_row)
		for (size_t i = 0; i < r.field_count; i++)
			assert(utf8_is_valid(csv_field(&r, i), strlen(csv_field(&r, i))));
	csv_close(&r);
	return 0;
}
