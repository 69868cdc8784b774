/*
 * iofault.c - an LD_PRELOAD shim for tests (never installed): makes the N-th call of one kind
 * of I/O fail, so that tests/fault/test_io_faults.sh can prove every such failure is reported
 * and leaves no partial output (docs/reliability.md).
 *
 *   VMAP_IOFAULT_OP    open | read | write | fsync | rename: which calls are counted
 *   VMAP_IOFAULT_N     the call that fails (1 = the first); unset or 0: only count
 *   VMAP_IOFAULT_ERR   EIO | ENOSPC | short | kill (default EIO). `short` writes half of the
 *                      N-th write and fails the next with ENOSPC, as a disk filling up does;
 *                      it reads half of the N-th read (a legal short read: the run must still
 *                      succeed). `kill` sends the process SIGKILL at the N-th call.
 *   VMAP_IOFAULT_COUNT a file that receives "open=A read=B write=C fsync=D rename=E" at exit:
 *                      how many calls of each kind the run made (the range of N to try)
 *
 * Counted calls: open, open64, openat, openat64, creat, fopen, fopen64, mkstemp, mkostemp
 * (open); read, fread, getline, getdelim (read); write, fwrite (write); fsync, fdatasync
 * (fsync); rename, renameat (rename). Calls on descriptors 0-2 (and stdin/stdout/stderr) are
 * neither counted nor failed: terminal output is not the output under test. glibc's calls
 * inside itself (stdio's own write, mkstemp's open) do not pass through the shim, which is why
 * the stdio entry points are wrapped too.
 *
 * Invariants: exactly one call fails (or is cut short) per run, chosen by a counter that is
 * atomic, so a run with one thread is reproducible call for call.
 */
#undef _FILE_OFFSET_BITS /* open and open64 are wrapped each under its own name */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

enum op { OP_OPEN, OP_READ, OP_WRITE, OP_FSYNC, OP_RENAME, OP_COUNT };
static const char *const op_names[OP_COUNT] = {"open", "read", "write", "fsync", "rename"};

enum fault { FAULT_ERRNO, FAULT_SHORT, FAULT_KILL };

static atomic_long calls[OP_COUNT];
static atomic_int short_pending; /* `short`: the write after the cut-short one fails */
static int target_op = -1;
static long target_n;
static enum fault fault = FAULT_ERRNO;
static int fault_errno = EIO;

static void report_counts(void)
{
	const char *path = getenv("VMAP_IOFAULT_COUNT");
	int (*real_open)(const char *, int, ...) = dlsym(RTLD_NEXT, "open");
	char text[200];
	int fd, length;

	if (!path || !real_open)
		return;
	length = snprintf(text, sizeof text, "open=%ld read=%ld write=%ld fsync=%ld rename=%ld\n",
			  atomic_load(&calls[OP_OPEN]), atomic_load(&calls[OP_READ]),
			  atomic_load(&calls[OP_WRITE]), atomic_load(&calls[OP_FSYNC]),
			  atomic_load(&calls[OP_RENAME]));
	fd = real_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		ssize_t (*real_write)(int, const void *, size_t) = dlsym(RTLD_NEXT, "write");
		if (real_write)
			(void)!real_write(fd, text, (size_t)length);
		close(fd);
	}
}

__attribute__((constructor)) static void iofault_start(void)
{
	const char *op = getenv("VMAP_IOFAULT_OP"), *n = getenv("VMAP_IOFAULT_N");
	const char *err = getenv("VMAP_IOFAULT_ERR");

	for (int o = 0; op && o < OP_COUNT; o++)
		if (strcmp(op, op_names[o]) == 0)
			target_op = o;
	target_n = n ? strtol(n, NULL, 10) : 0;
	if (err && strcmp(err, "ENOSPC") == 0)
		fault_errno = ENOSPC;
	else if (err && strcmp(err, "short") == 0)
		fault = FAULT_SHORT;
	else if (err && strcmp(err, "kill") == 0)
		fault = FAULT_KILL;
	atexit(report_counts);
}

/* Calls made from inside a library named in VMAP_IOFAULT_SKIP (substrings of its file name,
 * separated by commas; default "xlsxwriter") are neither counted nor failed: libxlsxwriter
 * does not check all its own writes (docs/reliability.md says so), which no valuemap code
 * can repair. */
static int skipped_caller(void *caller)
{
	const char *skip = getenv("VMAP_IOFAULT_SKIP");
	Dl_info info;
	char names[256], *save = NULL;

	if (!caller || !dladdr(caller, &info) || !info.dli_fname)
		return 0;
	snprintf(names, sizeof names, "%s", skip ? skip : "xlsxwriter");
	for (char *name = strtok_r(names, ",", &save); name; name = strtok_r(NULL, ",", &save))
		if (*name && strstr(info.dli_fname, name))
			return 1;
	return 0;
}

/* Counts one call of `op` made from `caller`; true when this call is the one to fail (errno
 * is then set). */
#define hit(op) hit_from(op, __builtin_return_address(0))
static int hit_from(enum op op, void *caller)
{
	long n;

	if (skipped_caller(caller))
		return 0;
	n = atomic_fetch_add(&calls[op], 1) + 1;

	if ((int)op != target_op || n != target_n)
		return 0;
	if (fault == FAULT_KILL)
		raise(SIGKILL);
	errno = fault_errno;
	return 1;
}

static void *real(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (!f)
		abort();
	return f;
}

#define REAL(name, type) ((type)real(name))

