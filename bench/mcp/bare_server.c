// A bare MCP stdio server for mcp_bench.mjs's five tools, in C: the upper bound of what any server can reach on the
// bench's mix on this machine, with the same client. It parses only what the mix sends, checks nothing, keeps no
// sandbox, and answers with the least JSON the client accepts. Its writes are either the minimal durable replace
// (temp beside the target, write, fsync, rename, fsync of the directory) or, with --recorded STATE, safefs's
// recorded replace as bare system calls (recorded.h); --no-fsync drops the fsyncs of the minimal replace.
// A bound, not a product: run by bench/mcp/run.sh beside the official server and safefs serve.
// usage: bare_server [--no-fsync | --recorded STATE | --log STATE]
#include <dirent.h>
#include <errno.h>

#include "recorded.h"

static int fsync_on = 1, blobs = -1, journal = -1, logfd = -1;
static long seq;
static off_t logpos;
#define LOG_BYTES (64 << 20)

// --log: the cheapest undo journal there could be. One preallocated, zero-filled log; each change appends a record
// holding the path and the whole old content, and fdatasyncs the log (data blocks only: no size or extent change)
// while the temp is fsynced; then the rename and the fsync of the directory. Two flush rounds, as with no journal.
static void log_start(const char *state) {
  char p[4096];
  mkdir(state, 0755);
  snprintf(p, sizeof p, "%s/journal.log", state);
  logfd = open(p, O_CREAT | O_RDWR | O_TRUNC, 0600);
  if (logfd < 0) die(p);
  static char zeros[1 << 20];
  for (int i = 0; i < LOG_BYTES / (int) sizeof zeros; i++)
    if (write(logfd, zeros, sizeof zeros) != sizeof zeros) die("log");
  if (fsync(logfd)) die("fsync log");
  recorded_start();
}

static void log_replace(int dir, const char *name, const char *content, size_t len) {
  char tmp[4096], *rec;
  size_t n = 0;
  int old = openat(dir, name, O_RDONLY);
  struct stat st;
  if (old < 0 || fstat(old, &st)) die("old");
  rec = malloc(st.st_size + 4096);
  n = snprintf(rec, 4096, "%ld %s %lld\n", seq++, name, (long long) st.st_size);
  if (read(old, rec + n, st.st_size) != st.st_size) die("read old");
  close(old);
  n += st.st_size;
  if (logpos + (off_t) n > LOG_BYTES) logpos = 0;
  if (pwrite(logfd, rec, n, logpos) != (ssize_t) n) die("log write");
  logpos += n;
  free(rec);
  submit(&slots[0], logfd); // fsync, not fdatasync, in the shared flusher: the same work here (nothing but data)
  snprintf(tmp, sizeof tmp, ".%s.safefs-tmp", name);
  int fd = openat(dir, tmp, O_CREAT | O_EXCL | O_WRONLY, 0644);
  if (fd < 0 || write(fd, content, len) != (ssize_t) len) die("temp");
  if (fsync(fd)) die("fsync temp");
  close(fd);
  wait_done(&slots[0]);
  if (renameat(dir, tmp, dir, name)) die("rename");
  if (fsync(dir)) die("fsync dir");
}

// Growable output buffer.
static char *out;
static size_t outlen, outcap;
static void put(const char *s, size_t n) {
  if (outlen + n > outcap) {
    outcap = (outlen + n) * 2;
    out = realloc(out, outcap);
  }
  memcpy(out + outlen, s, n);
  outlen += n;
}
static void puts_(const char *s) { put(s, strlen(s)); }
static void put_escaped(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    char e[8];
    if (c == '"' || c == '\\') { e[0] = '\\'; e[1] = c; put(e, 2); }
    else if (c == '\n') put("\\n", 2);
    else if (c < 0x20) { snprintf(e, sizeof e, "\\u%04x", c); put(e, 6); }
    else put((const char *) &s[i], 1);
  }
}

