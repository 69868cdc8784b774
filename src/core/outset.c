/*
 * outset.c - atomic output files: temporary file, fsync, rename, then sync the folder.
 *
 * A closed file's writeback starts at once (sync_file_range, Linux) and its fsync waits for
 * the commit, which fsyncs every file in the order they were made before its journal: the
 * same fsyncs in the same order as fsyncing each at its close (which the fault-injection
 * tests count), but most of the data is on disk by then and one journal commit of the file
 * system covers the rest.
 */
#define _GNU_SOURCE /* sync_file_range; everything else is POSIX */
#include "outset.h"

#include "alloc.h"
#include "dist.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int make_dirs(const char *path)
{
	char *copy = alloc_strdup(path);
	int err = 0;

	if (!copy)
		return ENOMEM;
	for (char *p = copy + 1;; p++) {
		char saved = *p;
		if (saved != '/' && saved != '\0')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
			err = errno;
			break;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	if (!err) {
		struct stat st;
		if (stat(path, &st) != 0)
			err = errno;
		else if (!S_ISDIR(st.st_mode))
			err = ENOTDIR;
	}
	free(copy);
	return err;
}

static int recover(const char *dir, struct vmap_diag *diag);

int outset_begin(struct outset *set, const char *dir, struct vmap_diag *diag)
{
	int err;

	memset(set, 0, sizeof *set);
	set->diag = diag;
	set->dir = alloc_strdup(dir);
	if (!set->dir)
		return diag_nomem(diag, "starting the outputs");
	err = make_dirs(dir);
	if (err == ENOMEM)
		return diag_nomem(diag, "making the output folder");
	if (err)
		return diag_fail(diag, VMAP_IO, "%s: cannot make the output folder: %s", dir,
				 strerror(err));
	return recover(dir, diag);
}

void outset_protect(struct outset *set, const char *input_path)
{
	struct stat st;
	void *inputs = set->inputs;

	if (stat(input_path, &st) != 0)
		return; /* a file that does not exist cannot be overwritten */
	if (grow_array(&inputs, &set->input_capacity, set->input_count + 1,
		       sizeof *set->inputs) != 0) {
		set->lost_track = true;
		return;
	}
	set->inputs = inputs;
	set->inputs[set->input_count++] = (struct outset_input){st.st_dev, st.st_ino};
}

static char *join_path(const char *dir, const char *name)
{
	size_t length = strlen(dir) + strlen(name) + 2;
	char *path = alloc_array(length, 1);

	if (path)
		snprintf(path, length, "%s/%s", dir, name);
	return path;
}

static int write_all(int fd, const char *data, size_t length)
{
	while (length > 0) {
		ssize_t n = write(fd, data, length);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		data += n;
		length -= (size_t)n;
	}
	return 0;
}

/* Closes and removes a streamed file's temporary after a failure (the set must not commit). */
static int stream_failed(struct outset *set, struct outset_file *file, int err)
{
	if (file->fd >= 0)
		close(file->fd);
	file->fd = -1;
	unlink(file->temp_path);
	return diag_fail(set->diag, VMAP_IO, "%s: cannot write: %s", file->final_path,
			 strerror(err));
}

int outset_open(struct outset *set, const char *name, size_t *index)
{
	struct outset_file *file;
	char temp_name[256];
	void *files = set->files;

	assert(name[0] && !strchr(name, '/') && strlen(name) < sizeof temp_name - 8);
	if (grow_array(&files, &set->capacity, set->count + 1, sizeof *set->files) != 0)
		return diag_nomem(set->diag, "writing outputs");
	set->files = files;
	file = &set->files[set->count];
	snprintf(temp_name, sizeof temp_name, ".%s.XXXXXX", name);
	file->final_path = join_path(set->dir, name);
	file->temp_path = join_path(set->dir, temp_name);
	file->fd = -1;
	file->closed = false;
	if (!file->final_path || !file->temp_path) {
		free(file->final_path);
		free(file->temp_path);
		return diag_nomem(set->diag, "writing outputs");
	}
	set->count++;
	file->fd = mkstemp(file->temp_path);
	if (file->fd < 0) {
		return diag_fail(set->diag, VMAP_IO, "%s: cannot create a file: %s", set->dir,
				 strerror(errno));
	}
	*index = set->count - 1;
	return VMAP_OK;
}

int outset_append(struct outset *set, size_t index, const char *data, size_t length)
{
	struct outset_file *file = &set->files[index];
	int err;

	assert(index < set->count && file->fd >= 0);
	err = write_all(file->fd, data, length);
	return err ? stream_failed(set, file, err) : VMAP_OK;
}

int outset_append_buf(struct outset *set, size_t index, struct strbuf *sb)
{
	int rc;

	if (sb->failed)
		return diag_nomem(set->diag, "formatting outputs");
	rc = outset_append(set, index, sb->data ? sb->data : "", sb->length);
	sb->length = 0;
	if (sb->data)
		sb->data[0] = '\0';
	return rc;
}

/* fsync, chmod and close of a written file; a failure removes its temporary. */
static int finish_file(struct outset *set, struct outset_file *file)
{
	int err = 0;

	if (fsync(file->fd) != 0)
		err = errno;
	if (!err)
		(void)fchmod(file->fd, 0644);
	if (close(file->fd) != 0 && !err)
		err = errno;
	file->fd = -1;
	return err ? stream_failed(set, file, err) : VMAP_OK;
}

/* Every closed file still waiting for its fsync, in the order they were made. */
static int finish_pending(struct outset *set)
{
	int rc = VMAP_OK;

	for (size_t i = 0; i < set->count && !rc; i++)
		if (set->files[i].closed && set->files[i].fd >= 0)
			rc = finish_file(set, &set->files[i]);
	set->pending = 0;
	return rc;
}

/* Starts writing the file's pages to disk without waiting; false where that cannot be done
 * (the caller then fsyncs at once). */
static bool start_writeback(int fd)
{
#ifdef SYNC_FILE_RANGE_WRITE
	return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE) == 0;
#else
	(void)fd;
	return false;
#endif
}

