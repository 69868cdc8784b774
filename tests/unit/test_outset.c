/*
 * test_outset.c - atomic output sets: files appear only at commit, inputs are never replaced
 * however many are protected, earlier runs' outputs are retired, and a failed run leaves
 * neither temporary files nor a half-written folder. Each test works in its own temporary
 * folder and removes it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/outset.h"
#include "temp_dir.h"

struct fixture {
	char dir[64];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (!f || !temp_dir_make(f->dir, sizeof f->dir, "outset")) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	bool removed = temp_dir_remove(f->dir);

	free(f);
	return removed ? 0 : -1;
}

static void put_file(const char *dir, const char *name, const char *text)
{
	assert_true(temp_dir_put(dir, name, text));
}

/* The file's first line, or "" when it does not exist. */
static const char *read_line(const char *dir, const char *name)
{
	static char line[256];
	char path[512];
	FILE *fp;

	line[0] = '\0';
	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "r");
	if (!fp)
		return line;
	if (!fgets(line, sizeof line, fp))
		line[0] = '\0';
	fclose(fp);
	return line;
}

/* Entries in the folder, '.' and '..' left out. */
static size_t entry_count(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static void files_appear_only_at_commit(void **state)
{
	struct fixture *f = *state;
	struct vmap_diag diag = {0};
	struct outset set;

	assert_int_equal(outset_begin(&set, f->dir, &diag), VMAP_OK);
	assert_int_equal(outset_write(&set, "a.csv", "x\n", 2), VMAP_OK);
	assert_string_equal(read_line(f->dir, "a.csv"), "");
	assert_int_equal(outset_commit(&set), VMAP_OK);
	outset_release(&set);
	assert_string_equal(read_line(f->dir, "a.csv"), "x\n");
	assert_int_equal(entry_count(f->dir), 1);
}

static void released_without_commit_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	struct vmap_diag diag = {0};
	struct outset set;

	put_file(f->dir, "a.csv", "old\n");
	assert_int_equal(outset_begin(&set, f->dir, &diag), VMAP_OK);
	assert_int_equal(outset_write(&set, "a.csv", "new\n", 4), VMAP_OK);
	outset_release(&set);
	assert_string_equal(read_line(f->dir, "a.csv"), "old\n");
	assert_int_equal(entry_count(f->dir), 1);
}

/* A streamed file: appended piece by piece, invisible until the commit, then whole; an
 * earlier file of that name is kept until then. */
static void a_streamed_file_commits_with_the_set(void **state)
{
	struct fixture *f = *state;
	struct vmap_diag diag = {0};
	struct outset set;
	struct strbuf sb;
	size_t file;

	put_file(f->dir, "big.csv", "old\n");
	assert_int_equal(outset_begin(&set, f->dir, &diag), VMAP_OK);
	assert_int_equal(outset_open(&set, "big.csv", &file), VMAP_OK);
	assert_int_equal(outset_append(&set, file, "a,", 2), VMAP_OK);
	strbuf_init(&sb);
	strbuf_adds(&sb, "b\n");
	assert_int_equal(outset_append_buf(&set, file, &sb), VMAP_OK);
	assert_int_equal(sb.length, 0); /* emptied for the next block */
	strbuf_release(&sb);
	assert_int_equal(outset_close(&set, file), VMAP_OK);
	assert_int_equal(outset_write(&set, "small.csv", "s\n", 2), VMAP_OK);
	assert_string_equal(read_line(f->dir, "big.csv"), "old\n");
	assert_int_equal(outset_commit(&set), VMAP_OK);
	outset_release(&set);
	assert_string_equal(read_line(f->dir, "big.csv"), "a,b\n");
	assert_string_equal(read_line(f->dir, "small.csv"), "s\n");
	assert_int_equal(entry_count(f->dir), 2);
}

/* A streamed file still open when the set is released (a failure part way) leaves nothing
 * behind and the earlier file untouched. */
static void an_unfinished_stream_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	struct vmap_diag diag = {0};
	struct outset set;
	size_t file;

	put_file(f->dir, "big.csv", "old\n");
	assert_int_equal(outset_begin(&set, f->dir, &diag), VMAP_OK);
	assert_int_equal(outset_open(&set, "big.csv", &file), VMAP_OK);
	assert_int_equal(outset_append(&set, file, "half", 4), VMAP_OK);
	outset_release(&set);
	assert_string_equal(read_line(f->dir, "big.csv"), "old\n");
	assert_int_equal(entry_count(f->dir), 1);
}

