/*
 * standardise.h - cleaning raw values before comparison (standardise_text.c, _names.c,
 * _dates.c, _codes.c). Each returns false when a non-empty value cannot be read.
 */
#ifndef VMAP_LINK_STANDARDISE_H
#define VMAP_LINK_STANDARDISE_H

#include "spec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct std_buffer {
	char text[512];
	size_t length;
};

/* NFKC, case folding, accents removed, punctuation to spaces, spaces collapsed. */
bool std_text(const char *raw, struct std_buffer *out);
bool std_name(const char *raw, struct std_buffer *out);
/* Splits a full name into first, middle and last (any may come out empty). */
void std_split_full_name(const char *raw, struct std_buffer *first, struct std_buffer *middle,
			 struct std_buffer *last);
bool std_date(const char *raw, const char *format, int32_t *yyyymmdd);
bool std_sex(const char *raw, const struct field_spec *spec, struct std_buffer *out);
bool std_postcode(const char *raw, struct std_buffer *out, bool *is_uk);
bool std_phone(const char *raw, struct std_buffer *out);
bool std_email(const char *raw, struct std_buffer *out);
bool std_identifier(const char *raw, struct std_buffer *out);
int32_t days_from_civil(int32_t yyyymmdd);
bool date_is_valid(int year, int month, int day);
/* Dates of birth outside 1850-01-01 .. 2100-12-31 are kept but counted as implausible. */
#define DATE_PLAUSIBLE_FROM 18500101
#define DATE_PLAUSIBLE_TO 21001231
bool date_is_plausible(int32_t yyyymmdd);
/* The digits of an unreadable date ("1856-86-18" -> "18568618"), kept for a partial
 * comparison; returns their count. */
size_t date_digits(const char *raw, char *out, size_t size);
/* A date systems use for "no date", such as 1900-01-01. */
bool date_is_placeholder(int32_t yyyymmdd);

#endif