int outset_close(struct outset *set, size_t index)
{
	struct outset_file *file = &set->files[index];
	int rc = VMAP_OK;

	assert(index < set->count && file->fd >= 0 && !file->closed);
	file->closed = true;
	if (set->pending >= OUTSET_PENDING)
		rc = finish_pending(set); /* bounded descriptors: the earlier ones first */
	if (!rc && start_writeback(file->fd)) {
		set->pending++;
		return VMAP_OK;
	}
	if (!rc)
		rc = finish_pending(set); /* this one included, after those before it */
	return rc; /* on a failure outset_release removes what is left */
}

int outset_write(struct outset *set, const char *name, const char *data, size_t length)
{
	size_t file;
	int rc = outset_open(set, name, &file);

	if (!rc)
		rc = outset_append(set, file, data, length);
	if (!rc)
		rc = outset_close(set, file);
	return rc;
}

int outset_write_buf(struct outset *set, const char *name, const struct strbuf *sb)
{
	if (sb->failed)
		return diag_nomem(set->diag, "formatting outputs");
	return outset_write(set, name, sb->data ? sb->data : "", sb->length);
}

static bool is_protected(const struct outset *set, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return false;
	for (size_t i = 0; i < set->input_count; i++)
		if (set->inputs[i].dev == st.st_dev && set->inputs[i].ino == st.st_ino)
			return true;
	return false;
}

void outset_retire(struct outset *set, const char *name)
{
	void *retired = (void *)set->retired;

	if (grow_array(&retired, &set->retired_capacity, set->retired_count + 1,
		       sizeof *set->retired) != 0) {
		set->lost_track = true;
		return;
	}
	set->retired = retired;
	set->retired[set->retired_count++] = name;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* fsync of the folder itself, so that renames and removals in it are on disk. */
static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY), err = 0;

	if (fd < 0)
		return errno;
	if (fsync(fd) != 0)
		err = errno;
	close(fd);
	return err;
}

/* Puts back what a commit replaced or removed: each backup renamed back onto its name, a name
 * that had no earlier file removed, the temporaries removed. Returns 0 or the first errno. */