/* The bug of issue 8: the ninth input and later were not protected (the list held 8). */
/* Open descriptors of the process (fcntl on each possible number, no directory listing). */
static size_t open_descriptors(void)
{
	size_t n = 0;

	for (int fd = 0; fd < 4096; fd++)
		n += fcntl(fd, F_GETFD) != -1;
	return n;
}

/* Closed files wait, descriptor open, for their fsync at commit, but never more than
 * OUTSET_PENDING at once; the commit finishes every one (mode 0644, which only the fsync's
 * step gives: mkstemp makes 0600) and closes its descriptor. */
static void closed_files_wait_for_the_commit_in_bounded_numbers(void **state)
{
	enum { FILES = 3 * OUTSET_PENDING + 5 };
	struct fixture *f = *state;
	struct vmap_diag diag = {0};
	struct outset set;
	size_t before = open_descriptors();
	char name[32], text[32], path[128];
	struct stat st;

	assert_int_equal(outset_begin(&set, f->dir, &diag), VMAP_OK);
	for (int i = 0; i < FILES; i++) {
		size_t file;
		snprintf(name, sizeof name, "f%03d.csv", i);
		snprintf(text, sizeof text, "%d\n", i);
		assert_int_equal(outset_open(&set, name, &file), VMAP_OK);
		assert_int_equal(outset_append(&set, file, text, strlen(text)), VMAP_OK);
		assert_int_equal(outset_close(&set, file), VMAP_OK);
		assert_true(open_descriptors() <= before + OUTSET_PENDING);
	}
	assert_true(open_descriptors() > before); /* some wait for the commit */
	assert_int_equal(outset_commit(&set), VMAP_OK);
	assert_int_equal(open_descriptors(), before);
	outset_release(&set);
	assert_int_equal(entry_count(f->dir), FILES);
	for (int i = 0; i < FILES; i++) {
		snprintf(name, sizeof name, "f%03d.csv", i);
		snprintf(text, sizeof text, "%d\n", i);
		snprintf(path, sizeof path, "%s/%s", f->dir, name);
		assert_string_equal(read_line(f->dir, name), text);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0644);
	}
}

/* A set released with files waiting for their fsync closes them and leaves nothing. */
static void released_with_files_waiting_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	struct vmap_diag diag = {0};
	struct outset set;
	size_t before = open_descriptors();

	put_file(f->dir, "a.csv", "old\n");
	assert_int_equal(outset_begin(&set, f->dir, &diag), VMAP_OK);
	assert_int_equal(outset_write(&set, "a.csv", "new\n", 4), VMAP_OK);
	assert_int_equal(outset_write(&set, "b.csv", "b\n", 2), VMAP_OK);
	outset_release(&set);
	assert_int_equal(open_descriptors(), before);
	assert_string_equal(read_line(f->dir, "a.csv"), "old\n");
	assert_int_equal(entry_count(f->dir), 1);
}

static void every_protected_input_is_kept(void **state)
{
	struct fixture *f = *state;
	struct vmap_diag diag = {0};
	struct outset set;
	char name[32];

	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "in%d.csv", i);
		put_file(f->dir, name, "input\n");
	}
	assert_int_equal(outset_begin(&set, f->dir, &diag), VMAP_OK);
	for (int i = 0; i < 20; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/in%d.csv", f->dir, i);
		outset_protect(&set, path);
	}
	assert_int_equal(outset_write(&set, "in19.csv", "output\n", 7), VMAP_OK);
	assert_int_equal(outset_commit(&set), VMAP_USAGE);
	assert_non_null(strstr(diag.message, "in19.csv: refusing to overwrite an input file"));
	outset_release(&set);
	assert_string_equal(read_line(f->dir, "in19.csv"), "input\n");
	assert_int_equal(entry_count(f->dir), 20); /* no temporary file left behind */
}

