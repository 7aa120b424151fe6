/*
 * A distributed sample sort in ZeroVM's `disort` shape: src → dst, src → man, dst → man,
 * man → src (a cycle, so the instances run together).
 *   disort src <n>  makes n numbers (seeded by its name), keeps them on its output device,
 *                   sends a sample to the manager, waits for its splitters, then partitions
 *                   the numbers to the reducers (/dev/out/dst-*, in name order).
 *   disort man      reads every worker's sample (peers it also writes to), answers each with
 *                   the splitters, then prints what every reducer reports.
 *   disort dst      reads every worker to end-of-file, writes its numbers sorted to its output
 *                   device and "<count> <min> <max>" to the manager.
 * Peers are found by listing /dev/in and /dev/out, as ZeroVM programs did.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXPEERS 64
#define SAMPLES 16

typedef unsigned int u32;

static int cmp_u32(const void *a, const void *b) {
  u32 x = *(const u32 *)a, y = *(const u32 *)b;
  return x < y ? -1 : x > y;
}

static int cmp_str(const void *a, const void *b) { return strcmp(a, b); }

/* The peers under /dev/<dir>, sorted by name. */
static int peers(const char *dir, char names[][64]) {
  char path[64];
  snprintf(path, sizeof path, "/dev/%s", dir);
  DIR *d = opendir(path);
  if (!d) return 0;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && n < MAXPEERS)
    if (e->d_name[0] != '.') snprintf(names[n++], 64, "%s", e->d_name);
  closedir(d);
  qsort(names, n, 64, cmp_str);
  return n;
}

static FILE *channel(const char *dir, const char *peer, const char *mode) {
  char path[128];
  if (*dir) snprintf(path, sizeof path, "/dev/%s/%s", dir, peer);
  else snprintf(path, sizeof path, "/dev/%s", peer);
  FILE *f = fopen(path, mode);
  if (!f) {
    perror(path);
    exit(3);
  }
  return f;
}

static void die(const char *what) {
  fprintf(stderr, "disort: %s\n", what);
  exit(4);
}

/* Reads "<k>\n" then k numbers. */
static u32 *read_list(FILE *f, int *k) {
  if (fscanf(f, "%d", k) != 1 || *k < 0 || *k > 1 << 20) die("bad list header");
  u32 *v = malloc(sizeof(u32) * (*k + 1));
  for (int i = 0; i < *k; i++)
    if (fscanf(f, "%u", &v[i]) != 1) die("short list");
  return v;
}

static int src(const char *name, int n) {
  u32 seed = 2166136261u;
  for (const char *p = name; *p; p++) seed = (seed ^ (unsigned char)*p) * 16777619u;
  u32 *v = malloc(sizeof(u32) * n);
  FILE *out = channel("", "output", "w");
  for (int i = 0; i < n; i++) {
    seed = seed * 1664525u + 1013904223u;
    v[i] = seed % 1000000u;
    fprintf(out, "%u\n", v[i]);
  }
  fclose(out);
  u32 *s = malloc(sizeof(u32) * n);
  memcpy(s, v, sizeof(u32) * n);
  qsort(s, n, sizeof(u32), cmp_u32);
  FILE *man = channel("out", "man", "w");
  fprintf(man, "%d\n", SAMPLES);
  for (int i = 0; i < SAMPLES; i++) fprintf(man, "%u\n", s[(long)i * n / SAMPLES]);
  fclose(man);
  int k;
  u32 *split = read_list(channel("in", "man", "r"), &k);
  char dst[MAXPEERS][64];
  int d = 0;
  char all[MAXPEERS][64];
  int m = peers("out", all);
  for (int i = 0; i < m; i++)
    if (strcmp(all[i], "man") != 0) memcpy(dst[d++], all[i], 64);
  if (k != d - 1) die("splitters do not match the reducers");
  FILE *to[MAXPEERS];
  for (int j = 0; j < d; j++) to[j] = channel("out", dst[j], "w");
  for (int i = 0; i < n; i++) {
    int j = 0;
    while (j < k && v[i] >= split[j]) j++;
    fprintf(to[j], "%u\n", v[i]);
  }
  for (int j = 0; j < d; j++) fclose(to[j]);
  return 0;
}

static int man(void) {
  char in[MAXPEERS][64], out[MAXPEERS][64], workers[MAXPEERS][64], reducers[MAXPEERS][64];
  int ni = peers("in", in), no = peers("out", out), w = 0, r = 0;
  for (int i = 0; i < ni; i++) {
    int writes_back = 0;
    for (int j = 0; j < no; j++) writes_back |= strcmp(in[i], out[j]) == 0;
    memcpy(writes_back ? workers[w++] : reducers[r++], in[i], 64);
  }
  if (w == 0 || r == 0) die("need workers and reducers");
  u32 *samples = malloc(sizeof(u32) * SAMPLES * w);
  int total = 0;
  for (int i = 0; i < w; i++) {
    int k;
    FILE *f = channel("in", workers[i], "r");
    u32 *s = read_list(f, &k);
    if (total + k > SAMPLES * w) die("too many samples");
    memcpy(samples + total, s, sizeof(u32) * k);
    total += k;
    fclose(f);
  }
  qsort(samples, total, sizeof(u32), cmp_u32);
  for (int i = 0; i < w; i++) {
    FILE *f = channel("out", workers[i], "w");
    fprintf(f, "%d\n", r - 1);
    for (int j = 1; j < r; j++) fprintf(f, "%u\n", samples[(long)j * total / r]);
    fclose(f);
  }
  long count = 0;
  for (int i = 0; i < r; i++) {
    char line[128];
    FILE *f = channel("in", reducers[i], "r");
    if (!fgets(line, sizeof line, f)) die("a reducer said nothing");
    fclose(f);
    printf("%s %s", reducers[i], line);
    count += atol(line);
  }
  printf("%d workers, %d reducers, %ld numbers\n", w, r, count);
  return 0;
}

static int dst(void) {
  char in[MAXPEERS][64];
  int ni = peers("in", in);
  long cap = 1024, n = 0;
  u32 *v = malloc(sizeof(u32) * cap);
  for (int i = 0; i < ni; i++) {
    FILE *f = channel("in", in[i], "r");
    u32 x;
    while (fscanf(f, "%u", &x) == 1) {
      if (n == cap) v = realloc(v, sizeof(u32) * (cap *= 2));
      v[n++] = x;
    }
    fclose(f);
  }
  qsort(v, n, sizeof(u32), cmp_u32);
  FILE *out = channel("", "output", "w");
  for (long i = 0; i < n; i++) fprintf(out, "%u\n", v[i]);
  fclose(out);
  FILE *m = channel("out", "man", "w");
  if (n > 0) fprintf(m, "%ld %u %u\n", n, v[0], v[n - 1]);
  else fprintf(m, "0 - -\n");
  fclose(m);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) die("usage: disort src <n> | man | dst");
  if (strcmp(argv[1], "src") == 0) return src(argv[0], argc > 2 ? atoi(argv[2]) : 1000);
  if (strcmp(argv[1], "man") == 0) return man();
  if (strcmp(argv[1], "dst") == 0) return dst();
  die("unknown role");
  return 2;
}