static int roll_back(const struct outset_backup *b, size_t n)
{
	int err = 0;

	for (size_t i = n; i-- > 0;) {
		if (b[i].backup_path) {
			if (rename(b[i].backup_path, b[i].final_path) == 0)
				(void)unlink(b[i].backup_path); /* there if both were one file */
			else if (errno != ENOENT && !err)
				err = errno; /* the backup stays: the only copy of the earlier file */
		} else if (b[i].temp_path && unlink(b[i].final_path) != 0 && errno != ENOENT &&
			   !err) {
			err = errno;
		}
		if (b[i].temp_path)
			(void)unlink(b[i].temp_path);
	}
	return err;
}

static void free_backups(struct outset_backup *b, size_t n, bool remove_files)
{
	for (size_t i = 0; i < n; i++) {
		if (remove_files && b[i].backup_path)
			(void)unlink(b[i].backup_path);
		free(b[i].final_path);
		free(b[i].backup_path);
	}
	free(b);
}

/* Hard-links the earlier file at `final` (if any) to a backup name beside the temporaries. */
static int make_backup(struct outset *set, struct outset_backup *b, const char *final,
		       const char *temp)
{
	const char *base = base_name(final);
	struct strbuf name;
	int err = 0;

	*b = (struct outset_backup){alloc_strdup(final), NULL, temp};
	strbuf_init(&name);
	strbuf_addf(&name, "%.*s.%s.%ld.old", (int)(base - final), final, base, (long)getpid());
	if (!b->final_path || name.failed) {
		strbuf_release(&name);
		return diag_nomem(set->diag, "committing the outputs");
	}
	(void)unlink(name.data); /* left by a process of the same id that died after its commit */
	if (link(final, name.data) == 0)
		b->backup_path = name.data;
	else if (errno == ENOENT)
		strbuf_release(&name);
	else
		err = errno;
	if (err) {
		strbuf_release(&name);
		return diag_fail(set->diag, VMAP_IO, "%s: cannot keep the earlier file while "
				 "replacing it: %s", final, strerror(err));
	}
	return VMAP_OK;
}

/* `path` relative to `dir` (every path of a commit is inside its first set's folder). */
static const char *inside(const char *dir, const char *path)
{
	size_t length = strlen(dir);

	if (!path)
		return "-";
	assert(strncmp(path, dir, length) == 0 && (path[length] == '/' || dir[length - 1] == '/'));
	path += length;
	while (*path == '/') /* "out/" + "/x" */
		path++;
	return path;
}

/* Writes the journal (one line per name: "NAME\tBACKUP\tTEMP", "-" for none, relative to
 * the set's folder) and syncs it. */
static int write_journal(struct outset *set, const struct outset_backup *b, size_t n)
{
	struct strbuf sb;
	char *path = join_path(set->dir, OUTSET_JOURNAL);
	int fd = -1, err = 0;

	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s\t%s\t%s\n", inside(set->dir, b[i].final_path),
			    inside(set->dir, b[i].backup_path), inside(set->dir, b[i].temp_path));
	if (!path || sb.failed) {
		free(path);
		strbuf_release(&sb);
		return diag_nomem(set->diag, "committing the outputs");
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		err = errno;
	if (!err)
		err = write_all(fd, sb.data ? sb.data : "", sb.length);
	if (!err && fsync(fd) != 0)
		err = errno;
	if (fd >= 0 && close(fd) != 0 && !err)
		err = errno;
	if (!err)
		err = sync_dir(set->dir);
	if (err)
		(void)unlink(path);
	strbuf_release(&sb);
	if (err)
		diag_fail(set->diag, VMAP_IO, "%s: cannot write: %s", path, strerror(err));
	free(path);
	return err ? VMAP_IO : VMAP_OK;
}