/* The list of retired names held 4: the fifth and later stayed behind. */
static void every_retired_name_goes(void **state)
{
	struct fixture *f = *state;
	struct vmap_diag diag = {0};
	struct outset set;
	static const char *const names[] = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"};
	char path[128];

	for (size_t i = 0; i < 8; i++)
		put_file(f->dir, names[i], "earlier run\n");
	snprintf(path, sizeof path, "%s/r7", f->dir);
	assert_int_equal(outset_begin(&set, f->dir, &diag), VMAP_OK);
	outset_protect(&set, path); /* a protected input is never removed */
	for (size_t i = 0; i < 8; i++)
		outset_retire(&set, names[i]);
	assert_int_equal(outset_write(&set, "out", "o\n", 2), VMAP_OK);
	assert_int_equal(outset_commit(&set), VMAP_OK);
	outset_release(&set);
	assert_int_equal(entry_count(f->dir), 2);
	assert_string_equal(read_line(f->dir, "r7"), "earlier run\n");
	assert_string_equal(read_line(f->dir, "out"), "o\n");
}

/* When memory runs out recording an input, the commit fails instead of going unprotected. */
static void a_protection_lost_to_memory_fails_the_commit(void **state)
{
	struct fixture *f = *state;
	struct vmap_diag diag = {0};
	struct outset set;
	char path[128];

	put_file(f->dir, "in.csv", "input\n");
	snprintf(path, sizeof path, "%s/in.csv", f->dir);
	assert_int_equal(outset_begin(&set, f->dir, &diag), VMAP_OK);
	alloc_fail_after(1);
	outset_protect(&set, path);
	alloc_fail_after(0);
	assert_int_equal(outset_write(&set, "in.csv", "output\n", 7), VMAP_OK);
	assert_int_equal(outset_commit(&set), VMAP_NOMEM);
	outset_release(&set);
	assert_string_equal(read_line(f->dir, "in.csv"), "input\n");
}

static void begin_makes_the_folder_and_its_parents(void **state)
{
	struct fixture *f = *state;
	struct vmap_diag diag = {0};
	struct outset set;
	char dir[128];

	snprintf(dir, sizeof dir, "%s/sub/deeper", f->dir);
	assert_int_equal(outset_begin(&set, dir, &diag), VMAP_OK);
	assert_int_equal(outset_write(&set, "a", "1\n", 2), VMAP_OK);
	assert_int_equal(outset_commit(&set), VMAP_OK);
	outset_release(&set);
	assert_string_equal(read_line(dir, "a"), "1\n");
	put_file(f->dir, "plain", "");
	snprintf(dir, sizeof dir, "%s/plain", f->dir);
	assert_int_equal(outset_begin(&set, dir, &diag), VMAP_IO);
	assert_non_null(strstr(diag.message, "cannot make the output folder"));
	outset_release(&set);
}

struct job_context {
	char input[128];
	int fail_after; /* files written before failing; -1 never */
};

static void protect_input(void *context, struct outset *out)
{
	struct job_context *c = context;

	outset_protect(out, c->input);
}

static int write_two(void *context, struct outset *out)
{
	struct job_context *c = context;
	int rc = outset_write(out, "one", "1\n", 2);

	if (!rc && c->fail_after == 1)
		return diag_fail(out->diag, VMAP_IO, "failing on purpose");
	if (!rc)
		rc = outset_write(out, "two", "2\n", 2);
	return rc;
}

/* outset_run: protect, write, commit in one call; a failed write commits nothing. */
static void run_writes_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	struct vmap_diag diag = {0};
	struct job_context c = {"", 1};
	struct outset_job job = {&c, protect_input, write_two};

	put_file(f->dir, "two", "input\n");
	snprintf(c.input, sizeof c.input, "%s/two", f->dir);
	assert_int_equal(outset_run(f->dir, &diag, &job), VMAP_IO);
	assert_string_equal(diag.message, "failing on purpose");
	assert_int_equal(entry_count(f->dir), 1);
	c.fail_after = -1;
	assert_int_equal(outset_run(f->dir, &diag, &job), VMAP_USAGE); /* "two" is the input */
	assert_string_equal(read_line(f->dir, "two"), "input\n");
	assert_int_equal(entry_count(f->dir), 1);
	unlink(c.input);
	assert_int_equal(outset_run(f->dir, &diag, &job), VMAP_OK);
	assert_string_equal(read_line(f->dir, "one"), "1\n");
	assert_string_equal(read_line(f->dir, "two"), "2\n");
}

