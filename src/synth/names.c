/*
 * names.c - sampling names by frequency: the cumulative weights of each table, built once,
 * and a binary search for the uniform's place in them.
 */
#include "synth/names.h"

#include <pthread.h>

#define NAMES_MAX 512

static double cumulative[NAME_TABLES][NAMES_MAX];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const struct name_entry *table_of(enum name_table table, size_t *count)
{
	switch (table) {
	case NAMES_MALE:
		*count = first_names_male_count;
		return first_names_male;
	case NAMES_FEMALE:
		*count = first_names_female_count;
		return first_names_female;
	default:
		*count = surnames_count;
		return surnames;
	}
}

static void build(void)
{
	for (int t = 0; t < NAME_TABLES; t++) {
		size_t count;
		const struct name_entry *e = table_of((enum name_table)t, &count);
		double sum = 0;
		for (size_t i = 0; i < count && i < NAMES_MAX; i++)
			cumulative[t][i] = sum += e[i].weight;
		for (size_t i = 0; i < count && i < NAMES_MAX; i++)
			cumulative[t][i] /= sum;
	}
}

size_t names_pick(enum name_table table, double u)
{
	size_t count, low = 0, high;

	pthread_once(&once, build);
	(void)table_of(table, &count);
	high = count < NAMES_MAX ? count - 1 : NAMES_MAX - 1;
	while (low < high) { /* the first entry whose cumulative weight reaches u */
		size_t mid = low + (high - low) / 2;
		if (cumulative[table][mid] < u)
			low = mid + 1;
		else
			high = mid;
	}
	return low;
}

const char *names_text(enum name_table table, size_t index)
{
	size_t count;
	const struct name_entry *e = table_of(table, &count);

	return index < count ? e[index].name : "";
}