/* Backups of every name the set replaces or retires. */
static int prepare_set(struct outset *set, struct outset_backup *b, size_t *n)
{
	int rc = VMAP_OK;

	for (size_t i = 0; i < set->count && !rc; i++, ++*n)
		rc = make_backup(set, &b[*n], set->files[i].final_path, set->files[i].temp_path);
	for (size_t i = 0; i < set->retired_count && !rc; i++) {
		char *path = join_path(set->dir, set->retired[i]);
		if (!path)
			return diag_nomem(set->diag, "committing the outputs");
		if (!is_protected(set, path) && access(path, F_OK) == 0)
			rc = make_backup(set, &b[(*n)++], path, NULL);
		free(path);
	}
	return rc;
}

/* The renames and removals themselves; on a failure every one already made is undone. If
 * even that fails, `*keep` is set: the journal and backups stay for the next outset_begin. */
static int apply_commit(struct outset *set, struct outset_backup *b, size_t n, bool *keep)
{
	for (size_t i = 0; i < n; i++) {
		int failed = b[i].temp_path ? rename(b[i].temp_path, b[i].final_path)
					    : unlink(b[i].final_path);
		if (failed != 0) {
			int err = errno;
			*keep = roll_back(b, n) != 0;
			return diag_fail(set->diag, VMAP_IO, "%s: cannot %s: %s", b[i].final_path,
					 b[i].temp_path ? "rename into place" : "remove",
					 strerror(err));
		}
	}
	return VMAP_OK;
}

/* After the renames: every set's folder synced (the renames on disk), then the journal
 * removed and the first folder synced again (the commit point on disk). Either sync failing
 * fails the commit: the earlier files are put back (as for a failed rename), so that a run
 * reporting an error never leaves its new outputs behind, and one reporting success has them
 * on disk. If even the rollback fails, `*keep` is set and the backups stay. */
static int sync_commit(struct outset *const *sets, size_t count, struct outset_backup *b,
		       size_t n, const char *journal, bool *keep)
{
	const char *dir = NULL;
	int err = 0;

	for (size_t s = 0; s < count && !err; s++)
		if ((err = sync_dir(sets[s]->dir)) != 0)
			dir = sets[s]->dir;
	if (!err) {
		(void)unlink(journal); /* the commit point */
		if ((err = sync_dir(sets[0]->dir)) != 0)
			dir = sets[0]->dir;
	}
	if (!err)
		return VMAP_OK;
	*keep = roll_back(b, n) != 0;
	return diag_fail(sets[0]->diag, VMAP_IO, "%s: cannot sync the folder: %s", dir,
			 strerror(err));
}

/* What must hold before a set may commit: its inputs tracked, its files closed, no input
 * among the names it replaces. */
static int check_commit(struct outset *set)
{
	if (set->lost_track)
		return diag_nomem(set->diag, "keeping track of the inputs to protect");
	for (size_t i = 0; i < set->count; i++)
		assert(set->files[i].closed); /* every streamed file closed */
	for (size_t i = 0; i < set->count; i++)
		if (is_protected(set, set->files[i].final_path))
			return diag_fail(set->diag, VMAP_USAGE,
					 "%s: refusing to overwrite an input file",
					 set->files[i].final_path);
	return VMAP_OK;
}

int outset_commit_all(struct outset *const *sets, size_t count)
{
	struct outset_backup *b = NULL;
	size_t n = 0, names = 0;
	char *journal = join_path(sets[0]->dir, OUTSET_JOURNAL);
	bool keep = false;
	int rc = VMAP_OK;

	for (size_t s = 0; s < count && !rc; s++) {
		rc = check_commit(sets[s]);
		names += sets[s]->count + sets[s]->retired_count;
	}
	for (size_t s = 0; s < count && !rc; s++)
		rc = finish_pending(sets[s]); /* every file on disk before the journal */
	if (!rc) {
		b = alloc_array(names, sizeof *b);
		if (!b || !journal)
			rc = diag_nomem(sets[0]->diag, "committing the outputs");
	}
	for (size_t s = 0; s < count && !rc; s++)
		rc = prepare_set(sets[s], b, &n);
	if (!rc)
		rc = write_journal(sets[0], b, n);
	if (!rc)
		rc = apply_commit(sets[0], b, n, &keep);
	if (!rc)
		rc = sync_commit(sets, count, b, n, journal, &keep);
	for (size_t s = 0; s < count && !rc; s++) {
		for (size_t i = 0; i < sets[s]->count; i++) {
			free(sets[s]->files[i].temp_path); /* renamed: nothing to remove */
			sets[s]->files[i].temp_path = NULL;
		}
	}
	if (rc && journal && b && !keep) {
		(void)unlink(journal); /* a commit that failed or never began: nothing to recover */
		(void)sync_dir(sets[0]->dir);
	}
	free(journal);
	if (b)
		free_backups(b, n, !keep);
	return rc;
}