// The value after "key": anywhere in the message, outside strings; NULL if absent.
static const char *find_key(const char *j, const char *key) {
  size_t k = strlen(key);
  int in = 0;
  for (const char *p = j; *p; p++) {
    if (in) {
      if (*p == '\\') p++;
      else if (*p == '"') in = 0;
      continue;
    }
    if (*p != '"') continue;
    if (!strncmp(p + 1, key, k) && p[k + 1] == '"') {
      const char *q = p + k + 2;
      while (*q == ' ') q++;
      if (*q == ':') {
        q++;
        while (*q == ' ') q++;
        return q;
      }
    }
    in = 1;
  }
  return NULL;
}

// Decodes the JSON string at v (pointing at its opening quote) into a fresh buffer; *n gets its length.
static char *string_at(const char *v, size_t *n) {
  if (!v || *v != '"') return NULL;
  char *s = malloc(strlen(v) + 1), *o = s;
  for (v++; *v && *v != '"'; v++) {
    if (*v != '\\') { *o++ = *v; continue; }
    switch (*++v) {
      case 'n': *o++ = '\n'; break;
      case 't': *o++ = '\t'; break;
      case 'r': *o++ = '\r'; break;
      case 'b': *o++ = '\b'; break;
      case 'f': *o++ = '\f'; break;
      case 'u': {
        unsigned c = strtoul((char[]){v[1], v[2], v[3], v[4], 0}, NULL, 16);
        v += 4;
        if (c < 0x80) *o++ = c;
        else if (c < 0x800) { *o++ = 0xc0 | c >> 6; *o++ = 0x80 | (c & 0x3f); }
        else { *o++ = 0xe0 | c >> 12; *o++ = 0x80 | (c >> 6 & 0x3f); *o++ = 0x80 | (c & 0x3f); }
        break;
      }
      default: *o++ = *v;
    }
  }
  *o = 0;
  if (n) *n = o - s;
  return s;
}

static char *read_all(const char *path, size_t *n) {
  int fd = open(path, O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st)) return NULL;
  char *b = malloc(st.st_size + 1);
  ssize_t r = read(fd, b, st.st_size);
  close(fd);
  if (r < 0) return NULL;
  b[r] = 0;
  *n = r;
  return b;
}

static void replace(const char *path, const char *content, size_t len) {
  const char *slash = strrchr(path, '/');
  char dirname[4096];
  snprintf(dirname, sizeof dirname, "%.*s", (int) (slash - path), path);
  int dir = open(dirname, O_DIRECTORY | O_RDONLY);
  if (dir < 0) die(dirname);
  int exists = faccessat(dir, slash + 1, F_OK, 0) == 0;
  if (blobs >= 0 && exists) {
    recorded_replace(dir, slash + 1, content, len, blobs, journal, seq++);
  } else if (logfd >= 0 && exists) {
    log_replace(dir, slash + 1, content, len);
  } else {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, ".%s.safefs-tmp", slash + 1);
    int fd = openat(dir, tmp, O_CREAT | O_EXCL | O_WRONLY, 0644);
    if (fd < 0 || write(fd, content, len) != (ssize_t) len) die("temp");
    if (fsync_on && fsync(fd)) die("fsync temp");
    close(fd);
    if (renameat(dir, tmp, dir, slash + 1)) die("rename");
    if (fsync_on && fsync(dir)) die("fsync dir");
  }
  close(dir);
}

