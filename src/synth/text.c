/*
 * text.c - fast appenders for the large outputs (tens of millions of event rows): whole
 * numbers, pence as pounds, and each department's record ids. They write what printf would,
 * at a fraction of its cost.
 */
#include "synth/synth.h"

void add_uint(struct strbuf *sb, uint64_t value, int min_digits)
{
	char digits[24];
	int n = 0;

	do {
		digits[sizeof digits - 1 - n++] = (char)('0' + value % 10);
		value /= 10;
	} while (value);
	while (n < min_digits && n < (int)sizeof digits)
		digits[sizeof digits - 1 - n++] = '0';
	strbuf_add(sb, digits + sizeof digits - n, (size_t)n);
}

void add_pence(struct strbuf *sb, int64_t pence)
{
	if (pence < 0) {
		strbuf_add(sb, "-", 1);
		pence = -pence;
	}
	add_uint(sb, (uint64_t)pence / 100, 1);
	strbuf_add(sb, ".", 1);
	add_uint(sb, (uint64_t)pence % 100, 2);
}

void add_record_id(struct strbuf *sb, int dept, uint32_t number)
{
	static const char *const prefix[DEPT_COUNT] = {"P", "CR", "J"};

	strbuf_adds(sb, prefix[dept]);
	add_uint(sb, number, 10);
}
