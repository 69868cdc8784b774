/*
 * test_pprl.c - the parts of privacy-preserving linkage with published or exhaustive
 * answers: HKDF-SHA256 (RFC 5869 test case 3), Soundex (the US National Archives' examples),
 * tokens, every Dice kernel against the generic count, the multiply-shift bins against
 * division, the score model on a drawn mixture, key files, and each rank's share of an
 * encoded file's rows.
 */
#include "link/nicknames.h"
#include "pprl/pprl.h"
#include "core/dist.h"
#include "core/strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_hkdf_rfc5869_case3(void **state)
{
	/* IKM = 22 bytes of 0x0b, no salt (HMAC with an empty key = 32 zero bytes), no info */
	static const uint8_t expected[42] = {
		0x8d, 0xa4, 0xe7, 0x75, 0xa5, 0x63, 0xc1, 0x8f, 0x71, 0x5f, 0x80, 0x2a, 0x06, 0x3c,
		0x5a, 0x31, 0xb8, 0xa1, 0x1f, 0x5c, 0x5e, 0xe1, 0x87, 0x9e, 0xc3, 0x45, 0x4e, 0x5f,
		0x3c, 0x73, 0x8d, 0x2d, 0x9d, 0x20, 0x13, 0x95, 0xfa, 0xa4, 0xb6, 0x1a, 0x96, 0xc8};
	uint8_t ikm[22], out[42];

	(void)state;
	memset(ikm, 0x0b, sizeof ikm);
	hkdf_sha256(ikm, sizeof ikm, "", "", out, sizeof out);
	assert_memory_equal(out, expected, sizeof expected);
}

static void test_tokens(void **state)
{
	struct record r;
	struct token_list t;

	(void)state;
	memset(&r, 0, sizeof r);
	r.nickname[0] = r.nickname[1] = -1; /* as records.c leaves a name in no group */
	r.value[FIELD_FIRST_NAME] = "anna";
	r.length[FIELD_FIRST_NAME] = 4;
	field_tokens(FIELD_FIRST_NAME, &r, &t);
	assert_int_equal(t.count, 5); /* _a an nn na a_ */
	assert_memory_equal(t.text[2], "nn", 2);
	r.value[FIELD_FIRST_NAME] = "bill";
	nickname_groups("bill", 4, r.nickname);
	field_tokens(FIELD_FIRST_NAME, &r, &t);
	assert_int_equal(t.count, 6); /* _b bi il ll l_ and william's group */
	assert_memory_equal(t.text[5], "g0", 2);
	r.dob = 19800314;
	field_tokens(FIELD_DOB, &r, &t);
	assert_int_equal(t.count, 12); /* y m d, day and month sorted, eight digit positions */
	assert_memory_equal(t.text[0], "y1980", 5);
	assert_memory_equal(t.text[3], "s0314", 5);
	assert_memory_equal(t.text[11], "7:4", 3);
	r.dob = 19801403; /* the same day and month, swapped, share the sorted token */
	field_tokens(FIELD_DOB, &r, &t);
	assert_memory_equal(t.text[3], "s0314", 5);
	r.dob = 19800314;
	r.value[FIELD_POSTCODE] = "SW1A 1AA";
	r.length[FIELD_POSTCODE] = 8;
	field_tokens(FIELD_POSTCODE, &r, &t);
	assert_int_equal(t.count, 1 + 7 + 2);
	assert_memory_equal(t.text[8], "o=SW1A", 6);
	assert_memory_equal(t.text[9], "s=SW1A1", 7);
	r.dob = DOB_MISSING;
	field_tokens(FIELD_DOB, &r, &t);
	assert_int_equal(t.count, 0);
}

