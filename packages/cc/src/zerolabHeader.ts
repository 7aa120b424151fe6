/**
 * The header C and C++ stages include as <zerolab.h>: helpers over the channel files, all
 * `static inline` so nothing links in unless used. Its doc comments feed the editor's completions
 * (headerSymbols.ts); docs/c-api.md describes it.
 */
export const ZEROLAB_H = String.raw`/* zerolab.h: the ZeroLab channel API for C and C++ stages.
 *
 * An instance's only I/O is its channels, files under /dev with the names ZeroVM gave them:
 * /dev/stdin, /dev/stdout, /dev/stderr (always there), /dev/input, /dev/output, one
 * /dev/in/<peer> per upstream instance and one /dev/out/<peer> per downstream instance.
 * Plain stdio works on them (fopen("/dev/input", "rb"), printf, opendir("/dev/in")); these
 * helpers name a channel relative to /dev ("input", "in/map-1", "out/reduce") or absolutely.
 * Every call is a channel operation that counts against the channel's limits; a broken
 * limit fails the call with errno EDQUOT and the instance ends with status "quota".
 */
#ifndef ZEROLAB_H
#define ZEROLAB_H

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Longest channel path the helpers build, "/dev/" included. */
#define ZL_PATH_MAX 512

/** A sorted list of channel names, from zl_list(); release it with zl_list_free(). */
typedef struct zl_list_t {
  size_t count;
  char **names;
} zl_list_t;

/** Writes "/dev/<channel>" (or an absolute channel as it is) into buf; returns buf, or NULL if it does not fit. */
static inline char *zl_path(const char *channel, char *buf, size_t size) {
  int n = channel[0] == '/' ? snprintf(buf, size, "%s", channel)
                            : snprintf(buf, size, "/dev/%s", channel);
  return n >= 0 && (size_t)n < size ? buf : NULL;
}

/** Opens a channel with fopen(): mode "rb" to read ("input", "in/map-1"), "wb" to write ("output", "out/reduce"). NULL if there is no such channel. */
static inline FILE *zl_open(const char *channel, const char *mode) {
  char path[ZL_PATH_MAX];
  if (!zl_path(channel, path, sizeof path)) {
    errno = ENAMETOOLONG;
    return NULL;
  }
  return fopen(path, mode);
}

/** Reads the rest of a channel into a malloc'd buffer with a NUL after the data; *len (if not NULL) gets the byte count. NULL if the channel cannot be read. free() the result. */
static inline char *zl_read(const char *channel, size_t *len) {
  FILE *f = zl_open(channel, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0, got;
  char *buf = (char *)malloc(cap + 1);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *bigger = (char *)realloc(buf, cap * 2 + 1);
      if (!bigger) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = bigger;
      cap *= 2;
    }
  }
  int failed = ferror(f);
  fclose(f);
  if (!buf || failed) {
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

/* zl_write and zl_printf keep one stream per channel open until exit: closing a pipe's write end
   gives its reader end-of-file, so a second write after a close would fail. */
static inline FILE *zl__out(const char *channel, int *owned) {
  static struct { char name[64]; FILE *f; } open_[16];
  *owned = 0;
  for (int i = 0; i < 16; i++)
    if (open_[i].f && strcmp(open_[i].name, channel) == 0) return open_[i].f;
  FILE *f = zl_open(channel, "ab");
  if (!f) return NULL;
  for (int i = 0; i < 16; i++)
    if (!open_[i].f && strlen(channel) < sizeof open_[i].name) {
      strcpy(open_[i].name, channel);
      open_[i].f = f;
      return f;
    }
  *owned = 1;
  return f;
}

/** Appends len bytes to a writable channel ("stdout", "output", "out/reduce"); the channel stays open (a pipe's reader sees end-of-file when this instance ends, or after fclose of a zl_open stream). Returns 0, or -1 with errno set (EDQUOT: a limit was broken). */
static inline int zl_write(const char *channel, const void *data, size_t len) {
  int owned;
  FILE *f = zl__out(channel, &owned);
  if (!f) return -1;
  size_t put = fwrite(data, 1, len, f);
  int done = owned ? fclose(f) : fflush(f);
  return put == len && done == 0 ? 0 : -1;
}

/** printf() to a channel: zl_printf("out/reduce", "%d %s\n", n, word); the channel stays open as with zl_write. Returns the bytes written, or -1. For many writes, zl_open() once and fprintf(). */
static inline int zl_printf(const char *channel, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline int zl_printf(const char *channel, const char *fmt, ...) {
  int owned;
  FILE *f = zl__out(channel, &owned);
  if (!f) return -1;
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(f, fmt, ap);
  va_end(ap);
  int done = owned ? fclose(f) : fflush(f);
  return done == 0 ? n : -1;
}

static inline int zl__by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/** The sorted names in a channel folder: zl_list("in") gives the upstream peers ("map-1", "map-2" …), zl_list("out") the downstream ones. An unknown folder gives an empty list. */
static inline zl_list_t zl_list(const char *dir) {
  zl_list_t list = {0, NULL};
  char path[ZL_PATH_MAX];
  DIR *d = zl_path(dir, path, sizeof path) ? opendir(path) : NULL;
  if (!d) return list;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char **more = (char **)realloc(list.names, (list.count + 1) * sizeof *more);
    char *name = strdup(e->d_name);
    if (!more || !name) {
      free(name);
      if (more) list.names = more;
      break;
    }
    list.names = more;
    list.names[list.count++] = name;
  }
  closedir(d);
  if (list.count > 1) qsort(list.names, list.count, sizeof *list.names, zl__by_name);
  return list;
}

/** Frees what zl_list() returned. */
static inline void zl_list_free(zl_list_t *list) {
  for (size_t i = 0; i < list->count; i++) free(list->names[i]);
  free(list->names);
  list->count = 0;
  list->names = NULL;
}

/** Loops over the sorted names of a channel folder: ZL_FOR_EACH("in", peer) { char *text = zl_read_peer(peer, NULL); … }. The list is freed when the loop ends (not on break or return). */
#define ZL_FOR_EACH(dir, var)                                                                     \
  for (zl_list_t zl__list = zl_list(dir), *zl__once = &zl__list; zl__once;                       \
       zl_list_free(zl__once), zl__once = NULL)                                                   \
    for (size_t zl__i = 0; zl__i < zl__list.count; zl__i++)                                       \
      for (const char *var = zl__list.names[zl__i]; var; var = NULL)

/** Reads all of /dev/in/<peer>, as zl_read() does. */
static inline char *zl_read_peer(const char *peer, size_t *len) {
  char channel[ZL_PATH_MAX];
  if (snprintf(channel, sizeof channel, "in/%s", peer) >= (int)sizeof channel) return NULL;
  return zl_read(channel, len);
}

/** An environment variable (exec.env, or CGI-style LOCAL_PATH_INFO …), or fallback when unset. */
static inline const char *zl_env(const char *name, const char *fallback) {
  const char *v = getenv(name);
  return v ? v : fallback;
}

/** The instance name, e.g. "map-3" (SCRIPT_NAME). */
static inline const char *zl_name(void) {
  return zl_env("SCRIPT_NAME", "");
}

/** The object this instance is attached to as "container/object" (from LOCAL_PATH_INFO), or fallback when there is none. */
static inline const char *zl_object(const char *fallback) {
  const char *p = getenv("LOCAL_PATH_INFO"); /* /account/container/object */
  if (!p || p[0] != '/') return fallback;
  const char *q = strchr(p + 1, '/');
  return q ? q + 1 : p;
}

#endif /* ZEROLAB_H */
`
