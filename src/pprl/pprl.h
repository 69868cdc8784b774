/*
 * pprl.h - the private types of privacy-preserving linkage, shared by src/pprl/.
 *
 * An encoding is built in this order (docs/privacy.md gives the same steps for an auditor):
 *   key file (key.c) -> per-purpose keys by HKDF-SHA256 (keys.c)
 *   standardised record (link's records.c) -> tokens per field (tokens.c)
 *   tokens -> HMAC-SHA256 bit positions in a CLK (clk.c) -> hardening (harden.c)
 *   record -> keyed blocking tokens (block_tokens.c)
 *   rows shuffled by a keyed order and written with a header (encoded_write.c)
 * and linked: encoded files read (encoded_read.c), AND-popcounts by the widest kernel the CPU
 * has (dice*.c), a threshold from the scores of best and other pairs (dice_model.c), pairs and clusters
 * through link's own writers (enc_*.c, enc_link.h).
 *
 * Invariants: no raw value, key or derived key ever reaches a message, a log or an output;
 * derived keys are wiped (sodium_memzero) when their holder is released.
 */
#ifndef VMAP_PPRL_PPRL_H
#define VMAP_PPRL_PPRL_H

#include "core/diag.h"
#include "core/strbuf.h"
#include "link/records.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PPRL_KEY_BYTES 32
#define PPRL_FORMAT_VERSION 1
#define PPRL_BITS_DEFAULT 1024
#define PPRL_BITS_MIN 256
#define PPRL_BITS_MAX 4096
#define PPRL_BLOCK_TOKENS 4
#define PPRL_DIFFUSION_TAPS 2
#define PPRL_DIFFUSION_EXPAND 2
#define PPRL_BLIP_FLIP 0.02

struct vmap_key {
	struct vmap_diag diag;
	uint8_t *bytes; /* PPRL_KEY_BYTES in sodium's guarded memory, or NULL */
	bool loaded;
};

/* The settings an encoding depends on. Two files link only when these are equal. */
struct pprl_settings {
	unsigned bits;                  /* CLK bits before hardening: a power of two */
	enum vmap_hardening hardening;
	unsigned taps;                  /* diffusion: input bits XORed into each output bit */
	unsigned expand;                /* diffusion: output bits per input bit */
	double blip_flip;               /* BLIP: probability a bit is flipped */
	bool field[FIELD_COUNT];        /* fields encoded (full_name becomes its parts) */
};

void pprl_settings_default(struct pprl_settings *s);
/* Bits of the encodings written (after hardening). */
unsigned pprl_output_bits(const struct pprl_settings *s);
/* "format=1 bits=1024 hardening=diffusion taps=3 fields=first_name,last_name": the canonical
 * text hashed into a file's header. */
void pprl_settings_text(const struct pprl_settings *s, struct strbuf *out);
const char *pprl_hardening_name(enum vmap_hardening h);

/* ----- keys (keys.c) ----- */
/* HKDF-SHA256 (RFC 5869) with a text salt and info; out_len <= 255 * 32. */
void hkdf_sha256(const uint8_t *ikm, size_t ikm_len, const char *salt, const char *info,
		 uint8_t *out, size_t out_len);

struct pprl_keys {
	uint8_t field[FIELD_COUNT][32]; /* token hashing, one key per field */
	uint8_t block[32];              /* blocking tokens */
	uint8_t diffusion[32];          /* the diffusion layer's taps */
	uint8_t blip[32];               /* BLIP's flips */
	uint8_t shuffle[32];            /* the order rows are written in */
};

void pprl_derive_keys(const uint8_t project_key[PPRL_KEY_BYTES], struct pprl_keys *keys);
void pprl_wipe_keys(struct pprl_keys *keys);
/* The first 8 bytes of HMAC-SHA256(key, data), little-endian. */
uint64_t hmac64(const uint8_t key[32], const void *data, size_t length);

/* ----- tokens (tokens.c) ----- */
#define TOKENS_MAX 160
#define TOKEN_BYTES 24

struct token_list {
	char text[TOKENS_MAX][TOKEN_BYTES];
	uint8_t length[TOKENS_MAX];
	size_t count;
};

/* The distinct tokens of field `f` of a standardised record (none when it is missing). */
void field_tokens(enum field f, const struct record *r, struct token_list *out);