/* open's mode argument is there only when the flags create a file. */
#define MODE_ARGUMENT(flags, mode)                                                                \
	do {                                                                                      \
		va_list args;                                                                     \
		va_start(args, flags);                                                            \
		mode = (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(args, int) : 0;           \
		va_end(args);                                                                     \
	} while (0)

#define OPEN_WRAPPER(name)                                                                        \
	int name(const char *path, int flags, ...)                                                \
	{                                                                                         \
		mode_t mode;                                                                      \
		MODE_ARGUMENT(flags, mode);                                                       \
		if (hit(OP_OPEN))                                                                 \
			return -1;                                                                \
		return REAL(#name, int (*)(const char *, int, ...))(path, flags, mode);           \
	}
#define OPENAT_WRAPPER(name)                                                                      \
	int name(int dirfd, const char *path, int flags, ...)                                     \
	{                                                                                         \
		mode_t mode;                                                                      \
		MODE_ARGUMENT(flags, mode);                                                       \
		if (hit(OP_OPEN))                                                                 \
			return -1;                                                                \
		return REAL(#name, int (*)(int, const char *, int, ...))(dirfd, path, flags,      \
									 mode);                   \
	}

OPEN_WRAPPER(open)
OPEN_WRAPPER(open64)
OPENAT_WRAPPER(openat)
OPENAT_WRAPPER(openat64)

int creat(const char *path, mode_t mode)
{
	if (hit(OP_OPEN))
		return -1;
	return REAL("creat", int (*)(const char *, mode_t))(path, mode);
}

FILE *fopen(const char *path, const char *how)
{
	if (hit(OP_OPEN))
		return NULL;
	return REAL("fopen", FILE *(*)(const char *, const char *))(path, how);
}

FILE *fopen64(const char *path, const char *how)
{
	if (hit(OP_OPEN))
		return NULL;
	return REAL("fopen64", FILE *(*)(const char *, const char *))(path, how);
}

int mkstemp(char *template)
{
	if (hit(OP_OPEN))
		return -1;
	return REAL("mkstemp", int (*)(char *))(template);
}

int mkostemp(char *template, int flags)
{
	if (hit(OP_OPEN))
		return -1;
	return REAL("mkostemp", int (*)(char *, int))(template, flags);
}

ssize_t read(int fd, void *buffer, size_t size)
{
	if (fd > 2 && hit(OP_READ)) {
		if (fault != FAULT_SHORT)
			return -1;
		size = size > 1 ? size / 2 : size;
	}
	return REAL("read", ssize_t (*)(int, void *, size_t))(fd, buffer, size);
}

/* What glibc does to a stream whose read or write failed: ferror(f) is then true. */
static void stream_error(FILE *f)
{
	f->_flags |= _IO_ERR_SEEN;
}

static int counted_stream(FILE *f)
{
	return f != stdin && f != stdout && f != stderr;
}

size_t fread(void *buffer, size_t size, size_t count, FILE *f)
{
	/* fread itself never stops short but at the end or an error: `short` is for read(2) */
	if (counted_stream(f) && hit(OP_READ) && fault != FAULT_SHORT) {
		stream_error(f);
		return 0;
	}
	return REAL("fread", size_t (*)(void *, size_t, size_t, FILE *))(buffer, size, count, f);
}

ssize_t getdelim(char **line, size_t *capacity, int delimiter, FILE *f)
{
	if (counted_stream(f) && hit(OP_READ) && fault != FAULT_SHORT) {
		stream_error(f);
		return -1;
	}
	return REAL("getdelim", ssize_t (*)(char **, size_t *, int, FILE *))(line, capacity,
									     delimiter, f);
}

ssize_t getline(char **line, size_t *capacity, FILE *f)
{
	return getdelim(line, capacity, '\n', f);
}

/* `short`: the cut-short write's successor fails with ENOSPC, as on a disk that filled. */
static int write_fault(size_t *size, void *caller)
{
	int expected = 1;

	if (atomic_compare_exchange_strong(&short_pending, &expected, 0)) {
		errno = ENOSPC;
		return -1;
	}
	if (!hit_from(OP_WRITE, caller))
		return 0;
	if (fault != FAULT_SHORT || *size < 2)
		return -1;
	*size /= 2;
	atomic_store(&short_pending, 1);
	return 0;
}

ssize_t write(int fd, const void *buffer, size_t size)
{
	if (fd > 2 && write_fault(&size, __builtin_return_address(0)) < 0)
		return -1;
	return REAL("write", ssize_t (*)(int, const void *, size_t))(fd, buffer, size);
}

size_t fwrite(const void *buffer, size_t size, size_t count, FILE *f)
{
	size_t bytes = size * count, wanted = bytes, written;

	if (counted_stream(f) && size && write_fault(&bytes, __builtin_return_address(0)) < 0) {
		stream_error(f);
		return 0;
	}
	written = REAL("fwrite", size_t (*)(const void *, size_t, size_t, FILE *))(
		buffer, size, size ? bytes / size : count, f);
	if (bytes != wanted) { /* cut short: for fwrite that is the error itself */
		atomic_store(&short_pending, 0);
		stream_error(f);
		errno = ENOSPC;
	}
	return written;
}

int fsync(int fd)
{
	if (hit(OP_FSYNC))
		return -1;
	return REAL("fsync", int (*)(int))(fd);
}

int fdatasync(int fd)
{
	if (hit(OP_FSYNC))
		return -1;
	return REAL("fdatasync", int (*)(int))(fd);
}

int rename(const char *from, const char *to)
{
	if (hit(OP_RENAME))
		return -1;
	return REAL("rename", int (*)(const char *, const char *))(from, to);
}

int renameat(int from_dir, const char *from, int to_dir, const char *to)
{
	if (hit(OP_RENAME))
		return -1;
	return REAL("renameat", int (*)(int, const char *, int, const char *))(from_dir, from,
									       to_dir, to);
}
