/*
 * dist_one.c - dist.h's exchanges for one process (the build without MPI): each returns the
 * caller's status, and a gather's result is the caller's own block.
 */
#include "dist.h"

int dist_start(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return VMAP_OK;
}

int dist_finish(int status, const char *reason, struct vmap_diag *diag)
{
	(void)reason;
	(void)diag;
	return status;
}

int dist_agree(int status, struct vmap_diag *diag)
{
	(void)diag;
	return status;
}

int dist_all_gather(const void *mine, size_t size, struct dist_blocks *out, int status,
		    struct vmap_diag *diag)
{
	return dist_gather_one(mine, size, out, status, diag);
}

int dist_gather(const void *mine, size_t size, struct dist_blocks *out, int status,
		struct vmap_diag *diag)
{
	return dist_gather_one(mine, size, out, status, diag);
}

int dist_broadcast(void **data, size_t *size, int status, struct vmap_diag *diag)
{
	(void)data;
	(void)size;
	(void)diag;
	return status;
}

int dist_all_to_all(const struct dist_blocks *send, struct dist_blocks *out, int status,
		    struct vmap_diag *diag)
{
	return dist_gather_one(send->data, send->offsets[1], out, status, diag);
}
