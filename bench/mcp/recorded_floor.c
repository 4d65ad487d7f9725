// The floor of a durable, journaled replace on this machine: safefs's recorded replace as bare system calls in C
// (recorded.h), timed on its own over 50 files of 1 KiB: what any server that keeps this undo journal durable before
// it answers must at least pay for each change.
// usage: recorded_floor DIR COUNT     prints: replaces=N seconds=S per_s=R
#include <time.h>

#include "recorded.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: recorded_floor DIR COUNT\n");
    return 2;
  }
  const char *base = argv[1];
  int n = atoi(argv[2]);
  mkdir(base, 0755);
  int work = opendir_at(base, "work"), blobs = opendir_at(base, "blobs"), journal = opendir_at(base, "journal");
  char content[1024];
  memset(content, 'x', sizeof content);
  for (int i = 0; i < 50; i++) {
    char f[32];
    snprintf(f, sizeof f, "f%d.txt", i);
    int fd = openat(work, f, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0 || write(fd, content, sizeof content) != sizeof content) die("seed");
    close(fd);
  }
  sync();
  recorded_start();
  double t0 = now();
  for (int i = 0; i < n; i++) {
    char f[32];
    snprintf(f, sizeof f, "f%d.txt", i % 50);
    recorded_replace(work, f, content, sizeof content, blobs, journal, i);
  }
  double s = now() - t0;
  printf("replaces=%d seconds=%.3f per_s=%.0f\n", n, s, n / s);
  return 0;
}