/* ----- CLKs (clk.c) ----- */
/* Hash insertions per field for `bits` (about bits * ln 2 over all fields, by weight). */
unsigned field_hash_budget(const struct pprl_settings *s, enum field f);
/* Sets the bits of one record's CLK (words = bits / 64, zeroed by the caller). */
void clk_build(const struct pprl_settings *s, const struct pprl_keys *keys,
	       const struct record *r, uint64_t *clk);

/* ----- hardening (harden.c) ----- */
/* The diffusion layer's tap table (bits * taps positions), NULL for other hardenings or when
 * memory runs out (the caller tells the two apart by the setting). */
uint16_t *harden_prepare(const struct pprl_settings *s, const struct pprl_keys *keys);
/* Writes the hardened form of `clk` into `out` (pprl_output_bits / 64 words); `row` is the
 * record's position in the input (BLIP only). */
void harden(const struct pprl_settings *s, const struct pprl_keys *keys, const uint16_t *taps,
	    const uint64_t *clk, uint64_t row, uint64_t *out);

/* ----- blocking tokens (block_tokens.c) ----- */
/* 64-bit keyed tokens, 0 where the record lacks the values a token needs. */
void block_tokens(const struct pprl_keys *keys, const struct record *r,
		  uint64_t tokens[PPRL_BLOCK_TOKENS]);

/* ----- encoded files (encoded_write.c, encoded_read.c) ----- */
struct encoded_file {
	char *path;
	char *dataset;
	char *settings;           /* the canonical settings text */
	char settings_hash[65];   /* hex SHA-256 of `settings` */
	unsigned bits;            /* bits of each encoding */
	size_t count;             /* the rows held (read: this rank's share when shared) */
	size_t total, first_row;  /* read: the file's rows, and the first one held */
	char **record_id;         /* count strings (into id_storage when read) */
	char *id_storage;
	uint64_t *tokens;         /* count * PPRL_BLOCK_TOKENS */
	uint64_t *clk;            /* count * bits / 64, 64-byte aligned */
};

/* Reads and checks the whole file; keeps every row, or (`share`, issue 18) only this rank's
 * share of them (dist_share of the rows), so that memory holds a share. Every rank checks
 * every row, so all meet the same error. */
int encoded_read(struct encoded_file *f, const char *path, struct vmap_diag *diag);
int encoded_read_share(struct encoded_file *f, const char *path, bool share,
		       struct vmap_diag *diag);
void encoded_release(struct encoded_file *f);
/* VMAP_INPUT naming the first setting in which `b` differs from `a`. */
int encoded_check_same(const struct encoded_file *a, const struct encoded_file *b,
		       struct vmap_diag *diag);
/* Appends the file's bytes (header, then rows in keyed order) to `out`. */
void encoded_format(const struct encoded_file *f, const uint8_t shuffle_key[32],
		    struct strbuf *out);
void settings_hash_hex(const char *settings, char out[65]);

/* ----- Dice kernels (dice.c, dice_avx2.c, dice_avx512.c) ----- */
/* out[i] = popcount(q AND base[idx[i]]) over `words` 64-bit words. */
typedef void (*and_count_fn)(const uint64_t *q, const uint64_t *base, size_t words,
			     const uint32_t *idx, size_t n, uint32_t *out);
/* out[i] = popcount(q AND base[first + i]). */
typedef void (*and_count_range_fn)(const uint64_t *q, const uint64_t *base, size_t words,
				   size_t first, size_t n, uint32_t *out);

/* Every entry point of every kernel gives the same counts; they differ in what they expect
 * of the memory: `range` candidates held in cache (a tile's chunk after its first query),
 * `stream` candidates read once from main memory (prefetched DICE_STREAM_AHEAD bytes ahead),
 * `indexed` candidates gathered anywhere (prefetched DICE_PREFETCH candidates ahead). */
struct dice_kernel {
	const char *name;
	and_count_fn indexed;
	and_count_range_fn range;
	and_count_range_fn stream;
};

const struct dice_kernel *dice_current(void);

/* A gathered candidate is a cache miss each: asked for DICE_PREFETCH places ahead, it arrives
 * while earlier ones are counted. In cache, the requests cost ~15% and bring nothing, so the
 * range kernels make none. */
