/*
 * outset.c - atomic output files: temporary file, fsync, rename, then sync the folder.
 */
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
	return VMAP_OK;
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

int outset_close(struct outset *set, size_t index)
{
	struct outset_file *file = &set->files[index];
	int err = 0;

	assert(index < set->count && file->fd >= 0);
	if (fsync(file->fd) != 0)
		err = errno;
	if (!err)
		(void)fchmod(file->fd, 0644);
	if (close(file->fd) != 0 && !err)
		err = errno;
	file->fd = -1;
	return err ? stream_failed(set, file, err) : VMAP_OK;
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

static void remove_retired(struct outset *set)
{
	for (size_t i = 0; i < set->retired_count; i++) {
		char *path = join_path(set->dir, set->retired[i]);
		if (path && !is_protected(set, path))
			(void)unlink(path);
		free(path);
	}
}

int outset_commit(struct outset *set)
{
	int fd;

	if (set->lost_track)
		return diag_nomem(set->diag, "keeping track of the inputs to protect");
	for (size_t i = 0; i < set->count; i++)
		assert(set->files[i].fd < 0); /* every streamed file closed */
	for (size_t i = 0; i < set->count; i++)
		if (is_protected(set, set->files[i].final_path))
			return diag_fail(set->diag, VMAP_USAGE,
					 "%s: refusing to overwrite an input file",
					 set->files[i].final_path);
	for (size_t i = 0; i < set->count; i++) {
		struct outset_file *file = &set->files[i];
		if (rename(file->temp_path, file->final_path) != 0)
			return diag_fail(set->diag, VMAP_IO, "%s: cannot rename into place: %s",
					 file->final_path, strerror(errno));
		free(file->temp_path);
		file->temp_path = NULL;
	}
	remove_retired(set);
	fd = open(set->dir, O_RDONLY);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	return VMAP_OK;
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
		return dist_agree(VMAP_OK, diag);
	rc = outset_begin(&set, dir, diag);
	if (!rc && job->protect)
		job->protect(job->context, &set);
	if (!rc)
		rc = job->write(job->context, &set);
	if (!rc)
		rc = outset_commit(&set);
	outset_release(&set);
	return dist_agree(rc, diag);
}
