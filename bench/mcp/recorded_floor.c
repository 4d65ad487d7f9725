// The floor of a durable, journaled replace on this machine: the system calls of safefs's recorded replace
// (RecordedReplace + AtomicWriter) and nothing else, in C. Per replace of a 1 KiB file:
//   link the old inode into blobs/ (the before-content), create and write the temp, fsync(temp),
//   create and write the record blobs/.<id>.pending, rename temp over the target, rename the blob link,
//   fsync(record), fsync(blobs/) and fsync(target dir) together (three threads), rename the record into journal/.
// No hashing, no locks, no JSON, no JVM: what any server that keeps an undo journal durable before it answers
// must at least pay for, with this layout. Old entries are unlinked as retention would, to keep directories small.
// usage: recorded_floor DIR COUNT     prints: replaces=N seconds=S per_s=R
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct slot {
  pthread_mutex_t m;
  pthread_cond_t c;
  int fd;   // to fsync; -1 when idle
  int done;
};
static struct slot slots[2] = {
    {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, -1, 0},
    {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, -1, 0}};

static void die(const char *what) {
  perror(what);
  exit(1);
}

static void *flusher(void *arg) {
  struct slot *s = arg;
  for (;;) {
    pthread_mutex_lock(&s->m);
    while (s->fd < 0) pthread_cond_wait(&s->c, &s->m);
    int fd = s->fd;
    pthread_mutex_unlock(&s->m);
    if (fsync(fd)) die("fsync");
    pthread_mutex_lock(&s->m);
    s->fd = -1;
    s->done = 1;
    pthread_cond_broadcast(&s->c);
    pthread_mutex_unlock(&s->m);
  }
  return NULL;
}

static void submit(struct slot *s, int fd) {
  pthread_mutex_lock(&s->m);
  s->done = 0;
  s->fd = fd;
  pthread_cond_broadcast(&s->c);
  pthread_mutex_unlock(&s->m);
}

static void wait_done(struct slot *s) {
  pthread_mutex_lock(&s->m);
  while (!s->done) pthread_cond_wait(&s->c, &s->m);
  pthread_mutex_unlock(&s->m);
}

static int opendir_at(const char *base, const char *name) {
  char p[4096];
  snprintf(p, sizeof p, "%s/%s", base, name);
  mkdir(p, 0755);
  int fd = open(p, O_DIRECTORY | O_RDONLY);
  if (fd < 0) die(p);
  return fd;
}

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
  char content[1024], record[312];
  memset(content, 'x', sizeof content);
  memset(record, 'r', sizeof record);
  for (int i = 0; i < 50; i++) {
    char f[32];
    snprintf(f, sizeof f, "f%d.txt", i);
    int fd = openat(work, f, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0 || write(fd, content, sizeof content) != sizeof content) die("seed");
    close(fd);
  }
  sync();
  pthread_t t;
  for (int k = 0; k < 2; k++) pthread_create(&t, NULL, flusher, &slots[k]);
  double t0 = now();
  for (int i = 0; i < n; i++) {
    char f[32], tmp[48], link[48], blob[48], pending[48], entry[48];
    snprintf(f, sizeof f, "f%d.txt", i % 50);
    snprintf(tmp, sizeof tmp, ".f%d.txt.safefs-tmp", i % 50);
    snprintf(link, sizeof link, ".blob-%d.link", i);
    snprintf(blob, sizeof blob, "blob-%d", i);
    snprintf(pending, sizeof pending, ".%d.pending", i);
    snprintf(entry, sizeof entry, "%d.tx", i);
    if (linkat(work, f, blobs, link, 0)) die("link");
    int fd = openat(work, tmp, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0 || write(fd, content, sizeof content) != sizeof content) die("temp");
    if (fsync(fd)) die("fsync temp");
    int rec = openat(blobs, pending, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (rec < 0 || write(rec, record, sizeof record) != sizeof record) die("record");
    if (renameat(work, tmp, work, f)) die("rename");
    if (renameat(blobs, link, blobs, blob)) die("rename blob");
    submit(&slots[0], rec);
    submit(&slots[1], blobs);
    if (fsync(work)) die("fsync dir");
    wait_done(&slots[0]);
    wait_done(&slots[1]);
    if (renameat(blobs, pending, journal, entry)) die("publish");
    close(rec);
    close(fd);
    if (i >= 50) { // retention: the journal keeps the last 50 entries and their blobs
      snprintf(entry, sizeof entry, "%d.tx", i - 50);
      snprintf(blob, sizeof blob, "blob-%d", i - 50);
      unlinkat(journal, entry, 0);
      unlinkat(blobs, blob, 0);
    }
  }
  double s = now() - t0;
  printf("replaces=%d seconds=%.3f per_s=%.0f\n", n, s, n / s);
  return 0;
}