#define DICE_PREFETCH 8
#define DICE_STREAM_AHEAD 4096
static inline void dice_prefetch(const uint64_t *encoding, size_t words)
{
	for (size_t w = 0; w < words; w += 8)
		__builtin_prefetch(encoding + w, 0, 0);
}
/* The same into every level of cache: a streamed chunk is counted again by the next queries. */
static inline void dice_prefetch_keep(const uint64_t *encoding, size_t words)
{
	for (size_t w = 0; w < words; w += 8)
		__builtin_prefetch(encoding + w, 0, 3);
}
/* Encodings of `words` words a stream kernel asks for ahead of the one it counts. */
static inline size_t dice_stream_rows(size_t words)
{
	size_t rows = DICE_STREAM_AHEAD / 8 / (words ? words : 1);
	return rows ? rows : 1;
}
extern const struct dice_kernel dice_scalar;
bool dice_avx2_supported(void);
bool dice_avx512_supported(void);
extern const struct dice_kernel dice_avx2;
extern const struct dice_kernel dice_avx2_mix;
extern const struct dice_kernel dice_avx512;
uint32_t popcount_words(const uint64_t *w, size_t words);

/* ----- the score model (dice_model.c) ----- */
#define DICE_BINS 1000 /* histogram of Dice in steps of 0.001 */

struct dice_model {
	bool fitted;          /* false: no second mode was found (no matches) */
	double lambda;        /* share of matches among the scored pairs */
	uint64_t best_pairs;  /* pairs that are some record's best in some dataset */
	unsigned floor;       /* Dice bin below which nothing links (clean_floor) */
	double mean[2], sd[2]; /* [0] non-matches, [1] matches */
};

/* Bin of Dice 2c / s (integers, so every kernel gives the same bin). */
static inline size_t dice_bin(uint32_t c, uint32_t s)
{
	size_t b = s ? (size_t)((2000ull * c) / s) : 0;
	return b >= DICE_BINS ? DICE_BINS - 1 : b;
}

/* Fits the model to the histogram of all candidates and that of the best pairs (each
 * record's best candidate, a pair counted once). */
/* floor(2000 c / s) = (c * dice_bin_magic(s)) >> 40 for every c <= s / 2 < 2^13: the
 * multiplier's error, below c / 2^40, is less than the distance 1 / s from 2000 c / s to the
 * next whole number when it is not one. */
static inline uint64_t dice_bin_magic(uint32_t s)
{
	return ((2000ull << 40) + s - 1) / s;
}

void dice_model_fit(struct dice_model *m, const uint64_t hist[DICE_BINS],
		    const uint64_t best[DICE_BINS]);
/* The share of matches among the pairs of `hist` (one token class's), by EM with the model's
 * two Gaussians held fixed and only the share free: classes of pairs that share different
 * blocking tokens hold very different shares of matches. */
double dice_model_share(const struct dice_model *m, const uint64_t hist[DICE_BINS]);
/* One model per class of pairs (out[c]; class c is a bit set: the blocking tokens its pairs
 * share): the match Gaussian from all classes together (as dice_model_fit), the floor from
 * the class's own pairs (the pooled one for class 0, which shares no token and holds nearly
 * no matches), the non-match Gaussian from its pairs that are nobody's best, or, when it has
 * fewer than 100 of them (pairs that share several tokens are rarely
 * non-matches), the highest one among the one-token classes that have enough (namesakes:
 * its non-matches share at least that much), and the share of matches by dice_model_share. */
void dice_model_fit_classes(struct dice_model *out, size_t classes,
			    const uint64_t (*hist)[DICE_BINS], const uint64_t (*best)[DICE_BINS]);
/* The least AND count c that reaches a cut of `cut` thousandths for |A| + |B| = s, that is
 * 2000 c >= cut s: UINT32_MAX when no count can (cut above DICE_BINS) or s = 0 (two empty
 * encodings: Dice is undefined, and they never link). Pass two keeps a pair when its count
 * reaches this, so the test is integer and the same for every kernel. */
uint32_t dice_cut_count(unsigned cut, uint32_t s);
/* log2 of the odds that a pair with this Dice is a match. */
double dice_model_weight(const struct dice_model *m, double dice);
/* The smallest Dice in thousandths, above the non-match mean, whose match probability
 * reaches `p` (DICE_BINS + 1 when none). */
unsigned dice_model_cut(const struct dice_model *m, double p);

/* issue 18 (enc_dist.c): under MPI, after pass one, the ranks' histograms (`bins` counts) and
 * candidates summed, on every rank (`status`: this rank's, agreed with the others'). One
 * process: nothing. */
int enc_exchange_counts(uint64_t *hist, size_t bins, uint64_t *candidates, int status,
			struct vmap_diag *diag);

#endif