int outset_commit(struct outset *set)
{
	return outset_commit_all(&set, 1);
}

int outset_commit_agreed(struct outset *const *sets, size_t count, int status,
			 struct vmap_diag *diag)
{
	int rc = dist_agree(status, diag);

	if (!rc)
		rc = outset_commit_all(sets, count);
	return dist_agree(rc, diag);
}

int outset_commit_elsewhere(struct vmap_diag *diag)
{
	return dist_agree(dist_agree(VMAP_OK, diag), diag);
}

/* Reads a journal line's three names into paths inside `dir`; false at the end or on a
 * damaged line. */
static bool journal_entry(FILE *f, const char *dir, char *paths[3])
{
	char line[1024], *save = NULL, *field;

	paths[0] = paths[1] = paths[2] = NULL;
	if (!fgets(line, sizeof line, f) || !strchr(line, '\n'))
		return false;
	line[strcspn(line, "\n")] = '\0';
	field = strtok_r(line, "\t", &save);
	for (int k = 0; k < 3 && field; k++, field = strtok_r(NULL, "\t", &save))
		if (strcmp(field, "-") != 0 && field[0] != '/' && !strstr(field, ".."))
			paths[k] = join_path(dir, field);
	return paths[0] != NULL;
}

/* A commit that died before its journal was removed: put the earlier files back. */
static int recover(const char *dir, struct vmap_diag *diag)
{
	char *journal = join_path(dir, OUTSET_JOURNAL), *paths[3];
	FILE *f;
	int err = 0;

	if (!journal)
		return diag_nomem(diag, "starting the outputs");
	f = fopen(journal, "r");
	if (!f) {
		err = errno == ENOENT ? 0 : errno;
		if (err)
			diag_fail(diag, VMAP_IO, "%s: cannot read: %s", journal, strerror(err));
		free(journal);
		return err ? VMAP_IO : VMAP_OK;
	}
	while (!err && journal_entry(f, dir, paths)) {
		struct outset_backup b = {paths[0], paths[1], paths[2]};
		err = roll_back(&b, 1);
		for (int k = 0; k < 3; k++)
			free(paths[k]);
	}
	fclose(f);
	if (!err && unlink(journal) != 0)
		err = errno;
	if (!err)
		err = sync_dir(dir);
	if (err)
		diag_fail(diag, VMAP_IO, "%s: cannot undo an interrupted commit: %s", journal,
			  strerror(err));
	free(journal);
	return err ? VMAP_IO : VMAP_OK;
}

void outset_release(struct outset *set)
{
	for (size_t i = 0; i < set->count; i++) {
		if (set->files[i].fd >= 0)
			close(set->files[i].fd);
		if (set->files[i].temp_path)
			unlink(set->files[i].temp_path);
		free(set->files[i].temp_path);
		free(set->files[i].final_path);
	}
	free(set->files);
	free(set->inputs);
	free((void *)set->retired);
	free(set->dir);
	memset(set, 0, sizeof *set);
}

int outset_run(const char *dir, struct vmap_diag *diag, const struct outset_job *job)
{
	struct outset set;
	int rc;

	if (!dist_writes()) /* under MPI only rank 0 writes; every rank learns how it went */
		return outset_commit_elsewhere(diag);
	rc = outset_begin(&set, dir, diag);
	if (!rc && job->protect)
		job->protect(job->context, &set);
	if (!rc)
		rc = job->write(job->context, &set);
	rc = outset_commit_agreed((struct outset *[]){&set}, 1, rc, diag);
	outset_release(&set);
	return rc;
}