/* A rename failing mid-commit (here: the second file's temporary is gone) puts the first
 * file back: the folder keeps the whole earlier set (found by tests/fault/test_io_faults.sh). */
static void a_failed_rename_puts_the_earlier_set_back(void **state)
{
	struct fixture *f = *state;
	struct vmap_diag diag = {0};
	struct outset set;

	put_file(f->dir, "a.csv", "old a\n");
	put_file(f->dir, "b.csv", "old b\n");
	assert_int_equal(outset_begin(&set, f->dir, &diag), VMAP_OK);
	assert_int_equal(outset_write(&set, "a.csv", "new a\n", 6), VMAP_OK);
	assert_int_equal(outset_write(&set, "b.csv", "new b\n", 6), VMAP_OK);
	assert_int_equal(outset_write(&set, "c.csv", "new c\n", 6), VMAP_OK);
	assert_int_equal(unlink(set.files[1].temp_path), 0);
	assert_int_equal(outset_commit(&set), VMAP_IO);
	assert_non_null(strstr(diag.message, "b.csv: cannot rename into place"));
	outset_release(&set);
	assert_string_equal(read_line(f->dir, "a.csv"), "old a\n");
	assert_string_equal(read_line(f->dir, "b.csv"), "old b\n");
	assert_int_equal(entry_count(f->dir), 2); /* no c.csv, no backup, no journal */
}

/* A commit killed after its first rename: the next outset_begin in the folder finds the
 * journal and puts the earlier files back (tests/fault/test_kill.sh does it with kill -9). */
static void an_interrupted_commit_is_rolled_back(void **state)
{
	struct fixture *f = *state;
	struct vmap_diag diag = {0};
	struct outset set;
	char from[512], to[512];

	put_file(f->dir, "a.csv", "old a\n");
	put_file(f->dir, "b.csv", "old b\n");
	snprintf(from, sizeof from, "%s/a.csv", f->dir);
	snprintf(to, sizeof to, "%s/.a.csv.7.old", f->dir);
	assert_int_equal(link(from, to), 0);
	snprintf(from, sizeof from, "%s/b.csv", f->dir);
	snprintf(to, sizeof to, "%s/.b.csv.7.old", f->dir);
	assert_int_equal(link(from, to), 0);
	put_file(f->dir, ".a.csv.X", "new a\n");
	put_file(f->dir, ".b.csv.Y", "new b\n");
	put_file(f->dir, "c.csv", "new c\n"); /* renamed in: it had no earlier file */
	snprintf(from, sizeof from, "%s/.a.csv.X", f->dir);
	snprintf(to, sizeof to, "%s/a.csv", f->dir);
	assert_int_equal(rename(from, to), 0);
	put_file(f->dir, OUTSET_JOURNAL, "c.csv\t-\t.c.csv.Z\na.csv\t.a.csv.7.old\t.a.csv.X\n"
					 "b.csv\t.b.csv.7.old\t.b.csv.Y\n");
	assert_int_equal(outset_begin(&set, f->dir, &diag), VMAP_OK);
	outset_release(&set);
	assert_string_equal(read_line(f->dir, "a.csv"), "old a\n");
	assert_string_equal(read_line(f->dir, "b.csv"), "old b\n");
	assert_int_equal(entry_count(f->dir), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(files_appear_only_at_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(released_without_commit_leaves_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(every_protected_input_is_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(closed_files_wait_for_the_commit_in_bounded_numbers,
						setup, teardown),
		cmocka_unit_test_setup_teardown(released_with_files_waiting_leaves_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_streamed_file_commits_with_the_set, setup,
						teardown),
		cmocka_unit_test_setup_teardown(an_unfinished_stream_leaves_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(every_retired_name_goes, setup, teardown),
		cmocka_unit_test_setup_teardown(a_protection_lost_to_memory_fails_the_commit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(begin_makes_the_folder_and_its_parents, setup,
						teardown),
		cmocka_unit_test_setup_teardown(run_writes_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(a_failed_rename_puts_the_earlier_set_back, setup,
						teardown),
		cmocka_unit_test_setup_teardown(an_interrupted_commit_is_rolled_back, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
