/*
 * outset.h - a set of output files written atomically together.
 *
 * Each file is written in full to a temporary name in the output folder and fsynced; only
 * outset_commit() renames them into place, so a failure leaves no half-written output and
 * the previous outputs untouched. Closing a file starts its writeback (sync_file_range where
 * Linux has it) and keeps its descriptor; the commit fsyncs every file, in the order they
 * were made, before anything else, so one journal commit of the file system covers most of
 * them and the fsyncs come in the same order as when each file was fsynced at its close
 * (at most OUTSET_PENDING files wait: the next close fsyncs those waiting, in order). Inputs registered with outset_protect() are never
 * overwritten: a commit that would replace one fails instead.
 *
 * Invariant: there is no limit on how many inputs are protected or names retired; when memory
 * runs out recording one, the set remembers it and outset_commit() fails (VMAP_NOMEM) rather
 * than commit without the protection.
 *
 * The commit is all or nothing for the set, not only file by file: each file it replaces or
 * removes is first hard-linked to a backup, and a journal (OUTSET_JOURNAL) lists them; if a
 * rename fails, the earlier files are put back; if the process dies mid-commit, the next
 * outset_begin() in that folder finds the journal and puts them back. Only after every rename
 * is the journal removed (the commit point), then the backups (docs/reliability.md).
 */
#ifndef VMAP_CORE_OUTSET_H
#define VMAP_CORE_OUTSET_H

#include "diag.h"
#include "strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The commit journal's name inside an output folder. */
#define OUTSET_JOURNAL ".valuemap-commit"

/* How many closed files may wait, descriptor open, for their fsync at commit. */
#define OUTSET_PENDING 32

struct outset_file {
	char *final_path;
	char *temp_path;
	int fd; /* open while a file is written or waits for its fsync, else -1 */
	bool closed; /* written in full; if fd >= 0 its fsync waits for the commit */
};

/* At commit, a name the set replaces or removes, with a hard link to its earlier file. */
struct outset_backup {
	char *final_path;
	char *backup_path; /* NULL: no earlier file */
	const char *temp_path; /* the new file's temporary; NULL for a retired name */
};

struct outset_input {
	dev_t dev;
	ino_t ino;
};

struct outset {
	char *dir;
	struct outset_file *files;
	size_t count, capacity;
	struct outset_input *inputs; /* protected: never replaced nor removed */
	size_t input_count, input_capacity;
	const char **retired; /* names to remove at commit: outputs of an earlier kind of run */
	size_t retired_count, retired_capacity;
	bool lost_track; /* memory ran out recording an input or a name: commit refuses */
	size_t pending; /* closed files whose fsync waits (fd still open) */
	struct vmap_diag *diag;
};

/* Makes `dir` (and its parents) when missing. Errors go to `diag`. */
int outset_begin(struct outset *set, const char *dir, struct vmap_diag *diag);

/* Refuses, at commit, to replace the file at `input_path`. */
void outset_protect(struct outset *set, const char *input_path);

/* Writes `length` bytes as `name` inside the folder, under a temporary name for now. */
int outset_write(struct outset *set, const char *name, const char *data, size_t length);

/* A file too large to hold in memory, written piece by piece: outset_open makes it (under a
 * temporary name, as outset_write does) and gives its index in `*file`; outset_append adds
 * bytes at its end; outset_close ends it (its fsync comes at the latest at commit, and a failed
 * fsync fails the commit naming the file). It commits with the set, and is
 * removed with the set's other temporary files if the set never commits. After a failed
 * append or close (its temporary removed) the set must not commit, as after outset_write. */
int outset_open(struct outset *set, const char *name, size_t *file);
int outset_append(struct outset *set, size_t file, const char *data, size_t length);
int outset_close(struct outset *set, size_t file);

/* outset_append of a strbuf, then empties the buffer; out of memory if it failed to grow. */
int outset_append_buf(struct outset *set, size_t file, struct strbuf *sb);

/* outset_write of a strbuf; reports out of memory if the buffer failed to grow. */
int outset_write_buf(struct outset *set, const char *name, const struct strbuf *sb);

/* At commit, removes `name` (a static string) from the folder if an earlier run left it there,
 * so the folder never mixes outputs of two runs (e.g. draws.csv beside a summary.json
 * without uncertainty). Protected inputs are never removed. */
void outset_retire(struct outset *set, const char *name);

/* Renames every file into place and syncs the folder. */
int outset_commit(struct outset *set);

/* Commits several sets as one (synth's folder and its datasets/ subfolder): all or none. Every
 * set's folder must be sets[0]'s or inside it; the journal is in sets[0]'s, and errors go to
 * sets[0]'s diag. */
int outset_commit_all(struct outset *const *sets, size_t count);

/* issue 18: the commit of an output set under MPI, where only rank 0 writes. Rank 0 calls
 * outset_commit_agreed with the status of its writing; every other rank calls
 * outset_commit_elsewhere in its place. Both agree twice: before the commit, so that a rank
 * that failed since the last exchange (a step each rank computes alone) stops it and no run
 * that ends in an error leaves new outputs; then on how the commit went. Without MPI
 * outset_commit_agreed is outset_commit_all when `status` is VMAP_OK. */
int outset_commit_agreed(struct outset *const *sets, size_t count, int status,
			 struct vmap_diag *diag);
int outset_commit_elsewhere(struct vmap_diag *diag);

/* Removes temporary files not committed and frees the set. */
void outset_release(struct outset *set);

/* A whole output set as one call: what a handle's vmap_X_write does. */
struct outset_job {
	void *context;
	/* Registers every input with outset_protect (NULL when the stage reads no file). */
	void (*protect)(void *context, struct outset *out);
	/* Writes every file with outset_write...; the set commits only if it returns VMAP_OK. */
	int (*write)(void *context, struct outset *out);
};

/* Begins a set in `dir`, protects the inputs, writes, commits and releases: on any error the
 * folder keeps its earlier outputs and `diag` says what failed. */
int outset_run(const char *dir, struct vmap_diag *diag, const struct outset_job *job);

/* Makes a folder and its parents, like `mkdir -p`. Returns 0 or an errno value. */
int make_dirs(const char *path);

#endif
