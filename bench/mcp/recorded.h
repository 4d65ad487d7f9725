// safefs's recorded replace as bare system calls (RecordedReplace + AtomicWriter), shared by recorded_floor.c and
// bare_server.c. For a replace of DIR/NAME:
//   link the old inode into blobs/ (the before-content), create and write the temp, fsync(temp),
//   create and write the record blobs/.<seq>.pending, rename temp over the target, rename the blob link,
//   fsync(record), fsync(blobs/) and fsync(DIR) together (three threads), rename the record into journal/.
// The journal keeps the last 50 entries and their blobs, unlinking older ones as retention would.
// No hashing, no locks, no JSON, no JVM: what any server that keeps an undo journal durable before it answers
// must at least pay for, with this layout.
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

static void recorded_start(void) {
  pthread_t t;
  for (int k = 0; k < 2; k++) pthread_create(&t, NULL, flusher, &slots[k]);
}

static int opendir_at(const char *base, const char *name) {
  char p[4096];
  snprintf(p, sizeof p, "%s/%s", base, name);
  mkdir(p, 0755);
  int fd = open(p, O_DIRECTORY | O_RDONLY);
  if (fd < 0) die(p);
  return fd;
}

// Replaces dir/name with content, the old content kept in blobs and the change recorded in journal as entry seq.
static void recorded_replace(int dir, const char *name, const char *content, size_t len, int blobs, int journal,
                             long seq) {
  static const char record[312] = {'r'};
  char tmp[4096], link[48], blob[48], pending[48], entry[48];
  snprintf(tmp, sizeof tmp, ".%s.safefs-tmp", name);
  snprintf(link, sizeof link, ".blob-%ld.link", seq);
  snprintf(blob, sizeof blob, "blob-%ld", seq);
  snprintf(pending, sizeof pending, ".%ld.pending", seq);
  snprintf(entry, sizeof entry, "%ld.tx", seq);
  if (linkat(dir, name, blobs, link, 0)) die("link");
  int fd = openat(dir, tmp, O_CREAT | O_EXCL | O_RDWR, 0600);
  if (fd < 0 || write(fd, content, len) != (ssize_t) len) die("temp");
  if (fsync(fd)) die("fsync temp");
  int rec = openat(blobs, pending, O_CREAT | O_EXCL | O_RDWR, 0600);
  if (rec < 0 || write(rec, record, sizeof record) != sizeof record) die("record");
  if (renameat(dir, tmp, dir, name)) die("rename");
  if (renameat(blobs, link, blobs, blob)) die("rename blob");
  submit(&slots[0], rec);
  submit(&slots[1], blobs);
  if (fsync(dir)) die("fsync dir");
  wait_done(&slots[0]);
  wait_done(&slots[1]);
  if (renameat(blobs, pending, journal, entry)) die("publish");
  close(rec);
  close(fd);
  if (seq >= 50) {
    snprintf(entry, sizeof entry, "%ld.tx", seq - 50);
    snprintf(blob, sizeof blob, "blob-%ld", seq - 50);
    unlinkat(journal, entry, 0);
    unlinkat(blobs, blob, 0);
  }
}