static uint64_t next_random(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void check_kernel(const struct dice_kernel *k, const uint64_t *pool, size_t words,
			 size_t n)
{
	uint32_t got[67], want[67], idx[67];

	for (size_t i = 0; i < n; i++)
		idx[i] = (uint32_t)((i * 37 + 5) % 100);
	for (size_t q = 0; q < 100; q += 7) {
		for (size_t i = 0; i < n; i++) {
			want[i] = 0;
			for (size_t w = 0; w < words; w++)
				want[i] += (uint32_t)__builtin_popcountll(pool[q * words + w] &
									  pool[idx[i] * words + w]);
		}
		k->indexed(pool + q * words, pool, words, idx, n, got);
		assert_memory_equal(got, want, n * sizeof *got);
		for (size_t i = 0; i < n; i++) {
			want[i] = 0;
			for (size_t w = 0; w < words; w++)
				want[i] += (uint32_t)__builtin_popcountll(pool[q * words + w] &
									  pool[(i + 3) * words + w]);
		}
		k->range(pool + q * words, pool, words, 3, n, got);
		assert_memory_equal(got, want, n * sizeof *got);
		memset(got, 0xff, sizeof got);
		k->stream(pool + q * words, pool, words, 3, n, got);
		assert_memory_equal(got, want, n * sizeof *got);
	}
}

/* The kernels the CPU can run, the scalar one first. */
static size_t runnable_kernels(const struct dice_kernel *out[4])
{
	size_t n = 0;

	out[n++] = &dice_scalar;
	if (dice_avx2_supported()) {
		out[n++] = &dice_avx2;
		out[n++] = &dice_avx2_mix;
	}
	if (dice_avx512_supported())
		out[n++] = &dice_avx512;
	return n;
}

/* All-zero and all-one encodings (the largest counts: no byte or 16-bit sum may overflow,
 * up to 8,192 bits), and the two mixed with random ones, against the generic count. */
static void test_kernels_edge_cases(void **state)
{
	static const size_t lengths[] = {1, 4, 5, 15, 16, 17, 31, 32, 33, 64, 124, 128};
	const struct dice_kernel *kernels[4];
	size_t count = runnable_kernels(kernels);
	uint64_t *pool = malloc(100 * 128 * sizeof *pool), seed = 11;

	(void)state;
	assert_non_null(pool);
	for (int fill = 0; fill < 3; fill++) {
		for (size_t i = 0; i < 100 * 128; i++)
			pool[i] = fill == 0 ? 0 : fill == 1 ? ~0ull
				: (i / 128) % 3 == 0 ? 0 : (i / 128) % 3 == 1 ? ~0ull
				: next_random(&seed);
		for (size_t k = 0; k < count; k++)
			for (size_t l = 0; l < sizeof lengths / sizeof *lengths; l++)
				for (size_t n = 1; n <= 67; n += n < 17 ? 1 : 25)
					check_kernel(kernels[k], pool, lengths[l], n);
	}
	/* all ones against all ones: every bit counted, at the longest encoding */
	for (size_t k = 0; k < count; k++) {
		uint32_t got[9];
		for (size_t i = 0; i < 10 * 128; i++)
			pool[i] = ~0ull;
		kernels[k]->range(pool, pool, 128, 0, 9, got);
		for (size_t i = 0; i < 9; i++)
			assert_int_equal(got[i], 8192);
	}
	free(pool);
}

/* Every kernel the CPU can run gives the generic counts, for any length and batch size. */
static void test_kernels_agree(void **state)
{
	static const size_t lengths[] = {2, 3, 4, 8, 12, 16, 17, 32, 33, 64, 128};
	const struct dice_kernel *kernels[4];
	size_t count = runnable_kernels(kernels);
	uint64_t *pool = malloc(100 * 128 * sizeof *pool), seed = 7;

	(void)state;
	assert_non_null(pool);
	for (size_t i = 0; i < 100 * 128; i++)
		pool[i] = next_random(&seed) & (i % 3 ? next_random(&seed) : ~0ull);
	for (size_t k = 0; k < count; k++)
		for (size_t l = 0; l < sizeof lengths / sizeof *lengths; l++)
			for (size_t n = 1; n <= 67; n += 11)
				check_kernel(kernels[k], pool, lengths[l], n);
	free(pool);
	assert_true(vmap_dice_select("scalar"));
	assert_string_equal(vmap_dice_kernel(), "scalar");
	assert_false(vmap_dice_select("no-such-kernel"));
	assert_true(vmap_dice_select(NULL));
	/* the default is the widest the CPU runs, by its features: never by a timing, which
	 * followed the machine's load and so changed the summary from run to run */
#ifdef __OPTIMIZE__
	assert_string_equal(vmap_dice_kernel(), dice_avx512_supported() ? "avx512"
						: dice_avx2_supported()	  ? "avx2"
									  : "scalar");
#else /* an unoptimised build (-O0) runs intrinsics as calls: scalar popcnt there */
	assert_string_equal(vmap_dice_kernel(), "scalar");
#endif
}

/* Sets `count` bits of an encoding of `bits` bits (a power of two), the k-th of a pair's
 * bits at a scattered place (an odd multiplier is a bijection modulo a power of two). */
static void set_bits(uint64_t *e, unsigned bits, unsigned from, unsigned count)
{
	for (unsigned k = from; k < from + count; k++) {
		unsigned at = (k * 0x9e37u + 101u) & (bits - 1);
		e[at / 64] |= 1ull << (at % 64);
	}
}

/* A query with |A| = pa and candidates with |B| = pb sharing exactly cmin and cmin - 1 bits
 * for a cut: every kernel counts them exactly, the integer test keeps the first and drops the
 * second, and so does Dice in floating point (exact here: 2c / s and cut / 1000 differ by at
 * least 1 / (1000 s) when unequal, far above a double's rounding). Two empty encodings never
 * link. */
static void test_kernels_at_cut_boundaries(void **state)
{
	static const unsigned sizes[] = {0, 1, 300, 511, 512, 700, 1023, 1024};
	static const unsigned cuts[] = {0, 1, 500, 501, 800, 801, 999, 1000};
	const struct dice_kernel *kernels[4];
	size_t count = runnable_kernels(kernels), checked = 0;
	uint64_t enc[3 * 32]; /* query and two candidates, `words` apart */

	(void)state;
	for (unsigned words = 16; words <= 32; words += 16)
		for (size_t a = 0; a < 8; a++)
			for (size_t b = 0; b < 8; b++)
				for (size_t c = 0; c < 8; c++) {
					unsigned bits = 64 * words, pa = sizes[a], pb = sizes[b];
					uint32_t s = pa + pb, need = dice_cut_count(cuts[c], s);
					if (s == 0) {
						assert_int_equal(need, UINT32_MAX);
						continue;
					}
					if (need == 0 || need > (pa < pb ? pa : pb) ||
					    pa + pb - need + 1 > bits)
						continue;
					memset(enc, 0, sizeof enc);
					set_bits(enc, bits, 0, pa);
					/* candidate 1 shares need bits, candidate 2 need - 1 */
					set_bits(enc + words, bits, 0, need);
					set_bits(enc + words, bits, pa, pb - need);
					set_bits(enc + 2 * words, bits, 0, need - 1);
					set_bits(enc + 2 * words, bits, pa, pb - need + 1);
					for (size_t k = 0; k < count; k++) {
						uint32_t got[2];
						kernels[k]->range(enc, enc, words, 1, 2, got);
						assert_int_equal(got[0], need);
						assert_int_equal(got[1], need - 1);
						assert_true(got[0] >= need && got[1] < need);
						assert_true(2.0 * got[0] / s >= cuts[c] / 1000.0);
						assert_false(2.0 * got[1] / s >= cuts[c] / 1000.0);
					}
					checked++;
				}
	assert_true(checked > 100);
}

/* dice_cut_count is the least count whose Dice reaches the cut, for every |A| + |B| up to
 * 16,384, by its definition (2000 c >= cut s) checked from both sides. */
static void test_cut_count(void **state)
{
	(void)state;
	for (unsigned cut = 0; cut <= DICE_BINS; cut += cut < 10 || cut > 990 ? 1 : 37)
		for (uint32_t s = 1; s <= 16384; s++) {
			uint64_t c = dice_cut_count(cut, s);
			assert_true(2000 * c >= (uint64_t)cut * s);
			assert_true(c == 0 || 2000 * (c - 1) < (uint64_t)cut * s);
			assert_true(2 * c <= s + 1); /* Dice 1 needs |A AND B| = s / 2 */
		}
	assert_int_equal(dice_cut_count(DICE_BINS + 1, 100), UINT32_MAX);
	assert_int_equal(dice_cut_count(800, 0), UINT32_MAX);
	assert_int_equal(dice_cut_count(800, 1000), 400); /* Dice 0.8 exactly */
	assert_int_equal(dice_cut_count(801, 1000), 401);
}

/* The multiply-shift bins equal integer division for every pair count of up to 8,192 bits. */
static void test_bin_magic_exact(void **state)
{
	(void)state;
	for (uint32_t s = 1; s <= 2 * 8192; s += s < 4200 ? 1 : 97) {
		uint64_t magic = dice_bin_magic(s);
		for (uint32_t c = 0; c <= s / 2; c++)
			if (((c * magic) >> 40) != 2000ull * c / s)
				fail_msg("s=%u c=%u", s, c);
	}
	assert_int_equal(dice_bin(1024, 2048), DICE_BINS - 1); /* Dice 1 is the last bin */
	assert_int_equal(dice_bin(256, 1024), 500);
}

/* A drawn mixture: 1,000,000 non-matches around 0.5 and 500 matches around 0.85. */
static void test_model_finds_matches(void **state)
{
	uint64_t all[DICE_BINS], best[DICE_BINS], seed = 3;
	struct dice_model m;

	(void)state;
	memset(all, 0, sizeof all);
	memset(best, 0, sizeof best);
	for (int i = 0; i < 1000000; i++) {
		double u = 0;
		for (int k = 0; k < 12; k++)
			u += (double)(next_random(&seed) >> 11) / 9007199254740992.0;
		all[(size_t)((0.5 + (u - 6) * 0.02) * 1000)]++;
	}
	for (int i = 0; i < 500; i++) {
		size_t b = (size_t)(800 + next_random(&seed) % 100);
		all[b]++;
		best[b]++;
	}
	dice_model_fit(&m, all, best);
	assert_true(m.fitted);
	assert_true(m.mean[0] > 0.49 && m.mean[0] < 0.51);
	assert_true(m.sd[0] > 0.018 && m.sd[0] < 0.022);
	assert_true(m.mean[1] > 0.84 && m.mean[1] < 0.86);
	assert_true(m.lambda > 4e-4 && m.lambda < 6e-4);
	assert_true(dice_model_cut(&m, 0.95) > 560 && dice_model_cut(&m, 0.95) < 800);
	assert_true(dice_model_weight(&m, 0.9) > dice_model_weight(&m, 0.7));
	memset(best, 0, sizeof best); /* no best pair stands out: nothing links */
	dice_model_fit(&m, all, best);
	assert_false(m.fitted);
	assert_int_equal(dice_model_cut(&m, 0.5), DICE_BINS + 1);
}

/* Adds n draws of a normal (mean, sd) to hist (and to best when best is not NULL). */
static void draw(uint64_t *hist, uint64_t *best, int n, double mean, double sd, uint64_t *seed)
{
	for (int i = 0; i < n; i++) {
		double u = 0;
		for (int k = 0; k < 12; k++)
			u += (double)(next_random(seed) >> 11) / 9007199254740992.0;
		long b = lround((mean + (u - 6) * sd) * 1000);
		b = b < 0 ? 0 : b >= DICE_BINS ? DICE_BINS - 1 : b;
		hist[b]++;
		if (best)
			best[b]++;
	}
}

/* Class 0: 200,000 pairs that share nothing around 0.5 and 20 matches; class 1: 5,000
 * namesakes around 0.65 (their best 1,000 among the best pairs) and no match; class 2: 2,000
 * matches around 0.85 (best pairs) and 10 non-matches. One Dice cut for all would link the
 * namesakes or lose matches; per class, the namesakes stay out and class 2 links low. */
static void test_model_classes(void **state)
{
	static uint64_t all[3][DICE_BINS], best[3][DICE_BINS];
	struct dice_model m[3];
	uint64_t seed = 5;

	(void)state;
	draw(all[0], NULL, 200000, 0.5, 0.02, &seed);
	draw(all[0], best[0], 20, 0.85, 0.05, &seed);
	draw(all[1], NULL, 4000, 0.65, 0.04, &seed);
	draw(all[1], best[1], 1000, 0.68, 0.04, &seed);
	draw(all[2], best[2], 2000, 0.85, 0.05, &seed);
	draw(all[2], NULL, 10, 0.6, 0.04, &seed);
	dice_model_fit_classes(m, 3, (const uint64_t(*)[DICE_BINS])all,
			       (const uint64_t(*)[DICE_BINS])best);
	assert_true(m[1].mean[0] > 0.63 && m[1].mean[0] < 0.68);
	assert_true(m[2].mean[0] == m[1].mean[0]); /* too few of its own: the highest */
	assert_true(m[0].lambda > 0.5e-4 && m[0].lambda < 2e-4);
	assert_true(m[1].lambda < 1e-3);
	assert_true(m[2].lambda > 0.95);
	assert_true(dice_model_cut(&m[2], 0.5) < dice_model_cut(&m[1], 0.5));
	assert_true(dice_model_cut(&m[1], 0.5) > 800);
	assert_true(dice_model_cut(&m[2], 0.5) < 760);
}

/* As at a million records a file (bench/pprl_1m.sh): 400,000 non-matches sharing a surname
 * token around 0.56, 500,000 namesakes around 0.64 and 20,000 matches around 0.94. The pooled
 * non-match spread (0.058) spans the two classes' means, and six of it above the pooled mean
 * (0.95) is above the match mean: the second mode was refused and nothing linked. Within
 * their classes the non-matches spread 0.042 (gate 0.86): the matches link, namesakes do not. */
static void test_model_gate_within_classes(void **state)
{
	static uint64_t all[4][DICE_BINS], best[4][DICE_BINS];
	struct dice_model m[4];
	uint64_t seed = 7;

	(void)state;
	draw(all[1], NULL, 400000, 0.56, 0.03, &seed);
	draw(all[2], NULL, 500000, 0.64, 0.05, &seed);
	draw(all[3], best[3], 20000, 0.94, 0.04, &seed);
	dice_model_fit_classes(m, 4, (const uint64_t(*)[DICE_BINS])all,
			       (const uint64_t(*)[DICE_BINS])best);
	assert_true(m[3].fitted);
	assert_true(dice_model_cut(&m[3], 0.5) < 900);
	assert_true(dice_model_cut(&m[2], 0.5) > 800); /* namesakes stay out */
}

static void test_key_files(void **state)
{
	char dir[] = "/tmp/test_pprl_XXXXXX", path[64];
	vmap_key *key = vmap_key_new(), *again = vmap_key_new();
	uint8_t first[PPRL_KEY_BYTES];
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/k", dir);
	assert_int_equal(vmap_key_generate(key, path), VMAP_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	memcpy(first, key->bytes, sizeof first);
	assert_int_equal(vmap_key_generate(key, path), VMAP_USAGE);
	assert_int_equal(vmap_key_load(again, path), VMAP_OK);
	assert_memory_equal(again->bytes, first, sizeof first);
	assert_int_equal(chmod(path, 0604), 0);
	assert_int_equal(vmap_key_load(again, path), VMAP_USAGE);
	assert_non_null(strstr(vmap_key_errmsg(again), "chmod 600"));
	assert_false(again->loaded);
	unlink(path);
	rmdir(dir);
	vmap_key_free(key);
	vmap_key_free(again);
	vmap_key_free(NULL);
}

/* mpienc (issue 18): rank r of R (set by hand) reading its share of an encoded file keeps
 * exactly rows [n r / R, n (r + 1) / R) of the whole file, ids, tokens and encodings alike,
 * and together the ranks hold every row once. */
static void test_encoded_read_share(void **state)
{
	char path[] = "/tmp/test_pprl_share_XXXXXX", id[7][8], *ids[7];
	uint64_t tokens[7 * PPRL_BLOCK_TOKENS], clk[7 * 2];
	struct encoded_file f = {0}, whole, part;
	struct vmap_diag diag = {0};
	uint8_t shuffle[32] = {1};
	struct strbuf out;
	int fd = mkstemp(path);

	(void)state;
	for (int r = 0; r < 7; r++) {
		snprintf(id[r], sizeof id[r], "id%d", r * 11);
		ids[r] = id[r];
		for (int t = 0; t < PPRL_BLOCK_TOKENS; t++)
			tokens[r * PPRL_BLOCK_TOKENS + t] = 1000u * (unsigned)r + (unsigned)t;
		clk[2 * r] = 0x0101010101010101ull * (unsigned)r;
		clk[2 * r + 1] = ~clk[2 * r];
	}
	f.dataset = "d";
	f.settings = "format=1 bits=128";
	settings_hash_hex(f.settings, f.settings_hash);
	f.bits = 128;
	f.count = 7;
	f.record_id = ids;
	f.tokens = tokens;
	f.clk = clk;
	strbuf_init(&out);
	encoded_format(&f, shuffle, &out);
	assert_true(fd >= 0 && !out.failed);
	assert_int_equal(write(fd, out.data, out.length), (ssize_t)out.length);
	close(fd);
	strbuf_release(&out);
	assert_int_equal(encoded_read(&whole, path, &diag), VMAP_OK);
	assert_int_equal(whole.count, 7);
	for (unsigned size = 1; size <= 4; size++) {
		size_t next = 0;
		for (unsigned rank = 0; rank < size; rank++) {
			dist_process.rank = rank;
			dist_process.size = size;
			assert_int_equal(encoded_read_share(&part, path, true, &diag), VMAP_OK);
			assert_int_equal(part.total, 7);
			assert_int_equal(part.first_row, next);
			assert_int_equal(part.first_row, 7 * rank / size);
			assert_int_equal(part.first_row + part.count, 7 * (rank + 1) / size);
			for (size_t k = 0; k < part.count; k++) {
				assert_string_equal(part.record_id[k], whole.record_id[next + k]);
				assert_memory_equal(part.tokens + k * PPRL_BLOCK_TOKENS,
						    whole.tokens + (next + k) * PPRL_BLOCK_TOKENS,
						    PPRL_BLOCK_TOKENS * sizeof *part.tokens);
				assert_memory_equal(part.clk + 2 * k, whole.clk + 2 * (next + k),
						    2 * sizeof *part.clk);
			}
			next += part.count;
			encoded_release(&part);
		}
		assert_int_equal(next, 7);
	}
	dist_process.rank = 0;
	dist_process.size = 1;
	encoded_release(&whole);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hkdf_rfc5869_case3),
		cmocka_unit_test(test_tokens),             cmocka_unit_test(test_kernels_agree),
		cmocka_unit_test(test_kernels_edge_cases),
		cmocka_unit_test(test_kernels_at_cut_boundaries),
		cmocka_unit_test(test_cut_count),
		cmocka_unit_test(test_bin_magic_exact),    cmocka_unit_test(test_model_finds_matches),
		cmocka_unit_test(test_model_classes),      cmocka_unit_test(test_key_files),
		cmocka_unit_test(test_model_gate_within_classes),
		cmocka_unit_test(test_encoded_read_share),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
