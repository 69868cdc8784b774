/*
 * spin.c - how many cores this machine really gives: the same fixed arithmetic on 1 and on
 * 2 threads. On two free cores both take the same time; on one (two hyperthreads of one
 * core, or a CPU quota) 2 threads take twice as long. bench/montecarlo.sh prints the ratio
 * beside the thread speed-up so that the speed-up can be read for what it is.
 *
 * usage: spin THREADS   (prints "spin SECONDS")
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void *work(void *unused)
{
	volatile double sum = 0;

	for (long i = 0; i < 300000000L; i++)
		sum += (double)i * 1e-9;
	return unused;
}

int main(int argc, char **argv)
{
	int threads = argc > 1 ? atoi(argv[1]) : 1;
	pthread_t ids[64];
	struct timespec a, b;

	if (threads < 1 || threads > 64)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int t = 0; t < threads; t++)
		pthread_create(&ids[t], NULL, work, NULL);
	for (int t = 0; t < threads; t++)
		pthread_join(ids[t], NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("spin %.3f\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9);
	return 0;
}
