/*
 * project.h - the project module's internals: the project file as read, the stage table and
 * the state of a run.
 *
 * A vmap_project owns every string in it. The spec is filled by project_load (all paths
 * resolved against the project file's folder, every named file checked to exist); a run
 * walks `stages` in order, and the summary is read back from the stages' output files.
 */
#ifndef VMAP_PROJECT_PROJECT_H
#define VMAP_PROJECT_PROJECT_H

#include "core/diag.h"
#include "core/strbuf.h"
#include "core/warnings.h"

#include <stdbool.h>
#include <stddef.h>

enum stage_id { STAGE_LINK, STAGE_JOURNEYS, STAGE_APPRAISE, STAGE_POOL, STAGE_REPORT,
		STAGE_COUNT };

/* A position in the project file, kept for messages raised after loading. */
struct spec_mark {
	int line, column;
};

struct budget {
	char *agency;
	double amount;
	struct spec_mark mark;
};

struct project_spec {
	char *path;    /* the project file, as given */
	char *name;
	char *out;     /* resolved */
	char **datasets; /* resolved spec paths; link runs when there is at least one */
	size_t dataset_count;
	char *link_config; /* NULL: zero configuration */
	char *key_file;    /* encoded linkage when set */
	char *encode_fields; /* "first_name,last_name,..." every department encodes; NULL: all */
	char *journeys;    /* NULL: no journeys stage */
	char *model;
	long draws, seed;
	struct budget *budgets;
	size_t budget_count;
	bool has_pooled;
	double pooled;
	struct spec_mark pool_mark;
	char *title; /* the report's; NULL: the project's name */
};

struct department {
	char *id, *name;
	double pays, gains, net, balance;
};

struct project_summary {
	struct department *departments;
	size_t department_count;
	char **gaps;
	size_t gap_count;
	double npsv, unlocked;
	char *report_path;
};

struct stage_result {
	enum vmap_stage_state state;
	double seconds;
};

struct vmap_project {
	struct vmap_diag diag;
	struct project_spec spec;
	bool loaded, force;
	unsigned threads;
	vmap_progress_fn progress;
	void *progress_context;
	struct stage_result stages[STAGE_COUNT];
	struct warnings warnings;
	struct project_summary summary;
};

/* A stage of the pipeline: whether the project has it, what it reads (fed to the hash) and
 * how it runs into `dir`. `run` sets the project's diag on failure. */
struct input_hash;
struct stage {
	const char *name;
	bool (*present)(const struct project_spec *spec);
	int (*inputs)(struct vmap_project *p, struct input_hash *h);
	int (*run)(struct vmap_project *p, const char *dir);
};

extern const struct stage *const stages[STAGE_COUNT];

int project_spec_load(struct project_spec *spec, const char *path, struct vmap_diag *diag);
void project_spec_release(struct project_spec *spec);

/* Keeps "<stage>: <message>" as a warning; false when memory runs out. */
bool project_warn(struct vmap_project *p, const char *stage, const char *message);

/* Calls the progress callback, if any. */
void project_progress(struct vmap_project *p, const char *step, size_t done, size_t total);

/* The folder of stage `id` inside the project's output folder (caller frees). */
char *project_stage_dir(const struct vmap_project *p, enum stage_id id);

/* Reads the summary from OUT/appraise/summary.json and OUT/pool/pool.json. */
int project_summary_read(struct vmap_project *p);
void project_summary_release(struct project_summary *s);

#endif