// One tools/call: appends the result's text (escaped) to out.
static void call(const char *msg) {
  char *name = string_at(find_key(msg, "name"), NULL), *path = string_at(find_key(msg, "path"), NULL);
  size_t n;
  if (!strcmp(name, "write_file")) {
    char *content = string_at(find_key(msg, "content"), &n);
    replace(path, content, n);
    free(content);
    puts_("Successfully wrote to ");
    put_escaped(path, strlen(path));
  } else if (!strcmp(name, "read_text_file")) {
    char *b = read_all(path, &n);
    put_escaped(b, n);
    free(b);
  } else if (!strcmp(name, "edit_file")) {
    char *b = read_all(path, &n), *old = string_at(find_key(msg, "oldText"), NULL);
    char *new = string_at(find_key(msg, "newText"), NULL), *at = strstr(b, old);
    size_t lo = strlen(old), ln = strlen(new);
    if (at) {
      char *r = malloc(n + ln + 1);
      memcpy(r, b, at - b);
      memcpy(r + (at - b), new, ln);
      memcpy(r + (at - b) + ln, at + lo, n - (at - b) - lo);
      replace(path, r, n - lo + ln);
      free(r);
      puts_("edited");
    } else {
      puts_("no match"); // the mix always matches; a bound needs no error result
    }
    free(b); free(old); free(new);
  } else if (!strcmp(name, "list_directory")) {
    DIR *d = opendir(path);
    struct dirent *e;
    while ((e = readdir(d))) {
      if (e->d_name[0] == '.') continue;
      puts_(e->d_type == DT_DIR ? "[DIR] " : "[FILE] ");
      put_escaped(e->d_name, strlen(e->d_name));
      puts_("\\n");
    }
    closedir(d);
  } else if (!strcmp(name, "get_file_info")) {
    struct stat st;
    char s[128];
    stat(path, &st);
    snprintf(s, sizeof s, "size: %lld\\nmodified: %lld\\npermissions: %o", (long long) st.st_size,
             (long long) st.st_mtime, st.st_mode & 07777);
    puts_(s);
  }
  free(name);
  free(path);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--no-fsync")) fsync_on = 0;
    else if (!strcmp(argv[i], "--recorded") && i + 1 < argc) {
      mkdir(argv[++i], 0755);
      blobs = opendir_at(argv[i], "blobs");
      journal = opendir_at(argv[i], "journal");
      recorded_start();
    } else if (!strcmp(argv[i], "--log") && i + 1 < argc) {
      log_start(argv[++i]);
    } else {
      fprintf(stderr, "usage: bare_server [--no-fsync | --recorded STATE | --log STATE]\n");
      return 2;
    }
  }
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, stdin) > 0) {
    const char *id = find_key(line, "id"), *method = find_key(line, "method");
    if (!id) continue; // a notification
    const char *idend = id;
    if (*id == '"') for (idend++; *idend != '"'; idend++) if (*idend == '\\') idend++;
    if (*idend == '"') idend++;
    else while (*idend && *idend != ',' && *idend != '}') idend++;
    outlen = 0;
    puts_("{\"jsonrpc\":\"2.0\",\"id\":");
    put(id, idend - id);
    puts_(",\"result\":");
    if (method && !strncmp(method, "\"initialize\"", 12)) {
      char *version = string_at(find_key(line, "protocolVersion"), NULL);
      puts_("{\"protocolVersion\":\"");
      puts_(version);
      puts_("\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"bare\",\"version\":\"1\"}}");
      free(version);
    } else if (method && !strncmp(method, "\"tools/list\"", 12)) {
      puts_("{\"tools\":[");
      const char *names[] = {"write_file", "read_text_file", "edit_file", "list_directory", "get_file_info"};
      for (int i = 0; i < 5; i++) {
        puts_(i ? ",{\"name\":\"" : "{\"name\":\"");
        puts_(names[i]);
        puts_("\",\"inputSchema\":{\"type\":\"object\"}}");
      }
      puts_("]}");
    } else if (method && !strncmp(method, "\"tools/call\"", 12)) {
      puts_("{\"content\":[{\"type\":\"text\",\"text\":\"");
      call(line);
      puts_("\"}]}");
    } else {
      puts_("{}");
    }
    puts_("}\n");
    if (write(1, out, outlen) != (ssize_t) outlen) die("stdout");
  }
  return 0;
}
