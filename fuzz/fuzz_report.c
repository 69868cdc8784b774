/*
 * fuzz_report.c - libFuzzer harness for the report's inputs (`valuemap report DIR`): one input
 * packs a run's output folder (fuzz_tree.h: "==> appraise/summary.json <==" lines, then the
 * file), unpacked into a private folder; reading it must succeed or fail with a message, never
 * crash, hang or leak. A folder that reads is also written (report.html, valuemap.xlsx), so
 * the HTML, charts and workbook see every value the readers let through.
 */
#include "valuemap.h"

#include "fuzz_tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const allowed[] = {
	"link/linkage-summary.json", "link/linkmodel.json", "link/pairs.csv",
	"link/clusters.csv",
	"journeys/journeys-summary.json", "journeys/cohort.csv", "journeys/balance.csv",
	"journeys/profiles.csv", "journeys/effects.csv", "journeys/effects.yaml",
	"appraise/summary.json", "appraise/agencies.csv", "appraise/flows.csv",
	"appraise/matrix.csv", "appraise/draws.csv", "appraise/sensitivity.csv",
	"pool/pool.json", "pool/portfolio.csv", "pool/credits.csv",
	NULL,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char run[128], out[128];
	vmap_report *report;

	if (!run[0]) {
		snprintf(run, sizeof run, "%s/run", fuzz_temp_dir());
		snprintf(out, sizeof out, "%s/out", fuzz_temp_dir());
		if (mkdir(run, 0700) != 0 || mkdir(out, 0700) != 0)
			abort();
	}
	fuzz_unpack(data, size, run, allowed);
	report = vmap_report_new();
	if (report && vmap_report_read(report, run) == VMAP_OK) {
		fuzz_empty_dir(out);
		(void)vmap_report_write(report, out);
	} else if (report && vmap_report_errmsg(report)[0] == '\0') {
		abort(); /* a refused folder must say why */
	}
	vmap_report_free(report);
	return 0;
}
